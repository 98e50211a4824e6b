/**
 * The error a caller is meant to see (its code, its message, for bad input its field errors),
 * at the bottom of main/ so every layer — importers, store callers, statements, the API and
 * its transports — may raise it without importing the API.
 */
import type { ErrorCode } from '../shared/contract';
import type { FieldErrors } from '../shared/definition';

/** An error a handler means the caller to see, with its code and, for bad input, field errors. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (message: string) => new ApiError('not_found', message);
export const invalidInput = (message: string, fields?: FieldErrors) =>
  new ApiError('invalid_input', message, fields);

/** Refuses input with field errors (seed 002's payload), the message naming the first: nothing is stored. */
export function refuseFields(what: string, errors: FieldErrors): never {
  const keys = Object.keys(errors);
  throw invalidInput(
    `${what}: ${keys[0]} ${errors[keys[0]!]![0]}${keys.length > 1 ? ` (and ${keys.length - 1} more)` : ''}; nothing was stored`,
    errors,
  );
}
