/**
 * Seed 004 (Tendril's device cost & consumption), key for key and type for type (issue 19):
 * the MONTHLY JSON answer of a device priced on a TOU tariff and of one with no tariff,
 * fetched over the real loopback server with the seed's matrix parameters and held against
 * the seed's own example (test/fixtures/cost-consumption/seed-monthly.json, kept unchanged
 * since the cost-consumption tests) by test/helpers/seed-shape.ts, with only the added and
 * nullable keys docs/api.md lists.
 */
import { writeFileSync } from 'node:fs';

import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServer, type RunningServer } from '../../main/http/server';
import type { Workspace } from '../../main/store/workspace';
import { homesWorkspace, LOS_ANGELES } from '../helpers/home-devices';
import { checkSeedShape, seedRules } from '../helpers/seed-shape';
import { residentialTou, touEnergyCharge } from '../helpers/tariff-fixture';
import { callOk, importFileOk, readFixtureJson, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
const ZONE = LOS_ANGELES;
const TOKEN = 'seed-004';
let workspace: Workspace;
let server: RunningServer;

beforeAll(async () => {
  workspace = await homesWorkspace(
    temp.file('seed-004.sqlite'),
    'Homes',
    [
      { id: 'home', name: 'A home on a TOU tariff', role: 'consumer' },
      { id: 'shed', name: 'A shed without a tariff', role: 'consumer' },
    ],
    [
      { id: 'dev-1', participantId: 'home', direction: 'consumption', settles: false },
      { id: 'dev-2', participantId: 'shed', direction: 'consumption', settles: false },
    ],
  );
  // Hourly readings of both devices from 1 November to 10 December, 0.25 kWh + 0.01 per local hour.
  const lines = ['meter_id,interval_start,interval_minutes,energy_kwh'];
  const start = DateTime.fromISO('2022-11-01T00:00', { zone: ZONE }).toSeconds();
  const end = DateTime.fromISO('2022-12-10T00:00', { zone: ZONE }).toSeconds();
  for (const device of ['dev-1', 'dev-2'])
    for (let t = start; t < end; t += 3600) {
      const local = DateTime.fromSeconds(t, { zone: ZONE });
      lines.push(
        `${device},${local.toISO({ suppressMilliseconds: true })},60,${(0.25 + local.hour / 100).toFixed(2)}`,
      );
    }
  writeFileSync(temp.file('devices.csv'), `${lines.join('\n')}\n`);
  await importFileOk(workspace, temp.file('devices.csv'));
  await callOk(workspace, 'tariffs:save', { tariff: residentialTou([touEnergyCharge('0.21', '0.43')]) });
  await callOk(workspace, 'accounts:save', {
    accountId: 'acc-home',
    participantId: 'home',
    masterTariffId: 'tou',
  });
  server = await startServer({ workspace, port: 0, token: TOKEN });
});
afterAll(async () => {
  await server?.close();
  await workspace?.close();
  temp.cleanup();
});

const device = (id: string) =>
  `/connect/user/current-user/account/default-account/location/default-location/device/${id}/consumption/MONTHLY;from=2022-11-01T00:00:00-07:00;to=2022-12-10T00:00:00-08:00`;
const ANSWERS = [
  ['consumption:device MONTHLY tariff', device('dev-1')],
  ['consumption:device MONTHLY no-tariff', device('dev-2')],
] as const;

describe('seed 004 answers, key for key and type for type', () => {
  it.each(ANSWERS)('%s', async (label, url) => {
    const response = await fetch(`http://127.0.0.1:${server.port}${url}`, {
      headers: { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    const problems = checkSeedShape(
      readFixtureJson('cost-consumption/seed-monthly.json'),
      await response.json(),
      seedRules('consumption:device'),
    )
      .map((problem) => `${label} ${problem}`)
      .sort();
    // No gaps left (issue 19): a failure prints the answer's problems, one a line.
    expect(problems, `${label} today:\n${problems.map((p) => `  '${p}',`).join('\n')}`).toEqual([]);
  });
});
