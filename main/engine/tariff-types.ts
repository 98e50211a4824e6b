/**
 * The tariff engine's vocabulary (see tariff.ts): the metered usage it prices, an account's
 * demand tags, the calculated cost and its items as seed 001 returns them, the error it
 * throws, and the exact number helpers every part shares (energy in integer mWh, kWh and
 * money as decimal.js, item costs rounded half-up to 6 decimals, times with their offset).
 */
import type { Rate } from '../../shared/tariff';
import { isoWithOffset } from '../../shared/time';
import { Dec } from '../../shared/units';

export interface UsageInterval {
  startUtc: number;
  endUtc: number;
  energyMilliWh: number;
}

/** An account's capacity or transmission tag (seed 002): kW over inclusive local dates. */
export interface DemandTag {
  startDate: string;
  endDate: string;
  kw: string;
}
export interface DemandTags {
  capacity: DemandTag[];
  transmission: DemandTag[];
}

export type DetailLevel = 'TOTAL' | 'CHARGE_TYPE' | 'RATE';
export type GroupBy = 'ALL' | 'HOUR' | 'DAY' | 'MONTH' | 'YEAR';

export interface CalculatedItem {
  tariffRateId: string;
  tariffRateBandId?: string;
  rateSequenceNumber: number;
  rateGroupName: string;
  rateName: string;
  fromDateTime: string;
  toDateTime: string;
  quantityKey: 'consumption' | 'fixed' | 'demand' | 'minimum' | 'percentage' | 'total';
  rateType: Rate['type'] | 'TOTAL';
  rateAmount: string | null;
  itemQuantity: string;
  cost: string;
  chargeClass: string;
}

export interface CalculatedCost {
  masterTariffId: string;
  tariffName: string;
  totalCost: string;
  fromDateTime: string;
  toDateTime: string;
  currency: string;
  summary: {
    subTotalCost: string;
    taxCost: string;
    totalCost: string;
    adjustedTotalCost: string;
    kWh: string;
    kW: string;
  };
  items: CalculatedItem[];
  assumptions: {
    keyName: string;
    dataType: string;
    fromDateTime: string;
    toDateTime: string;
    dataValue: string;
  }[];
}

export class TariffError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'TariffError';
  }
}

export const COST_PLACES = 6;
export const kwh = (mWh: bigint | number) => new Dec(mWh.toString()).dividedBy(1_000_000);
export const costOf = (value: InstanceType<typeof Dec>) =>
  value.toDecimalPlaces(COST_PLACES, Dec.ROUND_HALF_UP);
export const text = (value: InstanceType<typeof Dec>) => value.toFixed();
export const iso = (seconds: number, zone: string) => isoWithOffset(seconds, zone);
