/**
 * Hash routes, as pure functions (no DOM) so deep links are unit-tested.
 *
 *   #/                          home (overview)
 *   #/participants              participant list
 *   #/settlement[/:yyyy-mm]     settling months, on the month named (else the month shown)
 *   #/imports                   the import wizard and log
 *   #/workspace                 the open workspace: open another, create one, recent ones
 *   #/workspace/definition      the market's definition editor (participants, meters, pools, plans)
 *   #/tariffs                   tariffs, accounts and the bill calculator
 *   #/accounts                  accounts (seed 002), their intervalization and reference data
 *   #/meters                    cost and consumption at any resolution; virtual meters (seeds 003, 004)
 *   #/audit                     the audit log
 *   #/receivables[/:id]         receivables and payables, overdue lists (of one participant)
 *   #/payments[/:id]            payments: record one, list them, undo one (of one participant)
 *   #/prosumer/:id              a prosumer's monthly revenue
 *   #/prosumer/:id/:yyyy-mm     a prosumer in one month
 *   #/prosumer/:id/:yyyy-mm-dd  one local day, hour by hour (24/7 CFE daily tracking)
 *   #/prosumer/:id/:yyyy-mm-ddTHH[±hh:mm]
 *                               one local hour's allocation lines; the UTC offset is
 *                               appended when the hour occurs twice (the autumn DST fold)
 *   #/consumer/:id[/:yyyy-mm]   the same for a consumer
 *
 * Anything else is a not-found route that carries the path it could not read.
 */
import { DateTime } from 'luxon';

export type Role = 'prosumer' | 'consumer';

export type Route =
  | { kind: 'home' }
  | { kind: 'participants' }
  | { kind: 'settlement'; month?: string }
  | { kind: 'imports' }
  | { kind: 'workspace' }
  | { kind: 'definition' }
  | { kind: 'tariffs' }
  | { kind: 'accounts' }
  | { kind: 'meters' }
  | { kind: 'audit' }
  | { kind: 'receivables'; participantId?: string }
  | { kind: 'payments'; participantId?: string }
  | {
      kind: 'participant';
      role: Role;
      id: string;
      month: string | null;
      /** A local day `YYYY-MM-DD` of the month (drill-down below the month). */
      day?: string;
      /** A local hour `HH` of the day, and its UTC offset `±hh:mm` when the hour is ambiguous. */
      hour?: string;
      offset?: string;
    }
  | { kind: 'not-found'; path: string };

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;
const dayPattern = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const hourPattern =
  /^(\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))T([01]\d|2[0-3])([+-](?:0\d|1[0-4]):[0-5]\d)?$/;

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
    if (first === 'workspace') return { kind: 'workspace' };
    if (first === 'tariffs') return { kind: 'tariffs' };
    if (first === 'accounts') return { kind: 'accounts' };
    if (first === 'meters') return { kind: 'meters' };
    if (first === 'audit') return { kind: 'audit' };
    if (first === 'receivables') return { kind: 'receivables' };
    if (first === 'payments') return { kind: 'payments' };
    return notFound;
  }
  if (first === 'workspace' && id === 'definition' && month === undefined) return { kind: 'definition' };
  if (first === 'settlement' && month === undefined)
    return isMonth(id) ? { kind: 'settlement', month: id } : notFound;
  if ((first === 'receivables' || first === 'payments') && month === undefined) {
    // Scoped to the participant chosen in the header.
    return idPattern.test(id) && id.length <= 100 ? { kind: first, participantId: id } : notFound;
  }
  if (!isRole(first) || !idPattern.test(id) || id.length > 100) return notFound;
  if (month === undefined) return { kind: 'participant', role: first, id, month: null };
  if (isMonth(month)) return { kind: 'participant', role: first, id, month };
  if (dayPattern.test(month) && DateTime.fromISO(month).isValid)
    return { kind: 'participant', role: first, id, month: month.slice(0, 7), day: month };
  const hour = hourPattern.exec(month);
  if (hour && DateTime.fromISO(hour[1]!).isValid) {
    return {
      kind: 'participant',
      role: first,
      id,
      month: hour[1]!.slice(0, 7),
      day: hour[1]!,
      hour: hour[2]!,
      ...(hour[3] ? { offset: hour[3] } : {}),
    };
  }
  return notFound;
}

/** The hash (with its leading `#`) of a route; `parseRoute(formatRoute(r))` gives `r` back. */
export function formatRoute(route: Route): string {
  switch (route.kind) {
    case 'home':
      return '#/';
    case 'participants':
    case 'imports':
    case 'workspace':
    case 'tariffs':
    case 'accounts':
    case 'meters':
    case 'audit':
      return `#/${route.kind}`;
    case 'settlement':
      return route.month ? `#/settlement/${route.month}` : '#/settlement';
    case 'definition':
      return '#/workspace/definition';
    case 'receivables':
    case 'payments':
      return route.participantId
        ? `#/${route.kind}/${encodeURIComponent(route.participantId)}`
        : `#/${route.kind}`;
    case 'participant': {
      const base = `#/${route.role}/${encodeURIComponent(route.id)}`;
      if (route.day && route.hour) return `${base}/${route.day}T${route.hour}${route.offset ?? ''}`;
      if (route.day) return `${base}/${route.day}`;
      return route.month ? `${base}/${route.month}` : base;
    }
    case 'not-found':
      return `#${route.path}`;
  }
}

export function participantHref(role: Role, id: string, month: string | null): string {
  return formatRoute({ kind: 'participant', role, id, month });
}

/** The Settlement screen on one month, `#/settlement/:yyyy-mm`. */
export function settlementHref(month: string): string {
  return formatRoute({ kind: 'settlement', month });
}

/** A local day of a participant, `#/prosumer/:id/:yyyy-mm-dd`. */
export function dayHref(role: Role, id: string, day: string): string {
  return formatRoute({ kind: 'participant', role, id, month: day.slice(0, 7), day });
}

/** A local hour of a participant; `offset` (`+07:00`) only when the hour is ambiguous. */
export function hourHref(role: Role, id: string, day: string, hour: string, offset?: string): string {
  return formatRoute({
    kind: 'participant',
    role,
    id,
    month: day.slice(0, 7),
    day,
    hour,
    ...(offset ? { offset } : {}),
  });
}

/** "12 Nov 2022" for `2022-11-12`. */
export function dayTitle(day: string): string {
  const parsed = DateTime.fromISO(day, { zone: 'UTC' });
  return parsed.isValid ? parsed.setLocale('en-GB').toFormat('d LLL yyyy') : day;
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
