/**
 * A Green Button file's IntervalReadings as Energy Ledger's readings: each value, start and
 * duration checked, the value kept exactly in thousandths of its unit (mWh for Wh), readings of an
 * hour or less to the interval readings and of a day or longer to the summary readings, daily
 * readings read in the local days of the file's zone.
 */
import { DateTime } from 'luxon';

import { shortValue } from '../../shared/units';

import {
  boundedInteger,
  DECIMAL,
  ESTIMATED_QUALITIES,
  INTEGER,
  shiftExact,
  zoneOfLocalTime,
} from './espi-codes';
import type { RawReading } from './espi-reader';
import type { GreenButtonMapping, Series } from './green-button-series';
import type { ReadingsSink } from './readings-sink';
import type { RowErrors } from './row-errors';

/** What a Green Button import has counted so far (the report's figures). */
export interface GreenButtonCounts {
  rowsRead: number;
  valuesRounded: number;
  startsRounded: number;
  daysResized: number;
  /** The zone daily readings were read in, and where it came from, once one was needed. */
  zoneUsed: { zone: string; from: string } | null;
}

/** What storing a reading needs of its import. */
export interface ReadingContext {
  fileName: string;
  errors: RowErrors;
  note: (text: string) => void;
  counts: GreenButtonCounts;
  counter: { readonly bytesRead: number };
  interval: ReadingsSink;
  summary: ReadingsSink;
  localTimes: { key: string; fields: Record<string, string> }[];
  mapping: GreenButtonMapping;
  /** The workspace's timezone. */
  timezone: string | undefined;
  onProgress: ((progress: { fileName: string; bytesRead: number; rowsRead: number }) => void) | undefined;
}

/** The zone of the file's local days: its LocalTimeParameters, else the mapping's or the workspace's timezone. */
function dayZone(ctx: ReadingContext): string {
  const { counts, localTimes, mapping } = ctx;
  if (counts.zoneUsed) return counts.zoneUsed.zone;
  const parameters = localTimes[0]?.fields;
  const fromFile = parameters ? zoneOfLocalTime(parameters) : null;
  counts.zoneUsed = fromFile
    ? {
        zone: fromFile,
        from: `LocalTimeParameters (tzOffset ${parameters!.tzOffset}, dstOffset ${parameters!.dstOffset ?? 0})`,
      }
    : mapping.timezone
      ? { zone: mapping.timezone, from: 'the mapping' }
      : { zone: ctx.timezone ?? 'UTC', from: 'the workspace' };
  return counts.zoneUsed.zone;
}

