/**
 * Grouping and merging a calculation's items (the tariff engine, see tariff.ts): items merged
 * by a key (their quantities and costs summed, the rate quantity-weighted), a month's items
 * spread over its hours in shares of 1e-6 that sum exactly to them (for groupBy HOUR, DAY and
 * YEAR), and the local day or year an hour falls in.
 */
import { DateTime } from 'luxon';

import { Dec } from '../../shared/units';

import { splitExactly } from './exact';
import type { hoursOf } from './tariff-schedule';
import { iso, text, type CalculatedItem } from './tariff-types';

/**
 * Items merged by a key: quantities and costs summed, the span widened. The rate amount is the
 * one rate when a single one applies, else the quantity-weighted rate of those merged,
 * Σ(rate × quantity) ÷ Σ quantity, half-up to 8 decimals (the mean of the rates when the
 * quantities sum to zero); null only when an item merged had no rate amount. `shape` may name
 * the merged item's fields (its rate amount is set here).
 */
export function merge(
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

const toMicro = (value: string) => BigInt(new Dec(value).times(1_000_000).toFixed(0));
const fromMicro = (micro: bigint) => text(new Dec(micro.toString()).dividedBy(1_000_000));

/** Splits an amount (≤ 6 decimals, in 1e-6) by weights into shares that sum to it exactly. */
const allocate = splitExactly;

/**
 * A segment's items spread over its hours: energy items by each hour's energy in their
 * period, percentages by each hour's share of their base, fixed, demand and minimum
 * charges evenly; shares of 1e-6 that sum exactly to the month's items.
 */
export function spreadOverHours(
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
export function bucketOf(
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
