/**
 * The demo market: a deterministic, realistic workspace a trader can explore
 * straight after install. Bangkok, THB, one pool with three rooftop-solar
 * prosumers (one also consumes) and eight consumers with distinct load shapes,
 * hourly readings and market prices for the calendar year 2022.
 *
 * Pure and deterministic: the same seed gives byte-identical output on every
 * machine (a seeded PRNG, integer mWh rounded from each hour's value, prices
 * written with 4 decimals). Consumer shapes come from the DOE commercial
 * reference building profiles shipped in data/load-profiles (NREL REopt,
 * Apache-2.0), each read on the weekdays of 2022; solar follows the sun's
 * elevation over Bangkok with a cloud factor that varies day to day and with
 * the monsoon.
 *
 * Beside the definition, what the workspace definition cannot hold and the
 * demo saves through the API after it (main/demo/build-demo.ts): the market's
 * reference data (EGAT, MEA, PEA), MEA's small general service TOU tariff as
 * published for 2022 (docs/tariffs.md, "The demo's tariff"), an MEA account
 * for each site that buys from the grid, the mall's main incomer split into
 * three tenants (virtual meters), and the payments made against the
 * statements once they are issued (`demoPayments`).
 */
import { DateTime } from 'luxon';

import type { WorkspaceDefinition } from '../../shared/definition';
import type { Tariff } from '../../shared/tariff';
import { canonicalDecimal, Dec } from '../../shared/units';

export type AllocationKeyName = 'prorata' | 'priority' | 'static';

export interface DemoReading {
  meterId: string;
  startUtc: number;
  energyMilliWh: number;
}

/** Reference data as `reference:save` takes it (seed 002's field names). */
export interface DemoReference {
  utilities: {
    code: string;
    name: string;
    load_zones: string[];
    rate_classes: string[];
    voltages: string[];
    load_profiles: string[];
  }[];
}

/** A load profile as `load-profiles:save` takes it (CSV text, normalized when saved). */
export interface DemoLoadProfile {
  code: string;
  name: string;
  shape: 'year' | 'typical-days';
  csv: string;
  source: string;
}

/** A virtual meter as `virtual-meters:save` takes it. */
export interface DemoVirtualMeter {
  meterId: string;
  meter: {
    participantId: string;
    name: string;
    direction: 'consumption';
    settles: boolean;
    versions: {
      versionId: number;
      effectiveFrom: string;
      use: { copyUseFromMeter: { meterId: string; percentage: string } };
    }[];
  };
}

export interface DemoMarket {
  definition: WorkspaceDefinition;
  readings: DemoReading[];
  prices: { startUtc: number; pricePerKwh: string }[];
  /** Saved after the definition, before the months are settled (build-demo.ts). */
  reference: DemoReference;
  loadProfiles: DemoLoadProfile[];
  tariff: Tariff;
  /** Seed 002 accounts, as `accounts:create` takes them. */
  accounts: DemoAccount[];
  virtualMeters: DemoVirtualMeter[];
}

/** Named load shapes: 8,760 weights summing to 1 (index 0 = 1 January 00:00 local). */
export type LoadProfiles = Record<string, Float64Array>;

export const DEMO_YEAR = 2022;
const TIMEZONE = 'Asia/Bangkok';
const LATITUDE = 13.75;
const LONGITUDE = 100.5;
const UTC_OFFSET_HOURS = 7;

/** mulberry32: small, fast, and the same sequence on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ConsumerSpec {
  id: string;
  name: string;
  profile: string;
  annualKwh: number;
  rank: number;
  share: string;
  /** Where its MEA account is (illustrative addresses). */
  location: string;
}

