/**
 * A utility tariff as Energy Ledger keeps it (seed 001's vocabulary): a
 * master tariff with versions in force between dates, each version a set of
 * rates and the 12×24 weekday / weekend schedules that give each hour its TOU
 * period (numbered from 0, as URDB and NREL SAM do), plus holidays that count
 * as weekend days. Money and energy limits are decimal strings, never floats.
 */
import { z } from 'zod';

import { Day } from './definition';
import { isValidTimezone } from './time';

const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal number written as a string');
const PositiveDecimal = z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal number ≥ 0 written as a string');

/** A 12 × 24 grid: one row per month (January first), one TOU period number per local hour. */
export const Schedule = z
  .array(z.array(z.number().int().min(0).max(23)).length(24, 'must have 24 hours'))
  .length(12, 'must have 12 months');

export const ChargeClass = z.enum(['SUPPLY', 'DISTRIBUTION', 'TRANSMISSION', 'TAX', 'OTHER', 'CONTRACTED'], {
  error: () => 'must be one of SUPPLY, DISTRIBUTION, TRANSMISSION, TAX, OTHER, CONTRACTED',
});

/** A band of a tiered rate: energy (kWh) or demand (kW) up to `max` (the last band has none) at `rate`. */
export const Tier = z.object({ max: PositiveDecimal.optional(), rate: Decimal });

const RateBase = z.object({
  tariffRateId: z.string().min(1),
  rateGroupName: z.string().min(1),
  rateName: z.string().min(1),
  chargeClass: ChargeClass.default('SUPPLY'),
  rateSequenceNumber: z.number().int().min(0),
});

export const EnergyRate = RateBase.extend({
  type: z.literal('COST_PER_UNIT'),
  /** Tiers by TOU period (energy schedule); a period not listed costs nothing under this rate. */
  periods: z.array(z.object({ period: z.number().int().min(0).max(23), tiers: z.array(Tier).min(1) })).min(1),
  /** Tier limits per billing month (default) or per day (× the days billed). */
  tierLimit: z.enum(['month', 'day']).default('month'),
});

export const FixedRate = RateBase.extend({
  type: z.literal('FIXED_PRICE'),
  amount: Decimal,
  per: z.enum(['month', 'day']).default('month'),
});

export const DemandRate = RateBase.extend({
  type: z.literal('DEMAND'),
  /** By TOU period of the demand schedule (the period's maximum kW) … */
  periods: z
    .array(z.object({ period: z.number().int().min(0).max(23), tiers: z.array(Tier).min(1) }))
    .optional(),
  /** … or flat (the month's maximum kW), in the months listed (1–12; all when absent). */
  flat: z
    .object({ tiers: z.array(Tier).min(1), months: z.array(z.number().int().min(1).max(12)).optional() })
    .optional(),
});

export const PercentageRate = RateBase.extend({
  type: z.literal('PERCENTAGE'),
  /** 0.085 for 8.5 %. */
  percent: Decimal,
  /** Of the month's charges of these charge classes (all but TAX when absent), not hour by hour. */
  ofChargeClasses: z.array(ChargeClass).optional(),
});

export const MinimumRate = RateBase.extend({
  type: z.literal('MINIMUM'),
  amount: PositiveDecimal,
  per: z.enum(['month']).default('month'),
});

export const Rate = z.discriminatedUnion('type', [
  EnergyRate,
  FixedRate,
  DemandRate,
  PercentageRate,
  MinimumRate,
]);

export const TariffVersion = z.object({
  tariffId: z.string().min(1),
  effectiveFrom: Day,
  /** The first day no longer in force (exclusive); open when absent. */
  effectiveTo: Day.optional(),
  energyWeekdaySchedule: Schedule,
  energyWeekendSchedule: Schedule,
  demandWeekdaySchedule: Schedule.optional(),
  demandWeekendSchedule: Schedule.optional(),
  /** Local days billed as weekend days. */
  holidays: z.array(Day).default([]),
  rates: z.array(Rate).min(1, 'must have at least one rate'),
});

export const Tariff = z.object({
  masterTariffId: z.string().min(1),
  tariffName: z.string().min(1),
  providerName: z.string().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
  /** The zone its TOU hours and billing months are read in (the workspace's when absent). */
  timezone: z.string().refine(isValidTimezone, 'must be an IANA timezone name').optional(),
  versions: z.array(TariffVersion).min(1, 'must have at least one version'),
});

export type Tariff = z.output<typeof Tariff>;
export type TariffVersion = z.output<typeof TariffVersion>;
export type Rate = z.output<typeof Rate>;
export type Tier = z.output<typeof Tier>;
