/**
 * node-sqlite3's callbacks as promises, and opening connections: the only file besides
 * database.ts and workspace-file.ts that touches the sqlite3 package.
 */
import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import sqlite3 from 'sqlite3';

import type { Row, SqlValue } from './store';

export function run(
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

export function all<T = Row>(db: sqlite3.Database, sql: string, params: SqlValue[] = []): Promise<T[]> {
  return new Promise((resolve, reject) => {
    db.all(sql, params, (error: Error | null, rows: T[]) => (error ? reject(error) : resolve(rows)));
  });
}

export function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));
}

export function openConnection(file: string, mode: number): Promise<sqlite3.Database> {
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
export async function openReadOnlyConnection(file: string): Promise<sqlite3.Database> {
  if (await canWrite(file)) return openConnection(file, sqlite3.OPEN_READONLY);
  const pendingLog = await fs
    .stat(`${file}-wal`)
    .then((log) => log.size > 0)
    .catch(() => false);
  if (pendingLog) return openConnection(file, sqlite3.OPEN_READONLY);
  return openConnection(`${pathToFileURL(file).href}?immutable=1`, sqlite3.OPEN_READONLY | sqlite3.OPEN_URI);
}

export function closeConnection(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
}

/** True when this process may write the file and create its -wal and -shm files beside it. */
export async function canWrite(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsConstants.W_OK);
    await fs.access(path.dirname(file), fsConstants.W_OK);
    return true;
  } catch {
    return false;
  }
}
