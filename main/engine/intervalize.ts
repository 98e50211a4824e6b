/**
 * Intervalization (seed 002): summary usages — kWh over inclusive local dates —
 * become hourly estimated readings shaped by a load profile, each period's
 * estimates plus its metered hours summing exactly to its volume (mWh).
 *
 * Per period [starts_on 00:00, ends_on + 1 day 00:00) in the market zone:
 * metered hours (any metered reading in the hour) are left alone; what they do
 * not cover, R = volume − metered, is spread over the other hours in
 * proportion to the profile's weight for each hour, in whole mWh by largest
 * remainder (ties to the earlier hour), so it is exact and deterministic. All
 * weights zero → evenly. Metered energy above the volume is an error naming
 * the period.
 *
 * Profile weights are read exactly (decimal text, scaled to integers of 1e-18):
 * a `year` profile by position — hour (day of year − 1) × 24 + local hour, 29
 * February taking 28 February's weights, a repeated DST hour its hour's weight
 * again, a skipped one none; a `typical-days` profile by month, weekday or
 * weekend day, and local hour.
 */
import { DateTime } from 'luxon';

import { Dec } from '../../shared/units';

import { splitExactly } from './exact';

export interface LoadProfileWeights {
  shape: 'year' | 'typical-days';
  /** 8,760 weights (year) or 12 × 2 × 24 = 576 (typical days: month, then weekday / weekend, then hour). */
  weights: string[];
}

export interface SummaryPeriod {
  startsOn: string;
  endsOn: string;
  volumeMilliWh: bigint;
}

export class IntervalizationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntervalizationError';
  }
}

const SCALE = new Dec('1e18');

/** Weights as integers of 1e-18, read once per profile. */
export function scaledWeights(profile: LoadProfileWeights): bigint[] {
  return profile.weights.map((w) =>
    BigInt(new Dec(w).times(SCALE).toDecimalPlaces(0, Dec.ROUND_HALF_UP).toFixed()),
  );
}

/** The profile's weight for the local hour starting at `startUtc`. */
function weightOf(shape: LoadProfileWeights['shape'], weights: bigint[], local: DateTime): bigint {
  if (shape === 'typical-days') {
    const weekend = local.weekday >= 6 ? 1 : 0;
    return weights[((local.month - 1) * 2 + weekend) * 24 + local.hour] ?? 0n;
  }
  // Day of a 365-day year: 29 February reads 28 February.
  let ordinal = local.ordinal;
  if (local.isInLeapYear && (local.month > 2 || (local.month === 2 && local.day === 29))) ordinal -= 1;
  return weights[(ordinal - 1) * 24 + local.hour] ?? 0n;
}

/** Splits `total` mWh in proportion to `weights` (largest remainder; ties to the earlier index; all zero: evenly). */
export const splitByWeights = splitExactly;

export interface IntervalizedPeriod {
  period: SummaryPeriod;
  hours: number;
  meteredHours: number;
  meteredMilliWh: bigint;
  estimates: { startUtc: number; energyMilliWh: bigint }[];
}

/**
 * One period's estimates. `metered` maps an hour's UTC start to the metered mWh in it (any
 * reading in the hour makes it metered).
 */
export function intervalizePeriod(
  period: SummaryPeriod,
  profile: LoadProfileWeights,
  weights: bigint[],
  zone: string,
  metered: Map<number, bigint>,
): IntervalizedPeriod {
  const start = DateTime.fromISO(period.startsOn, { zone }).startOf('day');
  const end = DateTime.fromISO(period.endsOn, { zone }).plus({ days: 1 }).startOf('day');
  if (!start.isValid || !end.isValid || end <= start)
    throw new IntervalizationError(
      `summary usage ${period.startsOn}…${period.endsOn} is not a range of days`,
    );
  const open: number[] = [];
  const openWeights: bigint[] = [];
  let meteredMilliWh = 0n;
  let meteredHours = 0;
  let hours = 0;
  for (let t = start.toSeconds(); t < end.toSeconds(); t += 3600) {
    hours++;
    const m = metered.get(t);
    if (m !== undefined) {
      meteredMilliWh += m;
      meteredHours++;
      continue;
    }
    open.push(t);
    openWeights.push(weightOf(profile.shape, weights, DateTime.fromSeconds(t, { zone })));
  }
  const rest = period.volumeMilliWh - meteredMilliWh;
  if (rest < 0n)
    throw new IntervalizationError(
      `summary usage ${period.startsOn}…${period.endsOn} is ${kwhText(period.volumeMilliWh)} kWh but its metered hours already hold ${kwhText(meteredMilliWh)} kWh`,
    );
  if (rest > 0n && open.length === 0)
    throw new IntervalizationError(
      `summary usage ${period.startsOn}…${period.endsOn}: every hour is metered, yet ${kwhText(rest)} kWh of its volume is not`,
    );
  const parts = splitByWeights(rest, openWeights);
  return {
    period,
    hours,
    meteredHours,
    meteredMilliWh,
    estimates: open.map((startUtc, i) => ({ startUtc, energyMilliWh: parts[i]! })),
  };
}

function kwhText(mWh: bigint): string {
  return new Dec(mWh.toString()).dividedBy(1_000_000).toFixed();
}

/** Checks a profile: the right number of weights, none negative, summing to 1 within 1e-9 (or normalized). */
export function checkProfile(
  profile: LoadProfileWeights,
  normalize: boolean,
): { weights: string[]; sum: string; normalized: boolean } {
  const expected = profile.shape === 'year' ? 8760 : 576;
  if (profile.weights.length !== expected)
    throw new IntervalizationError(
      `a ${profile.shape} profile has ${expected} weights; this one has ${profile.weights.length}`,
    );
  let sum = new Dec(0);
  profile.weights.forEach((w, i) => {
    let value: InstanceType<typeof Dec>;
    try {
      value = new Dec(w);
    } catch {
      throw new IntervalizationError(`weight ${i + 1} ("${w}") is not a number`);
    }
    if (!value.isFinite() || value.isNegative())
      throw new IntervalizationError(`weight ${i + 1} ("${w}") must be a number ≥ 0`);
    sum = sum.plus(value);
  });
  if (sum.minus(1).abs().lessThanOrEqualTo('1e-9'))
    return { weights: profile.weights, sum: sum.toFixed(), normalized: false };
  if (!normalize)
    throw new IntervalizationError(
      `the weights sum to ${sum.toSignificantDigits(12).toFixed()}, not 1 (within 1e-9): normalize it, or fix the file`,
    );
  if (sum.isZero())
    throw new IntervalizationError('the weights are all zero: there is no shape to normalize');
  return {
    weights: profile.weights.map((w) => new Dec(w).dividedBy(sum).toSignificantDigits(20).toFixed()),
    sum: sum.toFixed(),
    normalized: true,
  };
}
