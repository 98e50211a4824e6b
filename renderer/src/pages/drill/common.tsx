/**
 * What every level of the drill-down shares, generator's and consumer's alike:
 * breadcrumbs, the click-to-painted measure, the "not settled" line, previous
 * and next links, the note naming the run a page shows (and, for a closed month,
 * the run its final statement used), and a colour swatch for tables beside charts.
 */
import { useEffect, useState } from 'react';

import type { MonthStatusDto, Result } from '../../../../shared/contract';
import { useClient } from '../../client-context';
import { LocalTime, localTimeText, SeedTime, seedUtcSeconds } from '../../components/LocalTime';
import { ErrorLine } from '../../components/Status';
import { useResult } from '../../hooks';
import { monthTitle } from '../../router';

/** The meter type the drill-down shows (electricity). */
export const METER_TYPE = 1;

/** Marks the click that starts a drill-down step (measured until the next level is painted). */
export function markDrill(): void {
  performance.clearMarks('drill-click');
  performance.mark('drill-click');
}

/** Once `ready`, measures click → painted for this level (and the first chart after the page opened). */
export function usePainted(level: string, ready: boolean): void {
  useEffect(() => {
    if (!ready) return;
    const frame = requestAnimationFrame(() => {
      if (performance.getEntriesByName('drill-click', 'mark').length > 0) {
        performance.measure(`drill:${level}`, 'drill-click');
        performance.clearMarks('drill-click');
      }
      if (performance.getEntriesByName('first-chart', 'measure').length === 0)
        performance.measure('first-chart', { start: 0, end: performance.now() });
    });
    return () => cancelAnimationFrame(frame);
  }, [level, ready]);
}

export interface Crumb {
  label: string;
  href?: string;
}

export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumbs">
      <ol>
        {items.map((item, i) => (
          <li key={item.label}>
            {item.href && i < items.length - 1 ? (
              <a href={item.href} onClick={markDrill}>
                {item.label}
              </a>
            ) : (
              <span aria-current={i === items.length - 1 ? 'page' : undefined}>{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** A view's answer as the page reads it (the seed views answer their own envelope). */
export function unwrap<T>(result: Result<unknown>): Result<T> {
  return result as Result<T>;
}

export function NotSettled({ month }: { month: string }) {
  const client = useClient();
  const [state, setState] = useState<{ busy: boolean; message: string | null }>({
    busy: false,
    message: null,
  });
  // Settle is offered only when the month has meter data; else the page says to import it.
  const readiness = useResult(`months-readiness:${month}`, () => client['months:readiness']({ month }));
  const noData = readiness.status === 'ok' && !readiness.value.hasData;
  return (
    <div className="card" role="status" data-testid="not-settled">
      <p>
        {monthTitle(month)} is not settled yet.{' '}
        {noData ? (
          <>
            {readiness.value.message} <a href="#/imports">Go to Imports</a>
          </>
        ) : (
          <button
            type="button"
            disabled={state.busy || readiness.status !== 'ok'}
            onClick={async () => {
              setState({ busy: true, message: null });
              const result = await client['settlement:settle']({ month });
              if (result.ok) window.location.reload();
              else setState({ busy: false, message: result.error.message });
            }}
          >
            {state.busy ? 'Settling…' : 'Settle now'}
          </button>
        )}
      </p>
      {readiness.status === 'error' ? <ErrorLine error={readiness.error} /> : null}
      {state.message ? <ErrorLine error={state.message} /> : null}
    </div>
  );
}

/** ‹ previous · next › of one level (a day's days, an hour's hours), as links. */
export function StepLinks({
  unit,
  current,
  previous,
  next,
}: {
  /** What steps: "day", "hour". */
  unit: string;
  /** The page's own day or hour, between the links. */
  current: string;
  previous: { href: string; label: string };
  next: { href: string; label: string };
}) {
  return (
    <nav className="month-nav step-nav" aria-label={`Previous and next ${unit}`}>
      <a href={previous.href} rel="prev" data-testid={`previous-${unit}`} onClick={markDrill}>
        ‹ {previous.label}
      </a>
      <strong>{current}</strong>
      <a href={next.href} rel="next" data-testid={`next-${unit}`} onClick={markDrill}>
        {next.label} ›
      </a>
    </nav>
  );
}

/** The months' settlement state (months:list): which run each month is closed on and which is in force. */
export function useMonthStatuses() {
  const client = useClient();
  return useResult('months:list', () => client['months:list']({}));
}

/**
 * Which run a page's figures come from, and for a closed month which run its final statement
 * used: the run it was closed on (a re-settlement accepted since is in force, and shown, but
 * the statement keeps the closing run's figures plus any prior-period adjustment later).
 */
export function RunNote({ month, runId, zone }: { month: string; runId: number | undefined; zone: string }) {
  const statuses = useMonthStatuses();
  if (runId === undefined) return null;
  const status: MonthStatusDto | undefined =
    statuses.status === 'ok' ? statuses.value.find((m) => m.month === month) : undefined;
  const closed = status?.closed ?? null;
  return (
    <p className="muted run-note" data-testid="run-note" data-run={runId}>
      {closed ? (
        <>
          {monthTitle(month)} is closed. Shown: run #{runId}
          {runId === status?.inForceRunId ? ', the run in force' : ''}. Its final statement used run #
          {closed.runId}, the run it was closed on (<SeedTime text={closed.closedAt} zone={zone} />)
          {closed.runId === runId ? '' : '; the difference is a prior-period adjustment on a later statement'}
          .
        </>
      ) : (
        <>
          Shown: run #{runId}, {monthTitle(month)}’s run in force
          {status ? ' (the month is open: a new settlement replaces it)' : ''}.
        </>
      )}
    </p>
  );
}

/** A colour swatch beside a name (set through the DOM: the CSP refuses inline style attributes). */
export function Swatch({ color }: { color: string }) {
  return (
    <span
      className="swatch"
      aria-hidden="true"
      ref={(element) => {
        if (element) element.style.backgroundColor = color;
      }}
    />
  );
}

/**
 * One hour of the ledger (its start as the seeds write it, in UTC) as a person of the market reads
 * it: `2022-06-15 12:00 +07:00 to 13:00`, each end in the workspace's zone with UTC on hover.
 */
export function HourSpan({ start, zone }: { start: string; zone: string }) {
  const seconds = seedUtcSeconds(start);
  if (seconds === null) return <>{start}</>;
  return (
    <>
      <LocalTime seconds={seconds} zone={zone} /> to{' '}
      <time dateTime={new Date((seconds + 3600) * 1000).toISOString()}>
        {localTimeText(seconds + 3600, zone).slice(11, 16)}
      </time>
    </>
  );
}
