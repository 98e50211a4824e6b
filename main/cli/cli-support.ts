/**
 * What every energy-ledger command shares: the --db option, opening the
 * workspace (the default one when --db is not given), and how refusals and
 * results are printed.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import type { OperationError } from '../../shared/contract';
import { openDefaultWorkspace } from '../demo/default-workspace';
import { Workspace } from '../store/workspace';

export type { OperationError };

export class UsageError extends Error {}

export const common = {
  db: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function openWorkspace(db: string | undefined, log: (line: string) => void): Promise<Workspace> {
  if (db !== undefined && !existsSync(db)) {
    throw new UsageError(
      `${path.resolve(db)}: no such workspace file (use 'energy-ledger demo --db FILE' or 'import --create' to make one)`,
    );
  }
  const workspace = db === undefined ? await openDefaultWorkspace(log) : await Workspace.open(db);
  // Another program writing to the same file: say what we wait for (a write gives up after a minute).
  workspace.db.onLockWait = log;
  return workspace;
}

export const stderr = (line: string) => process.stderr.write(`${line}\n`);

/** Prints an operation's refusal (its message, about a file if given, and the fields it names): exit code 2. */
export function refusal(error: OperationError, about?: string): number {
  stderr(`error: ${about ? `${about}: ` : ''}${error.message}`);
  if (error.fields) stderr(JSON.stringify(error.fields, null, 2));
  return 2;
}

export async function withWorkspace<T>(
  db: string | undefined,
  body: (workspace: Workspace) => Promise<T>,
): Promise<T> {
  const workspace = await openWorkspace(db, stderr);
  try {
    return await body(workspace);
  } finally {
    await workspace.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