const consumers: ConsumerSpec[] = [
  {
    id: 'c-office',
    name: 'Sathorn Office Tower',
    profile: 'SmallOffice',
    annualKwh: 420_000,
    rank: 3,
    share: '0.10',
    location: 'South Sathorn Road, Sathon',
  },
  {
    id: 'c-school',
    name: 'Bang Rak Primary School',
    profile: 'PrimarySchool',
    annualKwh: 260_000,
    rank: 2,
    share: '0.08',
    location: 'Charoen Krung Road, Bang Rak',
  },
  {
    id: 'c-mall',
    name: 'Riverside Mall',
    profile: 'RetailStore',
    annualKwh: 1_150_000,
    rank: 3,
    share: '0.20',
    location: 'Charoen Nakhon Road, Khlong San',
  },
  {
    id: 'c-hospital',
    name: 'Chao Phraya Hospital',
    profile: 'Hospital',
    annualKwh: 900_000,
    rank: 1,
    share: '0.20',
    location: 'Arun Amarin Road, Bangkok Noi',
  },
  {
    id: 'c-apartments',
    name: 'Lumphini Apartments',
    profile: 'MidriseApartment',
    annualKwh: 380_000,
    rank: 3,
    share: '0.07',
    location: 'Witthayu Road, Pathum Wan',
  },
  {
    id: 'c-supermarket',
    name: 'Silom Fresh Market',
    profile: 'Supermarket',
    annualKwh: 640_000,
    rank: 2,
    share: '0.12',
    location: 'Silom Road, Bang Rak',
  },
  {
    id: 'c-warehouse',
    name: 'Khlong Toei Cold Store',
    profile: 'Warehouse',
    annualKwh: 300_000,
    rank: 3,
    share: '0.05',
    location: 'Sunthon Kosa Road, Khlong Toei',
  },
  {
    id: 'c-datacentre',
    name: 'Rama IV Data Centre',
    profile: 'DataCentre',
    annualKwh: 700_000,
    rank: 2,
    share: '0.13',
    location: 'Rama IV Road, Khlong Toei',
  },
];

interface ProsumerSpec {
  id: string;
  name: string;
  peakKw: number;
  planName: string;
  pricePerKwh: string;
  sellsLeftoversToMarket: boolean;
  marketFloorPricePerKwh: string;
  feedInPricePerKwh: string;
  consumption?: { profile: string; annualKwh: number };
}

const prosumers: ProsumerSpec[] = [
  {
    id: 'p-sunrise',
    name: 'Sunrise Rooftops',
    peakKw: 1_400,
    planName: 'Sunrise 24/7 Solar',
    pricePerKwh: '3.2000',
    sellsLeftoversToMarket: true,
    marketFloorPricePerKwh: '1.0000',
    feedInPricePerKwh: '0',
  },
  {
    id: 'p-riverside',
    name: 'Riverside Solar Co-op',
    peakKw: 950,
    planName: 'Co-op Solar Share',
    pricePerKwh: '3.0500',
    sellsLeftoversToMarket: true,
    marketFloorPricePerKwh: '0',
    feedInPricePerKwh: '0',
  },
  {
    id: 'p-temple',
    name: 'Wat Pho Community Solar',
    peakKw: 420,
    planName: 'Community REX',
    pricePerKwh: '2.9000',
    sellsLeftoversToMarket: false,
    marketFloorPricePerKwh: '0',
    feedInPricePerKwh: '1.6800',
    consumption: { profile: 'MidriseApartment', annualKwh: 210_000 },
  },
];

/**
 * Hospitals and data centres are not among the reference profiles: near-flat shapes made here,
 * the same every day. An hour's relative load (not normalized), as text: the demo also saves
 * these shapes as the workspace's load profiles DEMO-Hospital and DEMO-DataCentre.
 */
function syntheticHourValue(kind: 'Hospital' | 'DataCentre', hour: number): string {
  const daytime = hour >= 8 && hour < 20;
  if (kind === 'DataCentre') return daytime ? '1.06' : '1';
  if (!daytime) return '0.8';
  return hour >= 10 && hour < 16 ? '1.25' : '1.15';
}

function syntheticProfile(kind: 'Hospital' | 'DataCentre'): Float64Array {
  const weights = new Float64Array(8760);
  let sum = 0;
  for (let i = 0; i < 8760; i++) {
    const value = Number(syntheticHourValue(kind, i % 24));
    weights[i] = value;
    sum += value;
  }
  for (let i = 0; i < 8760; i++) weights[i]! /= sum;
  return weights;
}

/**
 * The weekday (1 Monday … 7 Sunday) of each shipped profile's first day. The DOE reference
 * buildings were simulated on a calendar year whose 1 January is a Sunday (US holidays on
 * 2006's dates), the stand-alone retail store's on one that starts on a Monday (2007's).
 */
const PROFILE_FIRST_WEEKDAY: Record<string, number> = { RetailStore: 1 };
const DEFAULT_FIRST_WEEKDAY = 7;

const normalized = (weights: Float64Array): Float64Array => {
  let sum = 0;
  for (const w of weights) sum += w;
  return weights.map((w) => w / sum);
};

/**
 * A profile read on the demo year's weekdays: day d of the year takes the profile's day with
 * the same weekday, at most six days away (a weekend stays a weekend), normalized again.
 */
