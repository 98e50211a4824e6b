/**
 * Streams a CSV file as records with their line numbers, hashing the bytes as
 * they pass, so a large file is read once, in constant memory.
 */
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';

import { parse } from 'csv-parse';

export interface CsvRecord {
  /** 1-based line in the file where the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

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

export async function* csvRecords(source: Readable, counter: Transform): AsyncGenerator<CsvRecord> {
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    trim: true,
  });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(counter).pipe(parser);
  // Line numbers are counted here rather than with csv-parse's info option (which costs as much as the
  // parsing itself): a record spans one line plus the line breaks inside its quoted fields.
  let line = 1;
  for await (const record of parser as AsyncIterable<string[]>) {
    const at = line;
    line += 1;
    for (const field of record)
      for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) line++;
    if (record.length === 1 && record[0] === '') continue; // an empty line
    yield { line: at, fields: record };
  }
}
