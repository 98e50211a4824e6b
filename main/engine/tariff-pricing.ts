/**
 * Pricing one billing segment (the tariff engine, see tariff.ts): every item of the segment's
 * rates in the order the engine's module comment gives (energy through its tiers, fixed
 * charges, demand metered or on an account's tags, the monthly and annual minimums, then
 * percentages on the subtotal of the classes they name), each item's cost rounded half-up
 * to 6 decimals.
 */
import { DateTime } from 'luxon';

import type { Rate, Tier } from '../../shared/tariff';
import { Dec } from '../../shared/units';

import type { Segment, SegmentUsage } from './tariff-schedule';
import {
  COST_PLACES,
  costOf,
  iso,
  kwh,
  text,
  type CalculatedItem,
  type DemandTag,
  type DemandTags,
} from './tariff-types';

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

/** A year's energy, fixed and demand charges so far, for an annual minimum applied in December. */
export interface YearSoFar {
  base: InstanceType<typeof Dec>;
  /** Whether the calculation bills the year from 1 January. */
  whole: boolean;
}

const BASE_KEYS = new Set(['consumption', 'fixed', 'demand']);

/** Every item of one billing segment, in the order the module comment gives. */
export function segmentItems(
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