export function alignedToWeekdays(
  profile: Float64Array,
  profileFirstWeekday: number,
  yearFirstWeekday: number,
): Float64Array {
  const shift = (yearFirstWeekday - profileFirstWeekday + 7) % 7;
  const out = new Float64Array(8760);
  for (let day = 0; day < 365; day++) {
    const from = shift === 0 ? day : day + shift - 7 >= 0 ? day + shift - 7 : day + shift;
    out.set(profile.subarray(from * 24, from * 24 + 24), day * 24);
  }
  return normalized(out);
}

/**
 * A shop open every day: each day whose load is well below a normal day's (the reference
 * store's short Sundays and its US holidays) takes the shape of the nearest trading day before it.
 */
export function openEveryDay(profile: Float64Array): Float64Array {
  const totals = Array.from({ length: 365 }, (_, day) =>
    profile.subarray(day * 24, day * 24 + 24).reduce((a, b) => a + b, 0),
  );
  const median = [...totals].sort((a, b) => a - b)[182]!;
  const trading = (day: number) => totals[day]! >= 0.8 * median;
  const out = profile.slice();
  for (let day = 0; day < 365; day++) {
    if (trading(day)) continue;
    let from = day - 1;
    while (from >= 0 && !trading(from)) from--;
    if (from < 0) for (from = day + 1; !trading(from); from++);
    out.set(profile.subarray(from * 24, from * 24 + 24), day * 24);
  }
  return normalized(out);
}

function profileOf(name: string, profiles: LoadProfiles, yearFirstWeekday: number): Float64Array {
  if (name === 'Hospital' || name === 'DataCentre') return syntheticProfile(name);
  const profile = profiles[name];
  if (!profile) throw new Error(`the demo needs the load profile "${name}"`);
  return alignedToWeekdays(profile, PROFILE_FIRST_WEEKDAY[name] ?? DEFAULT_FIRST_WEEKDAY, yearFirstWeekday);
}

/** Sine of the sun's elevation over Bangkok at the middle of a local hour (0 at night). */
function sunElevationSine(dayOfYear: number, localHour: number): number {
  const declination = ((23.44 * Math.PI) / 180) * Math.sin((2 * Math.PI * (284 + dayOfYear)) / 365);
  const solarTime = localHour + 0.5 + (LONGITUDE - 15 * UTC_OFFSET_HOURS) / 15;
  const hourAngle = (15 * (solarTime - 12) * Math.PI) / 180;
  const latitude = (LATITUDE * Math.PI) / 180;
  const sine =
    Math.sin(latitude) * Math.sin(declination) +
    Math.cos(latitude) * Math.cos(declination) * Math.cos(hourAngle);
  return Math.max(0, sine);
}

const toMilliWh = (kwh: number) => Math.max(0, Math.round(kwh * 1_000_000));

