/**
 * The workspace file: one SQLite database per workspace.
 *
 * Opening is careful because a user can point `--db` at anything. The file is
 * first checked by reading its header bytes (no SQLite connection, no write):
 * it must be a SQLite file, not truncated, and carry Energy Ledger's
 * application_id. Only then is it opened read-only to read user_version, and
 * only if that schema is not newer than ours is it opened for writing and
 * migrated. A foreign, truncated or newer file is reported and left
 * byte-for-byte as it was.
 *
 * One writer connection, one reader connection. Every write goes through a
 * single queue (`write`), so two async callers never interleave statements of
 * their transactions on the shared connection (node-sqlite3 #703, #1299).
 * Reads use their own connection and see only committed data (WAL).
 */
import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import sqlite3 from 'sqlite3';

import { produceFileAtomic, refuseExisting } from '../atomic-file';

import { migrations } from './migrations';

/** 'ELDG' — marks a SQLite file as an Energy Ledger workspace (PRAGMA application_id). */
export const APPLICATION_ID = 0x454c4447;
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

/** A write refused because the workspace is open read-only (a read-only file, or a damaged one). */
export class WorkspaceReadOnly extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkspaceReadOnly';
  }
}

/** Another program held the workspace's write lock for longer than we wait. */
export class WorkspaceBusy extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkspaceBusy';
  }
}

/** How a workspace is open: for reading and writing, or read-only and why. */
export interface WorkspaceAccess {
  mode: 'read-write' | 'read-only';
  /** Why it is read-only, in one sentence a person can act on. */
  reason?: string;
  /** What PRAGMA quick_check found, when it found damage. */
  damage?: string[];
}

/**
 * How long a write waits for another program's write lock before giving up (the CLI says it is
 * waiting): 60 s, or ENERGY_LEDGER_LOCK_WAIT_SECONDS.
 */
export const LOCK_WAIT_MS =
  Number(process.env.ENERGY_LEDGER_LOCK_WAIT_SECONDS) > 0
    ? Math.min(Number(process.env.ENERGY_LEDGER_LOCK_WAIT_SECONDS), 3600) * 1000
    : 60_000;

export type SqlValue = string | number | bigint | null | Buffer;
export type Row = Record<string, SqlValue>;

function run(
  db: sqlite3.Database,
  sql: string,
  params: SqlValue[] = [],
): Promise<{ changes: number; lastID: number }> {
  return new Promise((resolve, reject) => {
    db.run(sql, params, function (this: sqlite3.RunResult, error: Error | null) {
      if (error) reject(error);
      else resolve({ changes: this.changes, lastID: this.lastID });
    });
  });
}

function all<T = Row>(db: sqlite3.Database, sql: string, params: SqlValue[] = []): Promise<T[]> {
  return new Promise((resolve, reject) => {
    db.all(sql, params, (error: Error | null, rows: T[]) => (error ? reject(error) : resolve(rows)));
  });
}

function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));
}

function openConnection(file: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, mode, (error) => (error ? reject(error) : resolve(db)));
  });
}

/**
 * A read-only connection. A WAL workspace needs its -shm file, which SQLite cannot create in a
 * folder this process may not write (an auditor's copy on a read-only share): there, with no
 * write-ahead log left to read (Energy Ledger checkpoints on close), the file is opened as
 * immutable, which reads the main file alone.
 */
async function openReadOnlyConnection(file: string): Promise<sqlite3.Database> {
  if (await canWrite(file)) return openConnection(file, sqlite3.OPEN_READONLY);
  const pendingLog = await fs
    .stat(`${file}-wal`)
    .then((log) => log.size > 0)
    .catch(() => false);
  if (pendingLog) return openConnection(file, sqlite3.OPEN_READONLY);
  return openConnection(`${pathToFileURL(file).href}?immutable=1`, sqlite3.OPEN_READONLY | sqlite3.OPEN_URI);
}

function closeConnection(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
}

/** Statements run inside one write transaction. */
export interface WriteTransaction {
  run(sql: string, params?: SqlValue[]): Promise<{ changes: number; lastID: number }>;
  all<T = Row>(sql: string, params?: SqlValue[]): Promise<T[]>;
  /** A prepared statement finalized when the transaction ends, whatever happens. */
  prepare(sql: string): PreparedStatement;
  /**
   * Inserts many rows with multi-row `INSERT … VALUES (…),(…)` statements,
   * `rowsPerStatement` at a time, inside this transaction.
   */
  insertMany(
    table: string,
    columns: string[],
    rows: SqlValue[][],
    options?: { orReplace?: boolean },
  ): Promise<void>;
}