/** One IntervalReading of a series checked, converted to thousandths of its unit and handed to the interval or summary sink. */
export async function storeReading(ctx: ReadingContext, reading: RawReading, into: Series): Promise<void> {
  const { fileName, errors, note, counts, counter, interval, summary } = ctx;
  counts.rowsRead++;
  into.readings++;
  if (counts.rowsRead % 10_000 === 0)
    ctx.onProgress?.({ fileName, bytesRead: counter.bytesRead, rowsRead: counts.rowsRead });
  if (into.refusal !== null) return;
  const where = `IntervalReading (column ${reading.column + 1})`;
  const before = errors.count;
  const value = reading.value ?? '';
  // Each number through the bounded parser's checks (shared/units.ts) before BigInt or Number sees it.
  const bounded = (column: string, text: string, pattern: RegExp, notNumber: string, rule: string) => {
    if (!pattern.test(text))
      errors.add(reading.line, column, shortValue(text), `${where} of ${into.key}: ${notNumber}`, rule);
    else errors.checkDecimal(reading.line, column, text, notNumber, `${where} of ${into.key}: `, rule);
  };
  bounded('value', value, DECIMAL, 'is not a number', 'bad-number');
  const startText = reading.start ?? '';
  const durationText = reading.duration ?? '';
  bounded('timePeriod/start', startText, DECIMAL, 'is not a time in epoch seconds', 'bad-time');
  if (INTEGER.test(durationText) && Number(durationText) <= 0)
    errors.add(
      reading.line,
      'timePeriod/duration',
      durationText,
      `${where} of ${into.key}: is not a duration in seconds`,
      'bad-time',
    );
  else bounded('timePeriod/duration', durationText, INTEGER, 'is not a duration in seconds', 'bad-time');
  const cost = reading.cost;
  if (cost !== undefined)
    bounded('cost', cost, INTEGER, 'is not a cost in 1/100,000 of the currency', 'bad-number');
  if (errors.count !== before) return;
  // Fractional epoch seconds are rounded to the nearest second (and counted).
  const [whole, fraction] = startText.split('.');
  let start = Number(whole);
  if (fraction && /[1-9]/.test(fraction)) {
    counts.startsRounded++;
    if (Number(`0.${fraction}`) >= 0.5) start += start < 0 ? -1 : 1;
  }
  let duration = Number(durationText);
  const table = duration <= 3600 ? 'interval' : duration >= 82_800 ? 'summary' : null;
  if (table === 'summary' && duration <= 90_000) {
    // A day starting at local midnight lasts until the next one: 23 or 25 hours on DST days, even
    // where the file writes every day as 86400 seconds.
    const zone = dayZone(ctx);
    const local = DateTime.fromSeconds(start, { zone });
    if (local.isValid && local.startOf('day').toSeconds() === start) {
      const length = local.plus({ days: 1 }).startOf('day').toSeconds() - start;
      if (length !== duration) {
        counts.daysResized++;
        duration = length;
      }
    }
  }
  if (table === null || (table === 'interval' && ![300, 900, 1800, 3600].includes(duration))) {
    errors.add(
      reading.line,
      'timePeriod/duration',
      durationText,
      `${where} of ${into.key}: ${duration} seconds is neither interval data (5, 15, 30 or 60 minutes) nor summary usage (a day or longer)`,
      'bad-interval',
    );
    return;
  }
  if (table === 'interval' && start % Math.min(duration, 900) !== 0) {
    errors.add(
      reading.line,
      'timePeriod/start',
      startText,
      `${where} of ${into.key}: must start on a ${duration / 60}-minute boundary`,
      'bad-time',
    );
    return;
  }
  // value × 10^multiplier in the unit, kept in thousandths (mWh for Wh): × 10^(multiplier + 3).
  let amount: bigint;
  let exponent = into.multiplier + 3;
  if (INTEGER.test(value)) amount = BigInt(value);
  else {
    const [intPart, fracPart = ''] = value.split('.');
    amount = BigInt(`${intPart}${fracPart}`);
    exponent -= fracPart.length;
    note(`${into.key}: values with decimals (e.g. "${value}") read exactly`);
  }
  const shifted = shiftExact(amount, exponent);
  if (shifted.rounded) counts.valuesRounded++;
  if (shifted.result > BigInt(Number.MAX_SAFE_INTEGER) || shifted.result < -BigInt(Number.MAX_SAFE_INTEGER)) {
    errors.add(reading.line, 'value', value, `${where} of ${into.key}: is too large to store`, 'bad-number');
    return;
  }
  if (INTEGER.test(value)) into.valueSum += amount;
  else into.decimalValueSum = into.decimalValueSum.plus(value);
  if (cost !== undefined) {
    into.costSum += BigInt(cost);
    into.costs++;
  }
  into.intervalSeconds.add(duration);
  const sink = table === 'interval' ? interval : summary;
  const full = sink.add({
    meterId: into.meterId!,
    startUtc: start,
    endUtc: start + duration,
    energyMilliWh: Number(shifted.result),
    isEstimated: reading.qualities.some((q) => ESTIMATED_QUALITIES.has(q)),
    line: reading.line,
    column: 'timePeriod/start',
    value: startText,
    fileCost: cost !== undefined ? Number(cost) : null,
    fileCurrency: cost !== undefined ? into.currency : null,
    quality: boundedInteger(reading.qualities[0]) ? Number(reading.qualities[0]) : null,
    tou: boundedInteger(reading.tou) ? Number(reading.tou) : null,
  });
  if (full) await sink.flush();
}
