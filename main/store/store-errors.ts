/**
 * SQLite's own errors (SQLITE_FULL, SQLITE_BUSY, SQLITE_IOERR, SQLITE_READONLY, SQLITE_CORRUPT)
 * in words a person can act on, naming the workspace file: what happened, that nothing was
 * stored (every write is one transaction, rolled back), and what to do (issue 16, item 10).
 */
import { WorkspaceBusy, WorkspaceReadOnly } from './store';

export interface StoreErrorDescription {
  code: 'conflict' | 'refused' | 'internal';
  message: string;
}

export function describeStoreError(error: unknown, file: string): StoreErrorDescription | null {
  if (error instanceof WorkspaceReadOnly) return { code: 'refused', message: error.message };
  if (error instanceof WorkspaceBusy) return { code: 'conflict', message: error.message };
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  switch (code) {
    case 'SQLITE_FULL':
      return {
        code: 'refused',
        message: `the disk holding ${file} is full (SQLITE_FULL); nothing was stored. Free some space and try again`,
      };
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return {
        code: 'conflict',
        message: `${file} is locked by another program (${code}); nothing was stored. Try again when it has finished`,
      };
    case 'SQLITE_READONLY':
      return {
        code: 'refused',
        message: `${file} cannot be written (SQLITE_READONLY: the file or its folder is read-only); nothing was stored. Copy it to a folder you can write to, or open it to read only`,
      };
    case 'SQLITE_IOERR':
    case 'SQLITE_CANTOPEN':
      return {
        code: 'internal',
        message: `reading or writing ${file} failed (${code}: a disk or file-system error); nothing was stored. Check the disk, then make a backup (energy-ledger backup)`,
      };
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return {
        code: 'internal',
        message: `${file} is damaged (${code}); nothing was stored. Run 'energy-ledger check --db ${file}' to see what is damaged, and restore a backup`,
      };
    default:
      return null;
  }
}
