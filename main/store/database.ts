/**
 * The workspace file as a Store: one SQLite database per workspace (workspace-file.ts says how
 * a file is recognised before anything writes to it).
 *
 * Opening is careful because a user can point `--db` at anything: the file is checked by its
 * header bytes, then read-only for its schema version, and only if that schema is not newer
 * than ours is it opened for writing and migrated.
 *
 * One writer connection, one reader connection. Every write goes through a
 * single queue (`write`), so two async callers never interleave statements of
 * their transactions on the shared connection (node-sqlite3 #703, #1299).
 * Reads use their own connection and see only committed data (WAL).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import sqlite3 from 'sqlite3';

import { produceFileAtomic, refuseExisting } from '../atomic-file';

import { migrations } from './migrations';
import { all, canWrite, closeConnection, exec, openConnection, openReadOnlyConnection, run } from './sqlite';
import {
  WorkspaceBusy,
  WorkspaceReadOnly,
  type Row,
  type SqlValue,
  type Store,
  type WorkspaceAccess,
  type WriteTransaction,
} from './store';
import {
  APPLICATION_ID,
  inspectWorkspaceFile,
  quickCheck,
  SCHEMA_VERSION,
  WorkspaceFileError,
} from './workspace-file';

/**
 * How long a write waits for another program's write lock before giving up (the CLI says it is
 * waiting): 60 s, or ENERGY_LEDGER_LOCK_WAIT_SECONDS.
 */
export const LOCK_WAIT_MS =
  Number(process.env.ENERGY_LEDGER_LOCK_WAIT_SECONDS) > 0
    ? Math.min(Number(process.env.ENERGY_LEDGER_LOCK_WAIT_SECONDS), 3600) * 1000
    : 60_000;

const SQLITE_MAX_VARIABLES = 32_766;

/** A workspace file, open: the Store every floor above reads and writes through. */
export class Database implements Store {
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
