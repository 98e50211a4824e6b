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
] as const;

describe('seed 003 answers, key for key and type for type', () => {
  it.each(ANSWERS)('%s', async (label, url) => {
    const response = await fetch(`http://127.0.0.1:${server.port}${url}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    const problems = checkSeedShape(
      readFixtureJson('seeds/003/calculated-use.json'),
      await response.json(),
      seedRules('meters:calculated-use'),
    )
      .map((problem) => `${label} ${problem}`)
      .sort();
    expect(problems, `${label} today:\n${problems.map((p) => `  '${p}',`).join('\n')}`).toEqual([]);
  });
});
