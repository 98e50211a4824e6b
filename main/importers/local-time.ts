/**
 * Reading a timestamp of a utility export (spec §2). Times with an offset are
 * instants. Times without one are read in the import's timezone: a time that
 * does not exist (the spring-forward gap) is an error; a time that exists
 * twice (the autumn fold) is ambiguous and resolved by the file's order, the
 * first occurrence of a meter's repeated local time being the earlier offset.
 */
import { DateTime } from 'luxon';

export type TimeReading =
  | { kind: 'instant'; utc: number }
  | { kind: 'ambiguous'; earlier: number; later: number }
  | { kind: 'gap' }
  | { kind: 'invalid'; reason: string };

const offsetSuffix = /(Z|[+-]\d{2}:?\d{2})$/i;

const ZERO = 48;

/** The two decimal digits at text[at], or -1. */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - ZERO;
  const b = text.charCodeAt(at + 1) - ZERO;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * An ISO 8601 time with its offset (`YYYY-MM-DD[T ]HH:MM[:SS](Z|±HH[:]MM)`) as
 * UTC seconds, read character by character without luxon or a regular
 * expression (the hot path of large canonical files); null if the text has
 * another shape or is not a real time. Property-tested against luxon.
 */
export function instantWithOffset(text: string): number | null {
  const length = text.length;
  if (length < 17 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const separator = text.charCodeAt(10);
  if ((separator !== 84 && separator !== 32) || text.charCodeAt(13) !== 58) return null;
  const century = twoDigits(text, 0);
  const yearInCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  if (century < 0 || yearInCentury < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23)
    return null;
  if (minute < 0 || minute > 59) return null;
  const year = century * 100 + yearInCentury;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return null;
  let at = 16;
  let second = 0;
  if (text.charCodeAt(at) === 58) {
    second = twoDigits(text, at + 1);
    if (second < 0 || second > 59) return null;
    at += 3;
  }
  let offsetMinutes: number;
  const sign = text.charCodeAt(at);
  if (sign === 90 || sign === 122) {
    if (at + 1 !== length) return null;
    offsetMinutes = 0;
  } else if (sign === 43 || sign === 45) {
    const offsetHours = twoDigits(text, at + 1);
    const colon = text.charCodeAt(at + 3) === 58 ? 1 : 0;
    const offsetMinutesPart = twoDigits(text, at + 3 + colon);
    if (offsetHours < 0 || offsetMinutesPart < 0 || at + 5 + colon !== length) return null;
    offsetMinutes = (sign === 45 ? -1 : 1) * (offsetHours * 60 + offsetMinutesPart);
  } else {
    return null;
  }
  return daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
}

export function readTime(text: string, zone: string, format?: string): TimeReading {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'invalid', reason: 'is empty' };
  if (!format) {
    const fast = instantWithOffset(trimmed);
    if (fast !== null) return { kind: 'instant', utc: fast };
  }
  if (!format && offsetSuffix.test(trimmed)) {
    const parsed = DateTime.fromISO(trimmed.replace(' ', 'T'), { setZone: true });
    return parsed.isValid
      ? { kind: 'instant', utc: parsed.toSeconds() }
      : { kind: 'invalid', reason: 'is not a valid ISO 8601 time' };
  }
  const local = format
    ? DateTime.fromFormat(trimmed, format, { zone })
    : DateTime.fromISO(trimmed.replace(' ', 'T'), { zone });
  if (!local.isValid) {
    return {
      kind: 'invalid',
      reason: format
        ? `does not match the time format ${format}`
        : 'is not a time (expected ISO 8601, e.g. 2022-11-12 13:00, or name the format)',
    };
  }
  // luxon moves a non-existent wall time forward: compare the wall clock it kept with the one written.
  const written = format
    ? DateTime.fromFormat(trimmed, format, { zone: 'UTC' })
    : DateTime.fromISO(trimmed.replace(' ', 'T'), { zone: 'UTC' });
  if (written.hour !== local.hour || written.minute !== local.minute || written.day !== local.day)
    return { kind: 'gap' };
  const utc = local.toSeconds();
  const sameWall = (candidate: DateTime) =>
    candidate.hour === local.hour && candidate.minute === local.minute && candidate.day === local.day;
  const hourLater = DateTime.fromSeconds(utc + 3600, { zone });
  if (sameWall(hourLater) && hourLater.offset !== local.offset)
    return { kind: 'ambiguous', earlier: utc, later: utc + 3600 };
  const hourEarlier = DateTime.fromSeconds(utc - 3600, { zone });
  if (sameWall(hourEarlier) && hourEarlier.offset !== local.offset)
    return { kind: 'ambiguous', earlier: utc - 3600, later: utc };
  return { kind: 'instant', utc };
}

/** Resolves folds by order of appearance, per meter: first occurrence → earlier instant, second → later. */
export class FoldResolver {
  private readonly seen = new Map<string, number>();
  resolved = 0;

  resolve(meterId: string, reading: { earlier: number; later: number }): number | null {
    const key = `${meterId}|${reading.earlier}`;
    const count = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, count);
    if (count > 2) return null;
    this.resolved++;
    return count === 1 ? reading.earlier : reading.later;
  }
}
