/**
 * Tariffs and the bill calculator through the contract and the loopback
 * server, on a real workspace file: a URDB rate saved as a tariff, an account
 * billed on it, metered readings priced as worked by hand (test/unit/urdb.test.ts),
 * and the bad inputs the issue lists refused with field errors, nothing stored.
 */
import { createReadStream, writeFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import { startServer, type RunningServer } from '../../main/http/server';
import type { Workspace } from '../../main/store/workspace';
import { canonicalDecimal } from '../../shared/units';
import { touEnergyCharge } from '../helpers/tariff-fixture';
import { smallWorkspace, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
let workspace: Workspace;
let server: RunningServer;

const months = (hours: (h: number) => number) =>
  Array.from({ length: 12 }, () => Array.from({ length: 24 }, (_, h) => hours(h)));
const urdb = {
  label: 'urdb-res-1',
  name: 'E-TOU Residential (test)',
  utility: 'Test Electric Co',
  energyratestructure: [
    [
      { max: 10, unit: 'kWh daily', rate: 0.1, adj: 0.01 },
      { unit: 'kWh daily', rate: 0.2 },
    ],
    [
      { max: 10, unit: 'kWh daily', rate: 0.3 },
      { unit: 'kWh daily', rate: 0.4 },
    ],
  ],
  energyweekdayschedule: months((h) => (h >= 16 && h <= 20 ? 1 : 0)),
  energyweekendschedule: months(() => 0),
  fixedmonthlycharge: 10,
  demandratchetpercentage: [0.9],
};

async function call(name: string, input: unknown) {
  return callOperation({ workspace }, name, input);
}

beforeAll(async () => {
  workspace = await smallWorkspace(temp.file('tariffs.sqlite'));
  // con-b-main: 1 kWh in every hour of January 2022, local (Asia/Bangkok) hours.
  const lines = ['meter_id,interval_start,interval_minutes,energy_kwh'];
  for (let d = 1; d <= 31; d++)
    for (let h = 0; h < 24; h++)
      lines.push(
        `con-b-main,2022-01-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00+07:00,60,1`,
      );
  const file = temp.file('january.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  const imported = await callOperation({ workspace, upload: () => createReadStream(file) }, 'imports:file', {
    fileName: 'january.csv',
  });
  expect(imported.ok).toBe(true);
  server = await startServer({ workspace, port: 0, token: 'tariff-test' });
});
afterAll(async () => {
  await server.close();
  await workspace.close();
  temp.cleanup();
});

describe('tariffs and the bill calculator', () => {
  it('saves a URDB rate as a tariff, naming what it cannot price', async () => {
    const saved = await call('tariffs:import-urdb', { rate: urdb });
    expect(saved).toMatchObject({
      ok: true,
      value: {
        source: 'urdb',
        unsupported: ['demand ratchets (demandratchetpercentage)'],
        tariff: { masterTariffId: 'urdb-res-1' },
      },
    });
    const listed = await call('tariffs:list', {});
    expect(listed).toMatchObject({
      ok: true,
      value: [{ tariff: { tariffName: 'E-TOU Residential (test)' } }],
    });
  });

  it('prices an account’s metered month over the seed’s path, as worked by hand', async () => {
    expect(
      await call('accounts:save', {
        accountId: 'acc-b',
        participantId: 'con-b',
        masterTariffId: 'urdb-res-1',
      }),
    ).toMatchObject({ ok: true });
    const response = await fetch(`http://127.0.0.1:${server.port}/rest/v1/accounts/acc-b/calculate`, {
      method: 'POST',
      headers: {
        Authorization: 'Bearer tariff-test',
        'Content-Type': 'application/json',
        Host: `127.0.0.1:${server.port}`,
      },
      body: JSON.stringify({
        fromDateTime: '2022-01-01',
        toDateTime: '2022-02-01',
        detailLevel: 'RATE',
        groupBy: 'MONTH',
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      status: string;
      type: string;
      requestId: string;
      results: {
        totalCost: number;
        accuracy: number;
        fromDateTime: string;
        summary: { kWh: number; totalCost: number; ELECTRICITY: { kWh: number; kW: number } };
        items: { cost: number; exact: { cost: string } }[];
        exact: { totalCost: string };
      }[];
    };
    expect(body).toMatchObject({ status: 'success', count: 1, type: 'CalculatedCost' });
    // Seed 001's types: a request id, figures as JSON numbers with the exact decimals beside them.
    expect(body.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // 141.4625 of energy (daily tiers shared by TOU period) + 10 fixed: 151.4625 → 151.46.
    expect(body.results[0]).toMatchObject({
      totalCost: 151.46,
      accuracy: 1,
      fromDateTime: '2022-01-01T00:00:00+07:00',
      summary: { kWh: 744, totalCost: 151.4625, ELECTRICITY: { kWh: 744 } },
      exact: { totalCost: '151.46' },
    });
    for (const item of body.results[0]!.items)
      expect(String(item.cost)).toBe(canonicalDecimal(item.exact.cost));
    const unauthorised = await fetch(`http://127.0.0.1:${server.port}/rest/v1/accounts/acc-b/calculate`, {
      method: 'POST',
      body: '{}',
    });
    expect(unauthorised.status).toBe(401);
  });

  it('refuses overlapping versions, undefined periods, tiers out of order and negative charges, storing nothing', async () => {
    const version = (tariffId: string, effectiveFrom: string, extra = {}) => ({
      tariffId,
      effectiveFrom,
      energyWeekdaySchedule: months(() => 0),
      energyWeekendSchedule: months(() => 1),
      rates: [
        {
          tariffRateId: 'e',
          rateGroupName: 'Energy',
          rateName: 'Energy',
          chargeClass: 'SUPPLY',
          rateSequenceNumber: 1,
          type: 'COST_PER_UNIT',
          periods: [
            { period: 0, tiers: [{ max: '100', rate: '0.1' }, { max: '50', rate: '-0.2' }, { rate: '0.3' }] },
          ],
        },
      ],
      ...extra,
    });
    const result = await call('tariffs:save', {
      tariff: {
        masterTariffId: 'bad',
        tariffName: 'Bad',
        currency: 'USD',
        versions: [version('v1', '2022-01-01'), version('v2', '2022-06-01')],
      },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const fields = (result as { error: { fields: Record<string, string[]> } }).error.fields;
    expect(fields['tariff.versions[1].effectiveFrom']).toEqual(['overlaps version v1 (from 2022-01-01)']);
    expect(fields['tariff.versions[0].energyWeekendSchedule']).toEqual([
      'names period(s) 1 that no energy rate prices',
    ]);
    expect(fields['tariff.versions[0].rates[0].periods[0].tiers']).toEqual([
      'tier 2 must reach above tier 1',
      'tier 2 has a negative rate; only OTHER or CONTRACTED charges may be credits',
    ]);
    expect(await call('tariffs:list', {})).toMatchObject({
      ok: true,
      value: [{ tariff: { masterTariffId: 'urdb-res-1' } }],
    });
    expect(await call('tariffs:import-urdb', { rate: { type: 'FeatureCollection' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/is not a URDB rate/) },
    });
  });

  it('refuses a range without usage or without a tariff version in force', async () => {
    expect(
      await call('accounts:calculate', {
        accountId: 'acc-b',
        fromDateTime: '2023-01-01',
        toDateTime: '2023-02-01',
      }),
    ).toMatchObject({ ok: false, error: { fields: { fromDateTime: ['has no usage in the range'] } } });
    expect(
      await call('accounts:calculate', {
        accountId: 'nobody',
        fromDateTime: '2022-01-01',
        toDateTime: '2022-02-01',
      }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('reads TOU hours in a fixed standard-time zone named Etc/GMT+8, and refuses "-08:00" saying so', async () => {
    // Monday 4 July 2022, 1 kWh in each hour of the day at UTC−08:00 (SAM's way to compare:
    // standard time all year, no DST), while the workspace keeps Asia/Bangkok.
    const lines = ['meter_id,interval_start,interval_minutes,energy_kwh'];
    for (let h = 0; h < 24; h++)
      lines.push(`con-b-main,2022-07-04T${String(h).padStart(2, '0')}:00:00-08:00,60,1`);
    const file = temp.file('july-pst.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const imported = await callOperation(
      { workspace, upload: () => createReadStream(file) },
      'imports:file',
      { fileName: 'july-pst.csv' },
    );
    expect(imported.ok).toBe(true);
    const tariff = (timezone: string) => ({
      masterTariffId: 'pst-tou',
      tariffName: 'Peak 16:00–21:00, standard time',
      currency: 'THB',
      timezone,
      versions: [
        {
          tariffId: 'pst-tou-1',
          effectiveFrom: '2022-01-01',
          energyWeekdaySchedule: months((h) => (h >= 16 && h <= 20 ? 1 : 0)),
          energyWeekendSchedule: months(() => 0),
          rates: [touEnergyCharge('0.1', '0.3')],
        },
      ],
    });
    expect(await call('tariffs:save', { tariff: tariff('-08:00') })).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        fields: { 'tariff.timezone': ['must be an IANA timezone name (a fixed UTC−08:00 is Etc/GMT+8)'] },
      },
    });
    expect(await call('tariffs:save', { tariff: tariff('Etc/GMT+8') })).toMatchObject({ ok: true });
    const priced = await call('accounts:calculate', {
      accountId: 'acc-b',
      masterTariffId: 'pst-tou',
      fromDateTime: '2022-07-04',
      toDateTime: '2022-07-05',
      billingPeriod: false,
      groupBy: 'HOUR',
    });
    expect(priced.ok).toBe(true);
    const result = (
      priced as {
        value: {
          results: {
            fromDateTime: string;
            toDateTime: string;
            summary: Record<string, unknown>;
            items: { fromDateTime: string; rateAmount: number }[];
          }[];
        };
      }
    ).value.results[0]!;
    // Hours 16–20 at −08:00 are the peak: 5 kWh × 0.3 + 19 kWh × 0.1 = 3.4.
    expect(result).toMatchObject({
      fromDateTime: '2022-07-04T00:00:00-08:00',
      toDateTime: '2022-07-05T00:00:00-08:00',
    });
    expect(result.summary).toMatchObject({ kWh: 24, totalCost: 3.4 });
    const peak = result.items.filter((item) => item.rateAmount === 0.3).map((item) => item.fromDateTime);
    expect(peak).toEqual([16, 17, 18, 19, 20].map((h) => `2022-07-04T${h}:00:00-08:00`));
  });
});