export interface PreparedStatement {
  run(params: SqlValue[]): Promise<void>;
}

const SQLITE_MAX_VARIABLES = 32_766;

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

/** True when this process may write the file and create its -wal and -shm files beside it. */
async function canWrite(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsConstants.W_OK);
    await fs.access(path.dirname(file), fsConstants.W_OK);
    return true;
  } catch {
    return false;
  }
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

export class Database {
  private writeTail: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Settles when the integrity check started at open has finished (writes wait for it). */
  private checked: Promise<void> = Promise.resolve();
  private accessState: WorkspaceAccess = { mode: 'read-write' };
  /** Told once per write that has to wait for another program's lock (the CLI prints it). */
  onLockWait: ((message: string) => void) | undefined;
  lockWaitMs = LOCK_WAIT_MS;

  private constructor(
    readonly filePath: string,
    private readonly writer: sqlite3.Database | null,
    private readonly reader: sqlite3.Database,
  ) {}

  /** How the workspace is open, once the integrity check has run. */
  async access(): Promise<WorkspaceAccess> {
    await this.checked;
    return this.accessState;
  }

  /**
   * Opens an existing workspace file, checking it read-only first, then migrating it. A file
   * this process cannot write opens read-only; so does one PRAGMA quick_check finds damaged
   * (checked before any migration writes to it, else in the background while reads go on and
   * the first write waits for it).
   */
  static async open(file: string, options: { readOnly?: boolean } = {}): Promise<Database> {
    const resolved = path.resolve(file);
    const { schemaVersion } = await inspectWorkspaceFile(resolved);
    const writable = !options.readOnly && (await canWrite(resolved));
    if (!writable) {
      if (schemaVersion < SCHEMA_VERSION)
        throw new WorkspaceFileError(
          resolved,
          'read-only-older-schema',
          `${resolved}: is read-only here and was written by an older Energy Ledger (schema ${schemaVersion}, this version uses ${SCHEMA_VERSION}); upgrading it writes to it. Copy it to a folder you can write to and open the copy`,
        );
      const reader = await openReadOnlyConnection(resolved);
      await exec(reader, 'PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
      const db = new Database(resolved, null, reader);
      db.accessState = {
        mode: 'read-only',
        reason: options.readOnly
          ? 'opened read-only as asked'
          : 'the file (or its folder) cannot be written by you: every view, export and statement works, changes are refused',
      };
      return db;
    }
    if (schemaVersion < SCHEMA_VERSION) {
      // A migration writes: a damaged file must be found before it is written into.
      const damage = await quickCheck(resolved);
      if (damage.length > 0) {
        const reader = await openConnection(resolved, sqlite3.OPEN_READONLY);
        const db = new Database(resolved, null, reader);
        db.accessState = damagedAccess(damage);
        return db;
      }
    }
    let db: Database;
    try {
      db = await Database.connect(resolved);
    } catch (error) {
      // Damage in the schema itself: SQLite cannot even read the tables' definitions.
      if ((error as { code?: string }).code === 'SQLITE_CORRUPT')
        throw new WorkspaceFileError(
          resolved,
          'unreadable',
          `${resolved}: is damaged where SQLite keeps its table definitions (${(error as Error).message.replace(/^SQLITE_CORRUPT: /, '')}), so no part of it can be read; it was left unchanged. Restore it from a backup or an exported workspace file`,
        );
      throw error;
    }
    if (schemaVersion === SCHEMA_VERSION) db.startIntegrityCheck();
    return db;
  }

  private readonly checkControl: { interrupt?: () => void } = {};

  private startIntegrityCheck(): void {
    this.checked = quickCheck(this.filePath, 'quick_check', this.checkControl).then(
      (damage) => {
        // A check interrupted because the workspace closed found nothing either way.
        if (damage.length > 0 && !this.closed) this.accessState = damagedAccess(damage);
      },
      (error: unknown) => {
        if (!this.closed) this.accessState = damagedAccess([(error as Error).message]);
      },
    );
  }

  /** Creates a new, empty workspace file. Refuses to overwrite anything. */
  static async create(file: string): Promise<Database> {
    const resolved = path.resolve(file);
    const folder = path.dirname(resolved);
    const folderStat = await fs.stat(folder).catch(() => null);
    if (!folderStat?.isDirectory())
      throw new WorkspaceFileError(
        resolved,
        'missing-folder',
        `${resolved}: the folder ${folder} does not exist; create it first or choose a file in an existing folder`,
      );
    try {
      const handle = await fs.open(resolved, 'wx');
      await handle.close();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        throw new WorkspaceFileError(
          resolved,
          'unreadable',
          `${resolved}: already exists; choose a new file name`,
        );
      }
      throw new WorkspaceFileError(
        resolved,
        'unreadable',
        `${resolved}: cannot be created (${code ?? (error as Error).message}); choose a folder you can write to`,
      );
    }
    const db = await Database.connect(resolved, true);
    return db;
  }

