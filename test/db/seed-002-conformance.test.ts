/**
 * Seed 002 (Truelight accounts), key for key and type for type (issue 19): the seed's own
 * account created, read, updated and deactivated over the real loopback server, a create
 * refused with field errors (422), and a day of shadow prices, each answer held against the
 * seed's own example (test/fixtures/seeds/002) by test/helpers/seed-shape.ts, with only the
 * added and nullable keys docs/api.md lists.
 */
import { writeFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServer, type RunningServer } from '../../main/http/server';
import type { Workspace } from '../../main/store/workspace';
import { httpClient, type HttpClient } from '../helpers/http-client';
import { pjmAccountsWorkspace, seedAccount, shadowPriceHour } from '../helpers/pjm-accounts';
import { checkSeedShape, seedRules } from '../helpers/seed-shape';
import { importFileOk, readFixtureJson, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
const TOKEN = 'seed-002';
let workspace: Workspace;
let server: RunningServer;
let http: HttpClient;

/** Seed 002's shadow prices for every hour of 2018-10-15 (New York, 24 hours), components summing to the total. */
function shadowPricesFile(): string {
  const hours = Array.from({ length: 24 }, (_, i) => shadowPriceHour('2018-10-15', i + 1, `${30 + i}.0501`));
  const file = temp.file('shadow.json');
  writeFileSync(file, JSON.stringify(hours));
  return file;
}

const answers = new Map<string, { example: string; operation: string; answer: unknown }>();

beforeAll(async () => {
  workspace = await pjmAccountsWorkspace(temp.file('seed-002.sqlite'));
  server = await startServer({ workspace, port: 0, token: TOKEN });
  http = httpClient(server.port, TOKEN);

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
