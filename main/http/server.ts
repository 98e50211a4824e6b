/**
 * The loopback HTTP server: the same contract as the desktop's IPC, under the
 * seeds' paths, for machines without a display (`energy-ledger serve`).
 *
 * Bound to 127.0.0.1 only. Every `/api/` (and seed 001's `/rest/v1/`) request needs `Authorization: Bearer
 * <token>` (a fresh random token per run unless one is given), and every
 * request's Host header must name this server (DNS-rebinding defence). The
 * built renderer is served at `/` with a strict CSP; the token reaches the page
 * in the URL fragment, which the browser never sends to any server.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import {
  answersOwnEnvelope,
  answersXml,
  createsResource,
  contract,
  httpStatusOf,
  type OperationName,
  type Result,
} from '../../shared/contract';
import { forbiddenKeyPath } from '../../shared/input-guard';
import type { ApiContext } from '../api/context';
import { costAndConsumptionXml } from '../api/cost-consumption-xml';
import { callOperation } from '../api/dispatch';
import type { Workspace } from '../store/workspace';

import {
  HttpRefusal,
  decodeUrlPart,
  jsonBodyLimit,
  readJsonBody,
  spoolUpload,
  type SpooledUpload,
} from './request-body';

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const securityHeaders = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

interface Route {
  name: OperationName;
  method: string;
  segments: string[];
}

const routes: Route[] = (Object.keys(contract) as OperationName[]).map((name) => {
  const [method, routePath] = contract[name].http.split(' ') as [string, string];
  return { name, method, segments: routePath.split('/').filter(Boolean) };
});

function matchRoute(
  method: string,
  pathname: string,
): { route: Route; params: Record<string, string> } | 'wrong-method' | null {
  const segments = pathname.split('/').filter(Boolean);
  let wrongMethod = false;
  for (const route of routes) {
    if (route.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = route.segments.every((segment, index) => {
      const actual = segments[index]!;
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = decodeUrlPart(actual);
        return true;
      }
      return segment === actual;
    });
    if (!matches) continue;
    if (route.method !== method) {
      wrongMethod = true;
      continue;
    }
    return { route, params };
  }
  return wrongMethod ? 'wrong-method' : null;
}

interface InputSource {
  label: string;
  values: Record<string, unknown>;
}

/**
 * One operation's input from the path, the query, matrix parameters and the body. Path
 * parameters win: another source naming a different value is refused, naming both, as is
 * the same key with two values in two sources, and any key that could reach a prototype.
 */
export function assembleInput(
  params: Record<string, string>,
  sources: InputSource[],
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const origin: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    input[key] = value;
    origin[key] = 'the path';
  }
  for (const { label, values } of sources) {
    const forbidden = forbiddenKeyPath(values);
    if (forbidden) throw new HttpRefusal(400, `${label} names "${forbidden}", a key no request may carry`);
    for (const [key, value] of Object.entries(values)) {
      if (key in origin) {
        if (String(value) === String(input[key])) continue;
        throw new HttpRefusal(
          400,
          `${origin[key]} names ${key} ${JSON.stringify(input[key])} but ${label} names ${key} ${JSON.stringify(value)}; send one value`,
        );
      }
      input[key] = value;
      origin[key] = label;
    }
  }
  return input;
}

export interface ServeOptions {
  workspace: Workspace;
  port?: number;
  token?: string;
  /** Folder of the built renderer (index.html and assets). */
  rendererDir?: string;
  /**
   * Where the list of recent workspaces is kept; with it the page can open or create another
   * workspace (the server switches to it), without it the server serves only `workspace`.
   */
  recentFile?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...securityHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  response.end(text);
}

/** The seeds' envelope: `{ "data": … }`; a 422 answers the field errors themselves (seed 002). */
function sendResult(response: http.ServerResponse, name: OperationName, result: Result<unknown>): void {
  if (result.ok)
    return sendJson(
      response,
      createsResource(name) ? 201 : 200,
      answersOwnEnvelope(name) ? result.value : { data: result.value },
    );
  const status = httpStatusOf[result.error.code];
  if (result.error.code === 'invalid_input' && result.error.fields)
    return sendJson(response, status, result.error.fields);
  sendJson(response, status, { code: result.error.code, message: result.error.message });
}

/** True when the Accept header prefers XML to JSON. */
function wantsXml(accept: string | undefined): boolean {
  if (!accept) return false;
  return /application\/xml|text\/xml/.test(accept) && !/application\/json/.test(accept.split(',')[0] ?? '');
}

