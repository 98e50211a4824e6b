/**
 * The contract's shared parts, below every domain module: the input primitives the domains'
 * schemas use (integers and flags as query strings send them, months, run ids, meter types), the
 * `output<T>()` marker that types an operation's answer, the file and seed-envelope answers more
 * than one domain gives, and the error and result shapes every operation answers with.
 */
import { z } from 'zod';

import type { FieldErrors } from '../definition';

/** Query strings arrive as text, JSON and IPC as numbers: accept both for integers. */
export const IntegerParam = z.preprocess(
  (value) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value),
  z
    .number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be an integer') })
    .int('must be an integer'),
);

export const output = <T>() => undefined as unknown as T;

export const MeterType = IntegerParam.pipe(z.number().min(1, 'must be a meter type, 1 or more'));

export const RunId = IntegerParam.pipe(z.number().min(1, 'must be a run id'));

export const MonthText = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');

export const Flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

/** Seed-000 views answer their own envelope (`{ data }` or `{ meterType, data }`), sent over HTTP as is. */
export type SeedBody = Record<string, unknown>;

/** A document as a file (a statement, an audit pack). */
export interface StatementFileDto {
  fileName: string;
  mediaType: 'application/pdf' | 'text/csv' | 'application/zip';
  /** The file's bytes, base64 (JSON and IPC carry text). */
  base64: string;
}

export type ErrorCode = 'invalid_input' | 'not_found' | 'conflict' | 'refused' | 'internal';

export interface OperationError {
  code: ErrorCode;
  message: string;
  /** Field errors in seed 002's shape: `{ "pools[0].key": ["must be one of …"] }`. */
  fields?: FieldErrors;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: OperationError };

/** Each error code's HTTP status. */
export const httpStatusOf: Record<ErrorCode, number> = {
  invalid_input: 422,
  not_found: 404,
  conflict: 409,
  refused: 403,
  internal: 500,
};
