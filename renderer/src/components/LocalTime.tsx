/**
 * An instant as a person of the market reads it: in the workspace's timezone with its offset,
 * `2022-11-12 16:00 +07:00` (seconds only when not zero), the UTC instant on hover. The API
 * gives instants in UTC (seconds, or the seeds' `YYYY-MM-DD HH:mm:ss`); this is where they are
 * worded for the screen.
 */
import { isoWithOffset, offsetMinutesAt, parseInstantWithOffset } from '../../../shared/time';

/** `2022-11-12 16:00 +07:00` for 1668243600 in Asia/Bangkok. */
export function localTimeText(seconds: number, zone: string): string {
  const iso = isoWithOffset(seconds, zone);
  const time = iso.slice(11, 19);
  const offset = iso.slice(19);
  return `${iso.slice(0, 10)} ${time.endsWith(':00') ? time.slice(0, 5) : time} ${offset === 'Z' ? '+00:00' : offset}`;
}

/** `2022-11-12 09:00:00 UTC`. */
export function utcText(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The seeds' UTC text (`2022-12-31 17:00:00`) as seconds; null when it is not one. */
export function seedUtcSeconds(text: string): number | null {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(text);
  if (!match) return null;
  const ms = Date.parse(`${match[1]}T${match[2]}Z`);
  return Number.isNaN(ms) ? null : ms / 1000;
}

export function LocalTime({ seconds, zone }: { seconds: number; zone: string }) {
  return (
    <time dateTime={new Date(seconds * 1000).toISOString()} title={utcText(seconds)}>
      {localTimeText(seconds, zone)}
    </time>
  );
}

/** A UTC instant in the seeds' text, shown as LocalTime (the text itself when it is not one). */
export function SeedTime({ text, zone }: { text: string; zone: string }) {
  const seconds = seedUtcSeconds(text);
  return seconds === null ? <>{text}</> : <LocalTime seconds={seconds} zone={zone} />;
}

/**
 * An instant as the API writes it, ISO 8601 with its offset (`2022-01-02T17:00:00.000+00:00`,
 * `2022-01-03T00:00:00+07:00`) or the seeds' UTC text, as seconds; null when it is neither.
 */
export function instantSeconds(text: string): number | null {
  return seedUtcSeconds(text) ?? parseInstantWithOffset(text);
}

/** An instant the API wrote (see instantSeconds) as LocalTime; the text itself when it is not one. */
export function InstantTime({ text, zone }: { text: string; zone: string }) {
  const seconds = instantSeconds(text);
  return seconds === null ? <>{text}</> : <LocalTime seconds={seconds} zone={zone} />;
}

/** `UTC+07:00` for 420 minutes, `UTC−03:30` for -210. */
function utcOffsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `UTC${minutes < 0 ? '−' : '+'}${hhmm}`;
}

/**
 * The zone named with its offset: `Asia/Bangkok (UTC+07:00)`; a zone that changes its clocks gives
 * both offsets of the year of `seconds` (`Europe/Berlin (UTC+01:00, UTC+02:00 in summer)`).
 */
export function zoneText(zone: string, seconds = Math.floor(Date.now() / 1000)): string {
  const year = new Date(seconds * 1000).getUTCFullYear();
  const january = offsetMinutesAt(Date.UTC(year, 0, 15) / 1000, zone);
  const july = offsetMinutesAt(Date.UTC(year, 6, 15) / 1000, zone);
  if (january === july) return `${zone} (${utcOffsetText(january)})`;
  // The summer is the half of the year with the larger offset (July north of the equator, January south).
  const [winter, summer] = january < july ? [january, july] : [july, january];
  return `${zone} (${utcOffsetText(winter)}, ${utcOffsetText(summer)} in summer)`;
}

/** The line under a screen's heading that names, once, the zone its times are shown in. */
export function ZoneNote({ zone }: { zone: string }) {
  return (
    <p className="muted zone-note" data-testid="zone-note">
      Times in {zoneText(zone)}; the UTC instant on hover.
    </p>
  );
}

const isoDay = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar day `days` after `day` (`YYYY-MM-DD`); null when `day` is not a date. */
function dayPlus(day: string, days: number): string | null {
  const match = isoDay.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const at = new Date(Date.UTC(year, month - 1, date));
  if (at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== date) return null;
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/**
 * The day after an inclusive last day (`2022-01-31` → `2022-02-01`): the exclusive end the API
 * takes. People read "from 1 to 31 January" as both days included; the ledger's ranges end
 * before their end (a day's hours are [00:00, next 00:00)). Text that is not a date is returned
 * as it is, for the API to name.
 */
export function exclusiveEndOf(lastDay: string): string {
  return dayPlus(lastDay, 1) ?? lastDay;
}

/** The inclusive last day of a range the API ends before `end` (`2022-02-01` → `2022-01-31`). */
export function lastDayBefore(end: string): string {
  return dayPlus(end, -1) ?? end;
}

/**
 * A span of instants [from, to) as people read it: local days, both included, when both ends are
 * local midnights (`2022-10-01 – 2022-10-31`; one day alone, `2022-10-12`), else both instants
 * with the zone's offset.
 */
export function localSpanText(from: number, to: number, zone: string): string {
  const start = localTimeText(from, zone);
  const end = localTimeText(to, zone);
  const midnight = (text: string) => text.slice(11, 16) === '00:00' && text.length <= 23;
  if (midnight(start) && midnight(end) && to > from) {
    const last = lastDayBefore(end.slice(0, 10));
    return last === start.slice(0, 10) ? last : `${start.slice(0, 10)} – ${last}`;
  }
  return `${start} – ${end}`;
}

/**
 * A local day's input, typed as the app writes days (`YYYY-MM-DD`), never in the browser's locale
 * (a date picker shows `10/12/2022` to one person and `12/10/2022` to another).
 */
export const dayInput = {
  type: 'text',
  placeholder: 'YYYY-MM-DD',
  inputMode: 'numeric',
  pattern: '\\d{4}-\\d{2}-\\d{2}',
  size: 11,
} as const;
