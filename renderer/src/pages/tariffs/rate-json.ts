/**
 * A tariff version's rates as the tariff editor writes them (the JSON of docs/tariffs.md): their
 * tiers, the charge classes offered, and what a new rate of each type starts as.
 */

export type TierRow = { max?: string; rate: string };
export type RateJson = {
  tariffRateId?: string;
  rateGroupName?: string;
  rateName?: string;
  chargeClass?: string;
  rateSequenceNumber?: number;
  type?: string;
  amount?: string;
  percent?: string;
  periods?: { period: number; tiers: TierRow[] }[];
  flat?: { tiers: TierRow[] };
};

export const CHARGE_CLASSES = ['SUPPLY', 'DISTRIBUTION', 'TRANSMISSION', 'TAX', 'OTHER', 'CONTRACTED'];

/** What a new rate of each type starts as: valid, priced at zero, to be filled in above. */
export const NEW_RATES: Record<string, RateJson> = {
  COST_PER_UNIT: {
    type: 'COST_PER_UNIT',
    rateGroupName: 'Energy',
    rateName: 'Energy charge',
    chargeClass: 'SUPPLY',
    periods: [{ period: 0, tiers: [{ rate: '0' }] }],
  },
  FIXED_PRICE: {
    type: 'FIXED_PRICE',
    rateGroupName: 'Fixed',
    rateName: 'Customer charge',
    chargeClass: 'DISTRIBUTION',
    amount: '0',
  },
  DEMAND: {
    type: 'DEMAND',
    rateGroupName: 'Demand',
    rateName: 'Demand charge',
    chargeClass: 'DISTRIBUTION',
    flat: { tiers: [{ rate: '0' }] },
  },
  MINIMUM: {
    type: 'MINIMUM',
    rateGroupName: 'Minimum',
    rateName: 'Minimum charge',
    chargeClass: 'OTHER',
    amount: '0',
  },
  PERCENTAGE: {
    type: 'PERCENTAGE',
    rateGroupName: 'Taxes',
    rateName: 'Tax',
    chargeClass: 'TAX',
    percent: '0',
  },
};
