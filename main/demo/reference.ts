/**
 * The demo's reference data and accounts (see generate.ts), saved through the API after the
 * definition: Thailand's utilities (EGAT, MEA, PEA), an MEA account for each site that buys
 * from the grid, the mall's tenants as virtual meters, and seed 002's hourly shadow prices for
 * the accounts' zone as the JSON file a user would import.
 */
import { DateTime } from 'luxon';

import { Dec } from '../../shared/units';

import type { DemoAccount, DemoMarket, DemoReference, DemoVirtualMeter } from './market-types';
import { consumers, DEMO_YEAR, MALL_TENANTS } from './sites';
import { DEMO_TARIFF_ID } from './tariff';

/** The six reference building shapes every workspace holds (docs/accounts.md), and the demo's two. */
const SHIPPED_PROFILE_CODES = [
  'SF-MidriseApartment',
  'SF-PrimarySchool',
  'SF-RetailStore',
  'SF-SmallOffice',
  'SF-Supermarket',
  'SF-Warehouse',
];
const profileCode = (profile: string) =>
  profile === 'Hospital' || profile === 'DataCentre' ? `DEMO-${profile}` : `SF-${profile}`;

/**
 * Thailand's market: EGAT (generation and transmission, and the few customers it supplies
 * directly) and the two distribution utilities, MEA (Bangkok, Nonthaburi, Samut Prakan) and PEA
 * (the rest of the country). Rate classes are the national tariff schedules (1 residential …
 * 8 temporary; x.2 the TOU variants); voltages are each utility's tariff voltage levels.
 */
export function demoReference(): DemoReference {
  const loadProfiles = [...SHIPPED_PROFILE_CODES, 'DEMO-DataCentre', 'DEMO-Hospital'];
  const schedules = [
    '1.1',
    '1.2',
    '2.1',
    '2.2',
    '3.1',
    '3.2',
    '4.1',
    '4.2',
    '5.1',
    '5.2',
    '6.1',
    '6.2',
    '7.1',
    '7.2',
    '8',
  ];
  return {
    utilities: [
      {
        code: 'EGAT',
        name: 'Electricity Generating Authority of Thailand',
        load_zones: ['TH-EGAT'],
        rate_classes: ['Direct customer'],
        voltages: ['230 kV', '115 kV', '69 kV'],
        load_profiles: loadProfiles,
      },
      {
        code: 'MEA',
        name: 'Metropolitan Electricity Authority',
        load_zones: ['TH-BKK'],
        rate_classes: schedules,
        voltages: ['69 kV and over', '12-24 kV', 'Below 12 kV'],
        load_profiles: loadProfiles,
      },
      {
        code: 'PEA',
        name: 'Provincial Electricity Authority',
        load_zones: ['TH-CENTRAL', 'TH-NORTH', 'TH-NORTHEAST', 'TH-SOUTH'],
        rate_classes: schedules,
        voltages: ['69 kV and over', '22-33 kV', 'Below 22 kV'],
        load_profiles: loadProfiles,
      },
    ],
  };
}

/**
 * An MEA account on the demo's tariff, on the site's meter (seed 002's fields). MEA sets no
 * capacity or transmission tags, but seed 002 requires both lists: they are sent empty.
 */
function accountOf(
  sequence: number,
  participantId: string,
  name: string,
  location: string,
  meterId: string,
  profile: string,
): DemoAccount {
  const site = participantId.replace(/^[cp]-/, '');
  return {
    id: `mea-${site}`,
    name: `${name}, MEA account`,
    participant_id: participantId,
    meter_id: meterId,
    master_tariff_id: DEMO_TARIFF_ID,
    account_number: `MEA-2022-${String(sequence).padStart(4, '0')}`,
    location,
    city: 'Bangkok',
    state: 'BK',
    load_zone: DEMO_LOAD_ZONE,
    utility: 'MEA',
    rep: 'MEA',
    load_profile: profileCode(profile),
    rate_class: '2.2',
    voltage: 'Below 12 kV',
    flow_start: `${DEMO_YEAR}-01-01`,
    capacity_tags_attributes: [],
    transmission_tags_attributes: [],
  };
}

/** The load zone of the demo's MEA accounts (Bangkok), whose shadow prices the demo imports. */
export const DEMO_LOAD_ZONE = 'TH-BKK';

/**
 * Seed 002's hourly shadow prices for the accounts' zone, as the JSON file a user would import:
 * each hour's total is the open-market price per MWh plus a Bangkok distribution adder of
 * ฿150/MWh, split into the seed's seven components (fixed shares of the total, 4 decimals, the
 * LMP taking the rest), so the components add up to the total exactly. Hours are hour-ending
 * local hours of the market's day.
 */
export function demoShadowPrices(prices: DemoMarket['prices'], zone: string): string {
  const shares: [string, string][] = [
    ['ancillaries_price', '0.015'],
    ['capacity_price', '0.06'],
    ['losses_price', '0.03'],
    ['rps_price', '0.01'],
    ['transmission_price', '0.05'],
    ['transmission_ancillaries_price', '0.005'],
  ];
  const rows = prices.map(({ startUtc, pricePerKwh }) => {
    const local = DateTime.fromSeconds(startUtc, { zone });
    const total = new Dec(pricePerKwh).times(1000).plus(150);
    const parts = Object.fromEntries(
      shares.map(([key, share]) => [key, total.times(share).toDecimalPlaces(4, Dec.ROUND_HALF_UP)]),
    );
    const others = Object.values(parts).reduce((sum, part) => sum.plus(part), new Dec(0));
    return {
      load_zone: DEMO_LOAD_ZONE,
      price_date: local.toISODate(),
      hour: local.hour + 1,
      lmp_price: total.minus(others).toFixed(),
      ...Object.fromEntries(Object.entries(parts).map(([key, value]) => [key, value.toFixed()])),
      total_price_per_mwh: total.toFixed(),
    };
  });
  return `${JSON.stringify(rows)}\n`;
}

/** An MEA account for each consumer and for the temple's site load. */
export function demoAccounts(): DemoAccount[] {
  return [
    ...consumers.map((c, i) => accountOf(i + 1, c.id, c.name, c.location, `${c.id}-main`, c.profile)),
    accountOf(
      consumers.length + 1,
      'p-temple',
      'Wat Pho Community Solar',
      'Sanam Chai Road, Phra Nakhon',
      'p-temple-load',
      'MidriseApartment',
    ),
  ];
}

/** The mall's tenants as virtual meters, each a share of its main incomer. */
export function demoVirtualMeters(): DemoVirtualMeter[] {
  return MALL_TENANTS.tenants.map((t) => ({
    meterId: t.id,
    meter: {
      participantId: 'c-mall',
      name: t.name,
      direction: 'consumption',
      settles: true,
      versions: [
        {
          versionId: 1,
          effectiveFrom: `${DEMO_YEAR}-01-01`,
          use: { copyUseFromMeter: { meterId: `${MALL_TENANTS.source}-main`, percentage: t.percentage } },
        },
      ],
    },
  }));
}
