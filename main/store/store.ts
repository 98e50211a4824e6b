/**
 * What the floors above the store hold of a workspace: a `Store` to read from and to write
 * through, whatever keeps the data (today one SQLite file: main/store/database.ts implements
 * it). Repository functions take a Store for reads, or the WriteTransaction of one write; only
 * main/store/ writes SQL. Every write is one transaction, queued behind the writes before it,
 * so two async callers never interleave their statements.
 */
export type SqlValue = string | number | bigint | null | Buffer;
export type Row = Record<string, SqlValue>;

/** How a workspace is open: for reading and writing, or read-only and why. */
export interface WorkspaceAccess {
  mode: 'read-write' | 'read-only';
  /** Why it is read-only, in one sentence a person can act on. */
  reason?: string;
  /** What PRAGMA quick_check found, when it found damage. */
  damage?: string[];
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

/** A workspace's data: reads see only committed data; writes go one at a time. */
export interface Store {
  /** The workspace file (or, for another backend, what names the workspace to a person). */
  readonly filePath: string;
  /** Told once per write that has to wait for another program's lock (the CLI prints it). */
  onLockWait: ((message: string) => void) | undefined;
  /** How long a write waits for another program's lock before giving up. */
  lockWaitMs: number;
  /** How the workspace is open, once its integrity check has run. */
  access(): Promise<WorkspaceAccess>;
  all<T = Row>(sql: string, params?: SqlValue[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: SqlValue[]): Promise<T | undefined>;
  /** Runs `body` in one write transaction after every write queued before it; rolls back on any error. */
  write<T>(body: (tx: WriteTransaction) => Promise<T>): Promise<T>;
  /** A consistent copy of the whole workspace as a new file; refuses to overwrite one. */
  saveCopy(target: string): Promise<void>;
  close(): Promise<void>;
}
