/**
 * Seed 002 (Truelight accounts), key for key and type for type (issue 19): the seed's own
 * account created, read, updated and deactivated over the real loopback server, a create
 * refused with field errors (422), and a day of shadow prices, each answer held against the
 * seed's own example (test/fixtures/seeds/002) by test/helpers/seed-shape.ts, with only the
 * added and nullable keys docs/api.md lists.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServer, type RunningServer } from '../../main/http/server';
import { Workspace } from '../../main/store/workspace';
import { Dec } from '../../shared/units';
import { checkSeedShape, seedRules } from '../helpers/seed-shape';
import { callOk, importFileOk, readFixtureJson, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
const ZONE = 'America/New_York';
const TOKEN = 'seed-002';
let workspace: Workspace;
let server: RunningServer;

async function http(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`http://127.0.0.1:${server.port}${url}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

/** The account of seed 002's create request, as the seed sends it. */
const seedAccount = {
  account_number: 'abc123',
  rep: 'xyz',
  location: '11 Beacon St.',
  city: 'Philadelphia',
  state: 'PA',
  load_zone: 'APS-PA',
  utility: 'WPP',
  load_profile: 'GPC',
  voltage: 'Primary',
  rate_class: '10',
  summary_usages_attributes: [{ starts_on: '2018-10-1', ends_on: '2018-10-31', volume_kwh: '925.24' }],
  capacity_tags_attributes: [{ start_date: '2018-6-1', end_date: '2019-5-31', value_kw: '60000' }],
  transmission_tags_attributes: [{ start_date: '2018-1-1', end_date: '2018-12-31', value_kw: '100000' }],
};

/** Seed 002's shadow prices for every hour of 2018-10-15 (New York, 24 hours), components summing to the total. */
function shadowPricesFile(): string {
  const hours = Array.from({ length: 24 }, (_, i) => {
    const components = {
      lmp_price: `${30 + i}.0501`,
      ancillaries_price: '1.7129',
      capacity_price: '0.1628',
      losses_price: '2.1541248',
      rps_price: '0.261',
      transmission_price: '0.1653',
      transmission_ancillaries_price: '-0.0086',
    };
    const total = Object.values(components).reduce((sum, value) => sum.plus(value), new Dec(0));
    return { price_date: '2018-10-15', hour: i + 1, ...components, total_price_per_mwh: total.toFixed() };
  });
  const file = temp.file('shadow.json');
  writeFileSync(file, JSON.stringify(hours));
  return file;
}

const answers = new Map<string, { example: string; operation: string; answer: unknown }>();

beforeAll(async () => {
  workspace = await Workspace.create(temp.file('seed-002.sqlite'), {
    name: 'PJM accounts',
    timezone: ZONE,
    currency: 'USD',
    priceZone: 'APS-PA',
  });
  await callOk(workspace, 'workspace:import-definition', {
    definition: {
      format: 'energy-ledger-workspace',
      formatVersion: 1,
      settings: { name: 'PJM accounts', timezone: ZONE, currency: 'USD', priceZone: 'APS-PA' },
      participants: [{ id: 'site-1', name: 'Beacon St. site', role: 'consumer' }],
      meters: [{ id: 'site-1-main', participantId: 'site-1', direction: 'consumption' }],
      pools: [],
      offerPlans: [],
      utilityPlans: [],
      utilityPlanAssignments: [],
    },
  });
  const office = readFileSync(
    path.join('data', 'load-profiles', 'crb8760_norm_SanFrancisco_SmallOffice.dat'),
    'utf8',
  );
  await callOk(workspace, 'load-profiles:save', {
    code: 'GPC',
    name: 'General purpose commercial',
    csv: office,
  });
  await callOk(workspace, 'reference:save', {
    reference: {
      utilities: [
        {
          code: 'WPP',
          name: 'West Penn Power',
          load_zones: ['APS-PA'],
          rate_classes: ['10', '20'],
          voltages: ['Primary', 'Secondary'],
          load_profiles: ['GPC', 'SF-Warehouse'],
        },
      ],
    },
  });
  server = await startServer({ workspace, port: 0, token: TOKEN });

  // As in the seed, the account is created before any price is known (its rt_lmp_price null).
  const created = await http('POST', '/api/v1/accounts', { account: { id: 'acc-beacon', ...seedAccount } });
  expect(created.status).toBe(201);
  answers.set('accounts:create', {
    example: 'account-create',
    operation: 'accounts:create',
    answer: created.body,
  });
  await importFileOk(workspace, shadowPricesFile());
  await workspace.idle();
  const got = await http('GET', '/api/v1/accounts/acc-beacon');
  expect(got.status).toBe(200);
  answers.set('accounts:get', { example: 'account-get', operation: 'accounts:get', answer: got.body });
  // 15 October lies in the seed's summary usage (October 2018), intervalized: each hour has a volume.
  const prices = await http('GET', '/api/v1/accounts/acc-beacon/shadow_prices?date=2018-10-15');
  expect(prices.status).toBe(200);
  answers.set('accounts:shadow-prices', {
    example: 'shadow-prices',
    operation: 'accounts:shadow-prices',
    answer: prices.body,
  });
  // Seed 002's update request: rep, address and summary usage (its tags left as they are).
  const updated = await http('PATCH', '/api/v1/accounts/acc-beacon', {
    account: {
      rep: 'abcde',
      location: 'Costa Rica',
      city: 'Costa Rica',
      summary_usages_attributes: [{ starts_on: '2018-01-04', ends_on: '2018-01-04', volume_kwh: 925.24 }],
    },
  });
  expect(updated.status).toBe(200);
  answers.set('accounts:update', {
    example: 'account-update',
    operation: 'accounts:update',
    answer: updated.body,
  });
  const deactivated = await http('PATCH', '/api/v1/accounts/acc-beacon', { account: { status: 'inactive' } });
  expect(deactivated.status).toBe(200);
  answers.set('accounts:update deactivate', {
    example: 'account-deactivate',
    operation: 'accounts:update',
    answer: deactivated.body,
  });
  const refused = await http('POST', '/api/v1/accounts', {
    account: { ...seedAccount, id: 'acc-refused', load_profile: 'NOT-A-PROFILE' },
  });
  expect(refused.status).toBe(422);
  answers.set('accounts:create 422', {
    example: 'validation-error',
    operation: 'accounts:create',
    answer: refused.body,
  });
});
afterAll(async () => {
  await server?.close();
  await workspace?.close();
  temp.cleanup();
});

const LABELS = [
  'accounts:create',
  'accounts:create 422',
  'accounts:get',
  'accounts:update',
  'accounts:update deactivate',
  'accounts:shadow-prices',
];

describe('seed 002 answers, key for key and type for type', () => {
  it.each(LABELS)('%s', (label) => {
    const { example, operation, answer } = answers.get(label)!;
    const problems = checkSeedShape(
      readFixtureJson(`seeds/002/${example}.json`),
      answer,
      seedRules(operation),
    )
      .map((problem) => `${label} ${problem}`)
      .sort();
    expect(problems, `${label} today:\n${problems.map((p) => `  '${p}',`).join('\n')}`).toEqual([]);
  });
});
