/**
 * Tariffs for tests, in the shape `tariffs:save` takes: one version from 2022-01-01 whose
 * energy schedules put every hour of the year in period 0, and the rates tests give it
 * (an energy charge, a monthly service charge, VAT, or their own).
 */

/** Every hour of every month in period 0, weekdays and weekends alike. */
export const flat = Array.from({ length: 12 }, () => Array.from({ length: 24 }, () => 0));

/** Every month's 16:00–21:00 in period 1 (the peak), every other hour in period 0 (off-peak). */
export const peak = Array.from({ length: 12 }, () =>
  Array.from({ length: 24 }, (_, h) => (h >= 16 && h <= 20 ? 1 : 0)),
);

/** A tariff of one version (`<masterTariffId>-2022`, from 2022-01-01) with `rates`, on the flat schedule. */
export function flatTariff(tariff: {
  masterTariffId: string;
  tariffName: string;
  currency: string;
  rates: Record<string, unknown>[];
}) {
  return {
    masterTariffId: tariff.masterTariffId,
    tariffName: tariff.tariffName,
    currency: tariff.currency,
    versions: [
      {
        tariffId: `${tariff.masterTariffId}-2022`,
        effectiveFrom: '2022-01-01',
        energyWeekdaySchedule: flat,
        energyWeekendSchedule: flat,
        rates: tariff.rates,
      },
    ],
  };
}

/** The energy charge, per kWh in the month's tiers (`max` kWh at each rate, the last without). */
export const energyCharge = (tiers: { max?: string; rate: string }[], rateName = 'Energy charge') => ({
  tariffRateId: 'energy',
  rateGroupName: 'Energy',
  rateName,
  chargeClass: 'SUPPLY',
  rateSequenceNumber: 1,
  type: 'COST_PER_UNIT',
  periods: [{ period: 0, tiers }],
});

/** A fixed charge of `amount` a month. */
export const serviceCharge = (amount: string, rateName = 'Service charge') => ({
  tariffRateId: 'service',
  rateGroupName: 'Fixed',
  rateName,
  chargeClass: 'DISTRIBUTION',
  rateSequenceNumber: 2,
  type: 'FIXED_PRICE',
  amount,
  per: 'month',
});

/** VAT at 7 %, on the bill's other items. */
export const vat = () => ({
  tariffRateId: 'vat',
  rateGroupName: 'TAX',
  rateName: 'VAT',
  chargeClass: 'TAX',
  rateSequenceNumber: 10000,
  type: 'PERCENTAGE',
  percent: '0.07',
});

/** The tests' EGAT tiered tariff (THB): energy 3.2484 for 150 kWh then 4.2218, a 38.22 service charge, VAT, then `extra`. */
export const egatTiered = (extra: Record<string, unknown>[] = []) =>
  flatTariff({
    masterTariffId: 'egat-tiered',
    tariffName: 'EGAT tiered (test)',
    currency: 'THB',
    rates: [
      energyCharge([{ max: '150', rate: '3.2484' }, { rate: '4.2218' }]),
      serviceCharge('38.22'),
      vat(),
      ...extra,
    ],
  });

/** A time-of-use energy charge per kWh: `offPeakRate` in period 0, `peakRate` in period 1. */
export const touEnergyCharge = (offPeakRate: string, peakRate: string, tariffRateId = 'energy') => ({
  tariffRateId,
  rateGroupName: 'Energy',
  rateName: 'Energy',
  chargeClass: 'SUPPLY',
  rateSequenceNumber: 1,
  type: 'COST_PER_UNIT',
  periods: [
    { period: 0, tiers: [{ rate: offPeakRate }] },
    { period: 1, tiers: [{ rate: peakRate }] },
  ],
});

/** Seed 004's Residential TOU tariff (USD, `tou-2022` from 2022-01-01): weekdays' 16:00–21:00 peak, weekends off-peak, with `rates`. */
export function residentialTou(rates: Record<string, unknown>[]) {
  return {
    masterTariffId: 'tou',
    tariffName: 'Residential TOU',
    currency: 'USD',
    versions: [
      {
        tariffId: 'tou-2022',
        effectiveFrom: '2022-01-01',
        energyWeekdaySchedule: peak,
        energyWeekendSchedule: flat,
        rates,
      },
    ],
  };
}
