/**
 * Hash routes, as pure functions (no DOM) so deep links are unit-tested.
 *
 *   #/                          home (overview)
 *   #/participants              participant list
 *   #/settlement, #/imports     screens still to come
 *   #/prosumer/:id              a prosumer, in the month last chosen
 *   #/prosumer/:id/:yyyy-mm     a prosumer in one month
 *   #/consumer/:id[/:yyyy-mm]   the same for a consumer
 *
 * Anything else is a not-found route that carries the path it could not read.
 */
import { DateTime } from 'luxon';

export type Role = 'prosumer' | 'consumer';

export type Route =
  | { kind: 'home' }
  | { kind: 'participants' }
  | { kind: 'settlement' }
  | { kind: 'imports' }
  | { kind: 'participant'; role: Role; id: string; month: string | null }
  | { kind: 'not-found'; path: string };

export const DEFAULT_MONTH = '2022-01';

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(text: string): boolean {
  return monthPattern.test(text);
}

function isRole(text: string): text is Role {
  return text === 'prosumer' || text === 'consumer';
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  const notFound: Route = { kind: 'not-found', path: `/${path}` };
  if (path === '') return { kind: 'home' };
  let segments: string[];
  try {
    segments = path.split('/').map((segment) => decodeURIComponent(segment));
  } catch {
    return notFound;
  }
  const [first, id, month, ...extra] = segments;
  if (first === undefined || extra.length > 0) return notFound;
  if (id === undefined) {
    if (first === 'participants') return { kind: 'participants' };
    if (first === 'settlement') return { kind: 'settlement' };
    if (first === 'imports') return { kind: 'imports' };
    return notFound;
  }
  if (!isRole(first) || !idPattern.test(id) || id.length > 100) return notFound;
  if (month === undefined) return { kind: 'participant', role: first, id, month: null };
  if (!isMonth(month)) return notFound;
  return { kind: 'participant', role: first, id, month };
}

/** The hash (with its leading `#`) of a route; `parseRoute(formatRoute(r))` gives `r` back. */
export function formatRoute(route: Route): string {
  switch (route.kind) {
    case 'home':
      return '#/';
    case 'participants':
    case 'settlement':
    case 'imports':
      return `#/${route.kind}`;
    case 'participant': {
      const base = `#/${route.role}/${encodeURIComponent(route.id)}`;
      return route.month ? `${base}/${route.month}` : base;
    }
    case 'not-found':
      return `#${route.path}`;
  }
}

export function participantHref(role: Role, id: string, month: string | null): string {
  return formatRoute({ kind: 'participant', role, id, month });
}

/** First and last day (`YYYY-MM-DD`, both inclusive) of a month `YYYY-MM`. */
export function monthBounds(month: string): { from: string; to: string } {
  if (!isMonth(month)) throw new RangeError(`"${month}" is not a month YYYY-MM`);
  const start = DateTime.fromISO(`${month}-01`, { zone: 'UTC' });
  return { from: `${month}-01`, to: start.endOf('month').toISODate() ?? `${month}-28` };
}

/** The month `delta` months after `month` (negative: before). */
export function shiftMonth(month: string, delta: number): string {
  if (!isMonth(month)) throw new RangeError(`"${month}" is not a month YYYY-MM`);
  return DateTime.fromISO(`${month}-01`, { zone: 'UTC' }).plus({ months: delta }).toFormat('yyyy-MM');
}

/** "January 2022" for `2022-01`. */
export function monthTitle(month: string): string {
  if (!isMonth(month)) return month;
  return DateTime.fromISO(`${month}-01`, { zone: 'UTC' }).setLocale('en-GB').toFormat('LLLL yyyy');
}
