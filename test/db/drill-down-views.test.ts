/**
 * The drill-down's additions to the views, on the golden market
 * (test/fixtures/workspace-golden.json; settlement-golden.test.ts explains its hours):
 * a consumer's year month by month (consumer:year), and why a generator's leftover of
 * an hour went unsold (prosumer:daily-tracking's unsold_reason), read from the run's
 * inputs: the hour's market price, the offer's floor and whether it sells to the market.
 *
 * November as in the golden tests (12th 12:00: market 0.8 below gA's floor 1.0, and gB
 * never sells to the market); December adds one hour without a market price, 5th 10:00,
 * where gA has 1 kWh left over.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Workspace } from '../../main/store/workspace';
import { formatLocalIso, hourStarts, monthRangeUtc } from '../../shared/time';
import { Dec } from '../../shared/units';
import { writeMonthPrices, writeMonthReadings } from '../helpers/month-files';
import { callOk, fixturesDir, importFileOk, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
let workspace: Workspace;
const TZ = 'Asia/Bangkok';
const METERS = ['gA-pv', 'gB-pv', 'c1-main', 'c2-main'];
const call = (name: string, input: unknown) => callOk(workspace, name, input);

beforeAll(async () => {
  workspace = await Workspace.create(temp.file('drill.sqlite'));
  await importFileOk(workspace, path.join(fixturesDir, 'workspace-golden.json'));
  writeMonthReadings(temp.file('november.csv'), '2022-11', TZ, METERS, {
    'gA-pv@2022-11-12T10': '6',
    'gB-pv@2022-11-12T10': '4',
    'c1-main@2022-11-12T10': '5',
    'c2-main@2022-11-12T10': '5',
    'gA-pv@2022-11-12T11': '1.000001',
    'c1-main@2022-11-12T11': '0.5',
    'c2-main@2022-11-12T11': '0.25',
    'gA-pv@2022-11-12T12': '1',
    'gB-pv@2022-11-12T12': '2',
    'c1-main@2022-11-12T12': '1',
    'c1-main@2022-11-13T20': '2',
    'c2-main@2022-11-13T20': '1',
  });
  await importFileOk(workspace, temp.file('november.csv'));
  writeMonthPrices(temp.file('november-prices.csv'), '2022-11', TZ, {
    '2022-11-12T11': '2.5',
    '2022-11-12T12': '0.8',
  });
  await importFileOk(workspace, temp.file('november-prices.csv'));
  writeMonthReadings(temp.file('december.csv'), '2022-12', TZ, METERS, {
    'gA-pv@2022-12-05T10': '2',
    'c1-main@2022-12-05T10': '1',
    'c1-main@2022-12-05T11': '3',
  });
  await importFileOk(workspace, temp.file('december.csv'));
  // December's prices leave out 5 December 10:00.
  const { start, end } = monthRangeUtc('2022-12', TZ);
  const lines = ['interval_start,price_per_kwh'];
  for (const hour of hourStarts(start, end)) {
    const local = formatLocalIso(hour, TZ);
    if (!local.startsWith('2022-12-05T10')) lines.push(`${local},2.0`);
  }
  writeFileSync(temp.file('december-prices.csv'), `${lines.join('\n')}\n`);
  await importFileOk(workspace, temp.file('december-prices.csv'));
  for (const month of ['2022-11', '2022-12'])
    expect(await call('settlement:settle', { month })).toMatchObject({ status: 'published' });
});
afterAll(async () => {
  await workspace.close();
  temp.cleanup();
});

describe('a consumer’s year', () => {
  it('gives each settled month the overview’s figures and says the others are not settled', async () => {
    const { data } = await call('consumer:year', { consumerId: 'c1', year: 2022, meterType: 1 });
    expect(data).toMatchObject({ meterType: '1', year: 2022, settled: true, settled_months: 2 });
    expect(data.months).toHaveLength(12);
    for (const month of data.months.slice(0, 10)) {
      // A month without a run carries no figures at all: never zeros that look real.
      expect(Object.keys(month).sort()).toEqual(['endDate', 'month', 'settled', 'startDate']);
      expect(month.settled).toBe(false);
    }
    for (const [index, number] of [
      [10, 11],
      [11, 12],
    ] as const) {
      const month = data.months[index];
      const { data: overview } = await call('consumer:overview', {
        consumerId: 'c1',
        month: number,
        year: 2022,
        meterType: 1,
      });
      expect(month).toMatchObject({
        month: `2022-${number}`,
        settled: true,
        runId: overview.runId,
        traded: { allocation: overview.traded.allocation, cost: overview.traded.cost },
        grid: { allocation: overview.energy_load.allocation, cost: overview.energy_load.cost },
        cfe_score: overview.cfe_score,
      });
      expect(Number(month.cost)).toBe(overview.total_cost);
    }
  });

  it('totals the settled months; the year’s CFE score is Σ traded ÷ Σ load, not a sum of scores', async () => {
    const { data } = await call('consumer:year', { consumerId: 'c1', year: 2022, meterType: 1 });
    const [november, december] = data.months.slice(10);
    // November: c1 loads 8.5 kWh, 6.5 of them traded (10:00 5, 11:00 0.5, 12:00 1; 13th 20:00 2 from the grid).
    expect([november.load, november.traded.allocation, november.cfe_score]).toEqual(['8.5', '6.5', '0.7647']);
    // December: 4 kWh, 1 traded (5th 10:00) and 3 from the grid.
    expect([december.load, december.traded.allocation, december.cfe_score]).toEqual(['4', '1', '0.2500']);
    // 7.5 / 12.5 = 0.6 (the scores' sum would be 1.0147, their mean 0.5074).
    expect(data.totals).toMatchObject({
      load: '12.5',
      traded: { allocation: '7.5' },
      grid: { allocation: '5' },
      cfe_score: '0.6000',
    });
    expect(data.totals.cost).toBe(new Dec(november.cost).plus(december.cost).toFixed(4));
  });

  it('answers a year with no settled month as not settled', async () => {
    const { data } = await call('consumer:year', { consumerId: 'c1', year: 2021, meterType: 1 });
    expect(data.settled).toBe(false);
    expect(data.message).toContain('no month of 2021');
    expect(data.months.every((m: { settled: boolean }) => !m.settled)).toBe(true);
  });

  it('refuses an unknown participant', async () => {
    await expect(call('consumer:year', { consumerId: 'nobody', year: 2022, meterType: 1 })).rejects.toThrow(
      /does not exist/,
    );
  });
});

interface TrackedHour {
  localHour: string;
  market_price: string | null;
  open_market: { allocation: string; price: string | null };
  unsold: { allocation: string; price: string | null };
  unsold_reason?: { code: string; text: string; market_price: string | null; floor: string | null };
}

async function hoursOf(prosumerId: string, date: string): Promise<TrackedHour[]> {
  return (await call('prosumer:daily-tracking', { prosumerId, date, meterType: 1 })).data.transactions;
}
const at = (hours: TrackedHour[], local: string) => hours.find((h) => h.localHour.startsWith(local))!;

describe('why a leftover went unsold, from the run’s inputs', () => {
  it('below the offer’s floor: the hour’s market price and the floor', async () => {
    const noon = at(await hoursOf('gA', '2022-11-12'), '2022-11-12T12');
    expect(noon.unsold.allocation).toBe('0.666667');
    expect(noon.market_price).toBe('0.8');
    expect(noon.unsold_reason).toMatchObject({
      code: 'below_floor',
      market_price: '0.8',
      floor: '1',
      text: "the market price 0.8 is below the offer's floor of 1",
    });
    // Sold to the market an hour earlier: its price is the market's, and there is no reason to give.
    const eleven = at(await hoursOf('gA', '2022-11-12'), '2022-11-12T11');
    expect(eleven.open_market).toMatchObject({ allocation: '0.250001', price: '2.5' });
    expect(eleven.unsold_reason).toBeUndefined();
  });

  it('an offer that keeps its leftovers, whatever the market pays', async () => {
    const noon = at(await hoursOf('gB', '2022-11-12'), '2022-11-12T12');
    expect(noon.unsold).toMatchObject({ allocation: '1.333333', price: '0.5' });
    expect(noon.unsold_reason).toMatchObject({
      code: 'not_offered_to_market',
      text: 'the offer does not sell leftovers to the market',
    });
  });

  it('an hour without a market price', async () => {
    const hours = await hoursOf('gA', '2022-12-05');
    const ten = at(hours, '2022-12-05T10');
    expect(ten.unsold.allocation).toBe('1');
    expect(ten.market_price).toBeNull();
    expect(ten.open_market.price).toBeNull();
    expect(ten.unsold_reason).toMatchObject({ code: 'no_market_price', text: 'no market price that hour' });
    // Hours with nothing left over carry no reason; their market price is still given.
    expect(at(hours, '2022-12-05T11')).toMatchObject({ market_price: '2' });
    expect(at(hours, '2022-12-05T11').unsold_reason).toBeUndefined();
  });
});
