/**
 * The demo's tariff (see generate.ts): MEA's small general service TOU tariff as published for
 * 2022 (docs/tariffs.md, "The demo's tariff"), three versions for the year's three Ft periods,
 * with 2022's public holidays billed off-peak.
 */
import type { Tariff } from '../../shared/tariff';

import { TIMEZONE } from './sites';

export const DEMO_TARIFF_ID = 'mea-2.2.2-tou';

/**
 * MEA schedule 2.2.2, small general service, time of use, below 12 kV, as published for 2022
 * (illustrative; sources in docs/tariffs.md, "The demo's tariff"), in THB, before VAT:
 * peak (Monday–Friday 09:00–22:00) 5.7982 per kWh, off-peak (the other hours, weekends and
 * public holidays) 2.6369, a service charge of 46.16 a month, the fuel adjustment charge (Ft)
 * of each four-month period per kWh (its three values make the three versions), and 7 % VAT.
 */
export function demoTariff(): Tariff {
  const peak = (hour: number) => (hour >= 9 && hour < 22 ? 1 : 0);
  const weekday = Array.from({ length: 12 }, () => Array.from({ length: 24 }, (_, hour) => peak(hour)));
  const weekend = Array.from({ length: 12 }, () => Array.from({ length: 24 }, () => 0));
  const ft = [
    { from: '2022-01-01', to: '2022-05-01', rate: '0.0139' },
    { from: '2022-05-01', to: '2022-09-01', rate: '0.2477' },
    { from: '2022-09-01', to: undefined, rate: '0.9343' },
  ];
  return {
    masterTariffId: DEMO_TARIFF_ID,
    tariffName: 'Small General Service TOU, below 12 kV (2.2.2)',
    providerName: 'MEA',
    currency: 'THB',
    timezone: TIMEZONE,
    versions: ft.map((period) => ({
      tariffId: `${DEMO_TARIFF_ID}-${period.from.slice(0, 7)}`,
      effectiveFrom: period.from,
      ...(period.to ? { effectiveTo: period.to } : {}),
      energyWeekdaySchedule: weekday,
      energyWeekendSchedule: weekend,
      holidays: TOU_HOLIDAYS_2022.filter((day) => day >= period.from && (!period.to || day < period.to)),
      rates: [
        {
          tariffRateId: 'energy',
          rateGroupName: 'Energy charge',
          rateName: 'Energy charge',
          chargeClass: 'SUPPLY',
          rateSequenceNumber: 1,
          type: 'COST_PER_UNIT',
          tierLimit: 'month',
          periods: [
            { period: 0, tiers: [{ rate: '2.6369' }] },
            { period: 1, tiers: [{ rate: '5.7982' }] },
          ],
        },
        {
          tariffRateId: 'ft',
          rateGroupName: 'Fuel adjustment charge',
          rateName: 'Ft',
          chargeClass: 'SUPPLY',
          rateSequenceNumber: 2,
          type: 'COST_PER_UNIT',
          tierLimit: 'month',
          periods: [
            { period: 0, tiers: [{ rate: period.rate }] },
            { period: 1, tiers: [{ rate: period.rate }] },
          ],
        },
        {
          tariffRateId: 'service',
          rateGroupName: 'Service charge',
          rateName: 'Service charge',
          chargeClass: 'DISTRIBUTION',
          rateSequenceNumber: 3,
          type: 'FIXED_PRICE',
          amount: '46.16',
          per: 'month',
        },
        {
          tariffRateId: 'vat',
          rateGroupName: 'Value added tax',
          rateName: 'VAT 7 %',
          chargeClass: 'TAX',
          rateSequenceNumber: 4,
          type: 'PERCENTAGE',
          percent: '0.07',
        },
      ],
    })),
  };
}

/**
 * 2022's public holidays billed off-peak all day under TOU (substitution days and Royal
 * Ploughing Day are not), as local days.
 */
const TOU_HOLIDAYS_2022 = [
  '2022-01-01', // New Year's Day
  '2022-02-16', // Makha Bucha
  '2022-04-06', // Chakri Memorial Day
  '2022-04-13', // Songkran
  '2022-04-14',
  '2022-04-15',
  '2022-05-01', // National Labour Day
  '2022-05-04', // Coronation Day
  '2022-05-15', // Visakha Bucha
  '2022-06-03', // Queen Suthida's Birthday
  '2022-07-13', // Asarnha Bucha
  '2022-07-14', // Buddhist Lent Day
  '2022-07-28', // King Vajiralongkorn's Birthday
  '2022-08-12', // Queen Mother's Birthday
  '2022-10-13', // King Bhumibol Memorial Day
  '2022-10-23', // Chulalongkorn Day
  '2022-12-05', // King Bhumibol's Birthday
  '2022-12-10', // Constitution Day
  '2022-12-31', // New Year's Eve
];
