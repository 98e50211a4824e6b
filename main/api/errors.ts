import type { ErrorCode } from '../../shared/contract';
import type { FieldErrors } from '../../shared/definition';

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
