/**
 * The demo market's sites (see generate.ts): the year and zone, the eight consumers with their
 * load shapes, annual energy, priority ranks, static shares and MEA account addresses, the three
 * rooftop-solar prosumers with their offer plans, and the mall's tenants (virtual meters).
 */

export const DEMO_YEAR = 2022;
export const TIMEZONE = 'Asia/Bangkok';

export interface ConsumerSpec {
  id: string;
  name: string;
  profile: string;
  annualKwh: number;
  rank: number;
  share: string;
  /** Where its MEA account is (illustrative addresses). */
  location: string;
}

export const consumers: ConsumerSpec[] = [
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

export interface ProsumerSpec {
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

export const prosumers: ProsumerSpec[] = [
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

/** The mall's main incomer split into its tenants: shares adding up to 100 %, so exactly the incomer every hour. */
export const MALL_TENANTS = {
  source: 'c-mall',
  tenants: [
    { id: 'c-mall-anchor', name: 'Anchor department store', percentage: '45' },
    { id: 'c-mall-food', name: 'Food court', percentage: '20' },
    { id: 'c-mall-shops', name: 'Specialty shops and cinema', percentage: '35' },
  ],
};
