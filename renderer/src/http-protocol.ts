/**
 * The loopback HTTP transport's wire rules, as pure functions (no DOM, no
 * fetch) so they are unit-tested: how an operation and its input become a
 * request, how a response becomes a `Result`, and where the access token
 * travels in the page address.
 */
import {
  httpRoute,
  type ErrorCode,
  type OperationError,
  type OperationInput,
  type OperationName,
  type Result,
} from '../../shared/contract';
import type { FieldErrors } from '../../shared/definition';

export const TOKEN_STORAGE_KEY = 'energy-ledger-token';

export const UNAUTHORIZED_MESSAGE =
  'This page needs the link printed by `energy-ledger serve` (with its token). ' +
  'Open that link exactly as printed, e.g. http://127.0.0.1:PORT/#token=…';

export type ImportKind = NonNullable<OperationInput<'imports:file'>['kind']>;

export interface HttpRequestPlan {
  method: string;
  /** Path and query, relative to the page's origin. */
  url: string;
  /** JSON text for POST/PUT, undefined for GET. */
  body: string | undefined;
}

const errorCodes: readonly ErrorCode[] = ['invalid_input', 'not_found', 'conflict', 'refused', 'internal'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function appendQuery(params: URLSearchParams, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) appendQuery(params, key, item);
    return;
  }
  params.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/**
 * Turns an operation call into method, URL and body. Path parameters
 * (`:meterId`) are taken from the input; for GET the remaining keys go in the
 * query string, for POST/PUT into a JSON body.
 */
export function planHttpRequest<K extends OperationName>(name: K, input: OperationInput<K>): HttpRequestPlan {
  const { method, path } = httpRoute(name);
  const rest: Record<string, unknown> = { ...(isRecord(input) ? input : {}) };
  const missing: string[] = [];
  const filledPath = path.replace(/:([A-Za-z][A-Za-z0-9]*)/g, (_match, param: string) => {
    const value = rest[param];
    delete rest[param];
    if (value === undefined || value === null || value === '') {
      missing.push(param);
      return '';
    }
    return encodeURIComponent(String(value));
  });
  if (missing.length > 0) {
    throw new RangeError(`${name}: missing path parameter ${missing.join(', ')}`);
  }
  if (method === 'GET' || method === 'DELETE') {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(rest)) appendQuery(params, key, value);
    const query = params.toString();
    return { method, url: query ? `${filledPath}?${query}` : filledPath, body: undefined };
  }
  return { method, url: filledPath, body: JSON.stringify(rest) };
}

/** URL of the raw-bytes upload of `imports:file`: POST /api/imports?fileName=…&kind=… */
export interface UploadOptions {
  mode?: 'strict' | 'partial';
  onConflict?: 'reject' | 'replace' | 'keep';
  dryRun?: boolean;
  /** A mapping object: sent as JSON text in the query string. */
  mapping?: Record<string, unknown>;
}

export function planUploadUrl(fileName: string, kind: ImportKind, options: UploadOptions = {}): string {
  const { path } = httpRoute('imports:file');
  const params = new URLSearchParams({ fileName, kind });
  if (options.mode) params.set('mode', options.mode);
  if (options.onConflict) params.set('onConflict', options.onConflict);
  if (options.dryRun) params.set('dryRun', 'true');
  if (options.mapping && Object.keys(options.mapping).length > 0)
    params.set('mapping', JSON.stringify(options.mapping));
  return `${path}?${params.toString()}`;
}

function codeForStatus(status: number): ErrorCode {
  if (status === 422 || status === 400) return 'invalid_input';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 401 || status === 403) return 'refused';
  return 'internal';
}

function isFieldErrors(value: unknown): value is FieldErrors {
  return (
    isRecord(value) &&
    Object.values(value).every(
      (messages) => Array.isArray(messages) && messages.every((m) => typeof m === 'string'),
    )
  );
}

/** The message of a field-errors map: its first field and that field's first message. */
export function firstFieldMessage(fields: FieldErrors): string {
  const first = Object.entries(fields)[0];
  if (!first) return 'invalid input';
  const [field, messages] = first;
  return `${field} ${messages[0] ?? 'is invalid'}`;
}

/**
 * Turns a response (status and parsed JSON body, or undefined when the body was
 * empty or not JSON) into a Result.
 *   2xx → `{ "data": value }` (a seed view: the body itself)
 *   422 → the body is the field-errors map `{ "field": ["message"] }`
 *   else → `{ "code", "message" }`
 */
export function decodeHttpResponse<T>(
  status: number,
  body: unknown,
  statusText = '',
  /** The seed-000 views answer their own envelope: the whole body is the value, as over IPC. */
  ownEnvelope = false,
): Result<T> {
  if (status >= 200 && status < 300) {
    if (ownEnvelope && (isRecord(body) || Array.isArray(body))) return { ok: true, value: body as T };
    if (isRecord(body) && 'data' in body) return { ok: true, value: body.data as T };
    if (status === 204 || body === undefined) return { ok: true, value: undefined as T };
    return {
      ok: false,
      error: { code: 'internal', message: `the server answered ${status} without a "data" field` },
    };
  }
  if (status === 401) {
    return { ok: false, error: { code: 'refused', message: UNAUTHORIZED_MESSAGE } };
  }
  if (status === 422 && isFieldErrors(body) && Object.keys(body).length > 0) {
    return { ok: false, error: { code: 'invalid_input', message: firstFieldMessage(body), fields: body } };
  }
  if (isRecord(body) && typeof body.message === 'string') {
    const code = errorCodes.includes(body.code as ErrorCode)
      ? (body.code as ErrorCode)
      : codeForStatus(status);
    const error: OperationError = { code, message: body.message };
    if (isFieldErrors(body.fields)) error.fields = body.fields;
    return { ok: false, error };
  }
  const reason = statusText ? `${status} ${statusText}` : String(status);
  return { ok: false, error: { code: codeForStatus(status), message: `the server answered ${reason}` } };
}

/** Parses response text as JSON; undefined for an empty or non-JSON body. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The access token in a page fragment such as `#token=abc` (also accepts
 * `#/?token=abc` and `#a=b&token=abc`). Null when there is none.
 */
export function tokenFromFragment(hash: string): string | null {
  const fragment = hash.replace(/^#/, '');
  const query = fragment.includes('?')
    ? fragment.slice(fragment.indexOf('?') + 1)
    : fragment.replace(/^\//, '');
  // Split by hand rather than with URLSearchParams, which would turn a '+' into a space.
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    if (equals < 0 || pair.slice(0, equals) !== 'token') continue;
    const value = pair.slice(equals + 1);
    let token: string;
    try {
      token = decodeURIComponent(value).trim();
    } catch {
      token = value.trim();
    }
    if (token !== '') return token;
  }
  return null;
}

/**
 * Splits server-sent events text into complete events and the unfinished
 * rest: `event: NAME` and `data: JSON` lines, events separated by a blank line.
 */
export function takeServerEvents(buffer: string): {
  events: { event: string; data: string }[];
  rest: string;
} {
  const events: { event: string; data: string }[] = [];
  let rest = buffer;
  for (let end = rest.indexOf('\n\n'); end >= 0; end = rest.indexOf('\n\n')) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trim());
    }
    events.push({ event, data: data.join('\n') });
  }
  return { events, rest };
}
