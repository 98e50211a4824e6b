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

export function readTime(text: string, zone: string, format?: string): TimeReading {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'invalid', reason: 'is empty' };
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
