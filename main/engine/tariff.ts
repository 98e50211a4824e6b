/**
 * The tariff engine: prices metered energy on a tariff between two instants,
 * month by month (billing months are calendar months in the tariff's zone;
 * a month that two tariff versions share is split at the boundary).
 *
 * Per billing segment, in this order:
 * 1. Energy (COST_PER_UNIT): each interval's energy goes to the TOU period of
 *    its local hour (the 12×24 weekday or weekend schedule; holidays are
 *    weekend days). Tiers are filled by the segment's TOTAL energy, and each
 *    period takes its proportional share of every tier (NREL SAM's rule for
 *    URDB rates): with total E, period energy E_p and the energy T_i that
 *    falls in tier i, the period's energy in tier i is T_i × E_p / E. Tier
 *    limits are per month, or per day × the days billed.
 * 2. Fixed charges: per month (prorated by days when the segment is not the
 *    whole month) or per day.
 * 3. Demand: per TOU period of the demand schedule, the period's maximum kW
 *    (an interval's energy over its length) through the rate's kW tiers; or
 *    flat, the segment's maximum kW, in the months listed.
 * 4. Minimum: when the charges so far are below the minimum (prorated like a
 *    fixed monthly charge), an item raises them to it. An annual minimum is
 *    applied in December, when the calculation bills the whole calendar year:
 *    if the year's energy, fixed and demand charges (without monthly minimum
 *    top-ups, as NREL SAM sums them) are below it, December gets the difference.
 * 5. Percentage charges (taxes, surcharges): on the segment's subtotal of the
 *    charge classes named (all but TAX by default), not hour by hour.
 *
 * Exact: energy is integer mWh, money decimal.js; every item's cost is
 * rounded half-up to 6 decimals and every summary figure is the exact sum of
 * the items it covers; only the result's `totalCost` is rounded to cents.
 */
import { DateTime } from 'luxon';

import type { Rate, Tariff, TariffVersion, Tier } from '../../shared/tariff';
import { isoWithOffset, localParts } from '../../shared/time';
import { Dec } from '../../shared/units';

import { splitExactly } from './exact';

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

