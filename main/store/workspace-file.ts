/**
 * Telling an Energy Ledger workspace file from anything else a user may point `--db` at, and
 * checking one for damage, without writing to it: its header bytes first (no SQLite
 * connection), then SQLite read-only (PRAGMA user_version, quick_check). A foreign, truncated,
 * damaged or newer file is reported and left byte-for-byte as it was.
 */
import { constants as fsConstants, promises as fs } from 'node:fs';

import type sqlite3 from 'sqlite3';

import { migrations } from './migrations';
import { all, closeConnection, openReadOnlyConnection } from './sqlite';
import type { Store } from './store';

/** 'ELDG' — marks a SQLite file as an Energy Ledger workspace (PRAGMA application_id). */
export const APPLICATION_ID = 0x454c4447;
/** The schema this build writes: the number of migrations it knows. */
export const SCHEMA_VERSION = migrations.length;

export class WorkspaceFileError extends Error {
  constructor(
    readonly filePath: string,
    readonly reason:
      | 'missing'
      | 'missing-folder'
      | 'not-a-file'
      | 'not-sqlite'
      | 'truncated'
      | 'foreign'
      | 'newer-schema'
      | 'unreadable'
      | 'read-only-older-schema',
    message: string,
  ) {
    super(message);
    this.name = 'WorkspaceFileError';
  }
}

interface HeaderFacts {
  applicationId: number;
  userVersion: number;
}

/**
 * Refuses a path that is not a regular file (a FIFO, a device, a socket, a folder) before
 * anything opens it: opening a FIFO blocks until someone writes to it, which froze the CLI and
 * the server. A symbolic link is followed and its target checked.
 */
async function refuseNonRegularFile(file: string): Promise<void> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new WorkspaceFileError(file, 'missing', `${file}: no such workspace file`);
    throw new WorkspaceFileError(file, 'unreadable', `${file}: cannot be read (${code ?? String(error)})`);
  }
  if (stat.isFile()) return;
  const kind = stat.isDirectory()
    ? 'a folder'
    : stat.isFIFO()
      ? 'a named pipe (FIFO)'
      : stat.isSocket()
        ? 'a socket'
        : 'a device or other special file';
  throw new WorkspaceFileError(
    file,
    'not-a-file',
    `${file}: is ${kind}, not a workspace file; it was left unchanged. Name an Energy Ledger workspace (.sqlite) file`,
  );
}

