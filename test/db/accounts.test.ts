/**
 * Accounts, intervalization and shadow prices (seed 002), through the contract
 * and the loopback server on a real workspace file: the seed's requests
 * (adapted ids) answer in its shapes, every validation error names its field,
 * summary usages intervalize exactly per period (with and without metered
 * hours, across DST), profiles must sum to 1, shadow prices cover 23- and
 * 25-hour days, and open-market sales are priced from imported components.
 */
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import {
  checkProfile,
  intervalizePeriod,
  scaledWeights,
  splitByWeights,
} from '../../main/engine/intervalize';
import { startServer, type RunningServer } from '../../main/http/server';
import { Workspace } from '../../main/store/workspace';
import { Dec } from '../../shared/units';
import { httpClient, type HttpClient } from '../helpers/http-client';
import { writeMonthReadings } from '../helpers/month-files';
import { PJM_ZONE, pjmAccountsWorkspace, seedAccount, shadowPriceHour } from '../helpers/pjm-accounts';
import { energyCharge, flatTariff } from '../helpers/tariff-fixture';
import { fixturesDir, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
const ZONE = PJM_ZONE;
let workspace: Workspace;
let server: RunningServer;
let http: HttpClient;
const TOKEN = 'accounts-test';

async function call(name: string, input: unknown, ws = workspace) {
  const result = await callOperation({ workspace: ws }, name, input);
  if (!result.ok) throw Object.assign(new Error(`${name}: ${result.error.message}`), { error: result.error });
  return result.value as any;
}
async function refusal(name: string, input: unknown) {
  const result = await callOperation({ workspace }, name, input);
  if (result.ok) throw new Error(`${name} was accepted`);
  return result.error;
}
async function importText(
  fileName: string,
  text: string,
  ws = workspace,
  extra: Record<string, unknown> = {},
) {
  const file = temp.file(fileName);
  writeFileSync(file, text);
  const result = await callOperation(
    { workspace: ws, upload: () => createReadStream(file) },
    'imports:file',
    {
      fileName,
      ...extra,
    },
  );
  if (!result.ok) throw Object.assign(new Error(result.error.message), { error: result.error });
  return result.value as any;
}

/** Hourly estimates of an account's latest intervalization, by UTC start. */
async function estimates(accountId: string): Promise<Map<number, number>> {
  const rows = await workspace.db.all<{ start_utc: number; energy_milliwh: number }>(
    `SELECT start_utc, energy_milliwh FROM estimated_readings WHERE intervalization_id =
       (SELECT MAX(id) FROM intervalizations WHERE account_id = ?)`,
    [accountId],
  );
  return new Map(rows.map((r) => [r.start_utc, r.energy_milliwh]));
}

beforeAll(async () => {
  workspace = await pjmAccountsWorkspace(temp.file('accounts.sqlite'));
  server = await startServer({ workspace, port: 0, token: TOKEN });
  http = httpClient(server.port, TOKEN);
});
afterAll(async () => {
  await server?.close();
  await workspace?.close();
  temp.cleanup();
});

describe('accounts (seed 002)', () => {
  it('creates the seed’s account over HTTP (201), answering in its shape, and intervalizes it in the background', async () => {
    const created = await http('POST', '/api/v1/accounts', { account: { id: 'acc-beacon', ...seedAccount } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(Number),
      account_code: 'acc-beacon',
      account_number: 'abc123',
      location: '11 Beacon St.',
      city: 'Philadelphia',
      state: 'PA',
      load_zone: 'APS-PA',
      utility: 'WPP',
      load_profile: 'GPC',
      rate_class: '10',
      voltage: 'Primary',
      rep: 'xyz',
      flow_end: null,
      flow_start: null,
      intervalization_status: 'awaiting_intervalization',
      status: 'active',
      rt_lmp_price: null,
      capacity_tags: [{ start_date: '2018-06-01', end_date: '2019-05-31', value_kw: 60000 }],
      transmission_tags: [{ start_date: '2018-01-01', end_date: '2018-12-31', value_kw: 100000 }],
      summary_usages: [{ starts_on: '2018-10-01', ends_on: '2018-10-31', volume_kwh: 925.24 }],
    });
    await workspace.idle();
    const got = await http('GET', '/api/v1/accounts/acc-beacon');
    expect(got.status).toBe(200);
    expect(got.body.intervalization_status).toBe('intervalized');
    // October 2018 in New York: 31 days, 745 hours (the clocks go back on 4 November, not in October) → 744.
    const hours = await estimates('acc-beacon');
    expect(hours.size).toBe(744);
    expect([...hours.values()].reduce((a, b) => a + b, 0)).toBe(925_240_000);
    expect((await http('GET', '/api/v1/accounts/nope')).status).toBe(404);
  });

  it('updates with PATCH (the seed’s body, tags without the suffix), and deactivates', async () => {
    const patched = await http('PATCH', '/api/v1/accounts/acc-beacon', {
      account: {
        rep: 'abcde',
        location: 'Costa Rica',
        city: 'Costa Rica',
        summary_usages_attributes: [{ starts_on: '2018-01-04', ends_on: '2018-01-04', volume_kwh: 925.24 }],
        capacity_tags: [{ start_date: '2018-06-01', end_date: '2019-05-31', value_kw: 60000 }],
        transmission_tags: [{ start_date: '2018-01-01', end_date: '2018-12-31', value_kw: 100000 }],
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      rep: 'abcde',
      location: 'Costa Rica',
      summary_usages: [{ starts_on: '2018-01-04', ends_on: '2018-01-04', volume_kwh: 925.24 }],
      intervalization_status: 'awaiting_intervalization',
    });
    await workspace.idle();
    const day = await estimates('acc-beacon');
    expect(day.size).toBe(24);
    expect([...day.values()].reduce((a, b) => a + b, 0)).toBe(925_240_000);
    const off = await http('PATCH', '/api/v1/accounts/acc-beacon', { account: { status: 'inactive' } });
    expect(off.body.status).toBe('inactive');
    // The same usages again: nothing to redo, the intervalization stays.
    const before = off.body.intervalization.id;
    const again = await call('accounts:update', {
      id: 'acc-beacon',
      account: {
        status: 'active',
        summary_usages: [{ starts_on: '2018-1-4', ends_on: '2018-1-4', volume_kwh: '925.24' }],
      },
    });
    expect(again.intervalization.id).toBe(before);
  });

  it('refuses each invalid field with seed 002’s error payload (422), storing nothing', async () => {
    const bad = await http('POST', '/api/v1/accounts', {
      account: { ...seedAccount, id: 'acc-bad', load_profile: 'XYZ' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toEqual({ load_profile: ["is not included in the utility's load profiles"] });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ utility: 'PECO' }, 'utility', 'is not a utility of this workspace (see its reference data)'],
      [{ load_zone: 'PECO' }, 'load_zone', "is not included in the utility's load zones"],
      [{ rate_class: '99' }, 'rate_class', "is not included in the utility's rate classes"],
      [{ voltage: 'HV' }, 'voltage', "is not included in the utility's voltages"],
      [{ state: 'Penn' }, 'state', "must be the state's 2-letter abbreviation"],
      [{ city: '' }, 'city', "can't be blank"],
      [{ account_number: undefined }, 'account_number', 'is required'],
      [{ account_number: 42 }, 'account_number', 'must be text'],
      [{ flow_start: '2019-2-30' }, 'flow_start', 'is not a calendar day'],
      [{ flow_start: '2019-3-1', flow_end: '2019-2-1' }, 'flow_end', 'must not be before flow_start'],
      [
        {
          summary_usages_attributes: [
            { starts_on: '2018-10-1', ends_on: '2018-10-31', volume_kwh: '1' },
            { starts_on: '2018-10-15', ends_on: '2018-11-14', volume_kwh: '1' },
          ],
        },
        'summary_usages_attributes[1].starts_on',
        'overlaps summary usage 0 (2018-10-01 … 2018-10-31)',
      ],
      [
        { summary_usages_attributes: [{ starts_on: '2018-10-1', ends_on: '2018-10-31', volume_kwh: '-5' }] },
        'summary_usages_attributes[0].volume_kwh',
        'must be a number ≥ 0',
      ],
      [
        {
          capacity_tags_attributes: [
            { start_date: '2018-6-1', end_date: '2019-5-31', value_kw: '1' },
            { start_date: '2019-5-1', end_date: '2020-5-31', value_kw: '2' },
          ],
        },
        'capacity_tags_attributes[1].start_date',
        'overlaps capacity tag 0 (2018-06-01 … 2019-05-31)',
      ],
      [
        { transmission_tags_attributes: [{ start_date: '2019-1-1', end_date: '2018-1-1', value_kw: '1' }] },
        'transmission_tags_attributes[0].end_date',
        'ends before it starts (2019-01-01 … 2018-01-01)',
      ],
      [{ meter_id: 'nope' }, 'meter_id', 'is not a meter of this workspace'],
      [{ participant_id: 'nobody' }, 'participant_id', 'is not a participant of this workspace'],
      [{ id: 'acc-beacon' }, 'id', 'has already been taken'],
    ];
    for (const [change, field, message] of cases) {
      const error = await refusal('accounts:create', {
        account: { ...seedAccount, id: 'acc-bad', ...change },
      });
      expect(error.code, field).toBe('invalid_input');
      expect(error.fields?.[field], field).toContain(message);
    }
    expect((await refusal('accounts:get', { id: 'acc-bad' })).code).toBe('not_found');
    const patch = await http('PATCH', '/api/v1/accounts/acc-beacon', { account: { status: 'closed' } });
    expect(patch.status).toBe(422);
    expect(patch.body).toEqual({ status: ['must be "active" or "inactive"'] });
  });

  it('answers every field error in one 422, on create and on update, storing nothing', async () => {
    // A field that does not parse and one the reference data refuses come together.
    const created = await http('POST', '/api/v1/accounts', {
      account: { ...seedAccount, id: 'acc-bad', state: 'Penn', load_profile: 'XYZ' },
    });
    expect(created.status).toBe(422);
    expect(created.body).toEqual({
      state: ["must be the state's 2-letter abbreviation"],
      load_profile: ["is not included in the utility's load profiles"],
    });
    // A PATCH in the seed's words (`summary_usages`) is answered in them.
    const updated = await http('PATCH', '/api/v1/accounts/acc-beacon', {
      account: {
        state: 'Penn',
        load_profile: 'XYZ',
        summary_usages: [
          { starts_on: '2019-1-1', ends_on: '2019-1-31', volume_kwh: 1 },
          { starts_on: '2019-1-31', ends_on: '2019-2-28', volume_kwh: 1 },
          { starts_on: '2019-3-31', ends_on: '2019-3-1', volume_kwh: 1 },
        ],
      },
    });
    expect(updated.status).toBe(422);
    expect(updated.body).toEqual({
      state: ["must be the state's 2-letter abbreviation"],
      load_profile: ["is not included in the utility's load profiles"],
      'summary_usages[1].starts_on': ['overlaps summary usage 0 (2019-01-01 … 2019-01-31)'],
      'summary_usages[2].ends_on': ['ends before it starts (2019-03-31 … 2019-03-01)'],
    });
    const unchanged = await http('GET', '/api/v1/accounts/acc-beacon');
    expect(unchanged.body).toMatchObject({ state: 'PA', load_profile: 'GPC' });
    expect(unchanged.body.summary_usages).toHaveLength(1);
    expect((await http('GET', '/api/v1/accounts/acc-bad')).status).toBe(404);
  });

  it('names a list by the key sent, its items’ fields included, whichever check refuses it', async () => {
    const refused = await http('POST', '/api/v1/accounts', {
      account: {
        ...seedAccount,
        id: 'acc-bad',
        summary_usages_attributes: [
          { starts_on: '2018-10-1', ends_on: '2018-10-31', volume_kwh: '1' },
          { starts_on: '2018-10-31', ends_on: '2018-11-30', volume_kwh: '-1' },
        ],
        capacity_tags_attributes: [{ start_date: '2018-6-1', end_date: '2019-5-31', value_kw: 'lots' }],
      },
    });
    // The item refused for its kWh still has its dates checked: the overlap comes in the same answer.
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({
      'summary_usages_attributes[1].volume_kwh': ['must be a number ≥ 0'],
      'summary_usages_attributes[1].starts_on': ['overlaps summary usage 0 (2018-10-01 … 2018-10-31)'],
      'capacity_tags_attributes[0].value_kw': ['must be a number ≥ 0'],
    });
    for (const key of Object.keys(refused.body))
      expect(key).toMatch(/^(summary_usages|capacity_tags|transmission_tags)_attributes\[\d+\]\.\w+$/);
  });

  it('says a missing required field is required, the tag lists too (empty lists are fine)', async () => {
    const noCity = await http('POST', '/api/v1/accounts', {
      account: { ...seedAccount, id: 'acc-bad', city: undefined },
    });
    expect(noCity.status).toBe(422);
    expect(noCity.body).toEqual({ city: ['is required'] });
    const noTags = await http('POST', '/api/v1/accounts', {
      account: {
        ...seedAccount,
        id: 'acc-bad',
        capacity_tags_attributes: undefined,
        transmission_tags_attributes: undefined,
      },
    });
    expect(noTags.status).toBe(422);
    expect(noTags.body).toEqual({
      capacity_tags_attributes: ['is required'],
      transmission_tags_attributes: ['is required'],
    });
    const notAList = await refusal('accounts:create', {
      account: { ...seedAccount, id: 'acc-bad', capacity_tags_attributes: 'none' },
    });
    expect(notAList.fields).toEqual({ capacity_tags_attributes: ['must be a list of tags'] });
    expect((await http('GET', '/api/v1/accounts/acc-bad')).status).toBe(404);
  });

  it('keeps reference data an account uses', async () => {
    const error = await refusal('reference:save', {
      reference: {
        utilities: [{ code: 'WPP', name: 'West Penn Power', load_zones: ['APS-PA'], rate_classes: ['10'] }],
      },
    });
    expect(error.fields?.['utilities[0].voltages']).toEqual([
      'must keep Primary: account acc-beacon uses it',
    ]);
  });

  it('creates an account whose required tag lists are empty', async () => {
    const created = await http('POST', '/api/v1/accounts', {
      account: {
        ...seedAccount,
        id: 'acc-untagged',
        summary_usages_attributes: [],
        capacity_tags_attributes: [],
        transmission_tags_attributes: [],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      account_code: 'acc-untagged',
      capacity_tags: [],
      transmission_tags: [],
      intervalization_status: 'usageless',
    });
  });
});

describe('intervalization', () => {
  const profile = {
    shape: 'year' as const,
    weights: Array.from({ length: 8760 }, (_, i) => String((i % 24) + 1)),
  };
  const weights = scaledWeights(profile);

  it('splits by largest remainder, exactly and deterministically', () => {
    expect(splitByWeights(10n, [1n, 1n, 1n])).toEqual([4n, 3n, 3n]);
    expect(splitByWeights(7n, [0n, 0n])).toEqual([4n, 3n]);
    expect(splitByWeights(100n, [1n, 3n])).toEqual([25n, 75n]);
  });

  it('fills a period exactly across both DST changes, leaving metered hours alone', () => {
    // 2022-03-13 has 23 hours in New York, 2022-11-06 has 25.
    for (const [day, hours] of [
      ['2022-03-13', 23],
      ['2022-11-06', 25],
    ] as const) {
      const period = { startsOn: day, endsOn: day, volumeMilliWh: 1_000_001n };
      const plain = intervalizePeriod(period, profile, weights, ZONE, new Map());
      expect(plain.hours).toBe(hours);
      expect(plain.estimates.reduce((s, e) => s + e.energyMilliWh, 0n)).toBe(1_000_001n);
      // Two metered hours: estimates fill only the others, still summing to the period.
      const start = DateTime.fromISO(day, { zone: ZONE }).toSeconds();
      const metered = new Map([
        [start + 3600 * 5, 100_000n],
        [start + 3600 * 6, 1n],
      ]);
      const mixed = intervalizePeriod(period, profile, weights, ZONE, metered);
      expect(mixed.estimates).toHaveLength(hours - 2);
      expect(mixed.estimates.some((e) => metered.has(e.startUtc))).toBe(false);
      expect(mixed.estimates.reduce((s, e) => s + e.energyMilliWh, 0n) + 100_001n).toBe(1_000_001n);
    }
    // Metered energy above the period's volume is an error naming the period.
    expect(() =>
      intervalizePeriod(
        { startsOn: '2022-03-13', endsOn: '2022-03-13', volumeMilliWh: 5n },
        profile,
        weights,
        ZONE,
        new Map([[DateTime.fromISO('2022-03-13', { zone: ZONE }).toSeconds(), 6n]]),
      ),
    ).toThrow(/2022-03-13…2022-03-13 is 0.000005 kWh but its metered hours already hold 0.000006 kWh/);
  });

  it('refuses a profile that does not sum to 1, or normalizes it when asked', async () => {
    expect(() =>
      checkProfile({ shape: 'year', weights: Array.from({ length: 8760 }, () => '1') }, false),
    ).toThrow(/sum to 8760, not 1/);
    const normalized = checkProfile(
      { shape: 'year', weights: Array.from({ length: 8760 }, () => '1') },
      true,
    );
    expect(normalized.normalized).toBe(true);
    const error = await refusal('load-profiles:save', {
      code: 'BAD',
      name: 'Bad',
      csv: 'weight\n0.5\n0.6\n',
    });
    expect(error.fields?.csv?.[0]).toMatch(/a year profile has 8760 weights; this one has 2/);
    // Typical days: 576 rows of month, day type, hour, weight, here flat (each 1/576).
    const rows = ['month,day_type,hour,weight'];
    for (let m = 1; m <= 12; m++)
      for (const d of ['weekday', 'weekend']) for (let h = 0; h < 24; h++) rows.push(`${m},${d},${h},1`);
    const refusedTypical = await refusal('load-profiles:save', {
      code: 'FLAT',
      name: 'Flat',
      shape: 'typical-days',
      csv: rows.join('\n'),
    });
    expect(refusedTypical.fields?.csv?.[0]).toMatch(/sum to 576, not 1/);
    const saved = await call('load-profiles:save', {
      code: 'FLAT',
      name: 'Flat',
      shape: 'typical-days',
      csv: rows.join('\n'),
      normalize: true,
    });
    expect(saved).toMatchObject({ weights: 576, normalized: true, sum: '576' });
  });

  it('intervalizes a year of monthly summaries to hourly readings whose monthly sums equal them to the mWh, metered hours winning', async () => {
    // Metered readings for one day of March 2022 on the account's meter.
    const lines = ['meter_id,interval_start,interval_minutes,energy_kwh'];
    const day = DateTime.fromISO('2022-03-13', { zone: ZONE });
    for (let t = day.toSeconds(); t < day.plus({ days: 1 }).toSeconds(); t += 3600)
      lines.push(
        `site-1-main,${DateTime.fromSeconds(t, { zone: ZONE }).toISO({ suppressMilliseconds: true })},60,0.5`,
      );
    await importText('march-13.csv', `${lines.join('\n')}\n`);
    const usages = Array.from({ length: 12 }, (_, m) => {
      const first = DateTime.fromObject({ year: 2022, month: m + 1, day: 1 }, { zone: ZONE });
      return {
        starts_on: first.toFormat('yyyy-M-d'),
        ends_on: first.endOf('month').toFormat('yyyy-M-d'),
        volume_kwh: (1000 + m * 111.111).toFixed(3),
      };
    });
    const created = await call('accounts:create', {
      account: {
        ...seedAccount,
        id: 'acc-year',
        load_profile: 'SF-Warehouse',
        participant_id: 'site-1',
        meter_id: 'site-1-main',
        summary_usages_attributes: usages,
      },
    });
    expect(created.intervalization_status).toBe('awaiting_intervalization');
    await workspace.idle();
    const account = await call('accounts:get', { id: 'acc-year' });
    expect(account.intervalization_status).toBe('intervalized');
    expect(account.intervalization).toMatchObject({ periods: 12, periods_done: 12, metered_hours: 23 });
    const hours = await estimates('acc-year');
    expect(hours.size).toBe(8760 - 23);
    const metered = 23 * 500_000;
    for (const [m, usage] of usages.entries()) {
      const from = DateTime.fromObject({ year: 2022, month: m + 1, day: 1 }, { zone: ZONE });
      const start = from.toSeconds();
      const end = from.plus({ months: 1 }).toSeconds();
      let sum = 0;
      for (const [t, mWh] of hours) if (t >= start && t < end) sum += mWh;
      const expected = Number(new Dec(usage.volume_kwh).times(1_000_000).toFixed()) - (m === 2 ? metered : 0);
      expect(sum, usage.starts_on).toBe(expected);
    }
  });

  it('gives the tariff engine the account’s capacity tag as a demand input', async () => {
    await call('tariffs:save', {
      tariff: flatTariff({
        masterTariffId: 'pjm-plc',
        tariffName: 'Energy and capacity (PLC)',
        currency: 'USD',
        rates: [
          energyCharge([{ rate: '0.1' }], 'Energy'),
          {
            tariffRateId: 'plc',
            rateGroupName: 'Capacity',
            rateName: 'Capacity (PLC)',
            chargeClass: 'TRANSMISSION',
            rateSequenceNumber: 2,
            type: 'DEMAND',
            basis: 'capacity-tag',
            flat: { tiers: [{ rate: '3' }] },
          },
        ],
      }),
    });
    await call('accounts:update', {
      id: 'acc-year',
      account: {
        master_tariff_id: 'pjm-plc',
        capacity_tags_attributes: [{ start_date: '2022-3-1', end_date: '2022-3-31', value_kw: '10' }],
      },
    });
    await workspace.idle();
    const bill = await call('accounts:calculate', {
      accountId: 'acc-year',
      fromDateTime: '2022-03-01',
      toDateTime: '2022-04-01',
    });
    // Metered: 23 hours × 0.5 kWh × 0.1 = 1.15; capacity 10 kW × 3 = 30.
    expect(bill.results[0].items.map((i: any) => [i.rateName, i.itemQuantity, i.cost])).toEqual([
      ['Energy', 11.5, 1.15],
      ['Capacity (PLC)', 10, 30],
    ]);
    const account = await call('accounts:get', { id: 'acc-year' });
    expect(account.capacity_tags).toEqual([
      { start_date: '2022-03-01', end_date: '2022-03-31', value_kw: 10 },
    ]);
  });

  it('intervalizes again when metered readings land on the account’s meter, and when they are undone', async () => {
    const before = (await call('accounts:get', { id: 'acc-year' })).intervalization;
    const lines = ['meter_id,interval_start,interval_minutes,energy_kwh'];
    const day = DateTime.fromISO('2022-06-01', { zone: ZONE });
    for (let t = day.toSeconds(); t < day.plus({ days: 1 }).toSeconds(); t += 3600)
      lines.push(
        `site-1-main,${DateTime.fromSeconds(t, { zone: ZONE }).toISO({ suppressMilliseconds: true })},60,1`,
      );
    const report = await importText('june-1.csv', `${lines.join('\n')}\n`);
    await workspace.idle();
    const after = (await call('accounts:get', { id: 'acc-year' })).intervalization;
    expect(after.id).toBeGreaterThan(before.id);
    expect(after.metered_hours).toBe(before.metered_hours + 24);
    const june = { start: day.toSeconds(), end: day.plus({ months: 1 }).toSeconds() };
    const hours = await estimates('acc-year');
    let sum = 0;
    for (const [t, mWh] of hours) if (t >= june.start && t < june.end) sum += mWh;
    expect(sum + 24_000_000).toBe(Number(new Dec('1555.555').times(1_000_000).toFixed()));
    // Undo the import: the estimates fill June whole again.
    await call('imports:remove', { importId: report.importId });
    await workspace.idle();
    const undone = (await call('accounts:get', { id: 'acc-year' })).intervalization;
    expect(undone.metered_hours).toBe(before.metered_hours);
  });

  it('reports an intervalization error with its reason', async () => {
    await call('accounts:create', {
      account: {
        ...seedAccount,
        id: 'acc-short',
        participant_id: 'site-1',
        meter_id: 'site-1-main',
        summary_usages_attributes: [{ starts_on: '2022-3-13', ends_on: '2022-3-13', volume_kwh: '1' }],
      },
    });
    await workspace.idle();
    const account = await call('accounts:get', { id: 'acc-short' });
    expect(account.intervalization_status).toBe('intervalization_error');
    expect(account.intervalization_error).toMatch(/metered hours already hold 11.5 kWh/);
  });
});

describe('shadow prices', () => {
  /** The seed's objects for every hour of a local day, components summing to the total. */
  const dayOfPrices = (date: string, lmp: (hour: number) => string) => {
    const start = DateTime.fromISO(date, { zone: ZONE });
    const hours = (start.plus({ days: 1 }).toSeconds() - start.toSeconds()) / 3600;
    return Array.from({ length: hours }, (_, i) =>
      shadowPriceHour(start.toFormat('yyyy-M-d'), i + 1, lmp(i + 1)),
    );
  };

  it('imports the seed’s JSON and answers 23- and 25-hour days hour-ending, with volumes and UTC starts', async () => {
    const prices = [
      ...dayOfPrices('2022-03-13', (h) => `${30 + h}.5`),
      ...dayOfPrices('2022-11-06', (h) => `${40 + h}.25`),
    ];
    const report = await importText('shadow.json', JSON.stringify(prices));
    expect(report).toMatchObject({ status: 'stored', rowsStored: 48, kind: 'market-prices' });
    const spring = await http('GET', '/api/v1/accounts/acc-year/shadow_prices?date=2022-3-13');
    expect(spring.status).toBe(200);
    expect(spring.body).toHaveLength(23);
    expect(spring.body[0]).toMatchObject({
      price_date: '2022-03-13',
      hour: 1,
      lmp_price: 31.5,
      losses_price: 2.1541248,
      total_price_per_mwh: Number(prices[0]!.total_price_per_mwh),
      volume_kwh: 0.5,
      startDate: '2022-03-13 05:00:00',
    });
    // Hour 3 is 03:00 EDT, an hour after hour 2 (01:00 EST): the clocks skipped 02:00.
    expect(spring.body[2].startDate).toBe('2022-03-13 07:00:00');
    const fall = await http('GET', '/api/v1/accounts/acc-year/shadow_prices?date=2022-11-6');
    expect(fall.body).toHaveLength(25);
    expect(fall.body.map((h: any) => h.hour)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    // The repeated 01:00: hours 2 and 3 one UTC hour apart.
    expect([fall.body[1].startDate, fall.body[2].startDate]).toEqual([
      '2022-11-06 05:00:00',
      '2022-11-06 06:00:00',
    ]);
    // Volumes are the account's estimates there (no metered readings), exact to the mWh.
    const estimated = await estimates('acc-year');
    const start = DateTime.fromISO('2022-11-06', { zone: ZONE }).toSeconds();
    expect(fall.body[4].volume_kwh).toBe(
      Number(new Dec(estimated.get(start + 4 * 3600)!).dividedBy(1e6).toFixed()),
    );
    // rt_lmp_price: the latest priced hour's components.
    const account = await call('accounts:get', { id: 'acc-year' });
    expect(account.rt_lmp_price).toMatchObject({
      starts_on: '2022-11-06',
      ends_on: '2022-11-07',
      lmp_price: '65.25',
      total_price_per_mwh: prices[prices.length - 1]!.total_price_per_mwh,
    });
    expect((await http('GET', '/api/v1/accounts/acc-year/shadow_prices?date=2022-1-1')).status).toBe(404);
  });

  it('names every seed component in every hour: 0 where the file gave none, null in an hour without a price', async () => {
    // 2022-05-02: hours 1–3 priced by LMP alone, the rest of the day unpriced.
    const csv = [
      'price_date,hour,lmp_price,total_price_per_mwh',
      ...[1, 2, 3].map((h) => `2022-5-2,${h},${20 + h}.5,${20 + h}.5`),
    ].join('\n');
    await importText('lmp-only.csv', csv);
    const day = await http('GET', '/api/v1/accounts/acc-year/shadow_prices?date=2022-5-2');
    expect(day.status).toBe(200);
    expect(day.body).toHaveLength(24);
    const components = [
      'lmp_price',
      'ancillaries_price',
      'capacity_price',
      'losses_price',
      'rps_price',
      'transmission_price',
      'transmission_ancillaries_price',
    ];
    expect(day.body[0]).toMatchObject({
      ...Object.fromEntries(components.map((k) => [k, 0])),
      lmp_price: 21.5,
      total_price_per_mwh: 21.5,
    });
    expect(day.body[3]).toMatchObject({
      ...Object.fromEntries(components.map((k) => [k, null])),
      total_price_per_mwh: null,
      hour: 4,
    });
    for (const hour of day.body) for (const key of components) expect(hour).toHaveProperty(key);
  });

  it('refuses a total that is not the sum of its components, another currency, and an hour a day does not have', async () => {
    const rows = dayOfPrices('2022-03-14', () => '30');
    rows[3]!.total_price_per_mwh = '1';
    const wrongSum = await importText('wrong-sum.json', JSON.stringify(rows)).catch((e) => e.error);
    expect(wrongSum.message).toMatch(
      /line 4, column total_price_per_mwh value "1": must be the exact sum of the components \(34.4475248\)/,
    );
    const csv = [
      'load_zone,price_date,hour,lmp_price,capacity_price,total_price_per_mwh,currency',
      'APS-PA,2022-3-15,1,30,1,31,EUR',
    ].join('\n');
    const foreign = await importText('eur.csv', csv, workspace, { mode: 'partial' }).catch((e) => e.error);
    expect(foreign.message).toMatch(/column currency value "EUR": is not the workspace's currency \(USD\)/);
    const noHour = await importText(
      'no-hour.csv',
      ['price_date,hour,lmp_price,total_price_per_mwh', '2022-3-13,24,30,30'].join('\n'),
    ).catch((e) => e.error);
    expect(noHour.message).toMatch(/column hour value "24": must be an hour ending 1–23/);
    const count = await workspace.db.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM market_prices WHERE start_utc >= ? AND start_utc < ?',
      [
        DateTime.fromISO('2022-03-14', { zone: ZONE }).toSeconds(),
        DateTime.fromISO('2022-03-16', { zone: ZONE }).toSeconds(),
      ],
    );
    expect(count?.n).toBe(0);
  });

  it('prices an open-market sale in settlement from imported shadow price components', async () => {
    const ws = await Workspace.create(temp.file('shadow-settlement.sqlite'));
    try {
      const definition = JSON.parse(readFileSync(path.join(fixturesDir, 'workspace-golden.json'), 'utf8'));
      await call('workspace:import-definition', { definition }, ws);
      const TZ = 'Asia/Bangkok';
      writeMonthReadings(temp.file('nov.csv'), '2022-11', TZ, ['gA-pv', 'gB-pv', 'c1-main', 'c2-main'], {
        'gA-pv@2022-11-12T10': '20',
        'c1-main@2022-11-12T10': '5',
        'c2-main@2022-11-12T10': '5',
      });
      await importText('nov.csv', readFileSync(temp.file('nov.csv'), 'utf8'), ws);
      // Shadow prices CSV by load zone for every hour of November in Bangkok (no DST), THB per MWh.
      const lines = ['load_zone,price_date,hour,lmp_price,capacity_price,losses_price,total_price_per_mwh'];
      for (let d = 1; d <= 30; d++)
        for (let h = 1; h <= 24; h++) {
          const lmp = d === 12 && h === 11 ? '2400.25' : '1500';
          const total = new Dec(lmp).plus('100.125').plus('0.0005').toFixed();
          lines.push(`TH-GOLD,2022-11-${d},${h},${lmp},100.125,0.0005,${total}`);
        }
      const report = await importText('th-shadow.csv', `${lines.join('\n')}\n`, ws);
      expect(report).toMatchObject({ status: 'stored', rowsStored: 720 });
      expect(await call('settlement:settle', { month: '2022-11' }, ws)).toMatchObject({
        status: 'published',
      });
      // 10 kWh left over at 10:00–11:00 local (hour ending 11), sold at (2400.25 + 100.125 + 0.0005) / 1000 per kWh.
      const hour = DateTime.fromISO('2022-11-12T10:00', { zone: TZ });
      const lines10 = await call(
        'prosumer:daily-tracking',
        { prosumerId: 'gA', date: '2022-11-12', meterType: 1 },
        ws,
      );
      const sold = lines10.data.transactions.find((t: any) => t.localHour === '2022-11-12T10:00:00+07:00');
      expect(sold.open_market).toMatchObject({ allocation: '10', cost: '25.0038' });
      const market = await ws.db.get<{ price_per_kwh: string }>(
        "SELECT price_per_kwh FROM market_prices WHERE price_zone = 'TH-GOLD' AND start_utc = ?",
        [hour.toSeconds()],
      );
      expect(market?.price_per_kwh).toBe('2.5003755');
    } finally {
      await ws.close();
    }
  });
});
