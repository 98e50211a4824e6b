/**
 * Time in Energy Ledger.
 *
 * Instants travel as UTC: stored as integer seconds since the Unix epoch and
 * shown in the seeds' form `YYYY-MM-DD HH:mm:ss` (always UTC). Periods (hours,
 * days, months, years) are local to the workspace's market timezone and travel
 * as `YYYY-MM-DD` / `YYYY-MM` strings. Why strings and not Date objects: a
 * local day is not a fixed 24 hours (DST days have 23 or 25), and a Date
 * always means an instant in the machine's own timezone, so a day held as a
 * Date silently shifts when the laptop travels. A string names the day itself;
 * only this module turns it into instants, using the workspace's timezone.
 */
import { DateTime, IANAZone } from 'luxon';

export type UtcSeconds = number;

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const monthPattern = /^(\d{4})-(\d{2})$/;

export function isValidTimezone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export function isValidDay(day: string): boolean {
  return dayPattern.test(day) && DateTime.fromISO(day, { zone: 'UTC' }).isValid;
}

export function isValidMonth(month: string): boolean {
  return monthPattern.test(month) && DateTime.fromISO(`${month}-01`, { zone: 'UTC' }).isValid;
}

function localStart(day: string, zone: string): DateTime {
  const start = DateTime.fromISO(day, { zone });
  if (!start.isValid) {
    throw new RangeError(`"${day}" is not a day in ${zone}: ${start.invalidExplanation ?? ''}`);
  }
  return start.startOf('day');
}

/** The UTC instants [start, end) of a local day. */
export function dayRangeUtc(day: string, zone: string): { start: UtcSeconds; end: UtcSeconds } {
  const start = localStart(day, zone);
  return { start: start.toSeconds(), end: start.plus({ days: 1 }).startOf('day').toSeconds() };
}

/** The UTC instants [start, end) of the local days `from` … `to` inclusive. */
export function daysRangeUtc(from: string, to: string, zone: string): { start: UtcSeconds; end: UtcSeconds } {
  return { start: dayRangeUtc(from, zone).start, end: dayRangeUtc(to, zone).end };
}

/** The UTC instants [start, end) of a local month `YYYY-MM`. */
export function monthRangeUtc(month: string, zone: string): { start: UtcSeconds; end: UtcSeconds } {
  const start = localStart(`${month}-01`, zone);
  return { start: start.toSeconds(), end: start.plus({ months: 1 }).startOf('month').toSeconds() };
}

/** Seeds' UTC form: `2020-10-31 17:00:00`. */
export function formatSeedUtc(seconds: UtcSeconds): string {
  return DateTime.fromSeconds(seconds, { zone: 'UTC' }).toFormat('yyyy-MM-dd HH:mm:ss');
}

/** ISO 8601 with the market timezone's offset, e.g. `2022-01-01T00:00:00+07:00`. */
export function formatLocalIso(seconds: UtcSeconds, zone: string): string {
  return DateTime.fromSeconds(seconds, { zone }).toISO({ suppressMilliseconds: true }) ?? '';
}

/** The local day `YYYY-MM-DD` an instant falls on. */
export function localDayOf(seconds: UtcSeconds, zone: string): string {
  return DateTime.fromSeconds(seconds, { zone }).toISODate() ?? '';
}

/** The local month `YYYY-MM` an instant falls in. */
export function localMonthOf(seconds: UtcSeconds, zone: string): string {
  return DateTime.fromSeconds(seconds, { zone }).toFormat('yyyy-MM');
}

/** The month after `YYYY-MM`. */
export function nextMonth(month: string): string {
  return DateTime.fromISO(`${month}-01`, { zone: 'UTC' }).plus({ months: 1 }).toFormat('yyyy-MM');
}

/** Local hour of day (0–23) an instant falls in. */
export function localHourOf(seconds: UtcSeconds, zone: string): number {
  return DateTime.fromSeconds(seconds, { zone }).hour;
}

/**
 * Parses an ISO 8601 instant that carries its own offset (or Z). Returns null
 * for text without an offset or that is not a real instant.
 */
export function parseInstantWithOffset(text: string): UtcSeconds | null {
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(text.trim())) return null;
  const parsed = DateTime.fromISO(text.trim(), { setZone: true });
  if (!parsed.isValid) return null;
  return parsed.toSeconds();
}

/** Every UTC hour start in [start, end). */
export function hourStarts(start: UtcSeconds, end: UtcSeconds): UtcSeconds[] {
  const hours: UtcSeconds[] = [];
  for (let t = start; t < end; t += 3600) hours.push(t);
  return hours;
}

// ------------------------------------------------------------- fast local clock

/** UTC offsets (minutes) by zone and half-hour: time-zone transitions fall on UTC half-hours. */
const offsetCache = new Map<string, Map<number, number>>();

/** The zone's UTC offset in minutes at `seconds` (cached per half-hour; luxon computes each once). */
export function offsetMinutesAt(seconds: UtcSeconds, zone: string): number {
  let byZone = offsetCache.get(zone);
  if (!byZone) {
    byZone = new Map();
    offsetCache.set(zone, byZone);
  }
  const key = Math.floor(seconds / 1800);
  let offset = byZone.get(key);
  if (offset === undefined) {
    if (byZone.size > 1_000_000) byZone.clear();
    offset = DateTime.fromSeconds(key * 1800, { zone }).offset;
    byZone.set(key, offset);
  }
  return offset;
}

export interface LocalParts {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** ISO weekday, Monday 1 … Sunday 7. */
  weekday: number;
  /** `YYYY-MM-DD`. */
  isoDate: string;
}

/** The local calendar fields of an instant in a zone, without luxon on the hot path. */
export function localParts(seconds: UtcSeconds, zone: string): LocalParts {
  const d = new Date((seconds + offsetMinutesAt(seconds, zone) * 60) * 1000);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return {
    year,
    month,
    day,
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay() || 7,
    isoDate: `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`,
  };
}

/** `YYYY-MM-DDTHH:mm:ss±hh:mm` (luxon's ISO without milliseconds; `Z` never used), fast. */
export function isoWithOffset(seconds: UtcSeconds, zone: string): string {
  const offset = offsetMinutesAt(seconds, zone);
  const local = new Date((seconds + offset * 60) * 1000).toISOString().slice(0, 19);
  if (offset === 0 && (zone === 'UTC' || zone === 'utc' || zone === 'Z')) return `${local}Z`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
