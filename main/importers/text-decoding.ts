/**
 * Turns a tabular file's bytes into text records: encoding detected (BOM,
 * then strict UTF-8, else Windows-1252) or named, delimiter detected from the
 * header line (comma, semicolon, tab, pipe) or named, then the CSV tokenizer
 * (csv-tokenizer.ts) for quoting. Streamed: the decoder keeps only a partial character between chunks.
 * Text read as UTF-8 is read strictly: a byte that is not UTF-8 is refused (InvalidTextError,
 * naming the line and byte offset), never stored as U+FFFD.
 */
import { Transform, type Readable } from 'node:stream';

import type { CsvRecord } from './csv-record';
import { tokenizeCsvBatches } from './csv-tokenizer';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type Delimiter = ',' | ';' | '\t' | '|';

const invalidTextReason = (byteOffset: number, bytes: string) =>
  `is not valid UTF-8 at byte offset ${byteOffset} (${bytes}): refused rather than stored as U+FFFD (save the file as UTF-8, or name its encoding)`;

/** Bytes that are not UTF-8 in text read as UTF-8: refused, naming the line and the byte offset. */
export class InvalidTextError extends Error {
  constructor(
    /** 1-based line of the first bad byte. */
    readonly line: number,
    /** 0-based offset of the first bad byte in the file. */
    readonly byteOffset: number,
    /** The bad bytes, in hex (`0xff 0xfe`). */
    readonly bytes: string,
  ) {
    super(`line ${line}: ${invalidTextReason(byteOffset, bytes)}`);
    this.name = 'InvalidTextError';
  }

  /** The message without the line, for reports that name the line apart. */
  get reason(): string {
    return invalidTextReason(this.byteOffset, this.bytes);
  }
}

const continuation = (byte: number | undefined) => byte !== undefined && byte >= 0x80 && byte <= 0xbf;

/**
 * The offset of the first byte that does not begin a valid UTF-8 sequence (WHATWG's rules:
 * no overlong forms, no surrogates, nothing above U+10FFFF; a sequence cut short by the end
 * is invalid at its first byte), or -1. Run only once a strict decoder has failed.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  const length = bytes.length;
  for (let i = 0; i < length;) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let size: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) size = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      size = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      size = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < size; k++) {
      if (i + k >= length) return i;
      const byte = bytes[i + k]!;
      if (k === 1 ? byte < low || byte > high : !continuation(byte)) return i;
    }
    i += size;
  }
  return -1;
}

/** Line feeds in `bytes` before `end`. */
function lineFeeds(bytes: Uint8Array, end = bytes.length): number {
  let count = 0;
  for (let i = bytes.indexOf(10); i >= 0 && i < end; i = bytes.indexOf(10, i + 1)) count++;
  return count;
}

/** The InvalidTextError of the bad byte at `offset` of `bytes` (the file's bytes from `start`, `linesBefore` lines in). */
function invalidTextAt(bytes: Uint8Array, offset: number, start = 0, linesBefore = 0): InvalidTextError {
  const shown = [...bytes.subarray(offset, Math.min(bytes.length, offset + 4))]
    .map((byte) => `0x${byte.toString(16).padStart(2, '0')}`)
    .join(' ');
  return new InvalidTextError(linesBefore + lineFeeds(bytes, offset) + 1, start + offset, shown);
}

/**
 * A whole file's bytes as UTF-8 text (a byte-order mark dropped); throws InvalidTextError
 * naming the line and byte offset of the first byte that is not UTF-8.
 */
export function decodeUtf8Strictly(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = invalidUtf8Offset(bytes);
    throw invalidTextAt(bytes, offset < 0 ? bytes.length : offset);
  }
}

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

/**
 * Decodes a byte stream to text in a streaming way. UTF-8 is decoded strictly: the first
 * byte that is not UTF-8 ends the stream with an InvalidTextError naming its line and byte
 * offset (line feeds are counted as the bytes pass, at about 0.5 ms a megabyte).
 */
export function decoder(encoding: Encoding, bomLength: number): Transform {
  const strict = encoding === 'utf-8';
  const textDecoder = new TextDecoder(encoding === 'windows-1252' ? 'windows-1252' : encoding, {
    fatal: strict,
  });
  let skip = bomLength;
  /** Bytes given to the decoder so far, and the line feeds among them. */
  let passed = 0;
  let lines = 0;
  /** The last bytes given, from a lead byte on: a character the next chunk may complete. */
  let tail = Buffer.alloc(0);
  const refused = (bytes: Buffer): InvalidTextError => {
    // The decoder's state is gone: find the bad byte again from the last character it may have held open.
    const joined = Buffer.concat([tail, bytes]);
    const offset = invalidUtf8Offset(joined);
    return invalidTextAt(
      joined,
      offset < 0 ? joined.length : offset,
      bomLength + passed - tail.length,
      lines,
    );
  };
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
      let text: string;
      try {
        text = textDecoder.decode(bytes, { stream: true });
      } catch {
        callback(refused(bytes));
        return;
      }
      if (strict && bytes.length > 0) {
        lines += lineFeeds(bytes);
        passed += bytes.length;
        // The last four bytes say where the last character begins (trimPartialUtf8 looks back three).
        const end = bytes.length >= 4 ? bytes.subarray(bytes.length - 4) : Buffer.concat([tail, bytes]);
        tail = Buffer.from(end.subarray(trimPartialUtf8(end).length));
      }
      callback(null, text);
    },
    flush(callback) {
      try {
        callback(null, textDecoder.decode());
      } catch {
        // A character cut short by the end of the file.
        callback(invalidTextAt(tail, 0, bomLength + passed - tail.length, lines));
      }
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
