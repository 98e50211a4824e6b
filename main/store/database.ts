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

import sqlite3 from 'sqlite3';

import { migrations } from './migrations';

/** 'ELDG' — marks a SQLite file as an Energy Ledger workspace (PRAGMA application_id). */
export const APPLICATION_ID = 0x454c4447;
export const SCHEMA_VERSION = migrations.length;

export class WorkspaceFileError extends Error {
  constructor(
    readonly filePath: string,
    readonly reason: 'missing' | 'not-sqlite' | 'truncated' | 'foreign' | 'newer-schema' | 'unreadable',
    message: string,
  ) {
    super(message);
    this.name = 'WorkspaceFileError';
  }
}

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

/** Reads and checks the 100-byte SQLite header without opening the file for SQLite. */
async function readHeader(file: string): Promise<HeaderFacts> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, fsConstants.O_RDONLY);
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
    readOnly = await openConnection(file, sqlite3.OPEN_READONLY);
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

  private constructor(
    readonly filePath: string,
    private readonly writer: sqlite3.Database,
    private readonly reader: sqlite3.Database,
  ) {}

  /** Opens an existing workspace file, checking it read-only first, then migrating it. */
  static async open(file: string): Promise<Database> {
    const resolved = path.resolve(file);
    await inspectWorkspaceFile(resolved);
    return Database.connect(resolved);
  }

  /** Creates a new, empty workspace file. Refuses to overwrite anything. */
  static async create(file: string): Promise<Database> {
    const resolved = path.resolve(file);
    try {
      const handle = await fs.open(resolved, 'wx');
      await handle.close();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new WorkspaceFileError(
          resolved,
          'unreadable',
          `${resolved}: already exists; choose a new file name`,
        );
      }
      throw error;
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
        'PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;',
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
    const job = this.writeTail.then(() => this.runTransaction(body));
    this.writeTail = job.catch(() => undefined);
    return job;
  }

  private async runTransaction<T>(body: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    const statements: sqlite3.Statement[] = [];
    const writer = this.writer;
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
    await run(writer, 'BEGIN IMMEDIATE');
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

  /** Writes a consistent copy with VACUUM INTO (never a raw copy of a WAL database). */
  async saveCopy(target: string): Promise<void> {
    const resolved = path.resolve(target);
    try {
      await fs.access(resolved);
      throw new Error(`${resolved}: already exists; choose a new file name for the copy`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await this.writeTail;
    await run(this.writer, 'VACUUM INTO ?', [resolved]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writeTail;
    await closeConnection(this.reader);
    // A clean checkpoint on close keeps the main file self-contained for copies and header checks.
    await exec(this.writer, 'PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
    await closeConnection(this.writer);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the workspace is closed');
  }
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
