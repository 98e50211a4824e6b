/**
 * Comparing runs (issue 10): after replacing one day's readings and settling
 * again, the diff names the import added, the readings as the changed input,
 * that day only, and only the participants it affects; runs of different
 * months are refused.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import { type Workspace } from '../../main/store/workspace';
import { goldenWorkspace } from '../helpers/golden';
import { writeMonthPrices, writeMonthReadings } from '../helpers/month-files';
import { callOk, importFileOk, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
const TZ = 'Asia/Bangkok';
let workspace: Workspace;

const call = (name: string, input: unknown) => callOk(workspace, name, input);
const importFile = (file: string, extra: Record<string, unknown> = {}) =>
  importFileOk(workspace, file, extra);

let first: number;
let second: number;

beforeAll(async () => {
  workspace = await goldenWorkspace(temp.file('diff.sqlite'));
  const base = {
    'gA-pv@2022-11-12T10': '6',
    'c1-main@2022-11-12T10': '5',
    'c2-main@2022-11-12T10': '5',
    'gA-pv@2022-11-20T10': '2',
  };
  const meters = ['gA-pv', 'gB-pv', 'c1-main', 'c2-main'];
  writeMonthReadings(temp.file('nov.csv'), '2022-11', TZ, meters, base);
  await importFile(temp.file('nov.csv'));
  writeMonthPrices(temp.file('prices.csv'), '2022-11', TZ, {});
  await importFile(temp.file('prices.csv'));
  first = (await call('settlement:settle', { month: '2022-11' })).runId;
  // Consumer One's corrected meter data for the 20th: 3 kWh at 10:00 instead of nothing.
  const lines = ['meter_id,interval_start,interval_minutes,energy_kwh'];
  for (let h = 0; h < 24; h++)
    lines.push(`c1-main,2022-11-20T${String(h).padStart(2, '0')}:00:00+07:00,60,${h === 10 ? '3' : '0'}`);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(temp.file('c1-corrected-20th.csv'), `${lines.join('\n')}\n`);
  await importFile(temp.file('c1-corrected-20th.csv'), { onConflict: 'replace' });
  second = (await call('settlement:settle', { month: '2022-11' })).runId;
  writeMonthReadings(temp.file('dec.csv'), '2022-12', TZ, meters, {});
  await importFile(temp.file('dec.csv'));
  writeMonthPrices(temp.file('dec-prices.csv'), '2022-12', TZ, {});
  await importFile(temp.file('dec-prices.csv'));
});
afterAll(async () => {
  await workspace.close();
  temp.cleanup();
});

describe('comparing runs', () => {
  it('names the import added, the readings changed, that day and only the participants it affects', async () => {
    const diff = await call('runs:diff', { a: first, b: second });
    expect(diff.identical).toBe(false);
    expect(diff.inputs.importsAdded.map((s: { fileName: string }) => s.fileName)).toEqual([
      'c1-corrected-20th.csv',
    ]);
    expect(diff.inputs.importsRemoved).toEqual([]);
    expect(diff.inputs.changed.map((c: { input: string }) => c.input)).toEqual(['nets']);
    expect(diff.inputs.engineVersion.changed).toBe(false);
    expect(diff.days).toEqual(['2022-11-20']);
    expect(diff.hoursDiffering).toBe(1);
    // Generator A's 2 kWh went to the open market; now they go to Consumer One, who buys the rest from the grid.
    expect(diff.participants).toEqual(['c1', 'gA']);
    const moved = Object.fromEntries(
      diff.totals.map((t: any) => [`${t.participantId}/${t.side}/${t.kind}`, t.delta.kWh]),
    );
    expect(moved).toEqual({
      'c1/consumer/grid': '1',
      'c1/consumer/traded': '2',
      'gA/generator/open_market': '-2',
      'gA/generator/traded': '2',
    });
    expect(
      diff.lines.map((l: any) => [l.localHour, l.kind, l.generatorId, l.consumerId, l.a.kWh, l.b.kWh]),
    ).toEqual([
      ['2022-11-20T10:00:00+07:00', 'grid', null, 'c1', '0', '1'],
      ['2022-11-20T10:00:00+07:00', 'open_market', 'gA', null, '2', '0'],
      ['2022-11-20T10:00:00+07:00', 'traded', 'gA', 'c1', '0', '2'],
    ]);
  });

  it('finds nothing between a run and itself, and refuses runs of different months', async () => {
    const same = await call('runs:diff', { a: second, b: second });
    expect(same).toMatchObject({ identical: true, linesDiffering: 0, participants: [] });
    const december = (await call('settlement:settle', { month: '2022-12' })).runId;
    const refused = await callOperation({ workspace }, 'runs:diff', { a: first, b: december });
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.error.message).toBe(
        `runs ${first} (2022-11) and ${december} (2022-12) settle different months; compare two runs of the same month`,
      );
  });
});
