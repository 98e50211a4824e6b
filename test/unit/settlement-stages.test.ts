/**
 * Settlement's pure stages, each alone (issue 20): aggregating a handful of lines into daily
 * sums per participant, side, day and kind and into the month's pair sums; a consumer's bill
 * lines on a tiered tariff; and the terms (plans and pool versions in force, a tariff's hourly
 * prices) the pricing stage resolves per day.
 */
import { describe, expect, it } from 'vitest';

import { parsePrice } from '../../main/engine/money';
import { emptyLines, type Lines } from '../../main/engine/settle-period';
import { aggregate } from '../../main/settlement/aggregate';
import { tariffBillLines } from '../../main/settlement/bill';
import { hourlyTariffPrices, inForce, membershipOn } from '../../main/settlement/price';
import type { PoolDef } from '../../shared/definition';
import { Tariff } from '../../shared/tariff';
import { monthRangeUtc } from '../../shared/time';
import { energyCharge, flatTariff, peak, serviceCharge, vat } from '../helpers/tariff-fixture';

const TZ = 'Asia/Bangkok';
/** 12 November 2022, 10:00 and 11:00 in Bangkok (UTC+7), and 13 November 00:00. */
const H10 = Date.UTC(2022, 10, 12, 3) / 1000;
const H11 = H10 + 3600;
const MIDNIGHT = Date.UTC(2022, 10, 12, 17) / 1000;

/** Lines from rows of [hour, kind, generator, consumer, energy mWh, cost e4, gap]. */
function lines(
  rows: [number, Lines['kind'][number], string | null, string | null, number, number, number][],
) {
  const out: Lines = emptyLines();
  for (const [hour, kind, generator, consumer, energy, cost, gap] of rows) {
    out.hour.push(hour);
    out.meterType.push(1);
    out.kind.push(kind);
    out.generator.push(generator);
    out.consumer.push(consumer);
    out.energy.push(energy);
    out.price.push('0');
    out.cost.push(cost);
    out.gap.push(gap);
  }
  return out;
}

describe('aggregate', () => {
  const { daily, pairs } = aggregate(
    lines([
      [H10, 'traded', 'gA', 'c1', 3_000_000, 96_000, 0],
      [H11, 'traded', 'gA', 'c1', 1_000_000, 32_000, 0],
      [MIDNIGHT, 'traded', 'gA', 'c1', 500_000, 16_000, 1],
      [H10, 'traded', 'gB', 'c2', 2_000_000, 60_000, 0],
      [H10, 'grid', null, 'c1', 500_000, 20_000, 0],
      [H11, 'unsold', 'gB', null, 250_000, 0, 0],
    ]),
    TZ,
  );
  const day = (participantId: string, side: string, day: string, kind: string) =>
    daily.find(
      (d) => d.participantId === participantId && d.side === side && d.day === day && d.kind === kind,
    );

  it('sums each participant’s lines per side, local day and kind', () => {
    expect(daily).toHaveLength(8);
    expect(day('gA', 'generator', '2022-11-12', 'traded')).toEqual({
      meterType: 1,
      participantId: 'gA',
      side: 'generator',
      day: '2022-11-12',
      kind: 'traded',
      energyMilliWh: 4_000_000,
      costTenThousandths: 128_000,
      gapLines: 0,
    });
    // Midnight in Bangkok is the next local day, and its line rests on a gap.
    expect(day('gA', 'generator', '2022-11-13', 'traded')).toMatchObject({
      energyMilliWh: 500_000,
      costTenThousandths: 16_000,
      gapLines: 1,
    });
    expect(day('c1', 'consumer', '2022-11-12', 'traded')).toMatchObject({
      energyMilliWh: 4_000_000,
      costTenThousandths: 128_000,
    });
    expect(day('c1', 'consumer', '2022-11-13', 'traded')).toMatchObject({
      energyMilliWh: 500_000,
      gapLines: 1,
    });
    expect(day('c1', 'consumer', '2022-11-12', 'grid')).toMatchObject({
      energyMilliWh: 500_000,
      costTenThousandths: 20_000,
    });
    expect(day('gB', 'generator', '2022-11-12', 'traded')).toMatchObject({ energyMilliWh: 2_000_000 });
    expect(day('gB', 'generator', '2022-11-12', 'unsold')).toMatchObject({ energyMilliWh: 250_000 });
    expect(day('c2', 'consumer', '2022-11-12', 'traded')).toMatchObject({ costTenThousandths: 60_000 });
  });

  it('sums the month’s traded lines per generator–consumer pair (grid and unsold lines have no pair)', () => {
    expect(pairs).toEqual([
      {
        meterType: 1,
        generatorId: 'gA',
        consumerId: 'c1',
        energyMilliWh: 4_500_000,
        costTenThousandths: 144_000,
      },
      {
        meterType: 1,
        generatorId: 'gB',
        consumerId: 'c2',
        energyMilliWh: 2_000_000,
        costTenThousandths: 60_000,
      },
    ]);
  });
});

