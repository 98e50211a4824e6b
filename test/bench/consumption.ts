/**
 * Cost & consumption and virtual meter benchmark (part of npm run bench): a
 * year of 15-minute readings of one building meter (35,040) on a TOU tariff
 * with a fixed charge, split into three tenant virtual meters. Times the seed
 * 004 answer at every resolution (priced by the tariff engine), the same for a
 * tenant (a virtual meter), and the virtual split of the year hour by hour;
 * the baseline, in the same process, is reading the year's readings from the
 * workspace and summing them. Prints times and ratios; never fails on time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { callOperation } from '../../main/api/dispatch';
import { UseEvaluator } from '../../main/engine/virtual-meters';
import { physicalHourlyUse } from '../../main/settlement/meter-use';
import { readingsBetween } from '../../main/store/readings-repository';
import { readVirtualSetup } from '../../main/store/virtual-meter-repository';
import { Workspace } from '../../main/store/workspace';
import { hourStarts, localDayOf } from '../../shared/time';

const ZONE = 'America/Los_Angeles';
const START = Date.UTC(2022, 0, 1) / 1000 + 8 * 3600;
const QUARTERS = 365 * 96;
const folder = mkdtempSync(path.join(os.tmpdir(), 'energy-ledger-consumption-bench-'));

async function call(workspace: Workspace, name: string, input: unknown) {
  const result = await callOperation({ workspace }, name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as Record<string, unknown>;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

try {
  const workspace = await Workspace.create(path.join(folder, 'bench.sqlite'), {
    timezone: ZONE,
    currency: 'USD',
  });
  const flat = Array.from({ length: 12 }, () => Array.from({ length: 24 }, () => 0));
  const peak = Array.from({ length: 12 }, () =>
    Array.from({ length: 24 }, (_, h) => (h >= 16 && h <= 20 ? 1 : 0)),
  );
  await call(workspace, 'workspace:import-definition', {
    definition: {
      format: 'energy-ledger-workspace',
      formatVersion: 1,
      settings: { name: 'Bench', timezone: ZONE, currency: 'USD', priceZone: 'CAISO' },
      participants: ['owner', 't1', 't2', 't3'].map((id) => ({ id, name: id, role: 'consumer' })),
      meters: [{ id: 'bldg', participantId: 'owner', direction: 'consumption', settles: false }],
      pools: [],
      offerPlans: [],
      utilityPlans: [],
      utilityPlanAssignments: [],
    },
  });
  await workspace.db.write(async (tx) => {
    const rows = [];
    for (let q = 0; q < QUARTERS; q++)
      rows.push(['bldg', START + q * 900, START + (q + 1) * 900, 1000 + ((q * 37) % 9000), 0, null]);
    await tx.insertMany(
      'readings',
      ['meter_id', 'start_utc', 'end_utc', 'energy_milliwh', 'is_estimated', 'import_id'],
      rows,
    );
  });
  await call(workspace, 'tariffs:save', {
    tariff: {
      masterTariffId: 'tou',
      tariffName: 'TOU',
      currency: 'USD',
      versions: [
        {
          tariffId: 'tou-1',
          effectiveFrom: '2020-01-01',
          energyWeekdaySchedule: peak,
          energyWeekendSchedule: flat,
          rates: [
            {
              tariffRateId: 'e',
              rateGroupName: 'Energy',
              rateName: 'Energy',
              chargeClass: 'SUPPLY',
              rateSequenceNumber: 1,
              type: 'COST_PER_UNIT',
              periods: [
                { period: 0, tiers: [{ rate: '0.21' }] },
                { period: 1, tiers: [{ rate: '0.43' }] },
              ],
            },
            {
              tariffRateId: 'f',
              rateGroupName: 'Fixed',
              rateName: 'Fixed',
              chargeClass: 'DISTRIBUTION',
              rateSequenceNumber: 2,
              type: 'FIXED_PRICE',
              amount: '10',
            },
          ],
        },
      ],
    },
  });
  for (const p of ['owner', 't1'])
    await call(workspace, 'accounts:save', {
      accountId: `acc-${p}`,
      participantId: p,
      masterTariffId: 'tou',
    });
  for (const [i, share] of ['33.333333', '33.333333', '33.333334'].entries())
    await call(workspace, 'virtual-meters:save', {
      meterId: `t${i + 1}-share`,
      meter: {
        participantId: `t${i + 1}`,
        versions: [
          {
            versionId: 1,
            effectiveFrom: '2022-01-01',
            use: { copyUseFromMeter: { meterId: 'bldg', percentage: share } },
          },
        ],
      },
    });

  const from = '2022-01-01T00:00:00-08:00';
  const to = '2023-01-01T00:00:00-08:00';
  const baseline = await timed(async () => {
    const readings = await readingsBetween(workspace.db, 'bldg', START, START + QUARTERS * 900);
    return readings.reduce((s, r) => s + r.energyMilliWh, 0);
  });
  console.log(
    `\nCost & consumption, one meter, a year of 15-minute readings (${QUARTERS.toLocaleString('en')}), TOU tariff`,
  );
  console.log(
    `  baseline: read and sum the year's readings            ${baseline.ms.toFixed(0).padStart(6)} ms`,
  );
  for (const device of ['bldg', 't1-share']) {
    for (const resolution of ['QUARTER_HOURLY', 'HOURLY', 'DAILY', 'MONTHLY', 'RANGE']) {
      const answer = await timed(() =>
        call(workspace, 'consumption:device', {
          userId: 'current-user',
          accountId: 'default-account',
          locationId: 'default-location',
          deviceId: device,
          resolution,
          from,
          to,
        }),
      );
      const periods = (answer.value.componentList as { component: unknown[] }).component.length;
      console.log(
        `  ${device.padEnd(9)} ${resolution.padEnd(15)} ${String(periods).padStart(6)} periods ${answer.ms.toFixed(0).padStart(6)} ms  (${(answer.ms / baseline.ms).toFixed(1)}× baseline)`,
      );
    }
  }
  // The three-way split of the year, hour by hour (what settlement does for a month, twelve times over).
  const setup = await readVirtualSetup(workspace.db);
  const hours = hourStarts(START, START + QUARTERS * 900);
  const split = await timed(async () => {
    const evaluator = new UseEvaluator({
      hours,
      days: hours.map((h) => localDayOf(h, ZONE)),
      zone: ZONE,
      virtual: new Map(setup.virtual.map((m) => [m.id, m])),
      groups: new Map(),
      physical: (id) => physicalHourlyUse(workspace.db, id, hours),
    });
    const parts = await Promise.all(['t1-share', 't2-share', 't3-share'].map((id) => evaluator.use(id)));
    return parts.reduce((s, p) => s + p.values.reduce((a, b) => a + b, 0), 0);
  });
  console.log(
    `  virtual split of a year into 3 tenants (${hours.length} hours)     ${split.ms.toFixed(0).padStart(6)} ms  (${(split.ms / baseline.ms).toFixed(1)}× baseline); parts sum to the building: ${split.value === baseline.value}`,
  );
  await workspace.close();
} finally {
  rmSync(folder, { recursive: true, force: true });
}
