/**
 * The frame of a day or an hour page, generator's and consumer's alike: breadcrumbs, the
 * participant's name with what the page shows, previous and next links, and a card with
 * the loading and error lines, the run note (a day not yet settled offers to settle it; an
 * hour of a day whose settlement has no such local hour says so) and the role's own content.
 */
import type { ReactNode } from 'react';

import { ErrorLine, Loading } from '../../components/Status';
import type { AsyncState } from '../../hooks';
import { dayTitle, type Role } from '../../router';

import { Breadcrumbs, NotSettled, RunNote, usePainted, type Crumb } from './common';
import { DaySteps, HourSteps } from './StepNav';
import { routeHourLabel } from './steps';

/** An hour page's route: the local day, `HH`, and the offset when the hour occurs twice that day. */
export interface HourRoute {
  day: string;
  hour: string;
  offset?: string;
}

/**
 * The hour a route names among a settled day's hours (`null` until there are some), and once
 * found, the drill-down step to it is measured as painted.
 */
export function useRouteHour<H extends { localHour: string }>(
  hours: H[] | null,
  { day, hour, offset }: HourRoute,
): H | undefined {
  const match = hours?.find(
    (h) => h.localHour.slice(0, 13) === `${day}T${hour}` && (!offset || h.localHour.endsWith(offset)),
  );
  usePainted('hour', match !== undefined);
  return match;
}

/** The hour an hour page shows, as its route names it. */
export type FrameHour = Omit<HourRoute, 'day'>;

/** Who a day or hour page is about, and which day or hour: what the frame needs of both roles alike. */
export interface FramePage {
  role: Role;
  id: string;
  name: string;
  zone: string;
  day: string;
  crumbs: Crumb[];
  /** Given on an hour page. */
  hour?: FrameHour;
}

/**
 * A page's frame from its participant and route: the role's own breadcrumbs down to the day
 * (and the hour, on an hour page), so a day page and an hour page of either role say once
 * what they show.
 */
export function framePage(
  role: Role,
  crumbsOf: (id: string, month: string, day: string, hourLabel?: string) => Crumb[],
  { id, name, zone }: { id: string; name: string; zone: string },
  route: { day: string; hour?: string; offset?: string | undefined },
): FramePage {
  const { day, hour, offset } = route;
  const hourLabel = hour === undefined ? undefined : routeHourLabel(hour, offset);
  return {
    role,
    id,
    name,
    zone,
    day,
    crumbs: crumbsOf(id, day.slice(0, 7), day, hourLabel),
    ...(hour === undefined ? {} : { hour: { hour, ...(offset ? { offset } : {}) } }),
  };
}

export function DrillPageFrame({
  page: { role, id, name, zone, day, crumbs, hour },
  subtitle,
  hourMissing = false,
  tracking,
  children,
}: {
  page: FramePage;
  /** A day page's line beside the name (an hour page's names its hour). */
  subtitle?: ReactNode;
  /** The day is settled and has no such local hour (one a daylight-saving change skipped, say). */
  hourMissing?: boolean;
  /** The day's answer: its settlement state and the run it comes from. */
  tracking: AsyncState<{ settled: boolean; runId?: number }>;
  children: ReactNode;
}) {
  const month = day.slice(0, 7);
  const label = hour ? routeHourLabel(hour.hour, hour.offset) : null;
  const settled = tracking.status === 'ok' && tracking.value.settled ? tracking.value : null;
  return (
    <section className="page" aria-labelledby="page-title">
      <Breadcrumbs items={crumbs} />
      <div className="page-head">
        <h1 id="page-title">{name}</h1>
        <span className="muted">
          {hour ? (
            <>
              {dayTitle(day)}, {label} local time ({zone})
            </>
          ) : (
            subtitle
          )}
        </span>
      </div>
      {hour ? (
        <HourSteps role={role} id={id} day={day} hour={hour.hour} offset={hour.offset} zone={zone} />
      ) : (
        <DaySteps role={role} id={id} day={day} />
      )}
      <div className="card">
        {tracking.status === 'loading' ? (
          <Loading>{hour ? 'Loading the hour…' : <>Loading {dayTitle(day)}…</>}</Loading>
        ) : null}
        {tracking.status === 'error' ? (
          <ErrorLine title={`Could not load the ${hour ? 'hour' : 'day'}`} error={tracking.error} />
        ) : null}
        {!hour && tracking.status === 'ok' && !tracking.value.settled ? <NotSettled month={month} /> : null}
        {settled ? <RunNote month={month} runId={settled.runId} zone={zone} /> : null}
        {hour && hourMissing ? (
          <ErrorLine error={`${dayTitle(day)} has no local hour ${label} in ${zone}.`} />
        ) : null}
        {children}
      </div>
    </section>
  );
}
