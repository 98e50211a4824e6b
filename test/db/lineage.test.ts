/**
 * Lineage (issue 10): from a month's figures or an hour's lines, the readings
 * (with the import each came from, as they stood when the run was made), the
 * plans, pool and market price that produced them. The readings add up to the
 * lines; an older run's hour shows the reading a later import replaced.
 */
import { writeFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Workspace } from '../../main/store/workspace';
import { Dec } from '../../shared/units';
import { goldenWorkspace, importGoldenMonth } from '../helpers/golden';
import { callOk, importFileOk, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
let workspace: Workspace;
let first: number;
let second: number;
const call = (name: string, input: unknown) => callOk(workspace, name, input);
const sum = (values: string[]) => values.reduce((s, v) => s.plus(v), new Dec(0)).toFixed();

beforeAll(async () => {
  workspace = await goldenWorkspace(temp.file('lineage.sqlite'));
  await importGoldenMonth(
    workspace,
    temp.dir,
    '2022-11',
    {
      'gA-pv@2022-11-12T10': '6',
      'c1-main@2022-11-12T10': '5',
      'c2-main@2022-11-12T10': '5',
      'gA-pv@2022-11-20T10': '2',
    },
    { '2022-11-20T10': '1.75' },
  );
  first = (await call('settlement:settle', { month: '2022-11' })).runId;
  const lines = ['meter_id,interval_start,interval_minutes,energy_kwh'];
  for (let h = 0; h < 24; h++)
    lines.push(`c1-main,2022-11-20T${String(h).padStart(2, '0')}:00:00+07:00,60,${h === 10 ? '3' : '0'}`);
  writeFileSync(temp.file('c1-corrected-20th.csv'), `${lines.join('\n')}\n`);
  await importFileOk(workspace, temp.file('c1-corrected-20th.csv'), { onConflict: 'replace' });
  second = (await call('settlement:settle', { month: '2022-11' })).runId;
});
afterAll(async () => {
  await workspace.close();
  temp.cleanup();
});

describe('lineage', () => {
  it("traces an hour's lines to the readings, imports, plans and price that produced them", async () => {
    const hour = '2022-11-20 03:00:00'; // 10:00 in Bangkok
    const now = await call('lineage:get', { participantId: 'c1', month: '2022-11', hour });
    expect(now.run.id).toBe(second);
    expect(now.scope).toMatchObject({ hourStartLocal: '2022-11-20T10:00:00+07:00', hours: 1 });
    const [meter] = now.meters;
    expect(meter).toMatchObject({ meterId: 'c1-main', direction: 'consumption', kWh: '3' });
    expect(meter.readings).toEqual([
      {
        startLocal: '2022-11-20T10:00:00+07:00',
        minutes: 60,
        kWh: '3',
        estimated: false,
        importId: 4,
        state: 'current',
      },
    ]);
    expect(meter.imports[0]).toMatchObject({
      importId: 4,
      fileName: 'c1-corrected-20th.csv',
      usedByRun: true,
    });
    expect(meter.imports[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    // The consumer's lines that hour add up to its reading: Generator A's 2 kWh traded, the rest from the grid.
    expect(sum(now.figures.map((f: any) => f.kWh))).toBe('3');
    expect(now.figures.map((f: any) => [f.kind, f.generatorId, f.kWh])).toEqual([
      ['grid', null, '1'],
      ['traded', 'gA', '2'],
    ]);
    expect(now.utilityPlans[0]).toMatchObject({ planId: 'egat' });
    expect(now.utilityPlans[0].hourPricePerKwh).toMatch(/^\d/);
    expect(now.pools.map((p: any) => p.poolId)).toEqual(['golden']);
    expect(now.marketPrices.hour).toEqual({ pricePerKwh: '1.75', importId: 3, state: 'current' });

    // The first run, made before the correction: the reading it read, since replaced, and its lines.
    const before = await call('lineage:get', { participantId: 'c1', month: '2022-11', hour, runId: first });
    expect(before.meters[0].readings).toEqual([
      {
        startLocal: '2022-11-20T10:00:00+07:00',
        minutes: 60,
        kWh: '0',
        estimated: false,
        importId: 2,
        state: 'superseded since',
      },
    ]);
    expect(before.figures).toEqual([]);

    // The generator's side of the same hour: its lines add up to its meter's reading; its offer plan in force.
    const gen = await call('lineage:get', { participantId: 'gA', month: '2022-11', hour });
    expect(sum(gen.figures.map((f: any) => f.kWh))).toBe(gen.meters[0].kWh);
    expect(gen.offerPlan.versions.length).toBe(1);
  });

  it("traces a month's figures: totals equal the overview, readings by import, prices by import", async () => {
    const month = await call('lineage:get', { participantId: 'c1', month: '2022-11' });
    const overview = (
      await call('consumer:overview', { consumerId: 'c1', month: 11, year: 2022, meterType: 1 })
    ).data;
    const figure = (kind: string) => month.figures.find((f: any) => f.kind === kind);
    expect(figure('traded').kWh).toBe(overview.traded.allocation);
    expect(figure('grid').kWh).toBe(overview.energy_load.allocation);
    expect(new Dec(figure('traded').amount).toFixed(4)).toBe(overview.traded.cost);
    const meter = month.meters[0];
    expect(sum(meter.imports.map((i: any) => i.kWh))).toBe(meter.kWh);
    expect(meter.imports.map((i: any) => [i.importId, i.readings])).toEqual([
      [2, 696],
      [4, 24],
    ]);
    expect(sum([figure('traded').kWh, figure('grid').kWh])).toBe(meter.kWh);
    expect(month.marketPrices.imports).toEqual([
      expect.objectContaining({ importId: 3, fileName: '2022-11-prices.csv', hours: 720 }),
    ]);
    await expect(
      call('lineage:get', { participantId: 'c1', month: '2022-11', hour: '2022-12-01 00:00:00' }),
    ).rejects.toThrow(/is not an hour of 2022-11/);
    await expect(call('lineage:get', { participantId: 'c1', month: '2023-01' })).rejects.toThrow(
      /2023-01 is not settled/,
    );
  });

  it('shows one reading per hour after corrections replaced each other before the run', async () => {
    // Two corrections of the 5th, one after the other, then a new run: only the last is read.
    for (const kWh of ['4', '7']) {
      const lines = ['meter_id,interval_start,interval_minutes,energy_kwh'];
      for (let h = 0; h < 24; h++)
        lines.push(`c1-main,2022-11-05T${String(h).padStart(2, '0')}:00:00+07:00,60,${h === 10 ? kWh : '0'}`);
      writeFileSync(temp.file(`c1-5th-${kWh}.csv`), `${lines.join('\n')}\n`);
      await importFileOk(workspace, temp.file(`c1-5th-${kWh}.csv`), { onConflict: 'replace' });
    }
    const third = (await call('settlement:settle', { month: '2022-11' })).runId;
    const hour = '2022-11-05 03:00:00';
    const now = await call('lineage:get', { participantId: 'c1', month: '2022-11', hour, runId: third });
    expect(now.meters[0].readings.map((r: any) => [r.kWh, r.importId, r.state])).toEqual([
      ['7', 6, 'current'],
    ]);
    expect(sum(now.figures.map((f: any) => f.kWh))).toBe('7');
    // The run before the corrections read the month's first file for that hour.
    const earlier = await call('lineage:get', { participantId: 'c1', month: '2022-11', hour, runId: second });
    expect(earlier.meters[0].readings.map((r: any) => [r.kWh, r.importId, r.state])).toEqual([
      ['0', 2, 'superseded since'],
    ]);
  });
});
