/**
 * Each migration is tested the Signal-Desktop way: build a workspace at the
 * version before it, put rows in, migrate, and check the rows came through.
 */
import sqlite3 from 'sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

import { migrations } from '../../main/store/migrations';
import { Workspace } from '../../main/store/workspace';
import { APPLICATION_ID, SCHEMA_VERSION } from '../../main/store/workspace-file';
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

  it('0014 numbers the statements a workspace already holds, month by month then by participant, from the statement run', async () => {
    const file = temp.file('v13.sqlite');
    await workspaceAt(13, file);
    const run = (id: number, month: string) =>
      `INSERT INTO settlement_runs (id, month, identity, period_start_utc, period_end_utc, engine_version, options_json, manifest_json, created_utc, status)
         VALUES (${id}, '${month}', 'r${id}', 1, 2, '1', '{}', '{}', ${id}, 'published');`;
    const daily = (runId: number, participant: string, side: string) =>
      `INSERT INTO settlement_daily VALUES (${runId}, 1, '${participant}', '${side}', '2022-01-01', 'traded', 1000, 12345, 0);`;
    await exec(
      file,
      [
        "INSERT INTO participants VALUES ('a', 'A', 'prosumer'), ('b', 'B', 'consumer'), ('c', 'C', 'consumer');",
        // January: run 1, closed, then re-settled (run 3, accepted) with c added: January's statements are run 1's.
        run(1, '2022-01'),
        daily(1, 'a', 'generator'),
        daily(1, 'b', 'consumer'),
        run(3, '2022-01'),
        daily(3, 'a', 'generator'),
        daily(3, 'c', 'consumer'),
        "INSERT INTO month_closes (month, run_id, closed_utc) VALUES ('2022-01', 1, 5);",
        "INSERT INTO run_holds (run_id, month, status, held_utc, decided_utc) VALUES (3, '2022-01', 'accepted', 6, 7);",
        // February: run 2 then run 4 (in force), and c's adjustment for January applied to it.
        run(2, '2022-02'),
        daily(2, 'a', 'generator'),
        daily(2, 'b', 'consumer'),
        run(4, '2022-02'),
        daily(4, 'b', 'consumer'),
        `INSERT INTO prior_period_adjustments (participant_id, original_month, from_run_id, to_run_id, amount, applied_month, created_utc)
           VALUES ('c', '2022-01', 1, 3, '-1.2345', '2022-02', 7);`,
      ].join('\n'),
    );
    const workspace = await Workspace.open(file);
    expect(
      await workspace.db.all('SELECT seq, participant_id, month, number FROM statement_numbers ORDER BY seq'),
    ).toEqual([
      { seq: 1, participant_id: 'a', month: '2022-01', number: 'EL-2022-000001' },
      { seq: 2, participant_id: 'b', month: '2022-01', number: 'EL-2022-000002' },
      { seq: 3, participant_id: 'b', month: '2022-02', number: 'EL-2022-000003' },
      { seq: 4, participant_id: 'c', month: '2022-02', number: 'EL-2022-000004' },
    ]);
    // The next statement issued follows on.
    await workspace.db.write((tx) =>
      tx.run(
        "INSERT INTO statement_numbers (seq, participant_id, month, number, issued_utc) VALUES (5, 'a', '2022-03', 'EL-2022-000005', 9)",
      ),
    );
    await workspace.close();
  });

  it('0015 gives what a workspace holds its integer ids, in the order of its codes, and numbers what comes after', async () => {
    const file = temp.file('v14.sqlite');
    await workspaceAt(14, file);
    const tariff = (id: string, rates: string[]) =>
      JSON.stringify({
        masterTariffId: id,
        versions: [
          { tariffId: `${id}-a`, rates: rates.slice(0, 1).map((r) => ({ tariffRateId: r })) },
          { tariffId: `${id}-b`, rates: rates.map((r) => ({ tariffRateId: r })) },
        ],
      });
    await exec(
      file,
      `INSERT INTO participants VALUES ('p1', 'P1', 'consumer');
       INSERT INTO meters (id, participant_id, direction) VALUES ('m-b', 'p1', 'consumption'), ('m-a', 'p1', 'consumption');
       INSERT INTO meters (id, participant_id, direction, is_virtual) VALUES ('v-1', 'p1', 'consumption', 1);
       INSERT INTO meter_groups (id, name) VALUES ('g', 'G');
       INSERT INTO tariffs (master_tariff_id, tariff_json, source, saved_utc) VALUES
         ('t-2', '${tariff('t-2', ['energy', 'vat'])}', 'json', 1), ('t-1', '${tariff('t-1', ['energy'])}', 'json', 1);
       INSERT INTO accounts (id, participant_id, master_tariff_id) VALUES ('acc', 'p1', 't-1');`,
    );
    const workspace = await Workspace.open(file);
    const rows = () =>
      workspace.db.all('SELECT kind, scope, code, number FROM code_numbers ORDER BY kind, number');
    expect(await rows()).toEqual([
      { kind: 'account', scope: '', code: 'acc', number: 1 },
      { kind: 'channel', scope: '', code: 'm-a', number: 1 },
      { kind: 'channel', scope: '', code: 'm-b', number: 2 },
      { kind: 'meter', scope: '', code: 'm-a', number: 1 },
      { kind: 'meter', scope: '', code: 'm-b', number: 2 },
      { kind: 'meter', scope: '', code: 'v-1', number: 3 },
      { kind: 'meter_group', scope: '', code: 'g', number: 1 },
      { kind: 'tariff', scope: '', code: 't-1', number: 1 },
      { kind: 'tariff', scope: '', code: 't-2', number: 2 },
      // A rate's code is its tariff's: t-1's energy and t-2's energy are two rates.
      { kind: 'tariff_rate', scope: 't-1', code: 'energy', number: 1 },
      { kind: 'tariff_rate', scope: 't-2', code: 'energy', number: 2 },
      { kind: 'tariff_rate', scope: 't-2', code: 'vat', number: 3 },
      // So are its versions (seed 001's tariffId assumption is an integer).
      { kind: 'tariff_version', scope: 't-1', code: 't-1-a', number: 1 },
      { kind: 'tariff_version', scope: 't-1', code: 't-1-b', number: 2 },
      { kind: 'tariff_version', scope: 't-2', code: 't-2-a', number: 3 },
      { kind: 'tariff_version', scope: 't-2', code: 't-2-b', number: 4 },
    ]);
    // What is stored after the migration is numbered by the triggers, after what was there.
    await workspace.db.write(async (tx) => {
      await tx.run("INSERT INTO meters (id, participant_id, direction) VALUES ('m-0', 'p1', 'consumption')");
      await tx.run(
        "INSERT INTO accounts (id, participant_id, master_tariff_id) VALUES ('acc-0', 'p1', 't-2')",
      );
    });
    expect(
      await workspace.db.all(
        "SELECT kind, code, number FROM code_numbers WHERE code IN ('m-0', 'acc-0') ORDER BY kind",
      ),
    ).toEqual([
      { kind: 'account', code: 'acc-0', number: 2 },
      { kind: 'channel', code: 'm-0', number: 3 },
      { kind: 'meter', code: 'm-0', number: 4 },
    ]);
    await workspace.close();
  });
});
