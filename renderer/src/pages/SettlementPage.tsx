/**
 * Settling a month from the app: pick the month, settle (gaps allowed or
 * not), watch its stages, read the outcome; a refusal lists the meter-hours
 * without readings. Then every settled month, marked when its inputs changed
 * since its run in force (settle it again from there). Below, every run of
 * the month: identity, time, status, engine, and its manifest (the input
 * files it was settled from).
 * This file loads the screen's data; its parts are in renderer/src/pages/settlement/.
 */
import { useEffect, useState } from 'react';

import { useClient } from '../client-context';
import { ZoneNote } from '../components/LocalTime';
import { SettlementStatusTable } from '../components/SettlementStatus';
import { ErrorLine, Loading } from '../components/Status';
import { useResult } from '../hooks';
import { monthTitle } from '../router';

import { MonthClose } from './MonthClose';
import { CompareRuns } from './settlement/CompareRuns';
import { RunsTable } from './settlement/RunsTable';
import { SettleCard } from './settlement/SettleCard';
import { useSettle } from './settlement/useSettle';

export function SettlementPage({
  month: shownMonth,
  onSettled,
}: {
  /** The month the app shows (the route's, the header's, or the workspace's own). */
  month: string;
  /** A settlement ended (published, held or refused). */
  onSettled?: () => void;
}) {
  const client = useClient();
  const [month, setMonth] = useState(shownMonth);
  // The header's month changed, or the route names another: the screen moves to it.
  useEffect(() => setMonth(shownMonth), [shownMonth]);
  const [generation, setGeneration] = useState(0);
  const [closeMessage, setCloseMessage] = useState<string | null>(null);
  const runs = useResult(`runs:${month}:${generation}`, () =>
    client['runs:list']({ month, withManifest: true }),
  );
  // Which settled months need settling again, read again after every settlement, close or accept.
  const statuses = useResult(`settlement-status:${generation}`, () => client['settlement:status']({}));
  const summary = useResult('workspace:summary', () => client['workspace:summary']({}));
  // Whether the month has meter data: Settle is offered only when it has.
  const readiness = useResult(`months-readiness:${month}:${generation}`, () =>
    client['months:readiness']({ month }),
  );
  // Times are shown in the workspace's zone (UTC until it is known), money in its currency.
  const zone = summary.status === 'ok' ? summary.value.timezone : 'UTC';
  const currency = summary.status === 'ok' ? summary.value.currency : 'THB';
  const selected = statuses.status === 'ok' ? statuses.value.find((s) => s.month === month) : undefined;
  const settling = useSettle({ month, setMonth, refresh: () => setGeneration((g) => g + 1), onSettled });
  const { busy, settle } = settling;

  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">Settlement</h1>
        <span className="muted">hour by hour, month by month</span>
      </div>
      <ZoneNote zone={zone} />
      <SettleCard
        month={month}
        setMonth={setMonth}
        readiness={readiness}
        selected={selected}
        settling={settling}
      />
      <div className="card">
        <h2>Settled months</h2>
        {statuses.status === 'loading' ? <Loading>Checking each settled month’s inputs…</Loading> : null}
        {statuses.status === 'error' ? <ErrorLine error={statuses.error} /> : null}
        {statuses.status === 'ok' && statuses.value.length === 0 ? <p>No month settled yet.</p> : null}
        {statuses.status === 'ok' && statuses.value.length > 0 ? (
          <SettlementStatusTable
            statuses={statuses.value}
            zone={zone}
            busy={busy}
            onOpen={setMonth}
            onSettle={(target) => void settle(target)}
          />
        ) : null}
      </div>
      <div className="card">
        <h2>Runs of {monthTitle(month)}</h2>
        {runs.status === 'loading' ? <Loading>Loading runs…</Loading> : null}
        {runs.status === 'error' ? <ErrorLine error={runs.error} /> : null}
        {runs.status === 'ok' && runs.value.length === 0 ? <p>No run yet.</p> : null}
        {runs.status === 'ok' && runs.value.length > 0 ? <RunsTable runs={runs.value} zone={zone} /> : null}
      </div>
      {runs.status === 'ok' && runs.value.some((r) => r.status === 'published') ? (
        <MonthClose
          month={month}
          runs={runs.value}
          currency={currency}
          onChange={(message) => {
            setCloseMessage(message);
            setGeneration((g) => g + 1);
          }}
        />
      ) : null}
      {closeMessage ? (
        <p className="status status-ok" role="status" data-testid="close-outcome">
          {closeMessage}
        </p>
      ) : null}
      {runs.status === 'ok' && runs.value.filter((r) => r.status === 'published').length > 1 ? (
        <CompareRuns
          runs={runs.value.filter((r) => r.status === 'published')}
          zone={zone}
          currency={currency}
        />
      ) : null}
    </section>
  );
}
