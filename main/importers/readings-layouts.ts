/**
 * Rows of readings files laid out other than one reading per row: wide (one row per meter and
 * local day, a column per interval) and cumulative (meter register reads, each closing the
 * interval since the previous one); and what reading any row needs of its import.
 */
import { DateTime } from 'luxon';

import type { ImportMapping } from '../../shared/import-mapping';
import { milliWhToKwh, parseEnergy, shortValue, type EnergyUnit } from '../../shared/units';
import type { WriteTransaction } from '../store/store';

import { readTime, type FoldResolver } from './local-time';
import { normaliseNumber, type ResolvedColumns } from './readings-columns';
import type { ReadingsSink } from './readings-sink';
import type { RowErrors } from './row-errors';

export const allowedMinutes = new Set([5, 15, 30, 60]);

/** What reading a row needs of its import, once the header says which column holds what. */
export interface RowContext {
  tx: WriteTransaction;
  mapping: ImportMapping;
  /** The mapping's timezone, else the workspace's. */
  timezone: string;
  canonical: boolean;
  isXlsx: boolean;
  delimiter: string;
  header: string[];
  columns: ResolvedColumns;
  errors: RowErrors;
  sink: ReadingsSink;
  folds: FoldResolver;
  dstNotes: string[];
  /** The workspace's meters (those the import creates added). */
  meters: Set<string>;
  metersCreated: string[];
  /** Each meter's previous register read (cumulative layout). */
  lastRead: Map<string, { utc: number; register: number; line: number }>;
  counts: { rowsRead: number; valuesRounded: number };
  /** Says how far the import is, every so many rows. */
  progress: () => void;
}

/** An energy value of a wide or cumulative row as mWh, or null with the error added. */
export function parseValue(
  ctx: RowContext,
  line: number,
  column: string,
  text: string,
  unit: EnergyUnit,
): number | null {
  const { mapping, errors } = ctx;
  try {
    const parsed = parseEnergy(
      normaliseNumber(text, mapping.decimalSeparator, mapping.thousandsSeparator),
      unit,
    );
    if (parsed.wasRounded) ctx.counts.valuesRounded++;
    return parsed.milliWh;
  } catch (error) {
    errors.add(
      line,
      column,
      shortValue(text.trim()),
      (error as Error).message.replace(/^".*?" /, ''),
      'bad-number',
    );
    return null;
  }
}

/** A wide row's local day: its UTC start and end and its ISO date, or null when the text is not a day. */
interface WideDay {
  dayStart: number;
  dayEnd: number;
  isoDate: string;
}

/**
 * Each day text read once per timezone and format: a wide file repeats every day for each of its
 * meters, and building luxon's zone-aware day was most of a row's cost (issue 21). The answer is
 * a function of the key alone, so a cached day is the day luxon gave; the cache is emptied when
 * it holds 4,096 days, so a file of all-different days cannot grow it.
 */
const wideDays = new Map<string, WideDay | null>();

function wideDay(timeText: string, timeFormat: string | undefined, timezone: string): WideDay | null {
  const key = `${timezone}\u0000${timeFormat ?? ''}\u0000${timeText}`;
  const cached = wideDays.get(key);
  if (cached !== undefined) return cached;
  const day = timeFormat
    ? DateTime.fromFormat(timeText.trim(), timeFormat, { zone: timezone })
    : DateTime.fromISO(timeText.trim().slice(0, 10), { zone: timezone });
  let read: WideDay | null = null;
  if (day.isValid) {
    const start = day.startOf('day');
    read = {
      dayStart: start.toSeconds(),
      dayEnd: start.plus({ days: 1 }).startOf('day').toSeconds(),
      isoDate: start.toISODate()!,
    };
  }
  if (wideDays.size >= 4_096) wideDays.clear();
  wideDays.set(key, read);
  return read;
}

