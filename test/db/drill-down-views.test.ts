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

import { formatPricePerKwh } from '../../main/engine/money';
import { Workspace } from '../../main/store/workspace';
import { breakdownChartOption } from '../../renderer/src/charts/drill-charts';
import { formatLocalIso, hourStarts, monthRangeUtc } from '../../shared/time';
import { Dec } from '../../shared/units';
import { importGoldenNovember } from '../helpers/golden';
import { writeMonthReadings } from '../helpers/month-files';
import { callOk, fixturesDir, importFileOk, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
let workspace: Workspace;
const TZ = 'Asia/Bangkok';
const METERS = ['gA-pv', 'gB-pv', 'c1-main', 'c2-main'];
const call = (name: string, input: unknown) => callOk(workspace, name, input);

beforeAll(async () => {
  workspace = await Workspace.create(temp.file('drill.sqlite'));
  await importFileOk(workspace, path.join(fixturesDir, 'workspace-golden.json'));
  await importGoldenNovember(workspace, temp.dir);
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
  unsold_reason?: {
    code: string;
    text: string;
    market_price: string | null;
    floor: string | null;
    feed_in: string | null;
  };
}

async function hoursOf(prosumerId: string, date: string): Promise<TrackedHour[]> {
  return (await call('prosumer:daily-tracking', { prosumerId, date, meterType: 1 })).data.transactions;
}
const at = (hours: TrackedHour[], local: string) => hours.find((h) => h.localHour.startsWith(local))!;

describe('why a leftover went unsold, from the run’s inputs', () => {
  it('below the offer’s floor: the hour’s market price and the floor', async () => {
    const noon = at(await hoursOf('gA', '2022-11-12'), '2022-11-12T12');
    expect(noon.unsold.allocation).toBe('0.666667');
    expect(noon.market_price).toBe('0.8000');
    expect(noon.unsold_reason).toMatchObject({
      code: 'below_floor',
      market_price: '0.8000',
      floor: '1.0000',
      feed_in: '0.0000',
      text: "the market price 0.8000 is below the offer's floor of 1.0000",
    });
    // Sold to the market an hour earlier: its price is the market's, and there is no reason to give.
    const eleven = at(await hoursOf('gA', '2022-11-12'), '2022-11-12T11');
    expect(eleven.open_market).toMatchObject({ allocation: '0.250001', price: '2.5000' });
    expect(eleven.unsold_reason).toBeUndefined();
  });

  it('an offer that keeps its leftovers, whatever the market pays', async () => {
    const noon = at(await hoursOf('gB', '2022-11-12'), '2022-11-12T12');
    expect(noon.unsold).toMatchObject({ allocation: '1.333333', price: '0.5000' });
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
    expect(at(hours, '2022-12-05T11')).toMatchObject({ market_price: '2.0000' });
    expect(at(hours, '2022-12-05T11').unsold_reason).toBeUndefined();
  });
});

/**
 * Every figure of the seed-000 views by its key, as docs/settlement.md's "Formats" list
 * says each kind is written. Collects [path, value] of each key met anywhere in the answer.
 */
function figures(answer: unknown, keys: string[], at = ''): [string, unknown][] {
  if (Array.isArray(answer)) return answer.flatMap((item, i) => figures(item, keys, `${at}[${i}]`));
  if (answer === null || typeof answer !== 'object') return [];
  return Object.entries(answer).flatMap(([key, value]) => [
    ...(keys.includes(key) ? [[`${at}.${key}`, value] as [string, unknown]] : []),
    ...figures(value, keys, `${at}.${key}`),
  ]);
}
const PRICE = /^-?\d+\.\d{4,}$/;
const MONEY = /^-?\d+\.\d{4}$/;
const KWH = /^-?\d+(\.\d{0,5}[1-9])?$/;
const SCORE = /^\d\.\d{4}$/;

async function everyView() {
  const month = { month: 11, year: 2022, meterType: 1 };
  const answers: Record<string, unknown> = {};
  for (const id of ['gA', 'gB']) {
    answers[`${id} transactions`] = await call('prosumer:transactions', { prosumerId: id, ...month });
    answers[`${id} distribution`] = await call('prosumer:distribution', { prosumerId: id, ...month });
    answers[`${id} revenue`] = await call('prosumer:revenue', { prosumerId: id, meterType: 1 });
    answers[`${id} payments`] = await call('prosumer:payments', {
      prosumerId: id,
      meterType: 1,
      asOf: '2023-01-31',
    });
    for (const period of ['D', 'W', 'Y'])
      answers[`${id} breakdown ${period}`] = await call('prosumer:breakdown', {
        prosumerId: id,
        period,
        date: '2022-11-12',
        meterType: 1,
      });
    for (const date of ['2022-11-12', '2022-12-05'])
      answers[`${id} daily tracking ${date}`] = await call('prosumer:daily-tracking', {
        prosumerId: id,
        date,
        meterType: 1,
      });
  }
  for (const id of ['c1', 'c2']) {
    answers[`${id} overview`] = await call('consumer:overview', { consumerId: id, ...month });
    answers[`${id} year`] = await call('consumer:year', { consumerId: id, year: 2022, meterType: 1 });
    answers[`${id} daily tracking`] = await call('consumer:daily-tracking', {
      consumerId: id,
      date: '2022-11-12',
      meterType: 1,
    });
  }
  return answers;
}

describe('one format for each kind of figure across the views (docs/settlement.md, Formats)', () => {
  it('writes a price per kWh exactly, with at least 4 decimals, never rounded', () => {
    expect(['3.2', '0.0396606', '-0.05', '2', '0.80', '0'].map((p) => formatPricePerKwh(p))).toEqual([
      '3.2000',
      '0.0396606',
      '-0.0500',
      '2.0000',
      '0.8000',
      '0.0000',
    ]);
    expect(formatPricePerKwh(null)).toBeNull();
  });

  it('writes one offer’s price as the same text in the distribution and in daily tracking', async () => {
    // gA sells at its offer's 3.2 per kWh: the month's average per buyer and each hour's line say it alike.
    const distribution = await call('prosumer:distribution', {
      prosumerId: 'gA',
      month: 11,
      year: 2022,
      meterType: 1,
    });
    const bought = distribution.data.traded.providers.find((p: { id: string }) => p.id === 'c1');
    const tracking = await call('prosumer:daily-tracking', {
      prosumerId: 'gA',
      date: '2022-11-12',
      meterType: 1,
    });
    const ten = at(tracking.data.transactions, '2022-11-12T10') as unknown as {
      traded: { id: string; price: string }[];
    };
    const line = ten.traded.find((l) => l.id === 'c1')!;
    expect(line.price).toBe('3.2000');
    expect(bought.price).toBe(line.price);
    // The consumer's side of the same lines: its overview and its own daily tracking.
    const overview = await call('consumer:overview', {
      consumerId: 'c1',
      month: 11,
      year: 2022,
      meterType: 1,
    });
    expect(overview.data.traded.providers.find((p: { id: string }) => p.id === 'gA').price).toBe('3.2000');
    const consumerTracking = await call('consumer:daily-tracking', {
      consumerId: 'c1',
      date: '2022-11-12',
      meterType: 1,
    });
    const consumerTen = consumerTracking.data.hours.find((h: { localHour: string }) =>
      h.localHour.startsWith('2022-11-12T10'),
    );
    expect(consumerTen.traded.find((l: { id: string }) => l.id === 'gA').price).toBe('3.2000');
  });

  it('writes every price, money, kWh, MWh and score string of every view in its one format', async () => {
    const answers = await everyView();
    const checked = { price: 0, money: 0, kwh: 0, mwh: 0, score: 0, due: 0 };
    const wrong: string[] = [];
    const check = (kind: keyof typeof checked, name: string, found: [string, unknown][], test: RegExp) => {
      for (const [where, value] of found) {
        if (value === null) continue;
        checked[kind] += 1;
        if (typeof value !== 'string' || !test.test(value))
          wrong.push(`${name}${where} = ${JSON.stringify(value)}`);
      }
    };
    for (const [name, answer] of Object.entries(answers)) {
      check('price', name, figures(answer, ['price', 'market_price', 'floor', 'feed_in']), PRICE);
      // total_cost is a string in the distribution and a number where the seed writes one.
      check(
        'money',
        name,
        figures(answer, ['cost', 'total_cost', 'amount']).filter(([, v]) => typeof v !== 'number'),
        MONEY,
      );
      check('kwh', name, figures(answer, ['allocation', 'total_allocation', 'load']), KWH);
      check('mwh', name, figures(answer, ['mwh']), /^-?\d+(\.\d{0,8}[1-9])?$/);
      check('score', name, figures(answer, ['cfe_score', 'cfe_share']), SCORE);
      // A statement's amount due is in the currency's minor unit (THB: 2 decimals).
      check('due', name, figures(answer, ['amount_due']), /^-?\d+\.\d{2}$/);
      // Figures the seed writes as numbers are JSON numbers: money to 4 decimals, kWh to 6,
      // percentages to 2, counts and RECs whole.
      for (const [keys, decimals] of [
        [['net_earnings', 'billPerPeriod', 'payment'], 4],
        [['usagePerPeriod'], 6],
        [['distributionPercentage'], 2],
        [['rec', 'numberOfProviders'], 0],
      ] as const)
        for (const [where, value] of figures(answer, [...keys]))
          if (
            // The distribution's open-market share alone is a string, as seed 000 writes it.
            typeof value !== (where === '.data.open_market.distributionPercentage' ? 'string' : 'number') ||
            !new RegExp(decimals === 0 ? '^-?\\d+$' : `^-?\\d+(\\.\\d{1,${decimals}})?$`).test(String(value))
          )
            wrong.push(`${name}${where} = ${JSON.stringify(value)}`);
      const breakdown = (answer as { data?: unknown }).data;
      if (name.includes('breakdown') && Array.isArray(breakdown))
        for (const entry of breakdown as { bill: Record<string, unknown>; usage: Record<string, unknown> }[])
          for (const value of [...Object.values(entry.bill), ...Object.values(entry.usage)])
            if (typeof value !== 'number') wrong.push(`${name} breakdown figure ${JSON.stringify(value)}`);
    }
    expect(wrong).toEqual([]);
    // Not vacuous: each kind was met.
    for (const count of Object.values(checked)) expect(count).toBeGreaterThan(0);
  });

  it('gives a year breakdown’s month without a run the seed’s zeros, marked settled: false', async () => {
    const year = await call('prosumer:breakdown', {
      prosumerId: 'gA',
      period: 'Y',
      date: '2022-11-12',
      meterType: 1,
    });
    const january = year.data[0];
    expect(january).toEqual({
      startDate: '2021-12-31 17:00:00',
      endDate: '2022-01-31 16:59:59',
      settled: false,
      bill: { traded: 0, open_market: 0, unsold: 0 },
      usage: { traded: 0, open_market: 0, unsold: 0 },
    });
    // A settled month has the same keys (its settled mark is the answer's own settled: true).
    expect(Object.keys(year.data[10]).sort()).toEqual(['bill', 'endDate', 'startDate', 'usage']);
    // The Months breakdown draws no bar for such a month (never a zero) and a bar for November.
    const option = breakdownChartOption(year.data, TZ, 'usage', 'THB', 'Y') as {
      series: { data: unknown[] }[];
    };
    for (const series of option.series) {
      expect(series.data.slice(0, 10)).toEqual(Array(10).fill('-'));
      expect(typeof series.data[10]).toBe('number');
    }
  });
});
