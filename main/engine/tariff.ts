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
 *
 * The parts: tariff-types.ts (the usage, items and cost, the error, the number helpers),
 * tariff-schedule.ts (versions, TOU periods, billing segments and what each used),
 * tariff-pricing.ts (one segment's items), tariff-grouping.ts (spreading over hours, merging
 * into groups and detail levels). This file calculates a cost from them and is the engine's
 * public face: importers take the types, TariffError and touPeriodAt from here.
 */
import { DateTime } from 'luxon';

import type { Tariff } from '../../shared/tariff';
import { Dec } from '../../shared/units';

import { bucketOf, merge, spreadOverHours } from './tariff-grouping';
import { segmentItems, type YearSoFar } from './tariff-pricing';
import { billingSegments, hoursOf, usageOf } from './tariff-schedule';
import {
  COST_PLACES,
  iso,
  kwh,
  TariffError,
  text,
  type CalculatedCost,
  type CalculatedItem,
  type DemandTags,
  type DetailLevel,
  type GroupBy,
  type UsageInterval,
} from './tariff-types';

export { billingSegments, touPeriodAt } from './tariff-schedule';
export {
  TariffError,
  type CalculatedCost,
  type CalculatedItem,
  type DemandTag,
  type DemandTags,
  type DetailLevel,
  type GroupBy,
  type UsageInterval,
} from './tariff-types';

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