/** The tag kW in force over a segment's local days, day-weighted, as a share of the whole month. */
function tagKw(segment: Segment, tags: DemandTag[], zone: string): InstanceType<typeof Dec> | null {
  let sum = new Dec(0);
  let any = false;
  for (
    let day = DateTime.fromSeconds(segment.start, { zone }).startOf('day');
    day.toSeconds() < segment.end;
    day = day.plus({ days: 1 })
  ) {
    const iso = day.toISODate()!;
    const tag = tags.find((t) => t.startDate <= iso && iso <= t.endDate);
    if (tag) {
      sum = sum.plus(tag.kw);
      any = true;
    }
  }
  return any ? sum.dividedBy(segment.monthDays) : null;
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

const COST_PLACES = 6;
const kwh = (mWh: bigint | number) => new Dec(mWh.toString()).dividedBy(1_000_000);
const costOf = (value: InstanceType<typeof Dec>) => value.toDecimalPlaces(COST_PLACES, Dec.ROUND_HALF_UP);
const text = (value: InstanceType<typeof Dec>) => value.toFixed();
const iso = (seconds: number, zone: string) => isoWithOffset(seconds, zone);

/** Energy (or kW) filling a tier structure: the amount in each band, bands scaled by `scale` (days for daily limits). */
function fillTiers(amount: InstanceType<typeof Dec>, tiers: Tier[], scale: InstanceType<typeof Dec>) {
  let below = new Dec(0);
  return tiers.map((tier, i) => {
    const limit = tier.max === undefined || i === tiers.length - 1 ? null : new Dec(tier.max).times(scale);
    const room = limit === null ? amount.minus(below) : Dec.min(limit.minus(below), amount.minus(below));
    const filled = Dec.max(room, 0);
    if (limit !== null) below = Dec.max(below, limit);
    return filled;
  });
}

interface Segment {
  start: number;
  end: number;
  version: TariffVersion;
  /** Local days billed, and the days of the whole calendar month. */
  days: number;
  monthDays: number;
  month: number;
}

function versionOn(tariff: Tariff, day: string): TariffVersion | null {
  return (
    tariff.versions.find(
      (v) => v.effectiveFrom <= day && (v.effectiveTo === undefined || day < v.effectiveTo),
    ) ?? null
  );
}

/**
 * The energy TOU period of the local hour starting at `startUtc` (the version in force that
 * day, weekday or weekend/holiday schedule), with whether it is a peak period: its energy
 * rate (first bands summed) above the lowest of the version's periods. Null when no version.
 */
export function touPeriodAt(
  tariff: Tariff,
  startUtc: number,
  zone: string,
): { period: number; peak: boolean } | null {
  const local = localParts(startUtc, tariff.timezone ?? zone);
  const version = versionOn(tariff, local.isoDate);
  if (!version) return null;
  const weekend = local.weekday >= 6 || version.holidays.includes(local.isoDate);
  const period = (weekend ? version.energyWeekendSchedule : version.energyWeekdaySchedule)[local.month - 1]![
    local.hour
  ]!;
  return { period, peak: peakPeriods(version).has(period) };
}

const peakCache = new WeakMap<TariffVersion, Set<number>>();

/** A version's peak periods: those whose energy rate (first bands summed) is above its lowest period's. */
function peakPeriods(version: TariffVersion): Set<number> {
  let found = peakCache.get(version);
  if (found) return found;
  const rateOf = (p: number) =>
    version.rates.reduce((sum, r) => {
      if (r.type !== 'COST_PER_UNIT') return sum;
      const band = r.periods.find((x) => x.period === p);
      return band ? sum.plus(band.tiers[0]!.rate) : sum;
    }, new Dec(0));
  const periods = [
    ...new Set([...version.energyWeekdaySchedule.flat(), ...version.energyWeekendSchedule.flat()]),
  ];
  const rates = periods.map((p) => ({ p, rate: rateOf(p) }));
  const lowest = rates.map((r) => r.rate).reduce((a, b) => (b.lessThan(a) ? b : a));
  found = new Set(rates.filter((r) => r.rate.greaterThan(lowest)).map((r) => r.p));
  peakCache.set(version, found);
  return found;
}

/** Billing segments: calendar months in the zone, split where the tariff's version changes. */
export function billingSegments(tariff: Tariff, from: number, to: number, zone: string): Segment[] {
  const segments: Segment[] = [];
  let day = DateTime.fromSeconds(from, { zone }).startOf('day');
  const end = DateTime.fromSeconds(to, { zone });
  let current: Segment | null = null;
  while (day < end) {
    const next = day.plus({ days: 1 }).startOf('day');
    const version = versionOn(tariff, day.toISODate()!);
    if (!version)
      throw new TariffError(
        `no version of tariff ${tariff.masterTariffId} is in force on ${day.toISODate()}`,
        'fromDateTime',
      );
    const dayStart = Math.max(day.toSeconds(), from);
    const dayEnd = Math.min(next.toSeconds(), to);
    if (current && current.version === version && current.month === day.month && current.end === dayStart) {
      current.end = dayEnd;
      current.days++;
    } else {
      current = {
        start: dayStart,
        end: dayEnd,
        version,
        days: 1,
        monthDays: day.daysInMonth!,
        month: day.month,
      };
      segments.push(current);
    }
    day = next;
  }
  return segments;
}

interface SegmentUsage {
  totalMilliWh: bigint;
  energyByPeriod: Map<number, bigint>;
  maxKw: InstanceType<typeof Dec>;
  maxKwByDemandPeriod: Map<number, InstanceType<typeof Dec>>;
}

function usageOf(segment: Segment, usage: UsageInterval[], zone: string): SegmentUsage {
  const v = segment.version;
  const holidays = new Set(v.holidays);
  const result: SegmentUsage = {
    totalMilliWh: 0n,
    energyByPeriod: new Map(),
    maxKw: new Dec(0),
    maxKwByDemandPeriod: new Map(),
  };
  // Demand as a fraction energy / seconds, compared exactly by cross-multiplication; kW at the end.
  type Power = { energy: bigint; seconds: bigint };
  const above = (a: Power, b: Power | undefined) => !b || a.energy * b.seconds > b.energy * a.seconds;
  let max: Power | undefined;
  const maxByPeriod = new Map<number, Power>();
  for (const interval of usage) {
    if (interval.startUtc < segment.start || interval.startUtc >= segment.end) continue;
    const local = localParts(interval.startUtc, zone);
    const weekend = local.weekday >= 6 || (holidays.size > 0 && holidays.has(local.isoDate));
    const month = local.month - 1;
    const period = (weekend ? v.energyWeekendSchedule : v.energyWeekdaySchedule)[month]![local.hour]!;
    const energy = BigInt(interval.energyMilliWh);
    result.totalMilliWh += energy;
    result.energyByPeriod.set(period, (result.energyByPeriod.get(period) ?? 0n) + energy);
    // Demand: the interval's average power, kW = kWh / hours.
    const power = { energy, seconds: BigInt(interval.endUtc - interval.startUtc) };
    if (above(power, max)) max = power;
    const demandSchedule = weekend ? v.demandWeekendSchedule : v.demandWeekdaySchedule;
    if (demandSchedule) {
      const demandPeriod = demandSchedule[month]![local.hour]!;
      if (above(power, maxByPeriod.get(demandPeriod))) maxByPeriod.set(demandPeriod, power);
    }
  }
  const kw = (p: Power) => kwh(p.energy).times(3600).dividedBy(p.seconds.toString());
  if (max && max.energy > 0n) result.maxKw = kw(max);
  for (const [period, p] of maxByPeriod) result.maxKwByDemandPeriod.set(period, kw(p));
  return result;
}

function item(
  rate: Rate,
  segment: Segment,
  zone: string,
  fields: Pick<CalculatedItem, 'quantityKey'> & {
    band?: string;
    rateAmount: InstanceType<typeof Dec> | null;
    quantity: InstanceType<typeof Dec>;
    cost: InstanceType<typeof Dec>;
  },
): CalculatedItem {
  return {
    tariffRateId: rate.tariffRateId,
    ...(fields.band ? { tariffRateBandId: fields.band } : {}),
    rateSequenceNumber: rate.rateSequenceNumber,
    rateGroupName: rate.rateGroupName,
    rateName: rate.rateName,
    fromDateTime: iso(segment.start, zone),
    toDateTime: iso(segment.end, zone),
    quantityKey: fields.quantityKey,
    rateType: rate.type,
    rateAmount: fields.rateAmount === null ? null : text(fields.rateAmount),
    itemQuantity: text(fields.quantity.toDecimalPlaces(COST_PLACES, Dec.ROUND_HALF_UP)),
    cost: text(costOf(fields.cost)),
    chargeClass: rate.chargeClass,
  };
}

/** Every item of one billing segment, in the order the module comment gives. */
/** A year's energy, fixed and demand charges so far, for an annual minimum applied in December. */
interface YearSoFar {
  base: InstanceType<typeof Dec>;
  /** Whether the calculation bills the year from 1 January. */
  whole: boolean;
}

const BASE_KEYS = new Set(['consumption', 'fixed', 'demand']);

function segmentItems(
  segment: Segment,
  used: SegmentUsage,
  zone: string,
  year?: YearSoFar,
  tags?: DemandTags,
): CalculatedItem[] {
  const items: CalculatedItem[] = [];
  const rates = [...segment.version.rates].sort((a, b) => a.rateSequenceNumber - b.rateSequenceNumber);
  const total = kwh(used.totalMilliWh);
  const days = new Dec(segment.days);
  const monthShare = new Dec(segment.days).dividedBy(segment.monthDays);
  for (const rate of rates) {
    if (rate.type === 'COST_PER_UNIT') {
      const scale = rate.tierLimit === 'day' ? days : new Dec(1);
      for (const { period, tiers } of rate.periods) {
        const energy = used.energyByPeriod.get(period);
        if (energy === undefined || energy === 0n) continue;
        const periodKwh = kwh(energy);
        const filled = fillTiers(total, tiers, scale);
        filled.forEach((tierKwh, i) => {
          if (tierKwh.isZero()) return;
          const quantity = tiers.length === 1 ? periodKwh : tierKwh.times(periodKwh).dividedBy(total);
          const rateAmount = new Dec(tiers[i]!.rate);
          items.push(
            item(rate, segment, zone, {
              quantityKey: 'consumption',
              band: `period ${period}${tiers.length > 1 ? ` tier ${i + 1}` : ''}`,
              rateAmount,
              quantity,
              cost: quantity.times(rateAmount),
            }),
          );
        });
      }
    } else if (rate.type === 'FIXED_PRICE') {
      const quantity = rate.per === 'day' ? days : monthShare;
      const amount = new Dec(rate.amount);
      items.push(
        item(rate, segment, zone, {
          quantityKey: 'fixed',
          rateAmount: amount,
          quantity,
          cost: amount.times(quantity),
        }),
      );
    } else if (rate.type === 'DEMAND' && rate.basis !== 'metered') {
      // A tag's kW (seed 002), per month, prorated by the days billed.
      const kw = tagKw(
        segment,
        (rate.basis === 'capacity-tag' ? tags?.capacity : tags?.transmission) ?? [],
        zone,
      );
      if (kw && rate.flat && (!rate.flat.months || rate.flat.months.includes(segment.month))) {
        const tiers = rate.flat.tiers;
        fillTiers(kw, tiers, new Dec(1)).forEach((tierKw, i) => {
          if (tierKw.isZero()) return;
          const rateAmount = new Dec(tiers[i]!.rate);
          items.push(
            item(rate, segment, zone, {
              quantityKey: 'demand',
              band: `${rate.basis}${tiers.length > 1 ? ` tier ${i + 1}` : ''}`,
              rateAmount,
              quantity: tierKw,
              cost: tierKw.times(rateAmount),
            }),
          );
        });
      }
    } else if (rate.type === 'DEMAND') {
      for (const { period, tiers } of rate.periods ?? []) {
        const kw = used.maxKwByDemandPeriod.get(period);
        if (!kw) continue;
        fillTiers(kw, tiers, new Dec(1)).forEach((tierKw, i) => {
          if (tierKw.isZero()) return;
          const rateAmount = new Dec(tiers[i]!.rate);
          items.push(
            item(rate, segment, zone, {
              quantityKey: 'demand',
              band: `period ${period}${tiers.length > 1 ? ` tier ${i + 1}` : ''}`,
              rateAmount,
              quantity: tierKw,
              cost: tierKw.times(rateAmount),
            }),
          );
        });
      }
      if (rate.flat && (!rate.flat.months || rate.flat.months.includes(segment.month))) {
        const tiers = rate.flat.tiers;
        fillTiers(used.maxKw, tiers, new Dec(1)).forEach((tierKw, i) => {
          if (tierKw.isZero()) return;
          const rateAmount = new Dec(tiers[i]!.rate);
          items.push(
            item(rate, segment, zone, {
              quantityKey: 'demand',
              band: `flat${tiers.length > 1 ? ` tier ${i + 1}` : ''}`,
              rateAmount,
              quantity: tierKw,
              cost: tierKw.times(rateAmount),
            }),
          );
        });
      }
    }
  }
  // The minimum, on the charges so far (prorated like a monthly fixed charge).
  for (const rate of rates) {
    if (rate.type !== 'MINIMUM' || rate.per === 'year') continue;
    const minimum = new Dec(rate.amount).times(monthShare);
    const sofar = items.reduce((sum, i) => sum.plus(i.cost), new Dec(0));
    if (sofar.lessThan(minimum)) {
      items.push(
        item(rate, segment, zone, {
          quantityKey: 'minimum',
          rateAmount: minimum,
          quantity: new Dec(1),
          cost: minimum.minus(sofar),
        }),
      );
    }
  }
  // The year's base (before this segment's minimum items), and an annual minimum when December ends it.
  const base = items
    .filter((i) => BASE_KEYS.has(i.quantityKey))
    .reduce((sum, i) => sum.plus(i.cost), new Dec(0));
  if (year) {
    year.base = year.base.plus(base);
    const endsYear = segment.month === 12 && DateTime.fromSeconds(segment.end, { zone }).month === 1;
    for (const rate of rates) {
      if (rate.type !== 'MINIMUM' || rate.per !== 'year' || !endsYear || !year.whole) continue;
      const minimum = new Dec(rate.amount);
      if (year.base.lessThan(minimum))
        items.push(
          item(rate, segment, zone, {
            quantityKey: 'minimum',
            band: 'annual',
            rateAmount: minimum,
            quantity: new Dec(1),
            cost: minimum.minus(year.base),
          }),
        );
    }
  }
  // Percentages last, on the subtotal of the classes they name.
  for (const rate of rates) {
    if (rate.type !== 'PERCENTAGE') continue;
    const classes = rate.ofChargeClasses;
    const base = items
      .filter(
        (i) =>
          i.rateType !== 'PERCENTAGE' &&
          (classes ? classes.includes(i.chargeClass as never) : i.chargeClass !== 'TAX'),
      )
      .reduce((sum, i) => sum.plus(i.cost), new Dec(0));
    const percent = new Dec(rate.percent);
    items.push(
      item(rate, segment, zone, {
        quantityKey: 'percentage',
        rateAmount: percent,
        quantity: base,
        cost: base.times(percent),
      }),
    );
  }
  return items;
}

/**
 * Items merged by a key: quantities and costs summed, the span widened. The rate amount is the
 * one rate when a single one applies, else the quantity-weighted rate of those merged,
 * Σ(rate × quantity) ÷ Σ quantity, half-up to 8 decimals (the mean of the rates when the
 * quantities sum to zero); null only when an item merged had no rate amount. `shape` may name
 * the merged item's fields (its rate amount is set here).
 */
function merge(
  items: CalculatedItem[],
  keyOf: (item: CalculatedItem) => string,
  shape: (first: CalculatedItem) => Partial<CalculatedItem>,
) {
  const merged = new Map<
    string,
    {
      item: CalculatedItem;
      rates: Set<string | null>;
      weighted: InstanceType<typeof Dec>;
      quantity: InstanceType<typeof Dec>;
    }
  >();
  for (const one of items) {
    const key = keyOf(one);
    const quantity = new Dec(one.itemQuantity);
    const weighted = one.rateAmount === null ? new Dec(0) : new Dec(one.rateAmount).times(quantity);
    const existing = merged.get(key);
    if (!existing) {
      merged.set(key, {
        item: { ...one, ...shape(one) },
        rates: new Set([one.rateAmount]),
        weighted,
        quantity,
      });
      continue;
    }
    const item = existing.item;
    item.itemQuantity = text(new Dec(item.itemQuantity).plus(one.itemQuantity));
    item.cost = text(new Dec(item.cost).plus(one.cost));
    existing.rates.add(one.rateAmount);
    existing.weighted = existing.weighted.plus(weighted);
    existing.quantity = existing.quantity.plus(quantity);
    if (one.fromDateTime < item.fromDateTime) item.fromDateTime = one.fromDateTime;
    if (one.toDateTime > item.toDateTime) item.toDateTime = one.toDateTime;
  }
  return [...merged.values()].map(({ item, rates, weighted, quantity }) => ({
    ...item,
    rateAmount: mergedRate([...rates], weighted, quantity),
  }));
}

/** The rate of merged items (see merge). */
function mergedRate(
  rates: (string | null)[],
  weighted: InstanceType<typeof Dec>,
  quantity: InstanceType<typeof Dec>,
): string | null {
  if (rates.includes(null)) return null;
  if (rates.length === 1) return rates[0]!;
  const rate = quantity.isZero()
    ? rates.reduce((sum, r) => sum.plus(r!), new Dec(0)).dividedBy(rates.length)
    : weighted.dividedBy(quantity);
  return text(rate.toDecimalPlaces(8, Dec.ROUND_HALF_UP));
}

/** Each hour of a segment and its energy by TOU period (mWh), for spreading the month's items over hours. */
function hoursOf(segment: Segment, usage: UsageInterval[], zone: string) {
  const v = segment.version;
  const holidays = new Set(v.holidays);
  const hours: { start: number; end: number; byPeriod: Map<number, bigint> }[] = [];
  for (let t = segment.start; t < segment.end; t += 3600)
    hours.push({ start: t, end: Math.min(t + 3600, segment.end), byPeriod: new Map() });
  for (const interval of usage) {
    if (interval.startUtc < segment.start || interval.startUtc >= segment.end) continue;
    const hour = hours[Math.floor((interval.startUtc - segment.start) / 3600)];
    if (!hour) continue;
    const local = localParts(interval.startUtc, zone);
    const weekend = local.weekday >= 6 || (holidays.size > 0 && holidays.has(local.isoDate));
    const period = (weekend ? v.energyWeekendSchedule : v.energyWeekdaySchedule)[local.month - 1]![
      local.hour
    ]!;
    hour.byPeriod.set(period, (hour.byPeriod.get(period) ?? 0n) + BigInt(interval.energyMilliWh));
  }
  return hours;
}

const toMicro = (value: string) => BigInt(new Dec(value).times(1_000_000).toFixed(0));
const fromMicro = (micro: bigint) => text(new Dec(micro.toString()).dividedBy(1_000_000));

/** Splits an amount (≤ 6 decimals, in 1e-6) by weights into shares that sum to it exactly. */
const allocate = splitExactly;

/**
 * A segment's items spread over its hours: energy items by each hour's energy in their
 * period, percentages by each hour's share of their base, fixed, demand and minimum
 * charges evenly; shares of 1e-6 that sum exactly to the month's items.
 */
function spreadOverHours(
  items: CalculatedItem[],
  hours: ReturnType<typeof hoursOf>,
  zone: string,
): CalculatedItem[] {
  const out: CalculatedItem[] = [];
  const costByHour = hours.map(() => new Map<string, bigint>());
  const spreadOne = (one: CalculatedItem, weights: bigint[], index: number) => {
    const costs = allocate(toMicro(one.cost), weights);
    const quantities = allocate(toMicro(one.itemQuantity), weights);
    hours.forEach((hour, h) => {
      if (costs[h] === 0n && quantities[h] === 0n) return;
      costByHour[h]!.set(`${index}`, costs[h]!);
      out.push({
        ...one,
        fromDateTime: iso(hour.start, zone),
        toDateTime: iso(hour.end, zone),
        cost: fromMicro(costs[h]!),
        itemQuantity: fromMicro(quantities[h]!),
      });
    });
  };
  items.forEach((one, index) => {
    if (one.rateType === 'PERCENTAGE') return;
    const period =
      one.quantityKey === 'consumption' ? /^period (\d+)/.exec(one.tariffRateBandId ?? '') : null;
    const weights = period ? hours.map((h) => h.byPeriod.get(Number(period[1])) ?? 0n) : hours.map(() => 1n);
    spreadOne(one, weights, index);
  });
  items.forEach((one, index) => {
    if (one.rateType !== 'PERCENTAGE') return;
    // Each hour's part of the base: what the base items put in that hour.
    const weights = hours.map((_, h) => {
      let w = 0n;
      for (const [key, cost] of costByHour[h]!) {
        const base = items[Number(key)]!;
        if (base.chargeClass !== 'TAX' && cost > 0n) w += cost;
      }
      return w;
    });
    spreadOne(one, weights, index);
  });
  return out;
}

/** The local bucket (start and end, as seed times) an hour falls in, for groupBy DAY or YEAR. */
function bucketOf(
  fromIso: string,
  groupBy: 'DAY' | 'YEAR',
  zone: string,
  range: { from: number; to: number },
) {
  const local = DateTime.fromISO(fromIso, { zone });
  const start = local.startOf(groupBy === 'DAY' ? 'day' : 'year');
  const end = start.plus(groupBy === 'DAY' ? { days: 1 } : { years: 1 });
  return {
    fromDateTime: iso(Math.max(start.toSeconds(), range.from), zone),
    toDateTime: iso(Math.min(end.toSeconds(), range.to), zone),
  };
}

export function calculateCost(
  tariff: Tariff,
  usage: UsageInterval[],
  options: {
    from: number;
    to: number;
    zone: string;
    detailLevel?: DetailLevel;
    groupBy?: GroupBy;
    /** The account's capacity and transmission tags, for demand rates on a tag basis. */
    tags?: DemandTags;
  },
): CalculatedCost {
  const zone = tariff.timezone ?? options.zone;
  if (options.to <= options.from)
    throw new TariffError('toDateTime must be after fromDateTime', 'toDateTime');
  const segments = billingSegments(tariff, options.from, options.to, zone);
  let items: CalculatedItem[] = [];
  let totalMilliWh = 0n;
  let maxKw = new Dec(0);
  const groupBy = options.groupBy ?? 'MONTH';
  let spread: CalculatedItem[] = [];
  const years = new Map<number, YearSoFar>();
  for (const segment of segments) {
    const used = usageOf(segment, usage, zone);
    totalMilliWh += used.totalMilliWh;
    if (used.maxKw.greaterThan(maxKw)) maxKw = used.maxKw;
    const calendarYear = DateTime.fromSeconds(segment.start, { zone }).year;
    let year = years.get(calendarYear);
    if (!year) {
      const startsYear = DateTime.fromSeconds(segment.start, { zone });
      year = { base: new Dec(0), whole: startsYear.equals(startsYear.startOf('year')) };
      years.set(calendarYear, year);
    }
    const monthItems = segmentItems(segment, used, zone, year, options.tags);
    items.push(...monthItems);
    if (groupBy === 'HOUR' || groupBy === 'DAY' || groupBy === 'YEAR')
      spread.push(...spreadOverHours(monthItems, hoursOf(segment, usage, zone), zone));
  }
  const sum = (list: CalculatedItem[]) => list.reduce((total, i) => total.plus(i.cost), new Dec(0));
  const taxCost = sum(items.filter((i) => i.chargeClass === 'TAX'));
  const subTotalCost = sum(items.filter((i) => i.chargeClass !== 'TAX'));
  const totalCost = subTotalCost.plus(taxCost);

  const whole = { fromDateTime: iso(options.from, zone), toDateTime: iso(options.to, zone) };
  // Energy per output group, for TOTAL items (consumption quantities of the group).
  if (groupBy === 'HOUR') items = spread;
  if (groupBy === 'DAY' || groupBy === 'YEAR') {
    spread = spread.map((one) => ({ ...one, ...bucketOf(one.fromDateTime, groupBy, zone, options) }));
    items = merge(
      spread,
      (i) => `${i.fromDateTime}|${i.tariffRateId}|${i.tariffRateBandId ?? ''}|${i.quantityKey}`,
      () => ({}),
    );
  }
  if (groupBy === 'ALL')
    items = merge(
      items,
      (i) => `${i.tariffRateId}|${i.tariffRateBandId ?? ''}|${i.quantityKey}`,
      () => whole,
    );
  const detail = options.detailLevel ?? 'RATE';
  if (detail === 'CHARGE_TYPE')
    items = merge(
      items,
      (i) => `${i.fromDateTime}|${i.chargeClass}|${i.quantityKey}`,
      (first) => ({
        tariffRateId: '',
        rateGroupName: first.chargeClass,
        rateName: first.quantityKey,
      }),
    ).map(({ tariffRateBandId: _band, ...rest }) => rest);
  /** The metered energy of a group (its from/to), for TOTAL items: from the usage, not summed tier shares. */
  // Prefix sums of the usage in range by start, so each group's energy is two binary searches.
  const inRange = usage
    .filter((u) => u.startUtc >= options.from && u.startUtc < options.to)
    .sort((a, b) => a.startUtc - b.startUtc);
  const prefix: bigint[] = [0n];
  for (const u of inRange) prefix.push(prefix[prefix.length - 1]! + BigInt(u.energyMilliWh));
  const firstAtOrAfter = (t: number) => {
    let lo = 0;
    let hi = inRange.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (inRange[mid]!.startUtc < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const energyBetween = (fromIso: string, toIso: string) => {
    const from = Date.parse(fromIso) / 1000;
    const to = Date.parse(toIso) / 1000;
    return text(kwh(prefix[firstAtOrAfter(to)]! - prefix[firstAtOrAfter(from)]!));
  };
  if (detail === 'TOTAL')
    items = merge(
      items,
      (i) => i.fromDateTime,
      () => ({
        tariffRateId: '',
        rateGroupName: 'Total',
        rateName: 'Total',
        quantityKey: 'total',
        rateType: 'TOTAL',
        rateAmount: null,
        itemQuantity: '0',
        chargeClass: 'TOTAL',
      }),
    ).map(({ tariffRateBandId: _band, ...rest }) => {
      // A TOTAL item's quantity is the energy of its group, its rate the all-in price per kWh
      // (cost ÷ energy, half-up to 8 decimals; none for a group without energy).
      const energy = energyBetween(rest.fromDateTime, rest.toDateTime);
      const rateAmount = new Dec(energy).isZero()
        ? null
        : text(new Dec(rest.cost).dividedBy(energy).toDecimalPlaces(8, Dec.ROUND_HALF_UP));
      return { ...rest, itemQuantity: energy, rateAmount };
    });

  // Which version applied when (the seed's tariffId assumptions), adjacent segments of one version merged.
  const assumptions: CalculatedCost['assumptions'] = [];
  for (const segment of segments) {
    const last = assumptions[assumptions.length - 1];
    if (last && last.dataValue === segment.version.tariffId && last.toDateTime === iso(segment.start, zone)) {
      last.toDateTime = iso(segment.end, zone);
    } else {
      assumptions.push({
        keyName: 'tariffId',
        dataType: 'STRING',
        fromDateTime: iso(segment.start, zone),
        toDateTime: iso(segment.end, zone),
        dataValue: segment.version.tariffId,
      });
    }
  }
  return {
    masterTariffId: tariff.masterTariffId,
    tariffName: tariff.tariffName,
    totalCost: text(totalCost.toDecimalPlaces(2, Dec.ROUND_HALF_UP)),
    ...whole,
    currency: tariff.currency,
    summary: {
      subTotalCost: text(subTotalCost),
      taxCost: text(taxCost),
      totalCost: text(totalCost),
      adjustedTotalCost: text(totalCost),
      kWh: text(kwh(totalMilliWh)),
      kW: text(maxKw.toDecimalPlaces(COST_PLACES, Dec.ROUND_HALF_UP)),
    },
    items,
    assumptions,
  };
}
