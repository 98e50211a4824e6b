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
 * Apache-2.0); solar follows the sun's elevation over Bangkok with a cloud
 * factor that varies day to day and with the monsoon.
 */
import { DateTime } from 'luxon';

import type { WorkspaceDefinition } from '../../shared/definition';
import { canonicalDecimal } from '../../shared/units';

export type AllocationKeyName = 'prorata' | 'priority' | 'static';

export interface DemoReading {
  meterId: string;
  startUtc: number;
  energyMilliWh: number;
}

export interface DemoMarket {
  definition: WorkspaceDefinition;
  readings: DemoReading[];
  prices: { startUtc: number; pricePerKwh: string }[];
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
}

const consumers: ConsumerSpec[] = [
  {
    id: 'c-office',
    name: 'Sathorn Office Tower',
    profile: 'SmallOffice',
    annualKwh: 420_000,
    rank: 3,
    share: '0.10',
  },
  {
    id: 'c-school',
    name: 'Bang Rak Primary School',
    profile: 'PrimarySchool',
    annualKwh: 260_000,
    rank: 2,
    share: '0.08',
  },
  {
    id: 'c-mall',
    name: 'Riverside Mall',
    profile: 'RetailStore',
    annualKwh: 1_150_000,
    rank: 3,
    share: '0.20',
  },
  {
    id: 'c-hospital',
    name: 'Chao Phraya Hospital',
    profile: 'Hospital',
    annualKwh: 900_000,
    rank: 1,
    share: '0.20',
  },
  {
    id: 'c-apartments',
    name: 'Lumphini Apartments',
    profile: 'MidriseApartment',
    annualKwh: 380_000,
    rank: 3,
    share: '0.07',
  },
  {
    id: 'c-supermarket',
    name: 'Silom Fresh Market',
    profile: 'Supermarket',
    annualKwh: 640_000,
    rank: 2,
    share: '0.12',
  },
  {
    id: 'c-warehouse',
    name: 'Khlong Toei Cold Store',
    profile: 'Warehouse',
    annualKwh: 300_000,
    rank: 3,
    share: '0.05',
  },
  {
    id: 'c-datacentre',
    name: 'Rama IV Data Centre',
    profile: 'DataCentre',
    annualKwh: 700_000,
    rank: 2,
    share: '0.13',
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

/** Hospitals and data centres are not among the reference profiles: near-flat shapes made here. */
function syntheticProfile(kind: 'Hospital' | 'DataCentre'): Float64Array {
  const weights = new Float64Array(8760);
  let sum = 0;
  for (let i = 0; i < 8760; i++) {
    const hour = i % 24;
    const daytime = hour >= 8 && hour < 20 ? 1 : 0;
    const value =
      kind === 'Hospital' ? 0.8 + 0.35 * daytime + (hour >= 10 && hour < 16 ? 0.1 : 0) : 1 + 0.06 * daytime;
    weights[i] = value;
    sum += value;
  }
  for (let i = 0; i < 8760; i++) weights[i]! /= sum;
  return weights;
}

function profileOf(name: string, profiles: LoadProfiles): Float64Array {
  if (name === 'Hospital' || name === 'DataCentre') return syntheticProfile(name);
  const profile = profiles[name];
  if (!profile) throw new Error(`the demo needs the load profile "${name}"`);
  return profile;
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
      const profile = profileOf(prosumer.consumption.profile, options.profiles);
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
    const profile = profileOf(consumer.profile, options.profiles);
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
        settles: true,
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
            // Thai TOU: peak 09:00–22:00, off-peak otherwise (THB/kWh).
            rate: {
              type: 'tou',
              hourlyPricesPerKwh: Array.from({ length: 24 }, (_, hour) =>
                hour >= 9 && hour < 22 ? '5.7982' : '2.6369',
              ),
            },
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
  return { definition, readings, prices };
}
