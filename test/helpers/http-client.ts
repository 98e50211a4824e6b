/** A JSON client of the loopback API server, as a caller of the REST API holding the server's token. */

/** One JSON request to the API server: method, path (with its query) and body → the answer's status and parsed JSON body. */
export type HttpClient = (
  method: string,
  url: string,
  body?: unknown,
) => Promise<{ status: number; body: any }>;

/** A client of the API server on `port` on 127.0.0.1, authorised by the Bearer `token`, sending and reading JSON. */
export function httpClient(port: number, token: string): HttpClient {
  return async (method, url, body) => {
    const response = await fetch(`http://127.0.0.1:${port}${url}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() };
  };
}
