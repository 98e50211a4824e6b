import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, truncateSync, copyFileSync } from 'node:fs';

import sqlite3 from 'sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

import { Database } from '../../main/store/database';
import { Workspace } from '../../main/store/workspace';
import { APPLICATION_ID, SCHEMA_VERSION, WorkspaceFileError } from '../../main/store/workspace-file';
import { smallWorkspace, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
afterAll(() => temp.cleanup());

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function rawSqlite(file: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (error) => {
      if (error) return reject(error);
      db.exec(sql, (execError) => db.close(() => (execError ? reject(execError) : resolve())));
    });
  });
}

async function expectRefusedUntouched(file: string, reason: WorkspaceFileError['reason'], message: RegExp) {
  const before = sha(file);
  const error = await Workspace.open(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkspaceFileError);
  expect((error as WorkspaceFileError).reason).toBe(reason);
  expect((error as Error).message).toMatch(message);
  expect(sha(file)).toBe(before);
}

describe('opening workspace files', () => {
  it('creates a workspace marked with our application_id and the current schema version', async () => {
    const file = temp.file('new.sqlite');
    const workspace = await Workspace.create(file);
    expect(await workspace.db.get('PRAGMA application_id')).toEqual({ application_id: APPLICATION_ID });
    expect(await workspace.db.get('PRAGMA user_version')).toEqual({ user_version: SCHEMA_VERSION });
    expect(await workspace.db.get('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
    expect((await workspace.settings()).timezone).toBe('Asia/Bangkok');
    await workspace.close();
    const again = await Workspace.open(file);
    expect((await again.settings()).currency).toBe('THB');
    await again.close();
    await expect(Workspace.create(file)).rejects.toThrow(/already exists/);
  });

  it('refuses a text file and leaves it byte-for-byte unchanged', async () => {
    const file = temp.file('notes.txt');
    writeFileSync(file, 'meter readings, to do: call the utility\n'.repeat(50));
    await expectRefusedUntouched(
      file,
      'not-sqlite',
      /not an Energy Ledger workspace \(not a SQLite database file\)/,
    );
  });

  it('refuses an empty file', async () => {
    const file = temp.file('empty.sqlite');
    writeFileSync(file, '');
    await expectRefusedUntouched(file, 'not-sqlite', /not a SQLite database/);
  });

  it('refuses a foreign SQLite database untouched', async () => {
    const file = temp.file('foreign.sqlite');
    await rawSqlite(
      file,
      'CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, "x");',
    );
    await expectRefusedUntouched(file, 'foreign', /SQLite database but not an Energy Ledger workspace/);
  });

  it('refuses a truncated workspace untouched', async () => {
    const source = temp.file('to-truncate.sqlite');
    const workspace = await smallWorkspace(source);
    await workspace.close();
    const file = temp.file('truncated.sqlite');
    copyFileSync(source, file);
    truncateSync(file, 4096 + 100);
    await expectRefusedUntouched(file, 'truncated', /truncated/);
  });

  it('refuses a workspace from a newer schema without migrating it', async () => {
    const file = temp.file('newer.sqlite');
    const workspace = await Workspace.create(file);
    await workspace.close();
    await rawSqlite(file, `PRAGMA user_version = ${SCHEMA_VERSION + 1}; PRAGMA wal_checkpoint(TRUNCATE);`);
    await expectRefusedUntouched(file, 'newer-schema', /newer Energy Ledger/);
  });

  it('reports a missing file without creating it', async () => {
    await expect(Database.open(temp.file('missing.sqlite'))).rejects.toThrow(/no such workspace file/);
  });
});

describe('the write queue', () => {
  it('never interleaves concurrent transactions, and a failing one rolls back alone', async () => {
    const workspace = await smallWorkspace(temp.file('queue.sqlite'));
    const jobs = Array.from({ length: 25 }, (_, i) =>
      workspace.db.write(async (tx) => {
        await tx.run(
          'INSERT INTO payments (participant_id, statement_month, paid_on, amount, reference, recorded_utc) VALUES (?, ?, ?, ?, ?, ?)',
          ['con-b', '2022-01', '2022-02-01', `${i}.00`, `job ${i}`, 0],
        );
        await new Promise((resolve) => setTimeout(resolve, i % 3));
        // Each transaction sees only its own row on top of committed ones: never another job's uncommitted row.
        const rows = await tx.all<{ n: number }>('SELECT COUNT(*) AS n FROM payments WHERE reference = ?', [
          `job ${i}`,
        ]);
        if (rows[0]!.n !== 1) throw new Error('interleaved');
        if (i === 7) throw new Error('job 7 fails on purpose');
        return i;
      }),
    );
    const results = await Promise.allSettled(jobs);
    expect(
      results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.message),
    ).toEqual(['job 7 fails on purpose']);
    const stored = await workspace.db.all<{ reference: string }>(
      'SELECT reference FROM payments ORDER BY id',
    );
    expect(stored).toHaveLength(24);
    expect(stored.map((r) => r.reference)).not.toContain('job 7');
    await workspace.close();
  });
});

describe('saving a copy', () => {
  it('writes a consistent, openable copy with VACUUM INTO and refuses to overwrite', async () => {
    const workspace = await smallWorkspace(temp.file('original.sqlite'));
    const copy = temp.file('copy.sqlite');
    await workspace.saveCopy(copy);
    await expect(workspace.saveCopy(copy)).rejects.toThrow(/already exists/);
    const reopened = await Workspace.open(copy);
    expect(await reopened.db.all('SELECT id FROM participants ORDER BY id')).toEqual([
      { id: 'con-b' },
      { id: 'con-c' },
      { id: 'gen-a' },
    ]);
    await reopened.close();
    await workspace.close();
  });
});