export function generateDemoMarket(options: {
  key: AllocationKeyName;
  seed: number;
  profiles: LoadProfiles;
}): DemoMarket {
  const random = seededRandom(options.seed);
  const yearStart = DateTime.fromObject({ year: DEMO_YEAR, month: 1, day: 1 }, { zone: TIMEZONE });
  const startUtc = yearStart.toSeconds();
  const hours = 8760;
  const readings: DemoReading[] = [];

  // Day-to-day cloud cover, wetter from May to October (the south-west monsoon).
  const cloudFactor: number[] = [];
  for (let day = 0; day < 365; day++) {
    const month = yearStart.plus({ days: day }).month;
    const monsoon = month >= 5 && month <= 10;
    const base = monsoon ? 0.55 : 0.85;
    cloudFactor.push(Math.min(1, Math.max(0.15, base + (random() - 0.5) * (monsoon ? 0.6 : 0.3))));
  }

  for (const prosumer of prosumers) {
    const meterId = `${prosumer.id}-pv`;
    for (let i = 0; i < hours; i++) {
      const day = Math.floor(i / 24);
      const hourNoise = 0.9 + 0.2 * random();
      const kwh = prosumer.peakKw * 0.82 * sunElevationSine(day + 1, i % 24) * cloudFactor[day]! * hourNoise;
      readings.push({ meterId, startUtc: startUtc + i * 3600, energyMilliWh: toMilliWh(kwh) });
    }
    if (prosumer.consumption) {
      const profile = profileOf(prosumer.consumption.profile, options.profiles, yearStart.weekday);
      for (let i = 0; i < hours; i++) {
        const kwh = prosumer.consumption.annualKwh * profile[i]! * (0.92 + 0.16 * random());
        readings.push({
          meterId: `${prosumer.id}-load`,
          startUtc: startUtc + i * 3600,
          energyMilliWh: toMilliWh(kwh),
        });
      }
    }
  }
  for (const consumer of consumers) {
    const shape = profileOf(consumer.profile, options.profiles, yearStart.weekday);
    // A Bangkok mall trades seven days a week: the retail shape on every day.
    const profile = consumer.id === 'c-mall' ? openEveryDay(shape) : shape;
    for (let i = 0; i < hours; i++) {
      const kwh = consumer.annualKwh * profile[i]! * (0.92 + 0.16 * random());
      readings.push({
        meterId: `${consumer.id}-main`,
        startUtc: startUtc + i * 3600,
        energyMilliWh: toMilliWh(kwh),
      });
    }
  }

  // Hourly open-market prices (THB/kWh): an evening peak, cheaper sunny middays, a few negative hours on bright weekends.
  const prices: DemoMarket['prices'] = [];
  for (let i = 0; i < hours; i++) {
    const hour = i % 24;
    const day = Math.floor(i / 24);
    const weekday = yearStart.plus({ days: day }).weekday;
    const evening = hour >= 18 && hour < 22 ? 1.6 : 0;
    const daytime = hour >= 9 && hour < 18 ? 0.6 : 0;
    const solarDip = hour >= 10 && hour < 15 ? 1.4 * cloudFactor[day]! : 0;
    const weekend = weekday >= 6 ? 0.7 : 0;
    const price = 2.1 + evening + daytime - solarDip - weekend + (random() - 0.5) * 0.5;
    // Canonical decimal text (no trailing zeros), as the market-price importer stores it.
    prices.push({ startUtc: startUtc + i * 3600, pricePerKwh: canonicalDecimal(price.toFixed(4)) });
  }

  const poolMembers = [
    ...prosumers.map((p) => ({ participantId: p.id, effectiveFrom: `${DEMO_YEAR}-01-01` })),
    ...consumers.map((c) => ({
      participantId: c.id,
      effectiveFrom: `${DEMO_YEAR}-01-01`,
      ...(options.key === 'priority' ? { rank: c.rank } : {}),
      ...(options.key === 'static' ? { share: c.share } : {}),
    })),
  ];

  const definition: WorkspaceDefinition = {
    format: 'energy-ledger-workspace',
    formatVersion: 1,
    settings: {
      name: `Bangkok 24/7 CFE demo (${options.key})`,
      timezone: TIMEZONE,
      currency: 'THB',
      priceZone: 'TH-EGAT',
    },
    participants: [
      ...prosumers.map((p) => ({ id: p.id, name: p.name, role: 'prosumer' as const })),
      ...consumers.map((c) => ({ id: c.id, name: c.name, role: 'consumer' as const })),
    ],
    meters: [
      ...prosumers.flatMap((p) => [
        {
          id: `${p.id}-pv`,
          participantId: p.id,
          name: 'Rooftop PV',
          meterType: 1,
          direction: 'generation' as const,
          settles: true,
        },
        ...(p.consumption
          ? [
              {
                id: `${p.id}-load`,
                participantId: p.id,
                name: 'Site load',
                meterType: 1,
                direction: 'consumption' as const,
                settles: true,
              },
            ]
          : []),
      ]),
      ...consumers.map((c) => ({
        id: `${c.id}-main`,
        participantId: c.id,
        name: 'Main incomer',
        meterType: 1,
        direction: 'consumption' as const,
        // The mall's incomer is split into its tenants (virtual meters), which settle instead.
        settles: c.id !== MALL_TENANTS.source,
      })),
    ],
    pools: [
      {
        id: 'bangkok-cfe',
        name: 'Bangkok 24/7 CFE pool',
        versions: [{ effectiveFrom: `${DEMO_YEAR}-01-01`, key: options.key }],
        members: poolMembers,
      },
    ],
    offerPlans: prosumers.map((p) => ({
      id: `${p.id}-offer`,
      participantId: p.id,
      planName: p.planName,
      providerName: p.name,
      energyType: 'Solar',
      versions: [
        {
          effectiveFrom: `${DEMO_YEAR}-01-01`,
          pricePerKwh: p.pricePerKwh,
          sellsLeftoversToMarket: p.sellsLeftoversToMarket,
          marketFloorPricePerKwh: p.marketFloorPricePerKwh,
          feedInPricePerKwh: p.feedInPricePerKwh,
        },
      ],
    })),
    utilityPlans: [
      {
        id: 'egat-brown',
        providerName: 'EGAT',
        planName: 'Brown Energy Plan',
        energyType: 'Conventional',
        versions: [
          {
            effectiveFrom: `${DEMO_YEAR}-01-01`,
            // Priced by MEA's small general service TOU tariff (below): peak and off-peak energy,
            // Ft, the monthly service charge and VAT.
            rate: { type: 'tariff', masterTariffId: DEMO_TARIFF_ID },
          },
        ],
      },
    ],
    utilityPlanAssignments: [
      ...consumers.map((c) => ({
        participantId: c.id,
        utilityPlanId: 'egat-brown',
        effectiveFrom: `${DEMO_YEAR}-01-01`,
      })),
      { participantId: 'p-temple', utilityPlanId: 'egat-brown', effectiveFrom: `${DEMO_YEAR}-01-01` },
    ],
  };
  return {
    definition,
    readings,
    prices,
    reference: demoReference(),
    loadProfiles: (['Hospital', 'DataCentre'] as const).map((kind) => ({
      code: `DEMO-${kind}`,
      name: kind === 'Hospital' ? 'Hospital (demo, synthetic)' : 'Data centre (demo, synthetic)',
      // The same relative load every day of the year, as typical days (normalized to 1 when saved).
      shape: 'typical-days' as const,
      csv: [
        'month,day_type,hour,weight',
        ...Array.from({ length: 12 }, (_, m) =>
          ['weekday', 'weekend'].flatMap((dayType) =>
            Array.from(
              { length: 24 },
              (_, hour) => `${m + 1},${dayType},${hour},${syntheticHourValue(kind, hour)}`,
            ),
          ),
        ).flat(),
        '',
      ].join('\n'),
      source: 'the demo generator’s near-flat synthetic shape (main/demo/generate.ts)',
    })),
    tariff: demoTariff(),
    accounts: [
      ...consumers.map((c, i) => accountOf(i + 1, c.id, c.name, c.location, `${c.id}-main`, c.profile)),
      accountOf(
        consumers.length + 1,
        'p-temple',
        'Wat Pho Community Solar',
        'Sanam Chai Road, Phra Nakhon',
        'p-temple-load',
        'MidriseApartment',
      ),
    ],
    virtualMeters: MALL_TENANTS.tenants.map((t) => ({
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
    })),
  };
}

