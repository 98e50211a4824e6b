/**
 * Seed 001 (Genability's accounts/{id}/calculate), key for key and type for type (issue 19):
 * a consumer's January priced on a tiered flat tariff (energy in two tiers, a monthly service
 * charge, VAT), fetched over the real loopback server and held against the seed's own
 * examples (test/fixtures/seeds/001) by test/helpers/seed-shape.ts, with only the added and
 * nullable keys docs/api.md lists; and the total checked against the items independently.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServer, type RunningServer } from '../../main/http/server';
import type { Workspace } from '../../main/store/workspace';
import { Dec } from '../../shared/units';
import { januaryOnTieredTariff } from '../helpers/month-files';
import { checkSeedShape, seedRules } from '../helpers/seed-shape';
import { readFixtureJson, smallWorkspace, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
const TOKEN = 'seed-001';
let workspace: Workspace;
let server: RunningServer;

async function calculate(body: Record<string, unknown>): Promise<any> {
  const response = await fetch(`http://127.0.0.1:${server.port}/rest/v1/accounts/acc-b/calculate`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.json();
}

beforeAll(async () => {
  workspace = await smallWorkspace(temp.file('seed-001.sqlite'));
  // con-b-main: 1.25 kWh in every local hour of January 2022 but 0.5 kWh at night (00–05).
  await januaryOnTieredTariff(workspace, temp.file('january.csv'), (h) => (h < 6 ? '0.5' : '1.25'));
  server = await startServer({ workspace, port: 0, token: TOKEN });
});
afterAll(async () => {
  await server?.close();
  await workspace?.close();
  temp.cleanup();
});

const RATE_MONTH = {
  fromDateTime: '2022-01-01',
  toDateTime: '2022-02-01',
  detailLevel: 'RATE',
  groupBy: 'MONTH',
};
const HOUR_CHARGE_TYPE = {
  fromDateTime: '2022-01-01',
  toDateTime: '2022-01-02',
  detailLevel: 'CHARGE_TYPE',
  groupBy: 'HOUR',
};

/** The answers checked: label → the problems of its answer against its seed example. */
const ANSWERS: [string, () => Promise<string[]>][] = [
  [
    'accounts:calculate RATE/MONTH',
    async () =>
      checkSeedShape(
        readFixtureJson('seeds/001/calculate-rate-month.json'),
        await calculate(RATE_MONTH),
        seedRules('accounts:calculate'),
      ),
  ],
  [
    'accounts:calculate HOUR/CHARGE_TYPE',
    async () => {
      // The seed shows only this answer's items; the rest of it is the RATE example's.
      const example = readFixtureJson<{ results: Record<string, unknown>[] }>(
        'seeds/001/calculate-rate-month.json',
      );
      const { items } = readFixtureJson<{ items: unknown[] }>(
        'seeds/001/calculate-hour-charge-type-items.json',
      );
      const composed = { ...example, results: example.results.map((result) => ({ ...result, items })) };
      return checkSeedShape(composed, await calculate(HOUR_CHARGE_TYPE), seedRules('accounts:calculate'));
    },
  ],
];

describe('seed 001 answers, key for key and type for type', () => {
  it.each(ANSWERS)('%s', async (label, check) => {
    const problems = (await check()).map((problem) => `${label} ${problem}`).sort();
    expect(problems, `${label} today:\n${problems.map((p) => `  '${p}',`).join('\n')}`).toEqual([]);
  });
});

describe('seed 001 figures, checked independently', () => {
  it('totalCost is the sum of the items’ costs, rounded to cents', async () => {
    const { results } = await calculate(RATE_MONTH);
    expect(results).toHaveLength(1);
    const [result] = results;
    expect(result.items.length).toBeGreaterThan(0);
    const sum = result.items.reduce(
      (total: Dec, item: { cost: number; exact?: { cost?: string } }) =>
        total.plus(item.exact?.cost ?? item.cost),
      new Dec(0),
    );
    expect(sum.toDecimalPlaces(2, Dec.ROUND_HALF_UP).toNumber()).toBe(result.totalCost);
  });
});
