/**
 * Schedules and billing segments (the tariff engine, see tariff.ts): which version of a tariff
 * is in force on a local day, the TOU period of a local hour, the billing segments of a span
 * (calendar months in the tariff's zone, split where the version changes), and what one
 * segment used: its energy by TOU period, its maximum kW overall and by demand period, and
 * its energy hour by hour for spreading the month's items over hours.
 */
import { DateTime } from 'luxon';

import type { Tariff, TariffVersion } from '../../shared/tariff';
import { localParts } from '../../shared/time';
import { Dec } from '../../shared/units';

import { kwh, TariffError, type UsageInterval } from './tariff-types';

export interface Segment {
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

export interface SegmentUsage {
  totalMilliWh: bigint;
  energyByPeriod: Map<number, bigint>;
  maxKw: InstanceType<typeof Dec>;
  maxKwByDemandPeriod: Map<number, InstanceType<typeof Dec>>;
}

export function usageOf(segment: Segment, usage: UsageInterval[], zone: string): SegmentUsage {
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

/** Each hour of a segment and its energy by TOU period (mWh), for spreading the month's items over hours. */
export function hoursOf(segment: Segment, usage: UsageInterval[], zone: string) {
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
