/**
 * Virtual meter arithmetic (seed 003): exact percent splits, sums and
 * subtractions with groups, fixed amounts, versions changing at a boundary,
 * and the checks that refuse cycles, missing meters, shares over 100 % and
 * energy counted twice.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';

import { splitExactly } from '../../main/engine/exact';
import { checkVirtualMeters, UseEvaluator, type HourlyUse } from '../../main/engine/virtual-meters';
import { VirtualMeter, type MeterGroup } from '../../shared/virtual-meter';

const ZONE = 'Asia/Bangkok';
const hoursOf = (from: string, n: number) => {
  const start = DateTime.fromISO(from, { zone: ZONE }).toSeconds();
  return Array.from({ length: n }, (_, i) => start + i * 3600);
};
const dayOf = (t: number) => DateTime.fromSeconds(t, { zone: ZONE }).toISODate()!;

function evaluator(
  meters: unknown[],
  physical: Record<string, number[]>,
  hours: number[],
  groups: MeterGroup[] = [],
  gaps: Record<string, number[]> = {},
) {
  const virtual = new Map(meters.map((m) => VirtualMeter.parse(m)).map((m) => [m.id, m]));
  return new UseEvaluator({
    hours,
    days: hours.map(dayOf),
    zone: ZONE,
    virtual,
    groups: new Map(groups.map((g) => [g.id, g])),
    physical: async (id): Promise<HourlyUse> => {
      const values = Float64Array.from(physical[id] ?? hours.map(() => 0));
      const g = new Uint8Array(hours.length);
      for (const h of gaps[id] ?? []) g[h] = 1;
      return { values, gaps: g };
    },
  });
}
const copy = (id: string, participantId: string, meterId: string, percentage: string, extra = {}) => ({
  id,
  participantId,
  versions: [
    { versionId: 1, effectiveFrom: '2022-01-01', use: { copyUseFromMeter: { meterId, percentage } } },
  ],
  ...extra,
});

describe('virtual meters', () => {
  it('splits a meter into parts that add up exactly to it every hour (a third each, and random shares)', async () => {
    const hours = hoursOf('2022-11-01', 5);
    const building = [1_000_000, 1, 2, 999_999_999, 7];
    const e = evaluator(
      [
        copy('t1', 'c1', 'bldg', '33.333333'),
        copy('t2', 'c2', 'bldg', '33.333333'),
        copy('t3', 'c3', 'bldg', '33.333334'),
      ],
      { bldg: building },
      hours,
    );
    const parts = await Promise.all(['t1', 't2', 't3'].map((id) => e.use(id)));
    for (let h = 0; h < hours.length; h++)
      expect(parts.reduce((s, p) => s + p.values[h]!, 0)).toBe(building[h]);
    // A third of 1 mWh goes to the largest share (t3); of 2 mWh, to t3 and then t1 (ties to the first).
    expect(Array.from(parts[0]!.values)).toEqual([333_333, 0, 1, 333_333_330, 2]);
    expect(Array.from(parts[2]!.values)).toEqual([333_334, 1, 1, 333_333_339, 3]);

    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 99_999_999 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 5_000_000_000 }), { minLength: 3, maxLength: 3 }),
        async (raw, values) => {
          // Shares in micro-percent scaled to 100 % exactly.
          const total = raw.reduce((a, b) => a + b, 0);
          const micro = raw.map((r) => Math.floor((r * 100_000_000) / total));
          micro[0]! += 100_000_000 - micro.reduce((a, b) => a + b, 0);
          const meters = micro.map((m, i) =>
            copy(`p${i}`, 'c', 'src', (m / 1_000_000).toFixed(6).replace(/\.?0+$/, '') || '0'),
          );
          const h3 = hoursOf('2022-11-01', 3);
          const ev = evaluator(meters, { src: values }, h3);
          const uses = await Promise.all(meters.map((m) => ev.use(m.id)));
          for (let h = 0; h < 3; h++) expect(uses.reduce((s, u) => s + u.values[h]!, 0)).toBe(values[h]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('sums meters and groups, subtracts others, and reports the hours that go below zero', async () => {
    const hours = hoursOf('2022-11-01', 3);
    const groups = [{ id: 'floor2', name: 'Second floor', meterIds: ['a', 'b'] }];
    const e = evaluator(
      [
        {
          id: 'common',
          participantId: 'owner',
          versions: [
            {
              versionId: 1,
              effectiveFrom: '2022-01-01',
              use: {
                useCalculation: {
                  sum: { sumMeters: ['main'] },
                  subtract: { subtractMeterGroups: ['floor2'], subtractMeters: ['c'] },
                },
              },
            },
          ],
        },
      ],
      { main: [100, 50, 10], a: [20, 20, 20], b: [30, 30, 30], c: [5, 5, 5] },
      hours,
      groups,
    );
    expect(Array.from((await e.use('common')).values)).toEqual([45, -5, -45]);
    expect(e.negativeHours.get('common')).toEqual([hours[1], hours[2]]);
  });

  it('spreads a fixed amount per day over the day’s hours, and changes version at a boundary', async () => {
    const hours = hoursOf('2022-10-31', 48);
    const e = evaluator(
      [
        {
          id: 'lights',
          participantId: 'owner',
          versions: [
            {
              versionId: 1,
              effectiveFrom: '2022-01-01',
              effectiveTo: '2022-11-01',
              use: { fixedAmount: { amount: '1', unit: 'kWh', per: 'day' } },
            },
            {
              versionId: 2,
              effectiveFrom: '2022-11-01',
              use: { fixedAmount: { amount: '2', unit: 'Wh', per: 'interval' } },
            },
          ],
        },
      ],
      {},
      hours,
    );
    const values = Array.from((await e.use('lights')).values);
    // 1 kWh = 1,000,000 mWh over 24 hours: 41,667 for the first 16 hours, 41,666 for the rest.
    expect(values.slice(0, 24).reduce((a, b) => a + b, 0)).toBe(1_000_000);
    expect(values[0]).toBe(41_667);
    expect(values[23]).toBe(41_666);
    expect(values.slice(24)).toEqual(Array.from({ length: 24 }, () => 2_000));
  });

  it('carries a source’s missing hours into the meters computed from it', async () => {
    const hours = hoursOf('2022-11-01', 3);
    const e = evaluator([copy('t1', 'c1', 'bldg', '50')], { bldg: [10, 0, 10] }, hours, [], { bldg: [1] });
    expect(Array.from((await e.use('t1')).gaps)).toEqual([0, 1, 0]);
  });

  it('refuses cycles, missing meters, shares over 100 % and energy counted twice, naming the meters', () => {
    const parse = (m: unknown) => VirtualMeter.parse(m);
    const physical = [
      { id: 'bldg', settles: true, participantId: 'owner' },
      { id: 'x', settles: false, participantId: 'owner' },
    ];
    const cycle = checkVirtualMeters(
      [
        parse({
          id: 'v1',
          participantId: 'c',
          versions: [
            {
              versionId: 1,
              effectiveFrom: '2022-01-01',
              use: { useCalculation: { sum: { sumMeters: ['v2'] } } },
            },
          ],
        }),
        parse({
          id: 'v2',
          participantId: 'c',
          versions: [
            {
              versionId: 1,
              effectiveFrom: '2022-01-01',
              use: { copyUseFromMeter: { meterId: 'v1', percentage: '50' } },
            },
          ],
        }),
      ],
      [],
      physical,
    );
    expect(Object.values(cycle).flat()).toContain('is part of a cycle: v1 → v2 → v1');
    const missing = checkVirtualMeters([parse(copy('v1', 'c', 'nowhere', '10'))], [], physical);
    expect(missing['virtualMeters[v1].versions[0].use']).toEqual([
      'names meter nowhere (copyUseFromMeter), which does not exist',
    ]);
    const over = checkVirtualMeters(
      [
        parse(copy('t1', 'c', 'x', '60', { settles: false })),
        parse(copy('t2', 'c', 'x', '50', { settles: false })),
      ],
      [],
      physical,
    );
    expect(over.virtualMeters).toEqual([
      'from 2022-01-01, the shares of meter x add up to 110 % (more than 100): t1 (60 %), t2 (50 %)',
    ]);
    const twice = checkVirtualMeters([parse(copy('t1', 'c', 'bldg', '40'))], [], physical);
    expect(twice.virtualMeters).toEqual([
      'from 2022-01-01, meter bldg would be counted 140 % in settlement: bldg (settles itself), t1 (40 %). A meter split into settling virtual meters must not settle itself (set its settles to false)',
    ]);
    // With the building not settling, the same split is fine; so is a common-area meter that subtracts the tenants.
    const fine = checkVirtualMeters(
      [parse(copy('t1', 'c', 'bldg', '40'))],
      [],
      physical.map((p) => ({ ...p, settles: false })),
    );
    expect(fine).toEqual({});
  });

  it('splits by largest remainder with ties to the earlier part', () => {
    expect(splitExactly(10n, [1n, 1n, 1n])).toEqual([4n, 3n, 3n]);
    expect(splitExactly(5n, [50n, 50n, 0n])).toEqual([3n, 2n, 0n]);
    expect(splitExactly(-7n, [0n, 0n])).toEqual([-4n, -3n]);
  });
});