  private static async connect(file: string, isNew = false): Promise<Database> {
    const writer = await openConnection(file, sqlite3.OPEN_READWRITE);
    try {
      // The mark goes in before WAL is on, so it reaches the file's header at once: a new workspace whose
      // process dies before its first checkpoint must still be recognised as ours.
      if (isNew) await exec(writer, `PRAGMA application_id = ${APPLICATION_ID}`);
      await exec(
        writer,
        'PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 1000;',
      );
      await migrate(writer);
    } catch (error) {
      await closeConnection(writer);
      throw error;
    }
    const reader = await openConnection(file, sqlite3.OPEN_READONLY);
    await exec(reader, 'PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
    return new Database(file, writer, reader);
  }

  /** Reads committed data (never sees a write transaction half-way). */
  all<T = Row>(sql: string, params: SqlValue[] = []): Promise<T[]> {
    this.assertOpen();
    return all<T>(this.reader, sql, params);
  }

  async get<T = Row>(sql: string, params: SqlValue[] = []): Promise<T | undefined> {
    const rows = await this.all<T>(sql, params);
    return rows[0];
  }

  /**
   * Runs `body` in one write transaction (BEGIN IMMEDIATE … COMMIT), after
   * every write queued before it has finished. Rolls back on any error.
   */
  write<T>(body: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    this.assertOpen();
    const job = this.writeTail.then(async () => {
      await this.checked;
      if (this.accessState.mode === 'read-only' || !this.writer)
        throw new WorkspaceReadOnly(
          `${this.filePath} is open read-only (${this.accessState.reason ?? 'read-only'}); nothing was changed`,
        );
      return this.runTransaction(this.writer, body);
    });
    this.writeTail = job.catch(() => undefined);
    return job;
  }

  /**
   * BEGIN IMMEDIATE, waiting for another program's write lock (each attempt waits the writer's
   * busy_timeout, 1 s) up to lockWaitMs, saying once that it waits; then a clear WorkspaceBusy error.
   */
  private async begin(writer: sqlite3.Database): Promise<void> {
    const started = Date.now();
    let told = false;
    for (;;) {
      try {
        await run(writer, 'BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        if (!told) {
          told = true;
          this.onLockWait?.(
            `Waiting for another program that is writing to ${this.filePath} (another energy-ledger command, the app or a backup); giving up after ${Math.round(this.lockWaitMs / 1000)} s…`,
          );
        }
        const waited = Date.now() - started;
        if (waited >= this.lockWaitMs)
          throw new WorkspaceBusy(
            `${this.filePath} is being written by another program (another energy-ledger command, the app or a backup) and stayed locked for ${Math.round(waited / 1000)} s; nothing was changed. Try again when it has finished`,
          );
      }
    }
  }

  private async runTransaction<T>(
    writer: sqlite3.Database,
    body: (tx: WriteTransaction) => Promise<T>,
  ): Promise<T> {
    const statements: sqlite3.Statement[] = [];
    const tx: WriteTransaction = {
      run: (sql, params = []) => run(writer, sql, params),
      all: (sql, params = []) => all(writer, sql, params),
      prepare(sql) {
        const statement = writer.prepare(sql);
        statements.push(statement);
        return {
          run: (params) =>
            new Promise<void>((resolve, reject) =>
              statement.run(params, (error: Error | null) => (error ? reject(error) : resolve())),
            ),
        };
      },
      async insertMany(table, columns, rows, options = {}) {
        if (rows.length === 0) return;
        const verb = options.orReplace ? 'INSERT OR REPLACE' : 'INSERT';
        const head = `${verb} INTO ${table} (${columns.join(',')}) `;
        const jsonSafe = rows.every((row) =>
          row.every(
            (v) => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isSafeInteger(v)),
          ),
        );
        if (jsonSafe) {
          // One JSON text per chunk, unpacked by SQLite's json_each: binding six values per row through
          // node-sqlite3 costs more than the insert itself (measured 2× faster). Strings stay TEXT,
          // safe integers INTEGER, nulls NULL.
          const select = `SELECT ${columns.map((_, i) => `value ->> ${i}`).join(', ')} FROM json_each(?)`;
          for (let i = 0; i < rows.length; i += 5_000) {
            await run(writer, head + select, [JSON.stringify(rows.slice(i, i + 5_000))]);
          }
          return;
        }
        const perStatement = Math.max(1, Math.min(500, Math.floor(SQLITE_MAX_VARIABLES / columns.length)));
        const rowPlaceholder = `(${columns.map(() => '?').join(',')})`;
        for (let i = 0; i < rows.length; i += perStatement) {
          const chunk = rows.slice(i, i + perStatement);
          await run(writer, `${head}VALUES ${chunk.map(() => rowPlaceholder).join(',')}`, chunk.flat());
        }
      },
    };
    await this.begin(writer);
    try {
      const result = await body(tx);
      await run(writer, 'COMMIT');
      return result;
    } catch (error) {
      await run(writer, 'ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await Promise.all(
        statements.map((statement) => new Promise<void>((resolve) => statement.finalize(() => resolve()))),
      );
    }
  }

