/**
 * The tariff engine on hand-worked bills: every figure below is worked out
 * in the comments beside it, from the rule in main/engine/tariff.ts.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';

import { calculateCost, TariffError, type UsageInterval } from '../../main/engine/tariff';
import { checkTariff, Tariff, type Rate, type TariffVersion } from '../../shared/tariff';
import { Dec } from '../../shared/units';

const ZONE = 'UTC';
const flat = Array.from({ length: 12 }, () => Array.from({ length: 24 }, () => 0));
/** Weekdays 16:00–21:00 are period 1 (peak), everything else period 0. */
const peak = Array.from({ length: 12 }, () =>
  Array.from({ length: 24 }, (_, h) => (h >= 16 && h <= 20 ? 1 : 0)),
);

function tariff(rates: Rate[], extra: Partial<TariffVersion> = {}, versions?: TariffVersion[]) {
  return Tariff.parse({
    masterTariffId: 'T1',
    tariffName: 'Test residential',
    currency: 'USD',
    versions: versions ?? [
      {
        tariffId: 'T1-2022',
        effectiveFrom: '2020-01-01',
        energyWeekdaySchedule: peak,
        energyWeekendSchedule: flat,
        rates,
        ...extra,
      },
    ],
  });
}

/** `kWh` every interval of `minutes` over [from, to) in `zone` (local ISO days). */
function steady(from: string, to: string, kWh: string, minutes = 60, zone = ZONE): UsageInterval[] {
  const start = DateTime.fromISO(from, { zone }).toSeconds();
  const end = DateTime.fromISO(to, { zone }).toSeconds();
  const out: UsageInterval[] = [];
  const mWh = Number(new Dec(kWh).times(1_000_000).toFixed());
  for (let t = start; t < end; t += minutes * 60)
    out.push({ startUtc: t, endUtc: t + minutes * 60, energyMilliWh: mWh });
  return out;
}

const january = {
  from: DateTime.fromISO('2022-01-01', { zone: ZONE }).toSeconds(),
  to: DateTime.fromISO('2022-02-01', { zone: ZONE }).toSeconds(),
  zone: ZONE,
};
const energy = (
  id: string,
  periods: { period: number; tiers: { max?: string; rate: string }[] }[],
  extra = {},
): Rate =>
  ({
    tariffRateId: id,
    rateGroupName: 'Energy',
    rateName: `Energy ${id}`,
    chargeClass: 'SUPPLY',
    rateSequenceNumber: 1,
    type: 'COST_PER_UNIT',
    periods,
    tierLimit: 'month',
    ...extra,
  }) as Rate;
const fixed = (amount: string, per: 'month' | 'day' = 'month'): Rate =>
  ({
    tariffRateId: 'F',
    rateGroupName: 'Fixed',
    rateName: 'Customer charge',
    chargeClass: 'DISTRIBUTION',
    rateSequenceNumber: 2,
    type: 'FIXED_PRICE',
    amount,
    per,
  }) as Rate;
const tax = (percent: string): Rate =>
  ({
    tariffRateId: 'TAX',
    rateGroupName: 'TAX',
    rateName: 'Utility tax',
    chargeClass: 'TAX',
    rateSequenceNumber: 10000,
    type: 'PERCENTAGE',
    percent,
  }) as Rate;

const sumCosts = (items: { cost: string }[]) => items.reduce((s, i) => s.plus(i.cost), new Dec(0)).toFixed();

