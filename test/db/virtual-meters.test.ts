/**
 * Virtual meters on a real workspace: a shared building meter split into three
 * tenants who settle, their shares summing exactly to the building every hour;
 * seed 003's calculated-use answer; the preview; and refusals (double counting,
 * shares over 100 %, cycles, missing meters) that store nothing.
 */
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import { verifyPack } from '../../main/audit/verify-pack';
import { writeAuditPack } from '../../main/audit/write-pack';
import { startServer, type RunningServer } from '../../main/http/server';
import { Workspace } from '../../main/store/workspace';
import { writeMonthReadings } from '../helpers/month-files';
import { fixturesDir, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
const TZ = 'Asia/Bangkok';
let workspace: Workspace;
let server: RunningServer;

async function call(name: string, input: unknown) {
  const result = await callOperation({ workspace }, name, input);
  if (!result.ok) throw Object.assign(new Error(`${name}: ${result.error.message}`), { error: result.error });
  return result.value as any;
}
async function refusal(name: string, input: unknown) {
  const result = await callOperation({ workspace }, name, input);
  if (result.ok) throw new Error(`${name} was accepted`);
  return result.error;
}
const tenant = (id: string, participantId: string, percentage: string) => ({
  meterId: id,
  meter: {
    participantId,
    name: `${participantId}'s share of the building`,
    versions: [
      {
        versionId: 1,
        effectiveFrom: '2022-01-01',
        use: { copyUseFromMeter: { meterId: 'bldg-main', percentage } },
      },
    ],
  },
});

beforeAll(async () => {
  workspace = await Workspace.create(temp.file('virtual.sqlite'));
  // The golden market, with the two consumers and a third tenant sharing one building meter.
  const definition = JSON.parse(readFileSync(path.join(fixturesDir, 'workspace-golden.json'), 'utf8'));
  definition.participants.push(
    { id: 'c3', name: 'Consumer Three', role: 'consumer' },
    { id: 'owner', name: 'Building owner', role: 'consumer' },
  );
  definition.meters = [
    ...definition.meters.filter((m: { id: string }) => !m.id.startsWith('c')),
    { id: 'bldg-main', participantId: 'owner', direction: 'consumption', settles: false },
  ];
  definition.pools[0].members.push({ participantId: 'c3', effectiveFrom: '2022-01-01' });
  definition.utilityPlanAssignments.push({
    participantId: 'c3',
    utilityPlanId: 'egat',
    effectiveFrom: '2022-01-01',
  });
  await call('workspace:import-definition', { definition });
  // Odd building loads so a three-way split has remainders: 10.001 kWh most hours.
  writeMonthReadings(
    temp.file('nov.csv'),
    '2022-11',
    TZ,
    ['gA-pv', 'gB-pv', 'bldg-main'],
    { 'gA-pv@2022-11-12T10': '6', 'gB-pv@2022-11-12T10': '2.5' },
    [],
    '10.001',
  );
  const imported = await callOperation(
    { workspace, upload: () => createReadStream(temp.file('nov.csv')) },
    'imports:file',
    { fileName: 'nov.csv' },
  );
  expect(imported.ok).toBe(true);
  server = await startServer({ workspace, port: 0, token: 'vm-test' });
});
afterAll(async () => {
  await server?.close();
  await workspace?.close();
  temp.cleanup();
});

describe('virtual meters (seed 003)', () => {
  it('refuses a split that would count the building twice, shares over 100 % and a missing source, storing nothing', async () => {
    await call('meters:set-settles', { meterId: 'bldg-main', settles: true });
    const twice = await refusal('virtual-meters:save', tenant('c1-share', 'c1', '40'));
    expect(twice.fields?.virtualMeters?.[0]).toMatch(
      /meter bldg-main would be counted 140 % in settlement: bldg-main \(settles itself\), c1-share \(40 %\)/,
    );
    await call('meters:set-settles', { meterId: 'bldg-main', settles: false });
    const missing = await refusal('virtual-meters:save', {
      ...tenant('c1-share', 'c1', '40'),
      meter: {
        ...tenant('c1-share', 'c1', '40').meter,
        versions: [
          {
            versionId: 1,
            effectiveFrom: '2022-01-01',
            use: { copyUseFromMeter: { meterId: 'nope', percentage: '40' } },
          },
        ],
      },
    });
    expect(missing.fields?.['virtualMeters[c1-share].versions[0].use']).toEqual([
      'names meter nope (copyUseFromMeter), which does not exist',
    ]);
    expect(await call('virtual-meters:list', {})).toEqual([]);
  });

  it('splits the building into three settling tenants whose shares sum exactly to it every hour', async () => {
    await call('virtual-meters:save', tenant('c1-share', 'c1', '33.333333'));
    await call('virtual-meters:save', tenant('c2-share', 'c2', '33.333333'));
    const over = await refusal('virtual-meters:save', tenant('c3-share', 'c3', '50'));
    expect(over.fields?.virtualMeters?.[0]).toMatch(
      /the shares of meter bldg-main add up to 116.666666 % \(more than 100\)/,
    );
    await call('virtual-meters:save', tenant('c3-share', 'c3', '33.333334'));
    // The building meter settling again now would count it twice: refused.
    const back = await refusal('meters:set-settles', { meterId: 'bldg-main', settles: true });
    expect(back.fields?.virtualMeters?.[0]).toMatch(/would be counted 200 % in settlement/);

    const outcome = await call('settlement:settle', { month: '2022-11' });
    expect(outcome).toMatchObject({ status: 'published' });
    // Each hour: the three tenants' loads (traded + grid) add up exactly to the building's reading.
    const loads = await Promise.all(
      ['c1', 'c2', 'c3'].map((c) =>
        call('consumer:hours', { consumerId: c, month: 11, year: 2022, meterType: 1 }),
      ),
    );
    const building = await call('meters:readings', {
      meterId: 'bldg-main',
      from: '2022-11-01',
      to: '2022-11-30',
      resolution: 'hour',
    });
    expect(building.readings).toHaveLength(720);
    const mWh = (kwh: string) => Math.round(Number(kwh) * 1_000_000);
    for (let h = 0; h < 720; h++) {
      const sum = loads.reduce((s, l) => s + mWh(l.data.hours[h].load), 0);
      expect(sum).toBe(mWh(building.readings[h].kWh));
    }
    // 10.001 kWh a third each: 3,333,667 + 3,333,667 + 3,333,666 mWh in some order.
    expect(loads.map((l) => mWh(l.data.hours[0].load))).toEqual([3_333_667, 3_333_666, 3_333_667]);
    const runs = await call('runs:list', { month: '2022-11' });
    expect(runs[0].manifest.virtualMeters.map((v: { meterId: string }) => v.meterId)).toEqual([
      'c1-share',
      'c2-share',
      'c3-share',
    ]);
    // The audit pack carries the tenants' hourly use as the run read it, and reproduces the run.
    const pack = await writeAuditPack(workspace, { month: '2022-11' });
    const report = await verifyPack(pack.zip);
    expect([report.identical, report.identity.same, report.lines.differing]).toEqual([true, true, 0]);
  });

  it('answers seed 003’s calculated-use for a version, over HTTP, in its shape', async () => {
    const response = await fetch(
      `http://127.0.0.1:${server.port}/api/accounts/c1/meters/c1-share/calculated-use/1`,
      {
        headers: { Authorization: 'Bearer vm-test' },
      },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body).toMatchObject({
      calendarizedUseCalculation: null,
      copyUseFromMeter: {
        meter: {
          meterId: expect.any(Number),
          meterCode: 'bldg-main',
          isCalculatedMeter: false,
          isSplitParentMeter: true,
          isSplitChildMeter: false,
        },
        percentage: 33.333333,
      },
      fixedAmount: null,
      readingsFromChannel: null,
      readingsFromEsaChannel: null,
      readingsFromWatticsDataPoint: null,
      useCalculation: null,
      versionId: 1,
      effectiveFrom: '2022-01-01',
    });
    // Every key of the seed's CalculatedBillUseResponse is present, null when unused, and so are the version's dates.
    const seedKeys = [
      'calendarizedUseCalculation',
      'copyUseFromMeter',
      'fixedAmount',
      'readingsFromChannel',
      'readingsFromEsaChannel',
      'readingsFromWatticsDataPoint',
      'useCalculation',
    ];
    for (const key of [...seedKeys, 'versionId', 'effectiveFrom', 'effectiveTo'])
      expect(body).toHaveProperty(key);
    // A physical meter's one version is its own readings, with the same keys: its dates are null (nothing bounds them).
    const physical = await call('meters:calculated-use', {
      accountId: 'owner',
      meterId: 'bldg-main',
      versionId: 1,
    });
    expect(Object.keys(physical).sort()).toEqual(Object.keys(body).sort());
    expect(physical).toMatchObject({
      readingsFromChannel: { channelId: expect.any(Number), channelCode: 'bldg-main', interval: 60 },
      readingsFromEsaChannel: null,
      readingsFromWatticsDataPoint: null,
      copyUseFromMeter: null,
      versionId: 1,
      effectiveFrom: null,
      effectiveTo: null,
    });
    const wrong = await fetch(
      `http://127.0.0.1:${server.port}/api/accounts/c2/meters/c1-share/calculated-use/1`,
      {
        headers: { Authorization: 'Bearer vm-test' },
      },
    );
    expect(wrong.status).toBe(404);
    expect(
      (await refusal('meters:calculated-use', { accountId: 'c1', meterId: 'c1-share', versionId: 2 })).code,
    ).toBe('not_found');
  });

  it('previews a common-area meter (building minus a group of tenants) against its sources, reporting hours below zero', async () => {
    await call('meter-groups:save', {
      groupId: 'tenants',
      name: 'Tenants',
      meterIds: ['c1-share', 'c2-share'],
    });
    await call('virtual-meters:save', {
      meterId: 'common',
      meter: {
        participantId: 'owner',
        settles: false,
        versions: [
          {
            versionId: 1,
            effectiveFrom: '2022-01-01',
            effectiveTo: '2022-11-15',
            use: {
              useCalculation: {
                sum: { sumMeters: ['bldg-main'] },
                subtract: { subtractMeterGroups: ['tenants'], subtractMeters: ['c3-share'] },
              },
            },
          },
          {
            versionId: 2,
            effectiveFrom: '2022-11-15',
            use: {
              useCalculation: {
                sum: { sumMeters: ['c1-share'] },
                subtract: { subtractMeters: ['bldg-main'] },
              },
            },
          },
        ],
      },
    });
    const preview = await call('virtual-meters:preview', {
      meterId: 'common',
      from: '2022-11-14',
      to: '2022-11-15',
    });
    expect(preview.hours).toHaveLength(48);
    expect(preview.hours[0].kWh).toBe('0');
    expect(preview.sources.map((s: { meterId: string }) => s.meterId).sort()).toEqual([
      'bldg-main',
      'c1-share',
      'c2-share',
      'c3-share',
    ]);
    // From the 15th, c1's share minus the whole building is below zero every hour.
    expect(preview.negativeHours).toHaveLength(24);
    expect(preview.negativeHours[0]).toBe('2022-11-14 17:00:00');
    const v2 = await call('meters:calculated-use', { accountId: 'owner', meterId: 'common', versionId: 2 });
    expect(v2.useCalculation.sum.sumMeters[0]).toMatchObject({
      meterCode: 'c1-share',
      isCalculatedMeter: true,
      isSplitChildMeter: true,
    });
    const v1 = await call('meters:calculated-use', { accountId: 'owner', meterId: 'common', versionId: 1 });
    expect(v1.useCalculation.subtract.subtractMeterGroups[0]).toMatchObject({
      meterGroupId: expect.any(Number),
      meterGroupCode: 'tenants',
    });
    // A group that would make the meter subtract itself is refused.
    const cycle = await refusal('meter-groups:save', {
      groupId: 'tenants',
      name: 'Tenants',
      meterIds: ['c1-share', 'common'],
    });
    expect(Object.values(cycle.fields ?? {}).flat()).toContain(
      'refers to the meter itself (subtractMeterGroups tenants)',
    );
    // A longer cycle: c1-share's source made from common, which depends on c1-share.
    const longer = await refusal('virtual-meters:save', {
      meterId: 'c2-share',
      meter: {
        participantId: 'c2',
        versions: [
          {
            versionId: 1,
            effectiveFrom: '2022-01-01',
            use: { copyUseFromMeter: { meterId: 'common', percentage: '10' } },
          },
        ],
      },
    });
    expect(
      Object.values(longer.fields ?? {})
        .flat()
        .join(' '),
    ).toMatch(/is part of a cycle: (\S+ → )+\S+/);
  });

  it('refuses a workspace definition that would make the building settle again or drop a tenant a virtual meter belongs to', async () => {
    const current = await call('workspace:get', {});
    const settlesAgain = structuredClone(current);
    settlesAgain.meters.find((m: { id: string }) => m.id === 'bldg-main').settles = true;
    const refused = await refusal('workspace:import-definition', { definition: settlesAgain });
    expect(refused.fields?.virtualMeters?.[0]).toMatch(
      /meter bldg-main would be counted 200 % in settlement/,
    );
    const dropped = structuredClone(current);
    dropped.participants = dropped.participants.filter((p: { id: string }) => p.id !== 'c3');
    dropped.pools[0].members = dropped.pools[0].members.filter(
      (m: { participantId: string }) => m.participantId !== 'c3',
    );
    dropped.utilityPlanAssignments = dropped.utilityPlanAssignments.filter(
      (a: { participantId: string }) => a.participantId !== 'c3',
    );
    const refusedDrop = await refusal('workspace:import-definition', { definition: dropped });
    expect(
      Object.values(refusedDrop.fields ?? {})
        .flat()
        .join(' '),
    ).toMatch(/c3/);
    // The stored definition is unchanged.
    expect(await call('workspace:get', {})).toEqual(current);
  });
});