  /**
   * Writes a consistent copy with VACUUM INTO (never a raw copy of a WAL database), under a
   * temporary name moved into place when complete: a copy killed half-way leaves nothing.
   */
  async saveCopy(target: string): Promise<void> {
    const resolved = path.resolve(target);
    await refuseExisting(resolved, 'copy');
    await this.writeTail;
    await produceFileAtomic(resolved, async (partial) => {
      // VACUUM INTO only reads its source, so a read-only workspace can be copied too.
      await run(this.writer ?? this.reader, 'VACUUM INTO ?', [partial]);
      // VACUUM INTO writes through a rollback journal beside the copy; none may be left.
      await fs.rm(`${partial}-journal`, { force: true });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writeTail;
    // A one-shot command that only read does not wait for the whole file to be checked.
    this.checkControl.interrupt?.();
    await this.checked.catch(() => undefined);
    await closeConnection(this.reader);
    if (!this.writer) return;
    // A clean checkpoint on close keeps the main file self-contained for copies and header checks.
    await exec(this.writer, 'PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
    await closeConnection(this.writer);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the workspace is closed');
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

function damagedAccess(damage: string[]): WorkspaceAccess {
  return {
    mode: 'read-only',
    reason: `the file is damaged (${damage.length} problem(s) found by SQLite's integrity check; 'energy-ledger check' lists them): it opens read-only so nothing more is written into it. Restore a backup, or copy out what you need`,
    damage,
  };
}

/**
 * Applies pending migrations, each in its own transaction. A migration whose
 * first line is `-- rebuilds-tables` follows SQLite's procedure for changing a
 * table's definition: foreign keys off around the transaction (they cannot be
 * switched inside one) and PRAGMA foreign_key_check before it commits.
 */
async function migrate(db: sqlite3.Database): Promise<void> {
  const [row] = await all<{ user_version: number }>(db, 'PRAGMA user_version');
  const current = row?.user_version ?? 0;
  for (let version = current + 1; version <= migrations.length; version++) {
    const migration = migrations[version - 1]!;
    const rebuilds = migration.sql.startsWith('-- rebuilds-tables');
    if (rebuilds) await exec(db, 'PRAGMA foreign_keys = OFF');
    await run(db, 'BEGIN IMMEDIATE');
    try {
      await exec(db, migration.sql);
      if (rebuilds) {
        const broken = await all(db, 'PRAGMA foreign_key_check');
        if (broken.length > 0) throw new Error(`it would break ${broken.length} foreign key reference(s)`);
      }
      await exec(db, `PRAGMA user_version = ${version}`);
      await run(db, 'COMMIT');
    } catch (error) {
      await run(db, 'ROLLBACK').catch(() => undefined);
      throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`);
    } finally {
      if (rebuilds) await exec(db, 'PRAGMA foreign_keys = ON');
    }
  }
}
