/**
 * URDB rate JSON (written here by hand, in both generations of its field
 * names) into the tariff engine: the conversion, a bill worked by hand, what
 * is refused and what is named as unsupported.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';

import { calculateCost } from '../../main/engine/tariff';
import { fromUrdb, UrdbError } from '../../main/importers/urdb';
import { toUrdb } from '../../main/importers/urdb-export';

const months = (hours: (h: number) => number) =>
  Array.from({ length: 12 }, () => Array.from({ length: 24 }, (_, h) => hours(h)));
const peak = months((h) => (h >= 16 && h <= 20 ? 1 : 0));
const flat = months(() => 0);

/** A residential TOU rate with daily tiers, in URDB's older field names. */
const residential = {
  label: '5e1234abcd',
  name: 'E-TOU Residential (test)',
  utility: 'Test Electric Co',
  startdate: 1640995200,
  energyratestructure: [
    [
      { max: 10, unit: 'kWh daily', rate: 0.1, adj: 0.01 },
      { unit: 'kWh daily', rate: 0.2 },
    ],
    [
      { max: 10, unit: 'kWh daily', rate: 0.3 },
      { unit: 'kWh daily', rate: 0.4 },
    ],
  ],
  energyweekdayschedule: peak,
  energyweekendschedule: flat,
  fixedmonthlycharge: 10,
  minmonthlycharge: 5,
};

/** A commercial rate in the newer names: fixed charge, TOU energy, tiered TOU demand, summer flat demand. */
const commercial = {
  items: [
    {
      label: '5e9999',
      name: 'B-10 Commercial (test)',
      fixedchargefirstmeter: 25,
      fixedchargeunits: '$/month',
      energyratestructure: [[{ rate: 0.12 }], [{ rate: 0.2 }]],
      energyweekdayschedule: peak,
      energyweekendschedule: flat,
      demandratestructure: [[{ rate: 1 }], [{ max: 50, rate: 10 }, { rate: 15 }]],
      demandweekdayschedule: peak,
      demandweekendschedule: flat,
      flatdemandstructure: [[{ rate: 0 }], [{ rate: 4.5 }]],
      flatdemandmonths: [0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0],
      mincharge: 100,
      minchargeunits: '$/month',
    },
  ],
};

function hourly(kWh: number, zone = 'UTC') {
  const start = DateTime.fromISO('2022-01-01', { zone });
  const out = [];
  for (let t = start; t < start.plus({ months: 1 }); t = t.plus({ hours: 1 }))
    out.push({ startUtc: t.toSeconds(), endUtc: t.toSeconds() + 3600, energyMilliWh: kWh * 1_000_000 });
  return out;
}

const january = {
  from: DateTime.fromISO('2022-01-01', { zone: 'UTC' }).toSeconds(),
  to: DateTime.fromISO('2022-02-01', { zone: 'UTC' }).toSeconds(),
  zone: 'UTC',
};