// Wide: one row per meter and local day; interval j starts j intervals after the day's start,
// so a 23-hour day has fewer values and a 25-hour day one more (spec §2).
export async function wideRow(
  ctx: RowContext,
  line: number,
  fields: string[],
  meterId: string,
  timeColumn: string,
  timeText: string,
  unit: EnergyUnit,
  before: number,
): Promise<void> {
  const { mapping, timezone, errors, header, columns, sink } = ctx;
  const day = wideDay(timeText, mapping.timeFormat, timezone);
  if (!day) {
    errors.add(
      line,
      timeColumn,
      timeText,
      mapping.timeFormat
        ? `does not match the date format ${mapping.timeFormat}`
        : 'is not a date (YYYY-MM-DD, or name the format)',
      'bad-time',
    );
    return;
  }
  const { dayStart, dayEnd } = day;
  const valueColumns = header.length - columns.energy;
  const perDay =
    mapping.intervalsPerDay ??
    [24, 48, 96].find((n) => valueColumns >= n && valueColumns <= n + n / 24) ??
    24;
  const minutes = 1440 / perDay;
  const count = (dayEnd - dayStart) / (minutes * 60);
  const records = [];
  for (let j = 0; j < valueColumns; j++) {
    const column = header[columns.energy + j]!;
    const text = (fields[columns.energy + j] ?? '').trim();
    if (j >= count) {
      if (text !== '')
        errors.add(
          line,
          column,
          text,
          `is past the end of ${day.isoDate}, which has ${count} intervals of ${minutes} minutes in ${timezone}`,
          'dst-extra-value',
        );
      continue;
    }
    if (text === '') {
      errors.add(
        line,
        column,
        text,
        `is empty: ${day.isoDate} has ${count} intervals of ${minutes} minutes in ${timezone}`,
        'missing-value',
      );
      continue;
    }
    const energy = parseValue(ctx, line, column, text, unit);
    if (energy !== null)
      records.push({
        meterId,
        startUtc: dayStart + j * minutes * 60,
        endUtc: dayStart + (j + 1) * minutes * 60,
        energyMilliWh: energy,
        isEstimated: false,
        line,
        column: timeColumn,
        value: `${timeText} ${column}`,
      });
  }
  if (count > valueColumns)
    errors.add(
      line,
      '(row)',
      timeText,
      `${day.isoDate} has ${count} intervals of ${minutes} minutes in ${timezone} but the row has ${valueColumns} value columns`,
      'dst-missing-column',
    );
  if (errors.count !== before) return;
  for (const reading of records) if (sink.add(reading)) await sink.flush();
}

// Cumulative registers: each read closes the interval since the meter's previous read.
export async function cumulativeRow(
  ctx: RowContext,
  line: number,
  meterId: string,
  timeColumn: string,
  timeText: string,
  registerColumn: string,
  registerText: string,
  unit: EnergyUnit,
  before: number,
): Promise<void> {
  const { mapping, timezone, errors, folds, dstNotes, lastRead, sink } = ctx;
  const reading = readTime(timeText, timezone, mapping.timeFormat);
  let stamp: number | null = null;
  if (reading.kind === 'instant') stamp = reading.utc;
  else if (reading.kind === 'ambiguous') stamp = folds.resolve(meterId, reading);
  else
    errors.add(
      line,
      timeColumn,
      timeText,
      reading.kind === 'gap'
        ? `does not exist in ${timezone} (the clocks skip it when summer time starts)`
        : reading.reason,
      reading.kind === 'gap' ? 'dst-gap' : 'bad-time',
    );
  const register = parseValue(ctx, line, registerColumn, registerText, unit);
  if (stamp === null || register === null || errors.count !== before) return;
  const previous = lastRead.get(meterId);
  lastRead.set(meterId, { utc: stamp, register, line });
  if (!previous) return; // the meter's first read is the baseline of the next interval
  const minutes = (stamp - previous.utc) / 60;
  if (!allowedMinutes.has(minutes)) {
    errors.add(
      line,
      timeColumn,
      timeText,
      `is ${minutes} minutes after the previous read of ${meterId} (line ${previous.line}); reads must be 5, 15, 30 or 60 minutes apart`,
      'register-interval',
    );
    return;
  }
  let energy = register - previous.register;
  const rollover = mapping.rolloverAt ? parseEnergy(mapping.rolloverAt, unit).milliWh : null;
  if (energy < 0) {
    if (rollover !== null && previous.register > rollover / 2 && register < rollover / 2) {
      energy = rollover - previous.register + register;
      if (dstNotes.length < 50)
        dstNotes.push(
          `line ${line}: register of ${meterId} rolled over at ${mapping.rolloverAt}; counted ${milliWhToKwh(energy)} kWh`,
        );
    } else {
      errors.add(
        line,
        registerColumn,
        registerText,
        `is lower than the previous read of ${meterId} (line ${previous.line}): the register was reset or the meter replaced; the interval is not stored`,
        'register-reset',
      );
      return;
    }
  }
  const full = sink.add({
    meterId,
    startUtc: previous.utc,
    endUtc: stamp,
    energyMilliWh: energy,
    isEstimated: false,
    line,
    column: timeColumn,
    value: timeText,
  });
  if (full) await sink.flush();
}
