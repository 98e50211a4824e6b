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

const isoWithOffset = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|([+-])(\d{2}):?(\d{2}))$/;

/** ISO 8601 with an offset, parsed without luxon (the hot path of large canonical files); null if it does not match or is not a real time. */
function fastInstant(text: string): number | null {
  const m = isoWithOffset.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(
    Number,
  ) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(local);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  const offsetMinutes = m[7] === 'Z' ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  return local / 1000 - offsetMinutes * 60;
}

export function readTime(text: string, zone: string, format?: string): TimeReading {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'invalid', reason: 'is empty' };
  if (!format) {
    const fast = fastInstant(trimmed);
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
