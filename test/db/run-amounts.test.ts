/**
 * A run's amounts per participant (what each statement of the run comes to) are kept by the
 * open store once read (issue 21): a published run's rows never change. The kept answer is the
 * one summed from the rows; reading it again asks the store nothing; a new run of the month is
 * summed afresh, and the earlier run still answers what it did.
 */
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { latestPublishedRun, participantAmounts } from '../../main/store/settlement-repository';
import type { Store } from '../../main/store/store';
import { Workspace } from '../../main/store/workspace';
import { GOLDEN_METERS, GOLDEN_NOVEMBER_READINGS, GOLDEN_TZ, settledGoldenNovember } from '../helpers/golden';
import { writeMonthReadings } from '../helpers/month-files';
import { callOk, importFileOk, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
let workspace: Workspace;
const file = () => temp.file('amounts.sqlite');

/** The store, counting the reads that reach it. */
function counted(db: Store): { store: Store; reads: () => number } {
  let reads = 0;
  const store = new Proxy(db, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key === 'all' || key === 'get')
        return (...args: unknown[]) => {
          reads++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store, reads: () => reads };
}

beforeAll(async () => {
  workspace = await settledGoldenNovember(file(), temp.dir);
}, 60_000);
afterAll(async () => {
  await workspace.close();
  temp.cleanup();
});

describe("a run's amounts per participant", () => {
  it('are summed once per open store, and the kept answer is the summed one', async () => {
    const run = (await latestPublishedRun(workspace.db, '2022-11'))!;
    const { store, reads } = counted(workspace.db);
    const first = await participantAmounts(store, run.id);
    expect(reads()).toBe(2);
    expect([...first.keys()].sort()).toEqual(['c1', 'c2', 'gA', 'gB']);
    expect(first.get('gA')! > 0n).toBe(true);
    expect(first.get('c1')! < 0n).toBe(true);
    const again = await participantAmounts(store, run.id);
    expect(again).toBe(first);
    expect(reads()).toBe(2);
    // Another process opening the same file sums the same rows to the same amounts.
    const other = await Workspace.open(file(), { readOnly: true });
    try {
      expect(new Map(await participantAmounts(other.db, run.id))).toEqual(new Map(first));
    } finally {
      await other.close();
    }
  });

  it('of a new run are summed afresh, and the earlier run still answers what it did', async () => {
    const before = (await latestPublishedRun(workspace.db, '2022-11'))!;
    const was = new Map(await participantAmounts(workspace.db, before.id));
    // gA produces twice as much at 10:00 on 12 November: a new run, gA earns more.
    const changed = path.join(temp.dir, 'november-changed.csv');
    writeMonthReadings(changed, '2022-11', GOLDEN_TZ, GOLDEN_METERS, {
      ...GOLDEN_NOVEMBER_READINGS,
      'gA-pv@2022-11-12T10': '12',
    });
    await importFileOk(workspace, changed, { onConflict: 'replace' });
    await callOk(workspace, 'settlement:settle', { month: '2022-11' });
    const after = (await latestPublishedRun(workspace.db, '2022-11'))!;
    expect(after.id).toBeGreaterThan(before.id);
    const now = await participantAmounts(workspace.db, after.id);
    expect(now.get('gA')! > was.get('gA')!).toBe(true);
    expect(new Map(await participantAmounts(workspace.db, before.id))).toEqual(was);
  });

  it('of a run with no rows are not kept: the run may not be written yet', async () => {
    const { store, reads } = counted(workspace.db);
    expect((await participantAmounts(store, 999_999)).size).toBe(0);
    expect((await participantAmounts(store, 999_999)).size).toBe(0);
    expect(reads()).toBe(4);
  });
});