describe('bill', () => {
  const tariff = Tariff.parse(
    flatTariff({
      masterTariffId: 'tiered',
      tariffName: 'Tiered (test)',
      currency: 'THB',
      rates: [energyCharge([{ max: '1', rate: '4.0' }, { rate: '5.0' }]), serviceCharge('38.22'), vat()],
    }),
  );
  const { start, end } = monthRangeUtc('2022-11', TZ);
  // c1 drew 2 kWh from the grid, whose hourly lines cost 8.0000 at the first band's 4.0.
  const bill = tariffBillLines(
    [{ participant: 0, tariff }],
    ['c1', 'gA'],
    lines([
      [H10, 'grid', null, 'c1', 1_500_000, 60_000, 0],
      [H11, 'grid', null, 'c1', 500_000, 20_000, 0],
      [H11, 'traded', 'gA', 'c1', 9_000_000, 288_000, 0],
    ]),
    start,
    end,
    TZ,
  );

  it('bills the tiers the hourly lines do not carry, the fixed charge and the tax', () => {
    expect(bill.map((b) => [b.consumerId, b.seq, b.name, b.chargeClass, b.costTenThousandths])).toEqual([
      // 1 kWh at 4.0 and 1 kWh at 5.0 is 9.0000, less the hourly lines' 8.0000.
      ['c1', 0, 'Tier and rate adjustment', 'SUPPLY', 10_000],
      ['c1', 1, 'Fixed: Service charge', 'DISTRIBUTION', 382_200],
      // 7 % of 9.00 + 38.22.
      ['c1', 2, 'TAX: VAT', 'TAX', 33_054],
    ]);
    expect(bill[0]!.detail).toEqual({ energyCharges: '9', hourlyGridLines: '8.0000' });
  });

  it('bills nobody who is not on a tariff', () => {
    expect(tariffBillLines([], ['c1'], lines([[H10, 'grid', null, 'c1', 1, 1, 0]]), start, end, TZ)).toEqual(
      [],
    );
  });
});

describe('price', () => {
  it('finds the version in force on a day: the latest that began on or before it', () => {
    const versions = [{ effectiveFrom: '2022-01-01' }, { effectiveFrom: '2022-11-13' }];
    expect(inForce(versions, '2021-12-31')).toBeNull();
    expect(inForce(versions, '2022-11-12')).toBe(versions[0]);
    expect(inForce(versions, '2022-11-13')).toBe(versions[1]);
  });

  it('gives a member its pool, the pool version’s key and its share, only while it is a member', () => {
    const pools = [
      {
        id: 'p',
        name: 'P',
        versions: [
          { effectiveFrom: '2022-01-01', key: 'prorata' },
          { effectiveFrom: '2022-11-13', key: 'fixed_share' },
        ],
        members: [
          { participantId: 'c1', effectiveFrom: '2022-01-01', effectiveTo: '2022-11-20', share: '0.25' },
        ],
      },
    ] as unknown as PoolDef[];
    expect(membershipOn(pools, 'c1', '2022-11-12')).toEqual({
      poolId: 'p',
      key: 'prorata',
      share: { numerator: 25, denominator: 100 },
    });
    expect(membershipOn(pools, 'c1', '2022-11-13')?.key).toBe('fixed_share');
    expect(membershipOn(pools, 'c1', '2022-11-21')).toBeNull();
    expect(membershipOn(pools, 'c2', '2022-11-12')).toBeNull();
  });

  it('prices each local hour of a day on a tariff at its energy rates’ first band for the hour’s period', () => {
    const tariff = Tariff.parse({
      ...flatTariff({ masterTariffId: 'tou', tariffName: 'TOU (test)', currency: 'THB', rates: [] }),
      versions: [
        {
          tariffId: 'tou-2022',
          effectiveFrom: '2022-01-01',
          energyWeekdaySchedule: peak,
          energyWeekendSchedule: peak,
          rates: [
            {
              ...energyCharge([{ max: '100', rate: '3.0' }, { rate: '3.5' }]),
              periods: [
                { period: 0, tiers: [{ max: '100', rate: '3.0' }, { rate: '3.5' }] },
                { period: 1, tiers: [{ rate: '6.25' }] },
              ],
            },
          ],
        },
      ],
    });
    const prices = hourlyTariffPrices(tariff, '2022-11-12', TZ);
    expect(prices).toHaveLength(24);
    expect(prices.map((p) => p.text)).toEqual(
      Array.from({ length: 24 }, (_, h) => (h >= 16 && h <= 20 ? parsePrice('6.25') : parsePrice('3')).text),
    );
    expect(() => hourlyTariffPrices(tariff, '2021-12-31', TZ)).toThrow(
      'tariff tou has no version in force on 2021-12-31',
    );
  });
});
