/**
 * Turns a tabular file's bytes into text records: encoding detected (BOM,
 * then strict UTF-8, else Windows-1252) or named, delimiter detected from the
 * header line (comma, semicolon, tab, pipe) or named, then the CSV tokenizer
 * (csv-tokenizer.ts) for quoting. Streamed: the decoder keeps only a partial character between chunks.
 */
import { Transform, type Readable } from 'node:stream';

import type { CsvRecord } from './csv-source';
import { tokenizeCsvBatches } from './csv-tokenizer';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type Delimiter = ',' | ';' | '\t' | '|';

export function detectEncoding(head: Buffer): { encoding: Encoding; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // UTF-16 without a BOM: every other byte of ASCII text is zero.
  const sample = head.subarray(0, Math.min(head.length, 512));
  let zerosOdd = 0;
  let zerosEven = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2) zerosOdd++;
    else zerosEven++;
  }
  if (sample.length >= 4 && zerosOdd > sample.length / 4) return { encoding: 'utf-16le', bomLength: 0 };
  if (sample.length >= 4 && zerosEven > sample.length / 4) return { encoding: 'utf-16be', bomLength: 0 };
  try {
    // A cut multi-byte character at the end of the sample is not an error: drop up to 3 trailing bytes.
    new TextDecoder('utf-8', { fatal: true }).decode(trimPartialUtf8(head));
    return { encoding: 'utf-8', bomLength: 0 };
  } catch {
    return { encoding: 'windows-1252', bomLength: 0 };
  }
}

function trimPartialUtf8(bytes: Buffer): Buffer {
  let end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = bytes[end - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte >= 0xc0) end -= back;
    break;
  }
  return bytes.subarray(0, end);
}

/** True when the bytes look like binary data rather than text (NUL bytes in a non-UTF-16 file, control characters). */
export function looksBinary(head: Buffer, encoding: Encoding): boolean {
  if (encoding.startsWith('utf-16')) return false;
  let control = 0;
  for (const byte of head.subarray(0, 4096)) {
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32)) control++;
  }
  return control > 8;
}

export function detectDelimiter(headerLine: string): Delimiter {
  const candidates: Delimiter[] = [',', ';', '\t', '|'];
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const candidate of candidates) {
    const count = headerLine.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** Decodes a byte stream to UTF-8 text in a streaming way. */
export function decoder(encoding: Encoding, bomLength: number): Transform {
  const textDecoder = new TextDecoder(encoding === 'windows-1252' ? 'windows-1252' : encoding);
  let skip = bomLength;
  return new Transform({
    // Strings out, so the tokenizer reads decoded text without turning it back into bytes.
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, callback) {
      let bytes = chunk;
      if (skip > 0) {
        const cut = Math.min(skip, bytes.length);
        bytes = bytes.subarray(cut);
        skip -= cut;
      }
      callback(null, textDecoder.decode(bytes, { stream: true }));
    },
    flush(callback) {
      callback(null, textDecoder.decode());
    },
  });
}

/** The file's records, a chunk's worth at a time. */
export async function* decodedRecords(
  source: Readable,
  counter: Transform,
  options: { encoding: Encoding; bomLength: number; delimiter: Delimiter },
): AsyncGenerator<CsvRecord[]> {
  const decode = decoder(options.encoding, options.bomLength);
  source.on('error', (error) => decode.destroy(error));
  counter.on('error', (error) => decode.destroy(error));
  source.pipe(counter).pipe(decode);
  yield* tokenizeCsvBatches(decode as AsyncIterable<string>, options.delimiter);
}