// ------------------------------------------------------------------ what the definition cannot hold

/** The mall's main incomer split into its tenants: shares adding up to 100 %, so exactly the incomer every hour. */
const MALL_TENANTS = {
  source: 'c-mall',
  tenants: [
    { id: 'c-mall-anchor', name: 'Anchor department store', percentage: '45' },
    { id: 'c-mall-food', name: 'Food court', percentage: '20' },
    { id: 'c-mall-shops', name: 'Specialty shops and cinema', percentage: '35' },
  ],
};

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
function demoReference(): DemoReference {
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

/** Seed 002's account fields, text but for the tag lists the seed requires. */
export type DemoAccount = Record<string, string | never[]>;

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

export const DEMO_TARIFF_ID = 'mea-2.2.2-tou';

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

// ------------------------------------------------------------------ payments

/** An issued statement, as receivables list it: what is due, by when. */
export interface DemoStatement {
  participantId: string;
  month: string;
  amount: string;
  dueDate: string;
}

export interface DemoPayment {
  participantId: string;
  month: string;
  paidOn: string;
  amount: string;
  reference: string;
}

/**
 * The payments made against the demo's statements (both ways: consumers pay their invoices,
 * the market pays the generators' credit notes), so receivables have a history: January to
 * October paid in full a few days before they are due; November and December still open.
 * Two exceptions a trader would chase: the school pays nothing (its invoices are all open,
 * January's overdue first), and the cold store pays September three weeks late and only half
 * of October.
 */
export function demoPayments(statements: DemoStatement[]): DemoPayment[] {
  const payments: DemoPayment[] = [];
  for (const s of statements) {
    const month = Number(s.month.slice(5, 7));
    if (
      s.participantId === 'c-school' ||
      month > 10 ||
      !/^\d+\.\d{2}$/.test(s.amount) ||
      Number(s.amount) <= 0
    )
      continue;
    const due = DateTime.fromISO(s.dueDate, { zone: 'UTC' });
    let paidOn = due.minus({ days: 3 });
    let amount = s.amount;
    if (s.participantId === 'c-warehouse' && month === 9) paidOn = due.plus({ days: 21 });
    if (s.participantId === 'c-warehouse' && month === 10) {
      const satang = Math.floor(Number(s.amount.replace('.', '')) / 2);
      amount = `${Math.floor(satang / 100)}.${String(satang % 100).padStart(2, '0')}`;
    }
    const day = paidOn.toISODate()!;
    payments.push({
      participantId: s.participantId,
      month: s.month,
      paidOn: day,
      amount,
      reference: `TRF-${day.replace(/-/g, '')}-${s.participantId}`,
    });
  }
  return payments;
}
