/**
 * A utility tariff as Energy Ledger keeps it (seed 001's vocabulary): a
 * master tariff with versions in force between dates, each version a set of
 * rates and the 12×24 weekday / weekend schedules that give each hour its TOU
 * period (numbered from 0, as URDB and NREL SAM do), plus holidays that count
 * as weekend days. Money and energy limits are decimal strings, never floats.
 */
import { z } from 'zod';

import { boundedDecimal, Day } from './definition';
import { isValidTimezone } from './time';

// Money and limits within the bounded parser's bounds (shared/units.ts), the value named when out of them.
const Decimal = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, { error: 'must be a decimal number written as a string', abort: true })
  .superRefine(boundedDecimal());
const PositiveDecimal = z
  .string()
  .regex(/^\d+(\.\d+)?$/, { error: 'must be a decimal number ≥ 0 written as a string', abort: true })
  .superRefine(boundedDecimal());

/** A 12 × 24 grid: one row per month (January first), one TOU period number per local hour. */
export const Schedule = z
  .array(z.array(z.number().int().min(0).max(23)).length(24, 'must have 24 hours'))
  .length(12, 'must have 12 months');

export const ChargeClass = z.enum(['SUPPLY', 'DISTRIBUTION', 'TRANSMISSION', 'TAX', 'OTHER', 'CONTRACTED'], {
  error: () => 'must be one of SUPPLY, DISTRIBUTION, TRANSMISSION, TAX, OTHER, CONTRACTED',
});

/** A band of a tiered rate: energy (kWh) or demand (kW) up to `max` (the last band has none) at `rate`. */
export const Tier = z.object({ max: PositiveDecimal.optional(), rate: Decimal });
/** 1 to 99 tiers (a band's integer id has two digits for its tier: main/api/calculated-cost-seed.ts). */
const Tiers = z.array(Tier).min(1).max(99, 'must have at most 99 tiers');

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
  periods: z.array(z.object({ period: z.number().int().min(0).max(23), tiers: Tiers })).min(1),
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
  periods: z.array(z.object({ period: z.number().int().min(0).max(23), tiers: Tiers })).optional(),
  /** … or flat (the month's maximum kW), in the months listed (1–12; all when absent). */
  flat: z.object({ tiers: Tiers, months: z.array(z.number().int().min(1).max(12)).optional() }).optional(),
  /**
   * What the kW are: the metered demand (default), or the account's capacity or transmission
   * tag (seed 002) in force — then `flat` tiers price the tag's kW per month, prorated by the
   * days billed (a tag changing within a month is weighted by its days).
   */
  basis: z.enum(['metered', 'capacity-tag', 'transmission-tag']).default('metered'),
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
  /**
   * A monthly minimum raises a month's charges to it; an annual one (NREL SAM's rule) raises
   * the year's energy, fixed and demand charges to it in December, when the whole year is billed.
   */
  per: z.enum(['month', 'year']).default('month'),
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
  // A fixed offset is an IANA name too, with POSIX's reversed sign: UTC−08:00 is Etc/GMT+8.
  timezone: z
    .string()
    .refine(isValidTimezone, 'must be an IANA timezone name (a fixed UTC−08:00 is Etc/GMT+8)')
    .optional(),
  versions: z.array(TariffVersion).min(1, 'must have at least one version'),
});

export type Tariff = z.output<typeof Tariff>;
export type TariffVersion = z.output<typeof TariffVersion>;
export type Rate = z.output<typeof Rate>;
export type Tier = z.output<typeof Tier>;

const CREDIT_CLASSES = new Set(['OTHER', 'CONTRACTED']);

/**
 * What the schema cannot say: versions that overlap, schedules naming a period no rate
 * prices, tiers out of order, a negative rate in a class that cannot be a credit.
 * Field errors keyed like seed 002 (`versions[0].rates[1].periods[0].tiers`).
 */
