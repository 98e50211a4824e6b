/**
 * Seed 000 (the CFE market's consumer and generator views), key for key and type for type
 * (issue 19): each answer, fetched over the real loopback server from a settled golden
 * market (test/fixtures/workspace-golden.json), is held against the seed's own example
 * (test/fixtures/seeds/000) by test/helpers/seed-shape.ts, with only the added keys and
 * nullable keys docs/api.md lists; plus a few of the figures checked independently.
 */
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServer, type RunningServer } from '../../main/http/server';
import { Workspace } from '../../main/store/workspace';
import { Dec } from '../../shared/units';
import { importGoldenNovember } from '../helpers/golden';
import { checkSeedShape, seedRules } from '../helpers/seed-shape';
import { callOk, fixturesDir, importFileOk, readFixtureJson, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
const TOKEN = 'seed-000';
let workspace: Workspace;
let server: RunningServer;

async function get(url: string): Promise<any> {
  const response = await fetch(`http://127.0.0.1:${server.port}${url}`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(response.status, url).toBe(200);
  return response.json();
}

beforeAll(async () => {
  workspace = await Workspace.create(temp.file('seed-000.sqlite'));
  await importFileOk(workspace, path.join(fixturesDir, 'workspace-golden.json'));
  // 12 November: both generators trade at 10:00; gA's leftover at 11:00 sells to the market
  // (2.5 above its floor), at 12:00 it goes unsold (0.8 below it); consumers also draw grid.
  await importGoldenNovember(workspace, temp.dir);
  expect(await callOk(workspace, 'settlement:settle', { month: '2022-11' })).toMatchObject({
    status: 'published',
  });
  server = await startServer({ workspace, port: 0, token: TOKEN });
});
afterAll(async () => {
  await server?.close();
  await workspace?.close();
  temp.cleanup();
});

/** The answers checked: label (the operation, and the variant) → fixture, URL. */
const ANSWERS = [
  ['consumer:overview', 'consumer-overview', '/api/consumer/c1/overview?month=11&year=2022&meterType=1'],
  [
    'prosumer:transactions',
    'prosumer-transactions',
    '/api/prosumer/gA/transactions?month=11&year=2022&meterType=1',
  ],
  [
    'prosumer:distribution',
    'prosumer-distribution',
    '/api/prosumer/gA/distribution?month=11&year=2022&meterType=1',
  ],
  [
    'prosumer:breakdown D',
    'prosumer-breakdown-d',
    '/api/prosumer/gA/breakdown?period=D&date=2022-11-12&meterType=1',
  ],
  [
    'prosumer:breakdown W',
    'prosumer-breakdown-w',
    '/api/prosumer/gA/breakdown?period=W&date=2022-11-12&meterType=1',
  ],
  [
    'prosumer:breakdown Y',
    'prosumer-breakdown-y',
    '/api/prosumer/gA/breakdown?period=Y&date=2022-11-12&meterType=1',
  ],
  ['prosumer:revenue', 'prosumer-revenue', '/api/prosumer/gA/revenue?meterType=1'],
  ['prosumer:payments', 'prosumer-payments', '/api/prosumer/gA/payments?meterType=1'],
  [
    'prosumer:daily-tracking',
    'prosumer-daily-tracking',
    '/api/prosumer/gA/daily-tracking?date=2022-11-12&meterType=1',
  ],
] as const;

describe('seed 000 answers, key for key and type for type', () => {
  it.each(ANSWERS)('%s', async (label, fixture, url) => {
    const operation = label.split(' ')[0] as string;
    const answer = await get(url);
    const problems = checkSeedShape(
      readFixtureJson(`seeds/000/${fixture}.json`),
      answer,
      seedRules(operation),
    ).map((problem) => `${label} ${problem}`);
    // No gaps left (issue 19): a failure prints the answer's problems, one a line.
    expect(problems.sort(), `${label} today:\n${problems.map((p) => `  '${p}',`).join('\n')}`).toEqual([]);
  });
});

describe('seed 000 figures, checked independently', () => {
  it('a consumer’s total_cost is the sum of its providers’ costs', async () => {
    const { data } = await get('/api/consumer/c1/overview?month=11&year=2022&meterType=1');
    const providers = [...data.traded.providers, ...data.energy_load.providers];
    expect(providers.length).toBeGreaterThan(0);
    const sum = providers.reduce(
      (total: Dec, provider: { cost: string }) => total.plus(provider.cost),
      new Dec(0),
    );
    expect(sum.eq(data.total_cost)).toBe(true);
  });

  it('a generator’s distribution percentages sum to 100', async () => {
    const { data } = await get('/api/prosumer/gA/distribution?month=11&year=2022&meterType=1');
    const sum = ['traded', 'open_market', 'unsold'].reduce(
      (total, part) => total.plus(data[part].distributionPercentage),
      new Dec(0),
    );
    expect(sum.toNumber()).toBeCloseTo(100, 6);
  });
});
