/**
 * Previous and next, below the month: the local day before and after a day, and
 * the local hour before and after an hour, in the workspace's timezone. Pure
 * (luxon only), so the steps across a month's end and a daylight-saving change
 * are unit-tested. An hour that occurs twice (the autumn fold) is named with its
 * UTC offset, as the routes name it.
 */
import { DateTime } from 'luxon';

/** The local day `delta` days after `day` (`YYYY-MM-DD`; negative: before). */
export function stepDay(day: string, delta: number): string {
  return DateTime.fromISO(day, { zone: 'UTC' }).plus({ days: delta }).toISODate() ?? day;
}

/** An hour as the routes name it: its local day, `HH`, and its offset when the hour occurs twice that day. */
export interface HourPlace {
  day: string;
  hour: string;
  offset?: string;
  /** `13:00`, or `02:00 (+01:00)` for the second of two. */
  label: string;
}

/** How a page names the hour its route names: `13:00`, or `02:00 (+01:00)` with an offset. */
export function routeHourLabel(hour: string, offset?: string): string {
  return `${hour}:00${offset ? ` (${offset})` : ''}`;
}

const key = (t: DateTime) => t.toFormat('yyyy-MM-dd HH');

/** The instant a route's hour names: `day`, `hour` local in `zone`, at `offset` when given. */
function instantOf(day: string, hour: string, zone: string, offset?: string): DateTime {
  return offset
    ? DateTime.fromISO(`${day}T${hour}:00:00${offset}`, { setZone: true }).setZone(zone)
    : DateTime.fromISO(`${day}T${hour}:00:00`, { zone });
}

/** Where the local hour starting at `t` sits, named as its route names it. */
export function hourPlace(t: DateTime): HourPlace {
  const hour = t.toFormat('HH');
  const twice = key(t.minus({ hours: 1 })) === key(t) || key(t.plus({ hours: 1 })) === key(t);
  const offset = t.toFormat('ZZ');
  return {
    day: t.toISODate()!,
    hour,
    ...(twice ? { offset } : {}),
    label: routeHourLabel(hour, twice ? offset : undefined),
  };
}

/** The local hour `delta` hours after the one a route names (across days, months and DST changes). */
export function stepHour(day: string, hour: string, zone: string, delta: number, offset?: string): HourPlace {
  return hourPlace(instantOf(day, hour, zone, offset).plus({ hours: delta }));
}
