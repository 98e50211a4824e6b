/**
 * Settlement's pricing stage: what each participant's terms are on each local day of the month
 * (resolved once; hours look them up by their day): its pool membership and allocation key, its
 * offer plan's prices, and its utility plan's hourly grid prices (flat, TOU, or a tariff's
 * energy rates for the hour's period), with the tariffs the month's utility plans name.
 */
import { DateTime } from 'luxon';

import type { PoolDef } from '../../shared/definition';
import type { Tariff } from '../../shared/tariff';
import { localParts } from '../../shared/time';
import { Dec } from '../../shared/units';
import { decimalToFraction } from '../engine/exact';
import { parsePrice, type Price } from '../engine/money';
import type { Membership, OfferTerms } from '../engine/settle-period';
import { ApiError } from '../errors';
import type { Store } from '../store/store';
import { readTariff } from '../store/tariff-repository';

import { byId, type Inputs } from './gather-inputs';

/** The latest version in force on `day` (versions sorted by effectiveFrom). */
export function inForce<T extends { effectiveFrom: string }>(versions: T[], day: string): T | null {
  let found: T | null = null;
  for (const version of versions) if (version.effectiveFrom <= day) found = version;
  return found;
}

export function membershipOn(pools: PoolDef[], participantId: string, day: string): Membership | null {
  for (const pool of pools) {
    const version = inForce(pool.versions, day);
    if (!version) continue;
    for (const member of pool.members) {
      if (
        member.participantId !== participantId ||
        member.effectiveFrom > day ||
        (member.effectiveTo !== undefined && member.effectiveTo < day)
      )
        continue;
      return {
        poolId: pool.id,
        key: version.key,
        ...(member.rank !== undefined ? { rank: member.rank } : {}),
        ...(member.share !== undefined ? { share: decimalToFraction(member.share) } : {}),
      };
    }
  }
  return null;
}

/** A day's 24 (or 23/25) local-hour grid prices on a tariff: the first band of each energy rate for the hour's period, summed. */
export function hourlyTariffPrices(tariff: Tariff, day: string, timezone: string): Price[] {
  const version = tariff.versions.find(
    (v) => v.effectiveFrom <= day && (v.effectiveTo === undefined || day < v.effectiveTo),
  );
  if (!version)
    throw new ApiError('conflict', `tariff ${tariff.masterTariffId} has no version in force on ${day}`);
  const zone = tariff.timezone ?? timezone;
  const local = DateTime.fromISO(day, { zone });
  const weekend = local.weekday >= 6 || version.holidays.includes(day);
  const schedule = (weekend ? version.energyWeekendSchedule : version.energyWeekdaySchedule)[
    local.month - 1
  ]!;
  return schedule.map((period) => {
    let price = new Dec(0);
    for (const rate of version.rates)
      if (rate.type === 'COST_PER_UNIT') {
        const found = rate.periods.find((p) => p.period === period);
        if (found) price = price.plus(found.tiers[0]!.rate);
      }
    return parsePrice(price.toFixed());
  });
}

/**
 * What settling reads besides the readings: each participant's terms per local day (resolved
 * once; hours look them up by their day), and the tariffs the month's utility plans name.
 */
export async function resolveTerms(db: Store, month: string, inputs: Inputs) {
  const { definition, participantIds, hours, days, timezone } = inputs;
  const distinctDays = [...new Set(days)];
  const dayIndex = new Map(distinctDays.map((d, i) => [d, i]));
  const hourDay = days.map((d) => dayIndex.get(d)!);
  const participants = participantIds.map((id) => definition.participants.find((p) => p.id === id)!);
  const memberships = participants.map((p) =>
    distinctDays.map((day) => membershipOn(definition.pools, p.id, day)),
  );
  const offers = participants.map((p) => {
    const plan = definition.offerPlans
      .filter((o) => o.participantId === p.id)
      .sort((a, b) => byId(a.id, b.id))[0];
    return distinctDays.map((day): OfferTerms | null => {
      const version = plan ? inForce(plan.versions, day) : null;
      return version
        ? {
            price: parsePrice(version.pricePerKwh),
            sellsToMarket: version.sellsLeftoversToMarket,
            floor: parsePrice(version.marketFloorPricePerKwh),
            feedIn: parsePrice(version.feedInPricePerKwh),
          }
        : null;
    });
  });
  // Tariffs the month's utility plans name (docs/tariffs.md): read once, refused when missing.
  const tariffs = new Map<string, Tariff>();
  for (const plan of definition.utilityPlans)
    for (const version of plan.versions)
      if (version.rate.type === 'tariff' && !tariffs.has(version.rate.masterTariffId)) {
        const tariff = await readTariff(db, version.rate.masterTariffId);
        if (!tariff)
          throw new ApiError(
            'conflict',
            `${month}: utility plan ${plan.id} is priced by tariff "${version.rate.masterTariffId}", which the workspace does not have; save or import it first`,
          );
        tariffs.set(tariff.masterTariffId, tariff);
      }
  const tariffPlans: { participant: number; tariff: Tariff }[] = [];
  const tariffDays = new Map<string, Price[]>();
  const gridRates = participants.map((p, pi) =>
    distinctDays.map((day) => {
      const assignment = inForce(
        definition.utilityPlanAssignments.filter((a) => a.participantId === p.id),
        day,
      );
      const plan = assignment
        ? definition.utilityPlans.find((u) => u.id === assignment.utilityPlanId)
        : undefined;
      const version = plan ? inForce(plan.versions, day) : null;
      if (!version) return null;
      if (version.rate.type === 'flat') return [parsePrice(version.rate.pricePerKwh)];
      if (version.rate.type === 'tou') return version.rate.hourlyPricesPerKwh.map(parsePrice);
      // A tariff: each local hour at its energy rates' first band for the hour's TOU period; tiers,
      // fixed, demand, minimum and taxes come as the month's bill lines.
      const tariff = tariffs.get(version.rate.masterTariffId)!;
      if (!tariffPlans.some((t) => t.participant === pi)) tariffPlans.push({ participant: pi, tariff });
      // Consumers on the same tariff share its day's prices: computed once per tariff and day.
      const key = `${tariff.masterTariffId}|${day}`;
      let prices = tariffDays.get(key);
      if (!prices) tariffDays.set(key, (prices = hourlyTariffPrices(tariff, day, timezone)));
      return prices;
    }),
  );
  const localHours = hours.map((h) => localParts(h, timezone).hour);
  return { hourDay, memberships, offers, tariffs, tariffPlans, gridRates, localHours };
}

/** Each participant's terms per local day, and the tariffs of the month's plans. */
export type Terms = Awaited<ReturnType<typeof resolveTerms>>;
