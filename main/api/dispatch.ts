/**
 * The single entry point every transport calls: Electron IPC, loopback HTTP
 * and the CLI. It validates the input against the contract's schema, runs the
 * handler and answers `{ ok: true, value } | { ok: false, error }`. Nothing
 * reaches a handler unvalidated.
 */
import { type z } from 'zod';

import { contract, type OperationName, type Result } from '../../shared/contract';
import { zodFieldErrors } from '../../shared/definition';
import { forbiddenKeyPath } from '../../shared/input-guard';
import { ApiError } from '../errors';
import { describeStoreError } from '../store/store-errors';

import { resolveCodeRefs } from './code-refs';
import type { ApiContext, Handler } from './context';
import { handlers } from './handlers';

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** The answer to an input its schema refuses: the field errors, the message naming the first. */
export function invalidInputResult(name: string, error: z.ZodError): Result<never> {
  const fields = zodFieldErrors(error);
  const first = Object.entries(fields)[0];
  return {
    ok: false,
    error: {
      code: 'invalid_input',
      message: first ? `${name}: ${first[0]} ${first[1][0]}` : `${name}: invalid input`,
      fields,
    },
  };
}

export async function callOperation(
  context: ApiContext,
  name: string,
  rawInput: unknown,
): Promise<Result<unknown>> {
  if (!isOperationName(name)) {
    return { ok: false, error: { code: 'not_found', message: `unknown operation "${name}"` } };
  }
  const forbidden = forbiddenKeyPath(rawInput);
  if (forbidden) {
    return {
      ok: false,
      error: {
        code: 'invalid_input',
        message: `${name}: the input names "${forbidden}", a key no input may carry; nothing was done`,
        fields: { [forbidden]: ['is not allowed in any input'] },
      },
    };
  }
  const schema = contract[name].input as z.ZodType;
  let named: unknown;
  try {
    // Integer ids in place of codes (seed clients): turned into codes before validation.
    named = await resolveCodeRefs(context.workspace.db, name, rawInput ?? {});
  } catch (error) {
    return failure(context, name, error);
  }
  const parsed = schema.safeParse(named);
  if (!parsed.success) return invalidInputResult(name, parsed.error);
  try {
    const handler = handlers[name] as Handler<typeof name>;
    const value = await handler(context, parsed.data as never);
    return { ok: true, value };
  } catch (error) {
    return failure(context, name, error);
  }
}

function failure(context: ApiContext, name: string, error: unknown): Result<never> {
  if (error instanceof ApiError) {
    return {
      ok: false,
      error: {
        code: error.code,
        message: error.message,
        ...(error.fields ? { fields: error.fields } : {}),
      },
    };
  }
  const store = describeStoreError(error, context.workspace.filePath);
  if (store) return { ok: false, error: { code: store.code, message: `${name}: ${store.message}` } };
  return { ok: false, error: { code: 'internal', message: (error as Error).message ?? String(error) } };
}