export function checkTariff(tariff: Tariff): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (key: string, message: string) => (errors[key] ??= []).push(message);
  const versions = [...tariff.versions]
    .map((v, i) => ({ v, i }))
    .sort((a, b) => (a.v.effectiveFrom < b.v.effectiveFrom ? -1 : 1));
  for (let k = 1; k < versions.length; k++) {
    const before = versions[k - 1]!;
    const here = versions[k]!;
    if (before.v.effectiveTo === undefined || before.v.effectiveTo > here.v.effectiveFrom)
      add(
        `versions[${here.i}].effectiveFrom`,
        `overlaps version ${before.v.tariffId} (from ${before.v.effectiveFrom}${before.v.effectiveTo ? ` to ${before.v.effectiveTo}` : ''})`,
      );
  }
  tariff.versions.forEach((version, vi) => {
    if (version.effectiveTo !== undefined && version.effectiveTo <= version.effectiveFrom)
      add(`versions[${vi}].effectiveTo`, 'must be after effectiveFrom');
    const energyPeriods = new Set<number>();
    const demandPeriods = new Set<number>();
    version.rates.forEach((rate, ri) => {
      const where = `versions[${vi}].rates[${ri}]`;
      const tierSets: { key: string; tiers: Tier[] }[] = [];
      if (rate.type === 'COST_PER_UNIT')
        rate.periods.forEach((p, pi) => {
          energyPeriods.add(p.period);
          tierSets.push({ key: `${where}.periods[${pi}].tiers`, tiers: p.tiers });
        });
      if (rate.type === 'DEMAND') {
        rate.periods?.forEach((p, pi) => {
          demandPeriods.add(p.period);
          tierSets.push({ key: `${where}.periods[${pi}].tiers`, tiers: p.tiers });
        });
        if (rate.flat) tierSets.push({ key: `${where}.flat.tiers`, tiers: rate.flat.tiers });
        if (!rate.periods && !rate.flat) add(where, 'a demand rate needs periods or flat');
        if (rate.basis !== 'metered' && (rate.periods || !rate.flat))
          add(where, `a demand rate on a ${rate.basis} prices flat tiers only (the tag has no TOU periods)`);
      }
      for (const { key, tiers } of tierSets) {
        let below = -1;
        tiers.forEach((tier, ti) => {
          const max = tier.max === undefined ? null : Number(tier.max);
          if (ti < tiers.length - 1 && max === null)
            add(key, `tier ${ti + 1} needs a max (only the last tier is open)`);
          if (max !== null && max <= below) add(key, `tier ${ti + 1} must reach above tier ${ti}`);
          if (max !== null) below = max;
          if (tier.rate.startsWith('-') && !CREDIT_CLASSES.has(rate.chargeClass))
            add(key, `tier ${ti + 1} has a negative rate; only OTHER or CONTRACTED charges may be credits`);
        });
      }
      if (rate.type === 'FIXED_PRICE' && rate.amount.startsWith('-') && !CREDIT_CLASSES.has(rate.chargeClass))
        add(`${where}.amount`, 'is negative; only OTHER or CONTRACTED charges may be credits');
    });
    const used = (schedule: number[][] | undefined) => new Set((schedule ?? []).flat());
    for (const key of ['energyWeekdaySchedule', 'energyWeekendSchedule'] as const) {
      const missing = [...used(version[key])].filter((p) => !energyPeriods.has(p));
      if (missing.length > 0 && energyPeriods.size > 0)
        add(`versions[${vi}].${key}`, `names period(s) ${missing.join(', ')} that no energy rate prices`);
    }
    for (const key of ['demandWeekdaySchedule', 'demandWeekendSchedule'] as const) {
      const missing = [...used(version[key])].filter((p) => !demandPeriods.has(p));
      if (missing.length > 0 && demandPeriods.size > 0)
        add(`versions[${vi}].${key}`, `names period(s) ${missing.join(', ')} that no demand rate prices`);
    }
  });
  return errors;
}