function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function defaultRendererDir(): string {
  return path.resolve('dist', 'renderer');
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir ?? defaultRendererDir());
  let port = options.port ?? 0;
  let current = options.workspace;

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) return void response.end();
      if (error instanceof HttpRefusal)
        return sendJson(response, error.status, {
          code: error.status === 400 || error.status === 413 ? 'invalid_input' : 'refused',
          message: error.message,
        });
      sendJson(response, 500, { code: 'internal', message: (error as Error).message });
    });
  });

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const host = request.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      return sendJson(response, 421, {
        code: 'refused',
        message: `requests must be addressed to 127.0.0.1:${port}`,
      });
    }
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    // `/rest/v1/…` (seed 001's bill calculator) and `/connect/…` (seed 004's cost and consumption) are guarded like `/api/`.
    if (
      url.pathname.startsWith('/api/') ||
      url.pathname.startsWith('/rest/v1/') ||
      url.pathname.startsWith('/connect/')
    )
      return handleApi(request, response, url);
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return sendJson(response, 405, { code: 'refused', message: 'method not allowed' });
    return serveStatic(response, url.pathname);
  }

  async function handleApi(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    url: URL,
  ): Promise<void> {
    const authorization = request.headers.authorization ?? '';
    const given = authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : '';
    if (!tokensEqual(given, token)) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="energy-ledger"');
      return sendJson(response, 401, {
        code: 'refused',
        message: 'missing or wrong token: open the link printed by energy-ledger serve',
      });
    }
    // Matrix parameters (seed 004: `…/consumption/MONTHLY;from=…;to=…`): `;name=value` after a segment.
    const matrix: Record<string, string> = {};
    const segments = url.pathname.split('/').map((segment) => {
      const [head, ...parts] = segment.split(';');
      for (const part of parts) {
        const eq = part.indexOf('=');
        if (eq <= 0) matrix[`;${part}`] = '';
        else matrix[decodeUrlPart(part.slice(0, eq))] = decodeUrlPart(part.slice(eq + 1));
      }
      return head!;
    });
    const malformed = Object.keys(matrix).filter((k) => k.startsWith(';'));
    if (malformed.length > 0)
      return sendJson(response, 422, {
        matrix: malformed.map((k) => `"${k.slice(1)}" is not a matrix parameter name=value`),
      });
    const match = matchRoute(request.method ?? 'GET', segments.join('/'));
    if (match === null)
      return sendJson(response, 404, { code: 'not_found', message: `no API path ${url.pathname}` });
    if (match === 'wrong-method')
      return sendJson(response, 405, {
        code: 'refused',
        message: `${request.method} is not allowed on ${url.pathname}`,
      });
    const { route, params } = match;
    const sources: InputSource[] = [
      { label: 'the query', values: Object.fromEntries(url.searchParams) },
      { label: 'the matrix parameters', values: matrix },
    ];
    const wantsEvents = (request.headers.accept ?? '').includes('text/event-stream');
    // A file upload is spooled to disk whole before the import (and its write transaction) begins.
    let upload: SpooledUpload | undefined;
    if (route.name !== 'imports:file' && route.method !== 'GET')
      sources.push({
        label: 'the body',
        values: await readJsonBody(request, jsonBodyLimit(route.name), route.name),
      });
    const input = assembleInput(params, sources);
    if (route.name === 'imports:file')
      upload = await spoolUpload(request, typeof input.fileName === 'string' ? input.fileName : 'the file');

    const context: ApiContext = {
      workspace: current,
      ...(options.recentFile
        ? {
            host: {
              recentFile: options.recentFile,
              async switchTo(next: Workspace) {
                const previous = current;
                current = next;
                // The caller owns (and closes) the workspace it started with; the server closes the others.
                if (previous !== next && previous !== options.workspace) await previous.close();
              },
            },
          }
        : {}),
    };
    try {
      if (upload) {
        const spooled = upload;
        context.upload = () => createReadStream(spooled.file);
        context.uploadSize = spooled.size;
      }
      if (wantsEvents && (route.name === 'imports:file' || route.name === 'settlement:settle')) {
        response.writeHead(200, {
          ...securityHeaders,
          'Content-Type': 'text/event-stream',
          'Cache-Control': 'no-store',
        });
        const progress = (value: unknown) =>
          response.write(`event: progress\ndata: ${JSON.stringify(value)}\n\n`);
        if (route.name === 'imports:file') context.onProgress = progress;
        else context.onSettleProgress = progress;
        const result = await callOperation(context, route.name, input);
        response.write(`event: result\ndata: ${JSON.stringify(result)}\n\n`);
        response.end();
        return;
      }
      const result = await callOperation(context, route.name, input);
      // Seed 004 answers XML in its namespaces when the client asks for it.
      if (result.ok && answersXml(route.name) && wantsXml(request.headers.accept)) {
        response.writeHead(200, { ...securityHeaders, 'Content-Type': 'application/xml; charset=utf-8' });
        response.end(costAndConsumptionXml(result.value as never));
        return;
      }
      sendResult(response, route.name, result);
    } finally {
      await upload?.remove();
    }
  }

  async function serveStatic(response: http.ServerResponse, pathname: string): Promise<void> {
    const relative = decodeUrlPart(pathname === '/' ? '/index.html' : pathname);
    const file = path.resolve(rendererDir, `.${relative}`);
    if (!file.startsWith(rendererDir + path.sep))
      return sendJson(response, 404, { code: 'not_found', message: 'not found' });
    const stat = await fs.stat(file).catch(() => null);
    if (!stat?.isFile()) {
      if (!existsSync(path.join(rendererDir, 'index.html'))) {
        response.writeHead(503, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
        response.end(
          'Energy Ledger: the user interface is not built yet. Run `npm run serve` (it builds it) or `npm run build:renderer`.',
        );
        return;
      }
      return sendJson(response, 404, { code: 'not_found', message: `no file ${pathname}` });
    }
    response.writeHead(200, {
      ...securityHeaders,
      'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': stat.size,
      'Cache-Control': relative.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    createReadStream(file).pipe(response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/#token=${encodeURIComponent(token)}`,
    port,
    token,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      if (current !== options.workspace) await current.close();
    },
  };
}
