/**
 * Each migration is tested the Signal-Desktop way: build a workspace at the
 * version before it, put rows in, migrate, and check the rows came through.
 */
import sqlite3 from 'sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

import { APPLICATION_ID, SCHEMA_VERSION } from '../../main/store/database';
import { migrations } from '../../main/store/migrations';
import { Workspace } from '../../main/store/workspace';
import { tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
afterAll(() => temp.cleanup());

function exec(file: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (error) => {
      if (error) return reject(error);
      db.exec(sql, (execError) => db.close(() => (execError ? reject(execError) : resolve())));
    });
  });
}

async function workspaceAt(version: number, file: string): Promise<void> {
  await exec(file, `PRAGMA application_id = ${APPLICATION_ID};`);
  for (const migration of migrations.slice(0, version)) await exec(file, migration.sql);
  await exec(file, `PRAGMA user_version = ${version};`);
}

describe('schema migrations', () => {
  it('are numbered without gaps and the newest is what the code expects', () => {
    expect(migrations.map((m) => Number(m.name.slice(0, 4)))).toEqual(migrations.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(migrations.length);
  });

  it('0004 rebuilds the import log keeping every row, id and reference, and accepts payments imports', async () => {
    const file = temp.file('v3.sqlite');
    await workspaceAt(3, file);
    await exec(
      file,
      `INSERT INTO participants VALUES ('p1', 'Participant One', 'consumer');
       INSERT INTO meters (id, participant_id, direction) VALUES ('m1', 'p1', 'consumption');
       INSERT INTO imports (id, kind, file_name, sha256, imported_utc, status, rows_read, rows_stored, report_json)
         VALUES (7, 'readings', 'old.csv', 'abc', 1, 'stored', 1, 1, '{}');
       INSERT INTO readings (meter_id, start_utc, end_utc, energy_milliwh, import_id) VALUES ('m1', 3600, 7200, 42, 7);`,
    );
    const workspace = await Workspace.open(file);
    expect(await workspace.db.get('PRAGMA user_version')).toEqual({ user_version: SCHEMA_VERSION });
    expect(await workspace.db.all('SELECT id, kind, file_name FROM imports')).toEqual([
      { id: 7, kind: 'readings', file_name: 'old.csv' },
    ]);
    expect(await workspace.db.all('SELECT meter_id, energy_milliwh, import_id FROM readings')).toEqual([
      { meter_id: 'm1', energy_milliwh: 42, import_id: 7 },
    ]);
    expect(await workspace.db.all('PRAGMA foreign_key_check')).toEqual([]);
    await workspace.db.write((tx) =>
      tx.run(
        "INSERT INTO imports (kind, file_name, sha256, imported_utc, status, report_json) VALUES ('payments', 'p.csv', 'x', 1, 'stored', '{}')",
      ),
    );
    expect(await workspace.db.get('PRAGMA foreign_keys')).toEqual({ foreign_keys: 1 });
    await workspace.close();
  });
});