describe('URDB rates', () => {
  it('reads daily TOU tiers (rate + adj), the older fixed and minimum names, and bills them as worked by hand', () => {
    const { tariff, unsupported } = fromUrdb(residential);
    expect(unsupported).toEqual([]);
    expect(tariff).toMatchObject({
      masterTariffId: '5e1234abcd',
      tariffName: 'E-TOU Residential (test)',
      providerName: 'Test Electric Co',
    });
    const version = tariff.versions[0]!;
    expect(version.effectiveFrom).toBe('2022-01-01');
    expect(version.rates).toEqual([
      expect.objectContaining({
        type: 'COST_PER_UNIT',
        tierLimit: 'day',
        periods: [
          { period: 0, tiers: [{ max: '10', rate: '0.11' }, { rate: '0.2' }] },
          { period: 1, tiers: [{ max: '10', rate: '0.3' }, { rate: '0.4' }] },
        ],
      }),
      expect.objectContaining({ type: 'FIXED_PRICE', amount: '10', per: 'month' }),
      expect.objectContaining({ type: 'MINIMUM', amount: '5' }),
    ]);
    // January 2022, 1 kWh every hour: 744 kWh, 105 of them in the weekday peak. Daily tier limit
    // 10 kWh × 31 days = 310 kWh in tier 1, 434 in tier 2, shared by period in proportion:
    // (310 × (639 × 0.11 + 105 × 0.3) + 434 × (639 × 0.2 + 105 × 0.4)) / 744 = 105 248.1 / 744 = 141.4625,
    // plus the fixed 10; the minimum of 5 does not apply: 151.4625 → 151.46.
    const bill = calculateCost(tariff, hourly(1), january);
    expect(bill.summary.totalCost).toBe('151.4625');
    expect(bill.totalCost).toBe('151.46');
  });

  it('reads the newer names: fixed charge, TOU energy, tiered TOU demand and flat demand by month', () => {
    const { tariff } = fromUrdb(commercial);
    const rates = tariff.versions[0]!.rates;
    expect(rates.map((r) => [r.tariffRateId, r.type])).toEqual([
      ['energy', 'COST_PER_UNIT'],
      ['fixed', 'FIXED_PRICE'],
      ['demand-tou', 'DEMAND'],
      ['demand-flat-0', 'DEMAND'],
      ['demand-flat-1', 'DEMAND'],
      ['minimum', 'MINIMUM'],
    ]);
    expect(rates.find((r) => r.tariffRateId === 'demand-flat-1')).toMatchObject({
      flat: { months: [6, 7, 8, 9] },
    });
    // January at 60 kW every hour (60 kWh an hour): energy 639 × 60 × 0.12 + 105 × 60 × 0.2 = 4600.8 + 1260 = 5860.8;
    // fixed 25; demand peak 50 × 10 + 10 × 15 = 650, off-peak 60 × 1 = 60; flat period 0 in January at 0;
    // minimum 100 does not apply: 6595.8.
    const bill = calculateCost(tariff, hourly(60), january);
    expect(bill.summary.totalCost).toBe('6595.8');
  });

  it('names what it cannot price, and refuses what is not a rate or names undefined periods', () => {
    const { unsupported, tariff: read } = fromUrdb({
      ...residential,
      demandratchetpercentage: [0.8, 0.8],
      annualmincharge: 120,
      coincidentratestructure: [[{ rate: 2 }]],
    });
    expect(unsupported).toEqual([
      'coincident demand charges (coincidentratestructure)',
      'demand ratchets (demandratchetpercentage)',
    ]);
    // The older annual field and the newer pair in $/year both become an annual minimum.
    expect(read.versions[0]!.rates.find((r) => r.tariffRateId === 'annual-minimum')).toMatchObject({
      type: 'MINIMUM',
      amount: '120',
      per: 'year',
    });
    const newer = fromUrdb({ ...residential, mincharge: 240, minchargeunits: '$/year' }).tariff;
    expect(newer.versions[0]!.rates.filter((r) => r.type === 'MINIMUM')).toMatchObject([
      { tariffRateId: 'annual-minimum', amount: '240', per: 'year' },
    ]);
    expect(toUrdb(newer).rate.annualmincharge).toBe(240);
    expect(() => fromUrdb({ type: 'FeatureCollection', features: [] })).toThrow(UrdbError);
    expect(() => fromUrdb('just text')).toThrow(/is not a URDB rate/);
    try {
      fromUrdb({ ...residential, energyweekdayschedule: months(() => 2) });
      expect.unreachable();
    } catch (error) {
      expect((error as UrdbError).fields).toEqual({
        energyweekdayschedule: ['names a period the energyratestructure does not define (it has 2)'],
      });
    }
    try {
      fromUrdb({
        ...residential,
        energyratestructure: [
          [{ max: 10, rate: 0.1 }, { max: 5, rate: 0.2 }, { rate: 0.3 }],
          [{ rate: 0.3 }],
        ],
      });
      expect.unreachable();
    } catch (error) {
      expect((error as UrdbError).fields['energyratestructure[0]']).toEqual([
        'tiers must rise, the last without max',
      ]);
    }
  });
});

describe('URDB export', () => {
  it('writes a tariff back as a URDB rate that reads in again to the same bill', () => {
    for (const source of [residential, commercial]) {
      const { tariff } = fromUrdb(source);
      const { rate, notExported } = toUrdb(tariff);
      expect(notExported).toEqual([]);
      const again = fromUrdb(rate).tariff;
      for (const kWh of [1, 60])
        expect(calculateCost(again, hourly(kWh), january).summary).toEqual(
          calculateCost(tariff, hourly(kWh), january).summary,
        );
    }
    const withTax = fromUrdb(residential).tariff;
    withTax.versions[0]!.rates.push({
      tariffRateId: 'tax',
      rateGroupName: 'TAX',
      rateName: 'Utility tax',
      chargeClass: 'TAX',
      rateSequenceNumber: 10000,
      type: 'PERCENTAGE',
      percent: '0.085',
    });
    expect(toUrdb(withTax).notExported).toEqual(['Utility tax (a percentage charge: URDB has none)']);
  });
});
