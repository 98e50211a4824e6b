/**
 * Issue 18, a newcomer's first hour: the app opens on the workspace's own data, never on a fixed
 * month. `workspace:summary` names the month to open on (the latest settled month, else the
 * latest month with readings, else the current month, in the workspace's timezone), and a stored
 * readings import names the months it stored readings in, each settled or not, so that the
 * import can point to settling them next.
 */
import { writeFileSync } from 'node:fs';

import { afterAll, describe, expect, it } from 'vitest';

import { Workspace } from '../../main/store/workspace';
import { localMonthOf } from '../../shared/time';
import { settleSmallMonth, writeMonthReadings } from '../helpers/month-files';
import { callOk, importFileOk, smallWorkspace, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
afterAll(() => temp.cleanup());

const METERS = ['gen-a-pv', 'con-b-main', 'con-c-main'];

describe('the month the app opens on (workspace:summary defaultMonth)', () => {
  it('is the current month in a workspace without data', async () => {
    const before = localMonthOf(Math.floor(Date.now() / 1000), 'Asia/Bangkok');
    const workspace = await Workspace.create(temp.file('empty.sqlite'), { name: 'New market' });
    const summary = await callOk(workspace, 'workspace:summary', {});
    const after = localMonthOf(Math.floor(Date.now() / 1000), 'Asia/Bangkok');
    expect(summary.timezone).toBe('Asia/Bangkok');
    expect(summary.defaultMonthFrom).toBe('today');
    expect([before, after]).toContain(summary.defaultMonth);
    await workspace.close();
  });

  it('is the latest month with readings until one is settled, then the latest settled month', async () => {
    const workspace = await smallWorkspace(temp.file('market.sqlite'));
    // A reading at 17:00 UTC on 30 June is midnight on 1 July in Bangkok: July is the latest month.
    writeFileSync(
      temp.file('midnight.csv'),
      'meter_id,interval_start,interval_minutes,energy_kwh\ncon-b-main,2024-06-30T17:00:00Z,60,1.5\n',
    );
    writeMonthReadings(temp.file('june.csv'), '2024-06', 'Asia/Bangkok', METERS, {});
    await importFileOk(workspace, temp.file('june.csv'));
    expect(await callOk(workspace, 'workspace:summary', {})).toMatchObject({
      defaultMonth: '2024-06',
      defaultMonthFrom: 'readings',
    });
    await importFileOk(workspace, temp.file('midnight.csv'));
    expect(await callOk(workspace, 'workspace:summary', {})).toMatchObject({
      defaultMonth: '2024-07',
      defaultMonthFrom: 'readings',
    });

    // Settling March makes it the month to open on, though later months have readings.
    await settleSmallMonth(workspace, temp.dir, '2024-03');
    expect(await callOk(workspace, 'workspace:summary', {})).toMatchObject({
      defaultMonth: '2024-03',
      defaultMonthFrom: 'settled',
    });
    await workspace.close();
  });

  it('counts only meters that settle', async () => {
    const workspace = await smallWorkspace(temp.file('sub-meter.sqlite'));
    const definition = await callOk(workspace, 'workspace:get', {});
    definition.meters.push({
      id: 'con-b-sub',
      participantId: 'con-b',
      direction: 'consumption',
      settles: false,
    });
    await callOk(workspace, 'workspace:import-definition', { definition });
    writeMonthReadings(temp.file('may.csv'), '2024-05', 'Asia/Bangkok', METERS, {});
    writeMonthReadings(temp.file('sub-august.csv'), '2024-08', 'Asia/Bangkok', ['con-b-sub'], {});
    await importFileOk(workspace, temp.file('may.csv'));
    await importFileOk(workspace, temp.file('sub-august.csv'));
    expect(await callOk(workspace, 'workspace:summary', {})).toMatchObject({
      defaultMonth: '2024-05',
      defaultMonthFrom: 'readings',
    });
    await workspace.close();
  });
});

describe('the months a readings import touched (monthsTouched)', () => {
  it('names each local month it stored readings in, skipping months between without any, with its run in force', async () => {
    const workspace = await smallWorkspace(temp.file('touched.sqlite'));
    await settleSmallMonth(workspace, temp.dir, '2024-03');
    const [run] = await callOk(workspace, 'runs:list', { month: '2024-03' });

    // March (settled), nothing in April, May (not settled), and 1 July local (30 June UTC).
    const rows = [
      'meter_id,interval_start,interval_minutes,energy_kwh',
      'con-b-main,2024-03-10T12:00:00+07:00,60,9.000',
      'con-c-main,2024-05-02T08:00:00+07:00,60,2.000',
      'con-c-main,2024-05-02T09:00:00+07:00,60,2.000',
      'gen-a-pv,2024-06-30T17:00:00Z,60,0.000',
    ];
    writeFileSync(temp.file('spread.csv'), `${rows.join('\n')}\n`);
    const report = await importFileOk(workspace, temp.file('spread.csv'), { onConflict: 'replace' });
    expect(report.monthsTouched).toEqual([
      { month: '2024-03', runId: run.id },
      { month: '2024-05', runId: null },
      { month: '2024-07', runId: null },
    ]);
    // March's run used the reading replaced: it is the month to settle again.
    expect(report.settleAgain).toEqual([{ month: '2024-03', runId: run.id }]);

    // A dry run stores nothing, so it touches no month; prices are not readings.
    writeMonthReadings(temp.file('june-dry.csv'), '2024-06', 'Asia/Bangkok', METERS, {});
    const dry = await importFileOk(workspace, temp.file('june-dry.csv'), { dryRun: true });
    expect(dry.monthsTouched).toBeUndefined();
    await workspace.close();
  });
});

describe('the first definition saved', () => {
  it('says it cannot be undone, and a later one that undoing restores the one it replaced', async () => {
    const workspace = await Workspace.create(temp.file('first-definition.sqlite'), { name: 'New market' });
    const source = await smallWorkspace(temp.file('source.sqlite'));
    const definition = await callOk(source, 'workspace:get', {});
    await source.close();
    const first = await callOk(workspace, 'workspace:save-definition', { definition });
    expect(first.message).toContain(
      "it is the workspace's first definition: there is none before it to restore, so this import cannot be undone",
    );
    expect(first.message).not.toContain('restores the definition it replaced');
    const refused = await callOk(workspace, 'imports:remove', { importId: first.importId }).catch(
      (error: Error) => error.message,
    );
    expect(refused).toContain("is the workspace's first definition");

    definition.settings.name = 'Renamed market';
    const second = await callOk(workspace, 'workspace:save-definition', { definition });
    expect(second.message).toContain('undoing this import restores the definition it replaced');
    await workspace.close();
  });
});
