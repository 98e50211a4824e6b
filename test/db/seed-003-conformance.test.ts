/**
 * Seed 003 (EnergyCAP's calculated meter use), key for key and type for type (issue 19):
 * the calculated-use answer of a physical meter and of a virtual one (a tenant's share of a
 * building meter), fetched over the real loopback server and held against the seed's own
 * example (test/fixtures/seeds/003) by test/helpers/seed-shape.ts, with only the added and
 * nullable keys docs/api.md lists.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServer, type RunningServer } from '../../main/http/server';
import { Workspace } from '../../main/store/workspace';
import { checkSeedShape, seedRules } from '../helpers/seed-shape';
import { callOk, fixturesDir, readFixtureJson, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
const TOKEN = 'seed-003';
let workspace: Workspace;
let server: RunningServer;

beforeAll(async () => {
  workspace = await Workspace.create(temp.file('seed-003.sqlite'));
  // The golden market, consumer c1 on a share of a building meter the owner holds.
  const definition = JSON.parse(readFileSync(path.join(fixturesDir, 'workspace-golden.json'), 'utf8'));
  definition.participants.push({ id: 'owner', name: 'Building owner', role: 'consumer' });
  definition.meters = [
    ...definition.meters.filter((meter: { id: string }) => meter.id !== 'c1-main'),
    { id: 'bldg-main', participantId: 'owner', direction: 'consumption', settles: false },
  ];
  await callOk(workspace, 'workspace:import-definition', { definition });
  await callOk(workspace, 'virtual-meters:save', {
    meterId: 'c1-share',
    meter: {
      participantId: 'c1',
      name: 'c1’s share of the building',
      versions: [
        {
          versionId: 1,
          effectiveFrom: '2022-01-01',
          use: { copyUseFromMeter: { meterId: 'bldg-main', percentage: '40' } },
        },
      ],
    },
  });
  // A common-area meter: the building and c2's meter, less c1's share and a group of one, then
  // a fixed amount — so the seed's nested meter and group references are answered too.
  await callOk(workspace, 'meter-groups:save', {
    groupId: 'c1-tenancy',
    name: 'c1’s tenancy',
    meterIds: ['c1-share'],
  });
  await callOk(workspace, 'meter-groups:save', {
    groupId: 'c2-tenancy',
    name: 'c2’s tenancy',
    meterIds: ['c2-main'],
  });
  await callOk(workspace, 'virtual-meters:save', {
    meterId: 'common',
    meter: {
      participantId: 'owner',
      name: 'Common areas',
      settles: false,
      versions: [
        {
          versionId: 1,
          effectiveFrom: '2022-01-01',
          effectiveTo: '2022-06-01',
          use: {
            useCalculation: {
              sum: { sumMeters: ['bldg-main'], sumMeterGroups: ['c2-tenancy'] },
              subtract: { subtractMeters: ['c2-main'], subtractMeterGroups: ['c1-tenancy'] },
            },
          },
        },
        {
          versionId: 2,
          effectiveFrom: '2022-06-01',
          use: { fixedAmount: { amount: '1.5', unit: 'kWh', per: 'interval' } },
        },
      ],
    },
  });
  server = await startServer({ workspace, port: 0, token: TOKEN });
});
afterAll(async () => {
  await server?.close();
  await workspace?.close();
  temp.cleanup();
});

const ANSWERS = [
  ['meters:calculated-use physical', '/api/accounts/owner/meters/bldg-main/calculated-use/1'],
  ['meters:calculated-use virtual', '/api/accounts/c1/meters/c1-share/calculated-use/1'],
  ['meters:calculated-use calculation', '/api/accounts/owner/meters/common/calculated-use/1'],
  ['meters:calculated-use fixed amount', '/api/accounts/owner/meters/common/calculated-use/2'],
] as const;

/**
 * The seed's example with its empty meter lists filled: seed 003 shows `sumMeters` and
 * `subtractMeters` empty, and a meter reference (copyUseFromMeter.meter) elsewhere, so each
 * listed meter is held against that reference. Its meter groups have no example: not checked.
 */
function seedExample(): any {
  const example = readFixtureJson<any>('seeds/003/calculated-use.json');
  const meter = example.copyUseFromMeter.meter;
  example.useCalculation.sum.sumMeters = [meter];
  example.useCalculation.subtract.subtractMeters = [meter];
  return example;
}

describe('seed 003 answers, key for key and type for type', () => {
  it.each(ANSWERS)('%s', async (label, url) => {
    const response = await fetch(`http://127.0.0.1:${server.port}${url}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    const problems = checkSeedShape(seedExample(), await response.json(), seedRules('meters:calculated-use'))
      .map((problem) => `${label} ${problem}`)
      .sort();
    expect(problems, `${label} today:\n${problems.map((p) => `  '${p}',`).join('\n')}`).toEqual([]);
  });
});
