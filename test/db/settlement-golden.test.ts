/**
 * Golden tests of every seed-000 view on a small hand-built market
 * (test/fixtures/workspace-golden.json). Readings are zero in every hour of
 * November 2022 except these, all local (Asia/Bangkok) on 12 and 13 November:
 *
 *   H1 12th 10:00  gA 6 kWh, gB 4 kWh; c1 5, c2 5. S = D = 10 → a = P·L/10:
 *                  gA→c1 3, gA→c2 3, gB→c1 2, gB→c2 2 (kWh). Costs 3×3.2 = 9.6, 9.6; 2×3.0 = 6, 6.
 *   H2 12th 11:00  gA 1.000001 kWh; c1 0.5, c2 0.25. M = S = 1 000 001 mWh, T = 750 000:
 *                  a = P·L/M = 500 000 and 250 000 exactly. gA leftover 250 001 mWh, market 2.5 ≥ floor 1.0
 *                  → open market 0.250001 × 2.5 = 0.6250025 → 0.6250. Traded 1.6000 and 0.8000.
 *   H3 12th 12:00  gA 1 kWh, gB 2 kWh; c1 1 kWh. S = 3, D = 1, M = 3 000 000 mWh, T = 1 000 000:
 *                  gA 333 333.3, gB 666 666.6 → floors 333 333 + 666 666; 1 unit → gB (larger fraction) 666 667.
 *                  gA leftover 666 667 mWh, market 0.8 < floor 1.0 → unsold at feed-in 0 → 0.0000.
 *                  gB leftover 1 333 333 mWh, gB does not sell to market → unsold × 0.5 = 0.6666665 → 0.6667.
 *                  Traded gA→c1 0.333333 × 3.2 = 1.0666656 → 1.0667; gB→c1 0.666667 × 3.0 = 2.000001 → 2.0000.
 *   H4 13th 20:00  c1 2 kWh, c2 1 kWh, no supply → grid at 4.0: 8.0000 and 4.0000.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import type { Workspace } from '../../main/store/workspace';
import { Workspace as WorkspaceClass } from '../../main/store/workspace';
import { GOLDEN_METERS, GOLDEN_NOVEMBER_PRICES, GOLDEN_NOVEMBER_READINGS } from '../helpers/golden';
import { writeMonthPrices, writeMonthReadings } from '../helpers/month-files';
import { fixturesDir, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
let workspace: Workspace;
const TZ = 'Asia/Bangkok';
async function call(name: string, input: unknown) {
  const result = await callOperation({ workspace }, name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as any;
}

async function importFile(file: string) {
  const { createReadStream } = await import('node:fs');
  const result = await callOperation({ workspace, upload: () => createReadStream(file) }, 'imports:file', {
    fileName: path.basename(file),
    // These tests correct readings by importing new values over stored ones.
    onConflict: 'replace',
  });
  if (!result.ok) throw new Error(result.error.message);
}

beforeAll(async () => {
  workspace = await WorkspaceClass.create(temp.file('golden.sqlite'));
  await importFile(path.join(fixturesDir, 'workspace-golden.json'));
  writeMonthReadings(temp.file('readings.csv'), '2022-11', TZ, GOLDEN_METERS, GOLDEN_NOVEMBER_READINGS);
  await importFile(temp.file('readings.csv'));
  writeMonthPrices(temp.file('prices.csv'), '2022-11', TZ, GOLDEN_NOVEMBER_PRICES);
  await importFile(temp.file('prices.csv'));
  expect(await call('settlement:settle', { month: '2022-11' })).toMatchObject({
    status: 'published',
    lines: 13,
  });
});
afterAll(async () => {
  await workspace.close();
  temp.cleanup();
});

const month = { month: 11, year: 2022, meterType: 1 };

describe('seed-000 views on the golden market', () => {
  it('prosumer transactions', async () => {
    expect(await call('prosumer:transactions', { prosumerId: 'gA', ...month })).toEqual({
      data: {
        meterType: '1',
        settled: true,
        runId: 1,
        net_earnings: 23.2917,
        gap_hours: 0,
        traded: { name: 'traded', cost: '22.6667', rec: 0, allocation: '7.083333', mwh: '0.007083333' },
        open_market: {
          name: 'open_market',
          cost: '0.6250',
          rec: 0,
          allocation: '0.250001',
          mwh: '0.000250001',
        },
        unsold: { name: 'unsold', cost: '0.0000', rec: 0, allocation: '0.666667', mwh: '0.000666667' },
      },
    });
    const gB = await call('prosumer:transactions', { prosumerId: 'gB', ...month });
    expect(gB.data.net_earnings).toBe(14.6667);
    expect(gB.data.traded).toMatchObject({ cost: '14.0000', allocation: '4.666667' });
    expect(gB.data.unsold).toMatchObject({ cost: '0.6667', allocation: '1.333333' });
  });

  it('prosumer distribution: buyers, open market and unsold with shares summing to 100', async () => {
    const { data } = await call('prosumer:distribution', { prosumerId: 'gA', ...month });
    // 7 083 333 / 8 000 001 = 88.5416…, 250 001 / 8 000 001 = 3.1250…, 666 667 / 8 000 001 = 8.3333…
    // floors 8854 + 312 + 833 = 9999 hundredths; the largest remainder (.501, open market) takes the last one.
    expect([
      data.traded.distributionPercentage,
      data.open_market.distributionPercentage,
      data.unsold.distributionPercentage,
    ]).toEqual([88.54, '3.13', 8.33]); // the open market's share is a string, as seed 000 writes it
    expect(data.traded).toMatchObject({ total_allocation: '7.083333', total_cost: '22.6667' });
    expect(data.traded.providers.map((p: any) => [p.providerName, p.allocation, p.cost])).toEqual([
      ['Consumer One', '3.833333', '12.2667'],
      ['Consumer Two', '3.25', '10.4000'],
    ]);
  });

  it('consumer overview with CFE score and the grid bill', async () => {
    const { data } = await call('consumer:overview', { consumerId: 'c1', ...month });
    expect(data).toMatchObject({ total_cost: 28.2667, cfe_score: '0.7647' });
    expect(data.traded).toMatchObject({ allocation: '6.5', cost: '20.2667', distributionPercentage: 76.47 });
    expect(
      data.traded.providers.map((p: any) => [p.planName, p.providerName, p.energyType, p.allocation, p.cost]),
    ).toEqual([
      ['A Solar', 'Generator A', 'Solar', '3.833333', '12.2667'],
      ['B Wind', 'Generator B', 'Wind', '2.666667', '8.0000'],
    ]);
    expect(data.energy_load).toMatchObject({
      allocation: '2',
      cost: '8.0000',
      distributionPercentage: 23.53,
    });
    expect(data.energy_load.providers).toEqual([
      {
        planName: 'Brown Energy Plan',
        providerName: 'EGAT',
        energyType: 'Conventional',
        price: '4.0000',
        price_is_average: true,
        allocation: '2',
        cost: '8.0000',
      },
    ]);
    const c2 = (await call('consumer:overview', { consumerId: 'c2', ...month })).data;
    expect(c2).toMatchObject({ total_cost: 20.4, cfe_score: '0.8400' });
  });

  it('daily tracking: each hour’s traded lines plus open market and unsold equal its supply', async () => {
    const body = await call('prosumer:daily-tracking', {
      prosumerId: 'gA',
      date: '2022-11-12',
      meterType: 1,
    });
    expect(body.data.startDate).toBe('2022-11-11 17:00:00');
    expect(body.data.endDate).toBe('2022-11-12 16:59:59');
    expect(body.data.transactions).toHaveLength(24);
    const h1 = body.data.transactions[10];
    expect(h1).toMatchObject({
      startDate: '2022-11-12 03:00:00',
      endDate: '2022-11-12 03:59:59',
      usagePerPeriod: 6,
      billPerPeriod: 19.2,
      numberOfProviders: 2,
    });
    expect(h1.traded.map((t: any) => [t.name, t.allocation, t.cost])).toEqual([
      ['Consumer One', '3', '9.6000'],
      ['Consumer Two', '3', '9.6000'],
    ]);
    const h2 = body.data.transactions[11];
    expect(h2).toMatchObject({ usagePerPeriod: 1.000001, billPerPeriod: 3.025, numberOfProviders: 2 });
    expect(h2.open_market).toMatchObject({ allocation: '0.250001', cost: '0.6250' });
    const h3 = body.data.transactions[12];
    expect(h3).toMatchObject({ usagePerPeriod: 1, billPerPeriod: 1.0667, numberOfProviders: 1 });
    expect(h3.traded[0]).toMatchObject({ allocation: '0.333333', cost: '1.0667' });
    expect(h3.unsold).toMatchObject({ allocation: '0.666667', cost: '0.0000' });
    expect(body.data.bill[0].traded).toMatchObject({ allocation: '7.083333', cost: '22.6667' });
  });

  it('breakdown D (hours), W (days of the month) and Y (months of the year)', async () => {
    const day = await call('prosumer:breakdown', {
      prosumerId: 'gB',
      period: 'D',
      date: '2022-11-12',
      meterType: 1,
    });
    expect(day.data).toHaveLength(24);
    expect(day.data[12]).toEqual({
      startDate: '2022-11-12 05:00:00',
      endDate: '2022-11-12 05:59:59',
      bill: { traded: 2, open_market: 0, unsold: 0.6667 },
      usage: { traded: 0.666667, open_market: 0, unsold: 1.333333 },
    });
    const week = await call('prosumer:breakdown', {
      prosumerId: 'gA',
      period: 'W',
      date: '2022-11-12',
      meterType: 1,
    });
    expect(week.data).toHaveLength(30);
    expect(week.data[0]).toMatchObject({ startDate: '2022-10-31 17:00:00', endDate: '2022-11-01 16:59:59' });
    expect(week.data[11]).toMatchObject({
      bill: { traded: 22.6667, open_market: 0.625, unsold: 0 },
      usage: { traded: 7.083333, open_market: 0.250001, unsold: 0.666667 },
    });
    const year = await call('prosumer:breakdown', {
      prosumerId: 'gA',
      period: 'Y',
      date: '2022-11-12',
      meterType: 1,
    });
    expect(year.data).toHaveLength(12);
    // A month without a run carries the seed's keys with zeros, marked settled: false (no figures).
    expect(year.data[0]).toEqual({
      startDate: '2021-12-31 17:00:00',
      endDate: '2022-01-31 16:59:59',
      settled: false,
      bill: { traded: 0, open_market: 0, unsold: 0 },
      usage: { traded: 0, open_market: 0, unsold: 0 },
    });
    expect(year.data[10]).toMatchObject({ startDate: '2022-10-31 17:00:00', usage: { traded: 7.083333 } });
  });

  it('revenue and payments with statuses as of a date', async () => {
    const revenue = await call('prosumer:revenue', { prosumerId: 'gA', meterType: 1 });
    expect(revenue.data).toHaveLength(1);
    expect(revenue.data[0]).toMatchObject({
      month: '2022-11',
      startDate: '2022-10-31 17:00:00',
      endDate: '2022-11-30 16:59:59',
      total_cost: 23.2917,
    });
    await call('payments:record', {
      participantId: 'gA',
      month: '2022-11',
      paidOn: '2022-12-10',
      amount: '20',
      reference: 'TRX-1',
    });
    const partial = await call('prosumer:payments', { prosumerId: 'gA', meterType: 1, asOf: '2022-12-15' });
    expect(partial.data[0]).toMatchObject({
      payment_status: 'partial',
      payment: 20,
      amount_due: '23.29',
      due_date: '2022-12-31',
    });
    expect(
      (await call('prosumer:payments', { prosumerId: 'gA', meterType: 1, asOf: '2023-01-01' })).data[0]
        .payment_status,
    ).toBe('overdue');
    expect(
      (await call('prosumer:payments', { prosumerId: 'gB', meterType: 1, asOf: '2022-12-01' })).data[0]
        .payment_status,
    ).toBe('unpaid');
    await call('payments:record', {
      participantId: 'gA',
      month: '2022-11',
      paidOn: '2023-01-05',
      amount: '3.29',
    });
    expect(
      (await call('prosumer:payments', { prosumerId: 'gA', meterType: 1, asOf: '2023-02-01' })).data[0],
    ).toMatchObject({ payment_status: 'paid', payment: 23.29 });
  });

  it('answers settled: false for a month with no run, never zeros', async () => {
    expect(
      await call('prosumer:transactions', { prosumerId: 'gA', month: 10, year: 2022, meterType: 1 }),
    ).toEqual({
      data: {
        meterType: '1',
        settled: false,
        message:
          '2022-10 has no published settlement run; settle it first (energy-ledger settle --month 2022-10)',
      },
    });
  });

  it('names the role and the field when a view is asked wrongly', async () => {
    expect(
      await callOperation({ workspace }, 'prosumer:transactions', { prosumerId: 'c1', ...month }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'not_found',
        message: 'participant "c1" is a consumer, not a prosumer; use /api/consumer/c1/…',
      },
    });
    expect(
      await callOperation({ workspace }, 'prosumer:breakdown', {
        prosumerId: 'gA',
        period: 'M',
        date: '2022-11-12',
        meterType: 1,
      }),
    ).toMatchObject({ ok: false, error: { fields: { period: ['must be one of D, W, Y'] } } });
    expect(
      await callOperation({ workspace }, 'consumer:overview', { consumerId: 'c1', month: 13, year: 2022 }),
    ).toMatchObject({
      ok: false,
      error: { fields: { month: ['must be a month number 1–12'], meterType: expect.any(Array) } },
    });
    expect(
      await callOperation({ workspace }, 'prosumer:payments', {
        prosumerId: 'gA',
        meterType: 1,
        asOf: '2022-13-01',
      }),
    ).toMatchObject({ ok: false, error: { fields: { asOf: ['must be a date YYYY-MM-DD'] } } });
    expect(
      await callOperation({ workspace }, 'prosumer:revenue', { prosumerId: 'nobody', meterType: 1 }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('run identity', () => {
  it('adds no run for unchanged inputs and one for each changed reading, price or plan version', async () => {
    expect(await call('settlement:settle', { month: '2022-11' })).toMatchObject({
      status: 'unchanged',
      runId: 1,
    });
    const countRuns = async () => (await call('runs:list', { month: '2022-11', withManifest: false })).length;
    expect(await countRuns()).toBe(1);

    writeFileSync(
      temp.file('one-reading.csv'),
      'meter_id,interval_start,interval_minutes,energy_kwh\nc2-main,2022-11-13T20:00:00+07:00,60,1.5\n',
    );
    await importFile(temp.file('one-reading.csv'));
    expect(await call('settlement:settle', { month: '2022-11' })).toMatchObject({
      status: 'published',
      runId: 2,
    });

    writeMonthPrices(temp.file('one-price.csv'), '2022-11', TZ, {
      '2022-11-12T11': '2.6',
      '2022-11-12T12': '0.8',
    });
    await importFile(temp.file('one-price.csv'));
    expect(await call('settlement:settle', { month: '2022-11' })).toMatchObject({
      status: 'published',
      runId: 3,
    });

    const definition = await call('workspace:get', {});
    definition.offerPlans[0].versions.push({
      effectiveFrom: '2022-11-13',
      pricePerKwh: '3.3',
      sellsLeftoversToMarket: true,
      marketFloorPricePerKwh: '1',
      feedInPricePerKwh: '0',
    });
    await call('workspace:import-definition', { definition });
    expect(await call('settlement:settle', { month: '2022-11' })).toMatchObject({
      status: 'published',
      runId: 4,
    });
    expect(await call('settlement:settle', { month: '2022-11' })).toMatchObject({
      status: 'unchanged',
      runId: 4,
    });
    expect(await call('settlement:settle', { month: '2022-11', allowGaps: true })).toMatchObject({
      status: 'published',
      runId: 5,
    });

    const runs = await call('runs:list', { month: '2022-11' });
    expect(runs.map((r: any) => [r.id, r.status, r.isLatest])).toEqual([
      [1, 'published', false],
      [2, 'published', false],
      [3, 'published', false],
      [4, 'published', false],
      [5, 'published', true],
    ]);
    expect(runs[0].manifest.sources.map((s: any) => s.fileName)).toEqual(['readings.csv', 'prices.csv']);
    // An older run stays readable by id.
    expect(
      (await call('prosumer:transactions', { prosumerId: 'gA', ...month, runId: 1 })).data.open_market.cost,
    ).toBe('0.6250');
    expect((await call('prosumer:transactions', { prosumerId: 'gA', ...month })).data.open_market.cost).toBe(
      '0.6500',
    );
  });
});

describe('the consumer drill-down below the month', () => {
  it('days sum to the month overview, and a day’s hours to the day, exactly', async () => {
    const overview = (await call('consumer:overview', { consumerId: 'c1', ...month })).data;
    const days = (await call('consumer:days', { consumerId: 'c1', ...month })).data.days as {
      day: string;
      traded: { allocation: string };
      grid: { allocation: string };
      load: string;
      cfe_score: string;
    }[];
    const mWh = (kWh: string) => Math.round(Number(kWh) * 1_000_000);
    expect(days.reduce((sum, d) => sum + mWh(d.traded.allocation), 0)).toBe(mWh(overview.traded.allocation));
    expect(days.reduce((sum, d) => sum + mWh(d.grid.allocation), 0)).toBe(
      mWh(overview.energy_load.allocation),
    );
    const twelfth = days.find((d) => d.day === '2022-11-12')!;
    const tracking = await call('consumer:daily-tracking', {
      consumerId: 'c1',
      date: '2022-11-12',
      meterType: 1,
    });
    const hours = tracking.data.hours as {
      localHour: string;
      load: string;
      traded: { id: string; allocation: string; price: string }[];
      grid: { allocation: string };
    }[];
    expect(hours).toHaveLength(24);
    expect(hours.reduce((sum, h) => sum + mWh(h.load), 0)).toBe(mWh(twelfth.load));
    // 10:00 local: c1 loads 5 kWh and the two generators' 10 kWh cover it (its lines name them).
    const ten = hours.find((h) => h.localHour.startsWith('2022-11-12T10'))!;
    expect(ten.load).toBe('5');
    expect(ten.traded.map((l) => l.id).sort()).toEqual(['gA', 'gB']);
    expect(ten.traded.reduce((sum, l) => sum + mWh(l.allocation), 0) + mWh(ten.grid.allocation)).toBe(
      5_000_000,
    );
  });
});