describe('the tariff engine', () => {
  it('prices a flat rate with a fixed charge and a tax on the subtotal', () => {
    // January 2022: 744 hours × 1 kWh = 744 kWh × 0.10 = 74.40; fixed 10.00; subtotal 84.40;
    // tax 8.5 % of 84.40 = 7.174; total 91.574 → 91.57.
    const result = calculateCost(
      tariff([
        energy('E', [
          { period: 0, tiers: [{ rate: '0.10' }] },
          { period: 1, tiers: [{ rate: '0.10' }] },
        ]),
        fixed('10'),
        tax('0.085'),
      ]),
      steady('2022-01-01', '2022-02-01', '1'),
      january,
    );
    expect(result.summary).toEqual({
      subTotalCost: '84.4',
      taxCost: '7.174',
      totalCost: '91.574',
      adjustedTotalCost: '91.574',
      kWh: '744',
      kW: '1',
    });
    expect(result.totalCost).toBe('91.57');
    expect(result.items.find((i) => i.rateType === 'PERCENTAGE')).toMatchObject({
      itemQuantity: '84.4',
      rateAmount: '0.085',
      cost: '7.174',
    });
    expect(sumCosts(result.items)).toBe(result.summary.totalCost);
    expect(result.fromDateTime).toBe('2022-01-01T00:00:00Z');
    expect(result.assumptions).toEqual([
      {
        keyName: 'tariffId',
        dataType: 'STRING',
        fromDateTime: '2022-01-01T00:00:00Z',
        toDateTime: '2022-02-01T00:00:00Z',
        dataValue: 'T1-2022',
      },
    ]);
  });

  it('fills tiers with the month’s total energy and gives each TOU period its proportional share (the worked example)', () => {
    // January 2022 has 21 weekdays; peak (period 1) is 16:00–21:00 on weekdays: E1 = 21 × 5 = 105 kWh,
    // E0 = 744 − 105 = 639 kWh. Tier 1 holds the month's first 500 kWh, tier 2 the other 244.
    // Period 0: 500 × 639/744 = 429.435484 kWh at 0.10 and 244 × 639/744 = 209.564516 kWh at 0.20;
    // period 1: 500 × 105/744 = 70.564516 kWh at 0.30 and 244 × 105/744 = 34.435484 kWh at 0.40.
    // Total = (500 × (639 × 0.1 + 105 × 0.3) + 244 × (639 × 0.2 + 105 × 0.4)) / 744 = 89 131.2 / 744 = 119.80.
    const result = calculateCost(
      tariff([
        energy('E', [
          { period: 0, tiers: [{ max: '500', rate: '0.10' }, { rate: '0.20' }] },
          { period: 1, tiers: [{ max: '500', rate: '0.30' }, { rate: '0.40' }] },
        ]),
      ]),
      steady('2022-01-01', '2022-02-01', '1'),
      january,
    );
    expect(result.items.map((i) => [i.tariffRateBandId, i.itemQuantity, i.cost])).toEqual([
      ['period 0 tier 1', '429.435484', '42.943548'],
      ['period 0 tier 2', '209.564516', '41.912903'],
      ['period 1 tier 1', '70.564516', '21.169355'],
      ['period 1 tier 2', '34.435484', '13.774194'],
    ]);
    expect(result.summary.totalCost).toBe('119.8');
    expect(result.totalCost).toBe('119.8');
  });

  it('scales daily tier limits by the days billed', () => {
    // 10 kWh/day × 31 days = 310 kWh in tier 1 at 0.10, the other 434 kWh at 0.30: 31 + 130.2 = 161.2.
    const result = calculateCost(
      tariff([
        energy(
          'E',
          [0, 1].map((period) => ({ period, tiers: [{ max: '10', rate: '0.10' }, { rate: '0.30' }] })),
          { tierLimit: 'day' },
        ),
      ]),
      steady('2022-01-01', '2022-02-01', '1'),
      january,
    );
    expect(result.summary.totalCost).toBe('161.2');
  });

  it('charges demand by TOU period through kW tiers, and flat demand in its months only, from 15-minute data', () => {
    // Quarter hours of 0.25 kWh are 1 kW; one quarter hour of 5 kWh on Monday 3 January at 17:00 is 20 kW (peak).
    const usage = steady('2022-01-01', '2022-02-01', '0.25', 15);
    const spike = usage.find(
      (u) => u.startUtc === DateTime.fromISO('2022-01-03T17:00', { zone: ZONE }).toSeconds(),
    )!;
    spike.energyMilliWh = 5_000_000;
    const demand = {
      tariffRateId: 'D',
      rateGroupName: 'Demand',
      rateName: 'Demand charge',
      chargeClass: 'DISTRIBUTION',
      rateSequenceNumber: 3,
      type: 'DEMAND',
      // Peak: 10 kW at 5.00 and the other 10 kW at 8.00 = 130; off-peak max 1 kW at 2.00 = 2.
      periods: [
        { period: 1, tiers: [{ max: '10', rate: '5' }, { rate: '8' }] },
        { period: 0, tiers: [{ rate: '2' }] },
      ],
      // Flat demand only in June to September: nothing in January.
      flat: { tiers: [{ rate: '100' }], months: [6, 7, 8, 9] },
    } as Rate;
    const result = calculateCost(
      tariff([demand], { demandWeekdaySchedule: peak, demandWeekendSchedule: flat }),
      usage,
      january,
    );
    expect(result.items.map((i) => [i.tariffRateBandId, i.itemQuantity, i.cost])).toEqual([
      ['period 1 tier 1', '10', '50'],
      ['period 1 tier 2', '10', '80'],
      ['period 0', '1', '2'],
    ]);
    expect(result.summary.kW).toBe('20');
    expect(result.summary.totalCost).toBe('132');
  });

  it('splits a bill at a version boundary, prorates the monthly fixed charge and says which version applied when', () => {
    const base = { energyWeekdaySchedule: flat, energyWeekendSchedule: flat, holidays: [] };
    const result = calculateCost(
      tariff([], {}, [
        {
          ...base,
          tariffId: 'A',
          effectiveFrom: '2021-01-01',
          effectiveTo: '2022-01-16',
          rates: [energy('E', [{ period: 0, tiers: [{ rate: '0.10' }] }]), fixed('31')],
        },
        {
          ...base,
          tariffId: 'B',
          effectiveFrom: '2022-01-16',
          rates: [energy('E', [{ period: 0, tiers: [{ rate: '0.20' }] }]), fixed('31')],
        },
      ] as TariffVersion[]),
      steady('2022-01-01', '2022-02-01', '1'),
      january,
    );
    // A: 15 days × 24 kWh = 360 kWh × 0.10 = 36, fixed 31 × 15/31 = 15; B: 384 kWh × 0.20 = 76.8, fixed 16.
    expect(result.items.map((i) => [i.fromDateTime, i.quantityKey, i.cost])).toEqual([
      ['2022-01-01T00:00:00Z', 'consumption', '36'],
      ['2022-01-01T00:00:00Z', 'fixed', '15'],
      ['2022-01-16T00:00:00Z', 'consumption', '76.8'],
      ['2022-01-16T00:00:00Z', 'fixed', '16'],
    ]);
    expect(result.assumptions.map((a) => [a.dataValue, a.fromDateTime, a.toDateTime])).toEqual([
      ['A', '2022-01-01T00:00:00Z', '2022-01-16T00:00:00Z'],
      ['B', '2022-01-16T00:00:00Z', '2022-02-01T00:00:00Z'],
    ]);
    expect(result.summary.totalCost).toBe('143.8');
  });

  it('raises a small bill to its minimum, and leaves a larger one alone; taxes apply to the raised bill', () => {
    const rates = [
      energy(
        'E',
        [0, 1].map((period) => ({ period, tiers: [{ rate: '0.10' }] })),
      ),
      fixed('10'),
      {
        tariffRateId: 'MIN',
        rateGroupName: 'Minimum Charge',
        rateName: 'Minimum Charge',
        chargeClass: 'OTHER',
        rateSequenceNumber: 999,
        type: 'MINIMUM',
        amount: '50',
        per: 'month',
      } as Rate,
      tax('0.1'),
    ];
    // 0.01 kWh an hour: 7.44 kWh × 0.10 = 0.744 + 10 = 10.744 < 50: a minimum item of 39.256; tax 5; total 55.
    const small = calculateCost(tariff(rates), steady('2022-01-01', '2022-02-01', '0.01'), january);
    expect(small.items.find((i) => i.quantityKey === 'minimum')?.cost).toBe('39.256');
    expect(small.summary).toMatchObject({ subTotalCost: '50', taxCost: '5', totalCost: '55' });
    // 1 kWh an hour: 74.4 + 10 = 84.4 ≥ 50: no minimum item.
    const large = calculateCost(tariff(rates), steady('2022-01-01', '2022-02-01', '1'), january);
    expect(large.items.some((i) => i.quantityKey === 'minimum')).toBe(false);
    expect(large.summary.totalCost).toBe('92.84');
  });

  it('charges demand on the account’s capacity tag, per month prorated by days, weighted when the tag changes', () => {
    const capacity = Tariff.parse({
      masterTariffId: 'CAP',
      tariffName: 'Capacity (PLC)',
      currency: 'USD',
      versions: [
        {
          tariffId: 'CAP-1',
          effectiveFrom: '2022-01-01',
          energyWeekdaySchedule: flat,
          energyWeekendSchedule: flat,
          rates: [
            energy('E', [{ period: 0, tiers: [{ rate: '0.1' }] }]),
            {
              tariffRateId: 'PLC',
              rateGroupName: 'Capacity',
              rateName: 'Capacity charge',
              chargeClass: 'TRANSMISSION',
              rateSequenceNumber: 5,
              type: 'DEMAND',
              basis: 'capacity-tag',
              flat: { tiers: [{ rate: '3' }] },
            },
          ],
        },
      ],
    });
    // January: 60 kW until the 10th, 124 kW from the 11th: (10 × 60 + 21 × 124) / 31 = 3204 / 31 kW at 3 a kW-month.
    const tags = {
      capacity: [
        { startDate: '2021-06-01', endDate: '2022-01-10', kw: '60' },
        { startDate: '2022-01-11', endDate: '2022-05-31', kw: '124' },
      ],
      transmission: [],
    };
    const bill = calculateCost(capacity, steady('2022-01-01', '2022-02-01', '1'), { ...january, tags });
    const item = bill.items.find((i) => i.tariffRateId === 'PLC')!;
    expect(item).toMatchObject({ quantityKey: 'demand', tariffRateBandId: 'capacity-tag', rateAmount: '3' });
    expect(item.cost).toBe(
      new Dec(3204).dividedBy(31).times(3).toDecimalPlaces(6, Dec.ROUND_HALF_UP).toFixed(),
    );
    // No tag: no capacity item; a TOU-period demand rate on a tag is refused.
    expect(
      calculateCost(capacity, steady('2022-01-01', '2022-02-01', '1'), january).items.some(
        (i) => i.tariffRateId === 'PLC',
      ),
    ).toBe(false);
    const wrong = structuredClone(capacity);
    (wrong.versions[0]!.rates[1] as { periods?: unknown }).periods = [{ period: 0, tiers: [{ rate: '1' }] }];
    expect(checkTariff(wrong)['versions[0].rates[1]']).toEqual([
      'a demand rate on a capacity-tag prices flat tiers only (the tag has no TOU periods)',
    ]);
  });

  it('raises a whole year to its annual minimum in December (NREL SAM’s rule), and not a part year', () => {
    const annual = {
      tariffRateId: 'AMIN',
      rateGroupName: 'Minimum Charge',
      rateName: 'Annual Minimum Charge',
      chargeClass: 'OTHER',
      rateSequenceNumber: 1000,
      type: 'MINIMUM',
      amount: '200',
      per: 'year',
    } as Rate;
    const rates = [
      energy(
        'E',
        [0, 1].map((period) => ({ period, tiers: [{ rate: '0.01' }] })),
      ),
      fixed('10'),
      annual,
    ];
    const year = {
      from: DateTime.fromISO('2022-01-01', { zone: ZONE }).toSeconds(),
      to: DateTime.fromISO('2023-01-01', { zone: ZONE }).toSeconds(),
      zone: ZONE,
    };
    // 1 kWh an hour: 8760 × 0.01 = 87.6 + 12 × 10 = 207.6 ≥ 200: nothing added.
    const above = calculateCost(tariff(rates), steady('2022-01-01', '2023-01-01', '1'), year);
    expect(above.items.some((i) => i.quantityKey === 'minimum')).toBe(false);
    expect(above.summary.totalCost).toBe('207.6');
    // 0.5 kWh an hour: 43.8 + 120 = 163.8 < 200: December carries 36.2, the year costs 200.
    const below = calculateCost(tariff(rates), steady('2022-01-01', '2023-01-01', '0.5'), year);
    const minimum = below.items.filter((i) => i.quantityKey === 'minimum');
    expect(minimum).toHaveLength(1);
    expect(minimum[0]).toMatchObject({ cost: '36.2', tariffRateBandId: 'annual' });
    expect(minimum[0]!.fromDateTime.startsWith('2022-12-01')).toBe(true);
    expect(below.summary.totalCost).toBe('200');
    // Billed from July only: the year is not whole, so no annual minimum.
    const part = calculateCost(tariff(rates), steady('2022-07-01', '2023-01-01', '0.5'), {
      ...year,
      from: DateTime.fromISO('2022-07-01', { zone: ZONE }).toSeconds(),
    });
    expect(part.items.some((i) => i.quantityKey === 'minimum')).toBe(false);
  });

  it('bills the local hours of a DST month in America/Los_Angeles (743 in March 2022)', () => {
    const zone = 'America/Los_Angeles';
    const march = {
      from: DateTime.fromISO('2022-03-01', { zone }).toSeconds(),
      to: DateTime.fromISO('2022-04-01', { zone }).toSeconds(),
      zone,
    };
    const result = calculateCost(
      tariff([
        energy('E', [
          { period: 0, tiers: [{ rate: '0.10' }] },
          { period: 1, tiers: [{ rate: '0.50' }] },
        ]),
      ]),
      steady('2022-03-01', '2022-04-01', '1', 60, zone),
      march,
    );
    // 743 hours; 23 weekdays × 5 peak hours = 115 kWh at 0.50, 628 kWh at 0.10: 57.5 + 62.8 = 120.3.
    expect(result.summary.kWh).toBe('743');
    expect(result.summary.totalCost).toBe('120.3');
    expect(result.fromDateTime).toBe('2022-03-01T00:00:00-08:00');
    expect(result.toDateTime).toBe('2022-04-01T00:00:00-07:00');
  });

  it('gives a year the same total month by month, grouped by ALL, or at any detail level; the summary sums its items', () => {
    const zone = 'America/Los_Angeles';
    const rates = [
      energy('E', [
        { period: 0, tiers: [{ max: '400', rate: '0.11' }, { rate: '0.19' }] },
        { period: 1, tiers: [{ max: '400', rate: '0.27' }, { rate: '0.35' }] },
      ]),
      fixed('9.5'),
      tax('0.0725'),
    ];
    // A load that varies by hour and day: (hour × 37 + day × 11) mod 2000 Wh.
    const usage: UsageInterval[] = [];
    const start = DateTime.fromISO('2022-01-01', { zone });
    for (let t = start; t < start.plus({ years: 1 }); t = t.plus({ hours: 1 })) {
      const s = t.toSeconds();
      usage.push({
        startUtc: s,
        endUtc: s + 3600,
        energyMilliWh: ((t.hour * 37 + t.ordinal * 11) % 2000) * 1000,
      });
    }
    const year = { from: start.toSeconds(), to: start.plus({ years: 1 }).toSeconds(), zone };
    const byMonth = calculateCost(tariff(rates), usage, year);
    expect(sumCosts(byMonth.items)).toBe(byMonth.summary.totalCost);
    let months = new Dec(0);
    for (let m = 0; m < 12; m++) {
      const one = calculateCost(tariff(rates), usage, {
        from: start.plus({ months: m }).toSeconds(),
        to: start.plus({ months: m + 1 }).toSeconds(),
        zone,
      });
      months = months.plus(one.summary.totalCost);
    }
    expect(months.toFixed()).toBe(byMonth.summary.totalCost);
    for (const detailLevel of ['RATE', 'CHARGE_TYPE', 'TOTAL'] as const) {
      const grouped = calculateCost(tariff(rates), usage, { ...year, groupBy: 'ALL', detailLevel });
      expect(sumCosts(grouped.items)).toBe(byMonth.summary.totalCost);
    }
    expect(calculateCost(tariff(rates), usage, { ...year, detailLevel: 'TOTAL' }).items).toHaveLength(12);
  });

  it('refuses a range with no tariff version in force, naming the day', () => {
    expect(() =>
      calculateCost(tariff([fixed('1')]), [], {
        from: DateTime.fromISO('2019-12-31', { zone: ZONE }).toSeconds(),
        to: DateTime.fromISO('2020-01-02', { zone: ZONE }).toSeconds(),
        zone: ZONE,
      }),
    ).toThrow(new TariffError('no version of tariff T1 is in force on 2019-12-31', 'fromDateTime'));
  });

  it('spreads a month over its hours and days (groupBy HOUR, DAY, YEAR) with items that sum exactly to the bill', () => {
    const rates = [
      energy('E', [
        { period: 0, tiers: [{ max: '500', rate: '0.10' }, { rate: '0.20' }] },
        { period: 1, tiers: [{ max: '500', rate: '0.30' }, { rate: '0.40' }] },
      ]),
      fixed('31'),
      tax('0.085'),
    ];
    const usage = steady('2022-01-01', '2022-02-01', '1');
    const month = calculateCost(tariff(rates), usage, january);
    for (const groupBy of ['HOUR', 'DAY', 'YEAR'] as const) {
      for (const detailLevel of ['RATE', 'CHARGE_TYPE', 'TOTAL'] as const) {
        const spread = calculateCost(tariff(rates), usage, { ...january, groupBy, detailLevel });
        expect(sumCosts(spread.items), `${groupBy} ${detailLevel}`).toBe(month.summary.totalCost);
        expect(spread.summary).toEqual(month.summary);
      }
    }
    const hourly = calculateCost(tariff(rates), usage, { ...january, groupBy: 'HOUR', detailLevel: 'TOTAL' });
    expect(hourly.items).toHaveLength(744);
    expect(hourly.items[0]).toMatchObject({
      fromDateTime: '2022-01-01T00:00:00Z',
      toDateTime: '2022-01-01T01:00:00Z',
      itemQuantity: '1',
    });
    // The fixed 31.00 spread evenly over 744 hours: shares of 0.041666 or 0.041667 that add up to 31 exactly.
    const fixedShares = calculateCost(tariff(rates), usage, { ...january, groupBy: 'HOUR' }).items.filter(
      (i) => i.quantityKey === 'fixed',
    );
    expect(new Set(fixedShares.map((i) => i.cost))).toEqual(new Set(['0.041666', '0.041667']));
    expect(sumCosts(fixedShares)).toBe('31');
    const daily = calculateCost(tariff(rates), usage, { ...january, groupBy: 'DAY', detailLevel: 'TOTAL' });
    expect(daily.items).toHaveLength(31);
    expect(daily.items[0]).toMatchObject({
      fromDateTime: '2022-01-01T00:00:00Z',
      toDateTime: '2022-01-02T00:00:00Z',
      itemQuantity: '24',
    });
  });
  it('gives a merged item the one rate that applies, else the quantity-weighted rate (issue 19)', () => {
    // Two energy charges on the same kWh (an energy rate and a fuel adjustment), peak and off-peak.
    const rates = [
      energy('E', [
        { period: 0, tiers: [{ rate: '0.10' }] },
        { period: 1, tiers: [{ rate: '0.30' }] },
      ]),
      energy(
        'FT',
        [
          { period: 0, tiers: [{ rate: '0.05' }] },
          { period: 1, tiers: [{ rate: '0.05' }] },
        ],
        {
          rateSequenceNumber: 2,
        },
      ),
      tax('0.07'),
    ];
    const usage = steady('2022-01-03', '2022-01-04', '1'); // a Monday: 5 peak hours, 19 off-peak
    const day = { ...january, to: DateTime.fromISO('2022-01-04', { zone: ZONE }).toSeconds() };
    // Hour by hour by charge type: one SUPPLY item an hour from two rates on the same kWh.
    const hourly = calculateCost(tariff(rates), usage, {
      ...day,
      groupBy: 'HOUR',
      detailLevel: 'CHARGE_TYPE',
    });
    const offPeak = hourly.items.find(
      (i) => i.fromDateTime.startsWith('2022-01-03T00') && i.chargeClass === 'SUPPLY',
    )!;
    // (0.10 × 1 + 0.05 × 1) ÷ 2 kWh: the rate that, times the item's quantity, gives its cost.
    expect(offPeak).toMatchObject({ itemQuantity: '2', rateAmount: '0.075', cost: '0.15' });
    const tax0 = hourly.items.find(
      (i) => i.fromDateTime.startsWith('2022-01-03T00') && i.chargeClass === 'TAX',
    )!;
    expect(tax0.rateAmount).toBe('0.07');
    expect(hourly.items.every((i) => i.rateAmount !== null)).toBe(true);
    // The day by rate: off-peak and peak stay apart (their bands differ), each with its one rate.
    const daily = calculateCost(tariff(rates), usage, { ...day, groupBy: 'DAY' });
    const e = daily.items.filter((i) => i.tariffRateId === 'E');
    expect(e.map((i) => i.rateAmount).sort()).toEqual(['0.1', '0.3']);
    const all = calculateCost(tariff(rates), usage, { ...day, groupBy: 'ALL', detailLevel: 'CHARGE_TYPE' });
    const supply = all.items.find((i) => i.chargeClass === 'SUPPLY')!;
    // (0.10 × 19 + 0.30 × 5 + 0.05 × 24) ÷ 48 kWh = 4.6 ÷ 48.
    expect(supply).toMatchObject({ itemQuantity: '48', cost: '4.6', rateAmount: '0.09583333' });
    // TOTAL: the all-in price per kWh of the group, cost ÷ energy.
    const total = calculateCost(tariff(rates), usage, { ...day, groupBy: 'ALL', detailLevel: 'TOTAL' });
    expect(total.items[0]).toMatchObject({ itemQuantity: '24', cost: '4.922', rateAmount: '0.20508333' });
  });
});
