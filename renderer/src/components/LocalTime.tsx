/**
 * An instant as a person of the market reads it: in the workspace's timezone with its offset,
 * `2022-11-12 16:00 +07:00` (seconds only when not zero), the UTC instant on hover. The API
 * gives instants in UTC (seconds, or the seeds' `YYYY-MM-DD HH:mm:ss`); this is where they are
 * worded for the screen.
 */
import { isoWithOffset } from '../../../shared/time';

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
