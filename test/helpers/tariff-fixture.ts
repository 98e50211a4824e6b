/**
 * Tariffs for tests, in the shape `tariffs:save` takes: one version from 2022-01-01 whose
 * energy schedules put every hour of the year in period 0, and the rates tests give it
 * (an energy charge, a monthly service charge, VAT, or their own).
 */

/** Every hour of every month in period 0, weekdays and weekends alike. */
const flat = Array.from({ length: 12 }, () => Array.from({ length: 24 }, () => 0));

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
