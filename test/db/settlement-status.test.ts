/**
 * The stale-month status (issue 18): after an import that touches a settled month, the month's
 * run in force no longer stands for the inputs. `settlement:status` says so per month, naming
 * what changed since the run (imports added or no longer used, plans…), and settling again makes
 * it current; the import's own answer names the months to settle again. The screen that spares
 * most months their full identity (main/settlement/identity.ts) gives the answer the identity gives.
 */
import { writeFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { currentRunIdentity } from '../../main/settlement/identity';
import { latestPublishedRun } from '../../main/store/settlement-repository';
import { type Workspace } from '../../main/store/workspace';
import type { SettlementStatusDto } from '../../shared/contract';
import { goldenWorkspace, importGoldenMonth } from '../helpers/golden';
import { callOk, importFileOk, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
let workspace: Workspace;
const call = (name: string, input: unknown) => callOk(workspace, name, input);
const status = async (): Promise<SettlementStatusDto[]> => call('settlement:status', {});
const byMonth = async (month: string) => (await status()).find((s) => s.month === month)!;

/** The file correcting c1-main's reading at 10:00 on `day` (local). */
function correction(name: string, day: string, kWh: string) {
  const file = temp.file(name);
  writeFileSync(
    file,
    `meter_id,interval_start,interval_minutes,energy_kwh\nc1-main,${day}T10:00:00+07:00,60,${kWh}\n`,
  );
  return file;
}

/** What the identity itself says of every settled month: its run in force still stands or not. */
async function identitiesSay(): Promise<Record<string, boolean>> {
  const out: Record<string, boolean> = {};
  for (const month of ['2022-11', '2022-12', '2023-01']) {
    const run = (await latestPublishedRun(workspace.db, month))!;
    const now = await currentRunIdentity(workspace, month, false);
    out[month] = now.identity === run.identity;
  }
  return out;
}

beforeAll(async () => {
  workspace = await goldenWorkspace(temp.file('status.sqlite'));
  for (const month of ['2022-11', '2022-12', '2023-01']) {
    await importGoldenMonth(workspace, temp.dir, month, {
      [`gA-pv@${month}-12T10`]: '6',
      [`c1-main@${month}-12T10`]: '5',
      [`c2-main@${month}-12T10`]: '5',
    });
    await call('settlement:settle', { month });
  }
}, 60_000);
afterAll(async () => {
  await workspace.close();
  temp.cleanup();
});

describe('settlement:status', () => {
  it('says a settled month needs settling again after a correcting import, naming it, and not after settling', async () => {
    expect((await status()).map((s) => [s.month, s.status])).toEqual([
      ['2022-11', 'current'],
      ['2022-12', 'current'],
      ['2023-01', 'current'],
    ]);
    const november = await byMonth('2022-11');

    // A correcting file for November, replacing what is stored.
    const file = correction('c1-november-fix.csv', '2022-11-12', '7');
    const imported = await importFileOk(workspace, file, { onConflict: 'replace' });
    expect(imported).toMatchObject({
      status: 'stored',
      readingsReplaced: 1,
      settleAgain: [{ month: '2022-11', runId: november.runId }],
    });
    expect(imported.message).toContain(
      `it changes settled month(s) 2022-11 (run ${november.runId}): settle those months again`,
    );

    const stale = await byMonth('2022-11');
    expect(stale).toMatchObject({
      status: 'changed',
      runId: november.runId,
      changes: {
        importsAdded: [{ importId: imported.importId, fileName: 'c1-november-fix.csv' }],
        importsRemoved: [],
        engineVersion: null,
      },
    });
    expect(stale.changes.inputs.map((c) => c.input)).toEqual(['nets']);
    expect(stale.currentIdentity).not.toBe(stale.runIdentity);
    expect(stale.message).toBe(
      `2022-11: inputs changed since run ${november.runId}: 1 import added (#${imported.importId} c1-november-fix.csv); settle 2022-11 again`,
    );
    // The other months are untouched, and the screen agrees with the identities.
    expect((await status()).map((s) => s.status)).toEqual(['changed', 'current', 'current']);
    expect(await identitiesSay()).toEqual({ '2022-11': false, '2022-12': true, '2023-01': true });
    expect(await call('settlement:status', { month: '2022-11' })).toEqual([stale]);

    // Settled again: a new run in force, and the month is current.
    const settled = await call('settlement:settle', { month: '2022-11' });
    expect(settled.status).toBe('published');
    expect(await byMonth('2022-11')).toMatchObject({
      status: 'current',
      runId: settled.runId,
      currentIdentity: settled.identity,
    });

    // Undone, the correction leaves the month changed again (its import no longer used)…
    await call('imports:remove', { importId: imported.importId });
    expect(await byMonth('2022-11')).toMatchObject({
      status: 'changed',
      changes: { importsRemoved: [{ importId: imported.importId }] },
    });
    // …and back to the first run's inputs, settling gives that run's identity: no new run.
    const back = await call('settlement:settle', { month: '2022-11' });
    expect(back.identity).toBe(november.runIdentity);
    expect(await byMonth('2022-11')).toMatchObject({ status: 'current' });
  });

  it('a change of plans flags every month its terms reach, as the identity does', async () => {
    const definition = await call('workspace:get', {});
    const plan = definition.offerPlans.find((o: { id: string }) => o.id === 'gA-offer');
    plan.versions.push({ ...plan.versions[0], effectiveFrom: '2023-01-01', pricePerKwh: '3.5' });
    await call('workspace:import-definition', { definition });
    const statuses = await status();
    expect(statuses.map((s) => [s.month, s.status])).toEqual([
      ['2022-11', 'current'],
      ['2022-12', 'current'],
      ['2023-01', 'changed'],
    ]);
    expect(statuses[2]!.changes.inputs.map((c) => c.what)).toEqual([
      'offer plans (prices, open market, feed-in)',
    ]);
    expect(statuses[2]!.message).toContain(
      'offer plans (prices, open market, feed-in); settle 2023-01 again',
    );
    expect(await identitiesSay()).toEqual({ '2022-11': true, '2022-12': true, '2023-01': false });
    await call('settlement:settle', { month: '2023-01' });
    expect((await status()).map((s) => s.status)).toEqual(['current', 'current', 'current']);
  });

  it('a closed month settled again is held, not stale', async () => {
    await call('months:close', { month: '2022-12', outOfOrder: true });
    const file = correction('c1-december-fix.csv', '2022-12-12', '8');
    const imported = await importFileOk(workspace, file, { onConflict: 'replace' });
    expect(imported.settleAgain).toEqual([{ month: '2022-12', runId: expect.any(Number) }]);
    expect(await byMonth('2022-12')).toMatchObject({ status: 'changed' });
    const held = await call('settlement:settle', { month: '2022-12' });
    expect(held.status).toBe('held');
    expect(await byMonth('2022-12')).toMatchObject({ status: 'held', heldRunId: held.runId });
    await call('runs:accept', { runId: held.runId });
    expect(await byMonth('2022-12')).toMatchObject({ status: 'current', runId: held.runId });
  });

  it('answers without reading every month’s readings when nothing touched them', async () => {
    // Counted, not timed (the suite must hold on a busy machine): the queries that read the
    // readings' energy (the status may probe whether an import touched a month, never read it).
    const db = workspace.db;
    const all = db.all.bind(db);
    let readingQueries = 0;
    db.all = ((sql: string, params?: unknown[]) => {
      if (/\bFROM readings\b/.test(sql)) {
        if (/energy_milliwh[\s\S]*\bFROM readings\b/.test(sql)) readingQueries++;
        if (process.env.SHOW_SQL) console.log(sql.replace(/\s+/g, ' '));
      }
      return all(sql, params as never);
    }) as typeof db.all;
    try {
      for (const month of ['2022-11', '2022-12', '2023-01'])
        await currentRunIdentity(workspace, month, false);
      const byIdentities = readingQueries;
      readingQueries = 0;
      expect((await status()).every((s) => s.status === 'current')).toBe(true);
      // Recomputing the identities reads every settling meter's readings of all three months;
      // the status reads them only for a month an import touched since its run (December's
      // correction above, one month's meters), and screens the others with index probes.
      expect(byIdentities).toBeGreaterThan(0);
      expect(readingQueries).toBeLessThanOrEqual(byIdentities / 3);
    } finally {
      db.all = all;
    }
  });
});
