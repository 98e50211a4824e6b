/**
 * Reading request bodies on the loopback server within stated bounds: JSON bodies are capped
 * per route and parsed only once complete; uploaded files are spooled to a temporary file
 * before any write transaction begins, so a client that stalls mid-upload holds nothing but
 * its own request (issue 16, item 9).
 */
import { createWriteStream, promises as fs } from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { OperationName } from '../../shared/contract';
import { JsonNumberError, parseBoundedJson } from '../importers/json-text';
import { decodeUtf8Strictly, type InvalidTextError } from '../importers/text-decoding';

/** A refusal the server answers with its own status (400, 408, 413, 429). */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MiB = 1024 * 1024;

/** The largest JSON body each route takes: a workspace definition or a tariff can be large; the rest are small. */
export function jsonBodyLimit(name: OperationName): number {
  if (name === 'workspace:import-definition' || name === 'workspace:save-definition') return 32 * MiB;
  if (name.startsWith('tariffs:') || name.startsWith('accounts:') || name.startsWith('virtual-meters:'))
    return 8 * MiB;
  return 1 * MiB;
}

/** The largest file one upload may carry (spooled to disk, so memory stays flat), and how many at once. */
export const UPLOAD_LIMIT_BYTES = 2048 * MiB;
export const CONCURRENT_UPLOADS = 2;
/** An upload that sends nothing for this long is ended (it holds no transaction, but a slot and a file). */
export const UPLOAD_IDLE_MS = 30_000;

function describeBytes(bytes: number): string {
  return bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}

/** Refuses a declared Content-Length over the limit before reading a byte. */
function refuseDeclaredSize(request: http.IncomingMessage, limit: number, what: string): void {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit)
    throw new HttpRefusal(
      413,
      `${what} is ${declared} bytes; this server takes at most ${describeBytes(limit)} for it`,
    );
}

/** Counts bytes through, failing once `limit` is passed. */
function byteLimit(limit: number, what: string, seen: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen.bytes += chunk.length;
      if (seen.bytes > limit)
        done(
          new HttpRefusal(
            413,
            `${what} is larger than ${describeBytes(limit)}, the most this server takes for it`,
          ),
        );
      else done(null, chunk);
    },
  });
}

/** The whole JSON body of a request (`{}` when empty), refused past `limit` bytes or when it is not JSON. */
export async function readJsonBody(
  request: http.IncomingMessage,
  limit: number,
  operation: string,
): Promise<Record<string, unknown>> {
  const what = `the request body of ${operation}`;
  refuseDeclaredSize(request, limit, what);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      request.resume();
      throw new HttpRefusal(
        413,
        `${what} is larger than ${describeBytes(limit)}, the most this server takes for it`,
      );
    }
    chunks.push(chunk as Buffer);
  }
  let text: string;
  try {
    text = decodeUtf8Strictly(Buffer.concat(chunks));
  } catch (error) {
    throw new HttpRefusal(400, `${what} ${(error as InvalidTextError).reason ?? 'is not UTF-8'}`);
  }
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    // Numbers are checked on their text first: 1e-100000000 is refused, never read as 0.
    value = parseBoundedJson(text);
  } catch (error) {
    if (error instanceof JsonNumberError)
      throw new HttpRefusal(400, `${what}: ${error.field} "${error.value}" ${error.problem}`);
    throw new HttpRefusal(400, `${what} is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new HttpRefusal(400, `${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

export interface SpooledUpload {
  file: string;
  size: number;
  remove(): Promise<void>;
}

let uploadsInProgress = 0;

/**
 * Writes a request's body to a temporary file, at most CONCURRENT_UPLOADS at once, ending one
 * that stalls for UPLOAD_IDLE_MS; the caller imports from the file and then removes it.
 */
export async function spoolUpload(
  request: http.IncomingMessage,
  fileName: string,
  options: { limit?: number; idleMs?: number } = {},
): Promise<SpooledUpload> {
  const limit = options.limit ?? UPLOAD_LIMIT_BYTES;
  const what = `the upload of ${fileName}`;
  refuseDeclaredSize(request, limit, what);
  if (uploadsInProgress >= CONCURRENT_UPLOADS)
    throw new HttpRefusal(
      429,
      `${CONCURRENT_UPLOADS} uploads are in progress; send ${fileName} again when one has finished`,
    );
  uploadsInProgress += 1;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'energy-ledger-upload-'));
  const file = path.join(dir, 'upload');
  const remove = () => fs.rm(dir, { recursive: true, force: true });
  const seen = { bytes: 0 };
  const idleMs = options.idleMs ?? UPLOAD_IDLE_MS;
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      request.destroy(new HttpRefusal(408, `${what} sent nothing for ${idleMs / 1000} s and was ended`));
    }, idleMs);
  };
  arm();
  const watch = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      arm();
      done(null, chunk);
    },
  });
  try {
    await pipeline(request, watch, byteLimit(limit, what, seen), createWriteStream(file));
    return { file, size: seen.bytes, remove };
  } catch (error) {
    await remove();
    if (error instanceof HttpRefusal) throw error;
    if (stalled) throw new HttpRefusal(408, `${what} sent nothing for ${idleMs / 1000} s and was ended`);
    throw new HttpRefusal(400, `${what} did not arrive whole (${(error as Error).message})`);
  } finally {
    clearTimeout(timer);
    uploadsInProgress -= 1;
  }
}

/** Decodes one percent-encoded part of a URL, refusing malformed escapes (a stray `%`) as a 400. */
export function decodeUrlPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new HttpRefusal(
      400,
      `the URL part "${part.slice(0, 80)}" is not valid percent-encoding (write % as %25)`,
    );
  }
}
