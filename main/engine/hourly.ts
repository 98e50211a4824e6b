/**
 * Sums interval readings into the market's local hours (spec §2): intervals
 * shorter than an hour are added up; an interval that crosses an hour boundary
 * is split in proportion to time, by largest remainder in mWh, so the parts
 * always sum exactly to the whole. Pure: no I/O.
 *
 * Hours are anchored on a local midnight (`anchorUtc`), not on UTC: in a
 * timezone with a half-hour offset (Asia/Kolkata) the local hour starts at
 * :30 UTC.
 */
export interface IntervalReading {
  startUtc: number;
  endUtc: number;
  energyMilliWh: number;
  isEstimated: boolean;
}

export interface HourlyEnergy {
  hourStartUtc: number;
  energyMilliWh: number;
  /** Minutes of the hour covered by readings (60 when complete). */
  minutesCovered: number;
  isEstimated: boolean;
}

const HOUR = 3600;

function hourStartOf(instant: number, anchorUtc: number): number {
  const offset = (((instant - anchorUtc) % HOUR) + HOUR) % HOUR;
  return instant - offset;
}

/** Splits `total` mWh over parts weighted by `weights` (non-negative integers), exactly, by largest remainder. */
export function splitByLargestRemainder(total: number, weights: number[]): number[] {
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weightSum === 0) return weights.map(() => 0);
  const sign = total < 0 ? -1 : 1;
  const magnitude = BigInt(Math.abs(total));
  const sum = BigInt(weightSum);
  const parts = weights.map((w) => (magnitude * BigInt(w)) / sum);
  const remainders = weights.map((w, index) => ({ index, remainder: (magnitude * BigInt(w)) % sum }));
  let left = magnitude - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const { index } of remainders) {
    if (left === 0n) break;
    parts[index]! += 1n;
    left -= 1n;
  }
  return parts.map((part) => sign * Number(part));
}

export function sumIntoHours(readings: IntervalReading[], anchorUtc: number): HourlyEnergy[] {
  const hours = new Map<number, HourlyEnergy>();
  const add = (hourStartUtc: number, energy: number, seconds: number, isEstimated: boolean) => {
    const hour = hours.get(hourStartUtc) ?? {
      hourStartUtc,
      energyMilliWh: 0,
      minutesCovered: 0,
      isEstimated: false,
    };
    hour.energyMilliWh += energy;
    hour.minutesCovered += seconds / 60;
    hour.isEstimated ||= isEstimated;
    hours.set(hourStartUtc, hour);
  };
  for (const reading of readings) {
    const firstHour = hourStartOf(reading.startUtc, anchorUtc);
    if (reading.endUtc <= firstHour + HOUR) {
      add(firstHour, reading.energyMilliWh, reading.endUtc - reading.startUtc, reading.isEstimated);
      continue;
    }
    const pieces: { hour: number; seconds: number }[] = [];
    for (let hour = firstHour; hour < reading.endUtc; hour += HOUR) {
      const seconds = Math.min(reading.endUtc, hour + HOUR) - Math.max(reading.startUtc, hour);
      pieces.push({ hour, seconds });
    }
    const parts = splitByLargestRemainder(
      reading.energyMilliWh,
      pieces.map((piece) => piece.seconds),
    );
    pieces.forEach((piece, index) => add(piece.hour, parts[index]!, piece.seconds, reading.isEstimated));
  }
  return [...hours.values()].sort((a, b) => a.hourStartUtc - b.hourStartUtc);
}
