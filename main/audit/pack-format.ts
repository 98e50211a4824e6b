/**
 * What the audit pack's writer and verifier share: the pack's format number and identity, file
 * hashes, engine versions compared, and a pack file's part checked as the API would check it.
 * The pack itself: main/audit/write-pack.ts and main/audit/verify-pack.ts.
 */
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';

import { contract, type OperationName, type OperationParsedInput } from '../../shared/contract';
import { zodFieldErrors } from '../../shared/definition';

/** A pack file's part checked against an operation's input, as the API would check it; refused naming the file. */
export function parsedOrThrow<K extends OperationName>(
  file: string,
  operation: K,
  input: unknown,
): OperationParsedInput<K> {
  const parsed = contract[operation].input.safeParse(input);
  if (parsed.success) return parsed.data as OperationParsedInput<K>;
  const [field, messages] = Object.entries(zodFieldErrors(parsed.error))[0] ?? ['input', ['is not valid']];
  throw new Error(`${file}: ${operation}: ${field} ${messages[0]}`);
}

export const PACK_FORMAT = 1;

export interface PackIdentity {
  packFormat: number;
  createdBy: string;
  createdUtc: string;
  month: string;
  engineVersion: string;
  run: { id: number; identity: string; options: { allowGaps: boolean }; publishedUtc: string; lines: number };
  workspace: { name: string; timezone: string; currency: string; priceZone: string };
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Collects what a stream writer writes, as text. */
export async function collectText(write: (out: Writable) => Promise<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    },
  });
  await write(sink);
  return Buffer.concat(chunks).toString('utf8');
}

/** Semantic versions compared number by number: 1.10.0 is newer than 1.9.3. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}
