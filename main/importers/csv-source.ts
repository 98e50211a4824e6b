/**
 * Streams a CSV file as records with their line numbers, hashing the bytes as
 * they pass, so a large file is read once, in constant memory.
 */
import { createHash } from 'node:crypto';
import { PassThrough, Transform, type Readable } from 'node:stream';

import type { CsvRecord } from './csv-record';
import { decodeUtf8Strictly, decodedRecords } from './text-decoding';

export interface ByteCounter {
  bytesRead: number;
  sha256(): string;
}

/** Passes bytes through while counting and hashing them. */
export function countingHasher(): { transform: Transform; counter: ByteCounter } {
  const hash = createHash('sha256');
  let digest: string | null = null;
  const counter: ByteCounter = {
    bytesRead: 0,
    sha256: () => (digest ??= hash.digest('hex')),
  };
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counter.bytesRead += chunk.length;
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  return { transform, counter };
}

/** Comma-separated UTF-8 records (the documented CSV formats), with line numbers. */
export async function* csvRecords(source: Readable, counter: Transform): AsyncGenerator<CsvRecord> {
  for await (const batch of decodedRecords(source, counter, {
    encoding: 'utf-8',
    bomLength: 0,
    delimiter: ',',
  }))
    yield* batch;
}

/** Reads the first bytes of a stream and gives back a stream that still starts at byte 0. */
export async function peekBytes(source: Readable, size = 65536): Promise<{ head: Buffer; stream: Readable }> {
  const chunks: Buffer[] = [];
  let length = 0;
  const iterator = source[Symbol.asyncIterator]();
  while (length < size) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as string);
    chunks.push(chunk);
    length += chunk.length;
  }
  const head = Buffer.concat(chunks);
  const stream = new PassThrough();
  stream.write(head);
  void (async () => {
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (!stream.write(next.value)) await new Promise((resolve) => stream.once('drain', resolve));
      }
      stream.end();
    } catch (error) {
      stream.destroy(error as Error);
    }
  })();
  return { head, stream };
}

/**
 * A whole (small) file as UTF-8 text through the counting hasher, without a byte-order mark.
 * Bytes that are not UTF-8 throw InvalidTextError (line and byte offset), never become U+FFFD.
 */
export async function readWholeText(source: Readable, transform: Transform): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of source.pipe(transform)) chunks.push(chunk as Buffer);
  return decodeUtf8Strictly(Buffer.concat(chunks)).replace(/^\uFEFF/, '');
}