/** Reads and checks the 100-byte SQLite header without opening the file for SQLite. */
async function readHeader(file: string): Promise<HeaderFacts> {
  await refuseNonRegularFile(file);
  let handle: fs.FileHandle;
  try {
    // O_NONBLOCK: should the path become a FIFO after the check, opening it still cannot hang.
    handle = await fs.open(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new WorkspaceFileError(file, 'missing', `${file}: no such workspace file`);
    throw new WorkspaceFileError(file, 'unreadable', `${file}: cannot be read (${code ?? String(error)})`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new WorkspaceFileError(file, 'unreadable', `${file}: is not a regular file`);
    const header = Buffer.alloc(100);
    const { bytesRead } = await handle.read(header, 0, 100, 0);
    if (bytesRead < 100 || header.subarray(0, 16).toString('latin1') !== 'SQLite format 3\u0000') {
      throw new WorkspaceFileError(
        file,
        'not-sqlite',
        `${file}: is not an Energy Ledger workspace (not a SQLite database file); it was left unchanged`,
      );
    }
    const rawPageSize = header.readUInt16BE(16);
    const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
    const changeCounter = header.readUInt32BE(24);
    const pageCount = header.readUInt32BE(28);
    const versionValidFor = header.readUInt32BE(92);
    // A process killed during a checkpoint leaves the file shorter than its header says while the
    // write-ahead log still holds every page: SQLite completes it on open, so the sizes prove nothing.
    const hotLog = await fs
      .stat(`${file}-wal`)
      .then((log) => log.size > 0)
      .catch(() => false);
    // The in-header page count is trustworthy only when it was written by the same change (SQLite file format §1.3.7).
    if (!hotLog && pageCount > 0 && changeCounter === versionValidFor && stat.size < pageCount * pageSize) {
      throw new WorkspaceFileError(
        file,
        'truncated',
        `${file}: is truncated (${stat.size} bytes, the header says ${pageCount * pageSize}); it was left unchanged`,
      );
    }
    if (!hotLog && stat.size % pageSize !== 0) {
      throw new WorkspaceFileError(
        file,
        'truncated',
        `${file}: is truncated or damaged (${stat.size} bytes is not a whole number of ${pageSize}-byte pages); it was left unchanged`,
      );
    }
    return { applicationId: header.readInt32BE(68), userVersion: header.readUInt32BE(60) };
  } finally {
    await handle.close();
  }
}

/** Checks a file is one of ours, reading only; returns its schema version. */
export async function inspectWorkspaceFile(file: string): Promise<{ schemaVersion: number }> {
  const header = await readHeader(file);
  if (header.applicationId !== APPLICATION_ID) {
    throw new WorkspaceFileError(
      file,
      'foreign',
      `${file}: is a SQLite database but not an Energy Ledger workspace (application_id ${header.applicationId}); it was left unchanged`,
    );
  }
  // The header may lag behind a WAL that was never checkpointed; ask SQLite itself, read-only.
  let readOnly: sqlite3.Database;
  try {
    readOnly = await openReadOnlyConnection(file);
  } catch (error) {
    throw new WorkspaceFileError(
      file,
      'unreadable',
      `${file}: cannot be opened (${(error as Error).message})`,
    );
  }
  try {
    const [row] = await all<{ user_version: number }>(readOnly, 'PRAGMA user_version');
    const [app] = await all<{ application_id: number }>(readOnly, 'PRAGMA application_id');
    if (app?.application_id !== APPLICATION_ID) {
      throw new WorkspaceFileError(
        file,
        'foreign',
        `${file}: is not an Energy Ledger workspace; it was left unchanged`,
      );
    }
    const schemaVersion = row?.user_version ?? 0;
    if (schemaVersion > SCHEMA_VERSION) {
      throw new WorkspaceFileError(
        file,
        'newer-schema',
        `${file}: was written by a newer Energy Ledger (schema ${schemaVersion}, this version knows up to ${SCHEMA_VERSION}); it was left unchanged. Update Energy Ledger to open it.`,
      );
    }
    return { schemaVersion };
  } catch (error) {
    if (error instanceof WorkspaceFileError) throw error;
    throw new WorkspaceFileError(
      file,
      'unreadable',
      `${file}: is damaged (${(error as Error).message}); it was left unchanged`,
    );
  } finally {
    await closeConnection(readOnly);
  }
}

/**
 * What SQLite's quick_check (or full integrity_check) finds wrong with a workspace file, empty
 * when it is sound, on its own read-only connection. When the check cannot run over the whole
 * file (SQLite stops at some damage with SQLITE_CORRUPT), each table is checked alone, so the
 * answer names the damaged tables.
 */
export async function quickCheck(
  file: string,
  pragma: 'quick_check' | 'integrity_check' = 'quick_check',
  /** Filled with a way to stop the check (closing a workspace does not wait for it). */
  control: { interrupt?: () => void } = {},
): Promise<string[]> {
  const connection = await openReadOnlyConnection(file);
  let open = true;
  control.interrupt = () => {
    if (open) connection.interrupt();
  };
  const check = async (target?: string) => {
    const rows = await all<Record<string, string>>(
      connection,
      target ? `PRAGMA ${pragma}("${target.replace(/"/g, '""')}")` : `PRAGMA ${pragma}(100)`,
    );
    const lines = rows.flatMap((row) => String(Object.values(row)[0]).split('\n'));
    return lines.length === 1 && lines[0] === 'ok' ? [] : lines.filter((line) => !line.startsWith('***'));
  };
  try {
    return await nameTrees(connection, await check());
  } catch (whole) {
    if ((whole as { code?: string }).code === 'SQLITE_INTERRUPT') return [(whole as Error).message];
    try {
      const tables = await all<{ name: string }>(
        connection,
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
      );
      const problems: string[] = [];
      for (const { name } of tables) {
        try {
          const lines = await check(name);
          if (lines.length > 0) problems.push(`table ${name}: ${lines.slice(0, 3).join('; ')}`);
        } catch (error) {
          problems.push(`table ${name}: ${(error as Error).message}`);
        }
      }
      return problems.length > 0 ? problems : [(whole as Error).message];
    } catch (error) {
      return [`the schema itself cannot be read: ${(error as Error).message}`];
    }
  } finally {
    open = false;
    await closeConnection(connection);
  }
}

/**
 * Groups integrity-check lines by the table or index they are about ("Tree 8 page 139 …" →
 * "table readings: 98 problem(s), the first: page 139 …"), so a person sees what is damaged.
 */
async function nameTrees(connection: sqlite3.Database, lines: string[]): Promise<string[]> {
  if (lines.length === 0) return lines;
  const names = new Map<number, string>();
  try {
    const rows = await all<{ name: string; type: string; rootpage: number }>(
      connection,
      'SELECT name, type, rootpage FROM sqlite_master WHERE rootpage > 0',
    );
    for (const row of rows) names.set(row.rootpage, `${row.type} ${row.name}`);
  } catch {
    return lines;
  }
  const grouped = new Map<string, string[]>();
  const other: string[] = [];
  for (const line of lines) {
    const match = /^Tree (\d+) (.*)$/.exec(line);
    const name = match ? names.get(Number(match[1])) : undefined;
    if (!match || !name) other.push(line);
    else grouped.set(name, [...(grouped.get(name) ?? []), match[2]!]);
  }
  return [
    ...[...grouped].map(([name, found]) => `${name}: ${found.length} problem(s), the first: ${found[0]}`),
    ...other,
  ];
}

/** Rows that refer to a missing row (PRAGMA foreign_key_check), at most `limit` of them. */
export async function danglingReferences(
  store: Store,
  limit: number,
): Promise<{ table: string; parent: string }[]> {
  const rows = await store.all<{ table: string; parent: string }>('PRAGMA foreign_key_check');
  return rows.slice(0, limit).map((row) => ({ table: String(row.table), parent: String(row.parent) }));
}
