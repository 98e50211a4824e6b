/**
 * Settling a month from the app: pick the month, settle (gaps allowed or
 * not), watch its stages, read the outcome; a refusal lists the meter-hours
 * without readings. Then every settled month, marked when its inputs changed
 * since its run in force (settle it again from there). Below, every run of
 * the month: identity, time, status, engine, and its manifest (the input
 * files it was settled from).
 */
import { useEffect, useState } from 'react';

import type {
  OperationError,
  RunDiffDto,
  RunDto,
  SettleOutcomeDto,
  SettleProgress,
} from '../../../shared/contract';
import { useClient } from '../client-context';
import { DataTable } from '../components/DataTable';
import { InstantTime, localTimeText, SeedTime, seedUtcSeconds, ZoneNote } from '../components/LocalTime';
import { SettlementStatusTable, StaleMonthNotice } from '../components/SettlementStatus';
import { ErrorLine, Loading } from '../components/Status';
import { energyFoot, moneyFoot, showFooted } from '../components/TableFoot';
import { saveBase64File } from '../download';
import { formatNumber } from '../format';
import { useResult } from '../hooks';
import { isMonth, monthTitle } from '../router';

import { MonthClose } from './MonthClose';

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
  const [allowGaps, setAllowGaps] = useState(false);
  const [progress, setProgress] = useState<SettleProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<SettleOutcomeDto | null>(null);
  const [error, setError] = useState<OperationError | null>(null);
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
  const noData = readiness.status === 'ok' && !readiness.value.hasData;
  // Times are shown in the workspace's zone (UTC until it is known), money in its currency.
  const zone = summary.status === 'ok' ? summary.value.timezone : 'UTC';
  const currency = summary.status === 'ok' ? summary.value.currency : 'THB';
  const selected = statuses.status === 'ok' ? statuses.value.find((s) => s.month === month) : undefined;

  const settle = async (target = month) => {
    setMonth(target);
    setBusy(true);
    setOutcome(null);
    setError(null);
    setProgress(null);
    const result = await client.settleWithProgress(target, allowGaps, setProgress);
    setBusy(false);
    if (result.ok) setOutcome(result.value);
    else setError(result.error);
    setGeneration((g) => g + 1);
    onSettled?.();
  };

  const gaps = error?.fields?.gaps ?? [];
  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">Settlement</h1>
        <span className="muted">hour by hour, month by month</span>
      </div>
      <ZoneNote zone={zone} />
      <div className="card">
        <h2>Settle a month</h2>
        <div className="form-row">
          <label className="field">
            <span className="field-label">Month</span>
            <input
              type="month"
              aria-label="Month to settle"
              value={month}
              onChange={(event) => {
                if (isMonth(event.target.value)) setMonth(event.target.value);
              }}
            />
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={allowGaps}
              onChange={(event) => setAllowGaps(event.target.checked)}
            />{' '}
            count missing readings as zero (flagged)
          </label>
          <button
            type="button"
            className="primary"
            disabled={busy || readiness.status !== 'ok' || noData}
            onClick={() => void settle()}
          >
            {busy ? 'Settling…' : `Settle ${monthTitle(month)}`}
          </button>
        </div>
        {readiness.status === 'ok' ? (
          <p className={noData ? 'status' : 'muted'} data-testid="month-readiness">
            {readiness.value.message}
            {noData ? (
              <>
                {' '}
                <a href="#/imports">Go to Imports</a>
              </>
            ) : null}
          </p>
        ) : null}
        {readiness.status === 'error' ? <ErrorLine error={readiness.error} /> : null}
        <StaleMonthNotice status={selected} />
        {busy || progress ? (
          <div className="progress-line" role="status" aria-live="polite" data-testid="settle-progress">
            <progress
              max={progress?.steps ?? 5}
              value={progress?.step ?? undefined}
              aria-label="Settlement progress"
            />
            <span>{progress ? `${progress.step}/${progress.steps} ${progress.stage}` : 'starting…'}</span>
          </div>
        ) : null}
        {outcome ? (
          <p
            className={`status ${outcome.status === 'published' ? 'status-ok' : ''}`}
            data-testid="settle-outcome"
          >
            {outcomeText(outcome)}
          </p>
        ) : null}
        {error ? (
          <ErrorLine
            title="Not settled"
            error={gaps.length > 0 ? gapsText(month, gaps.length) : error.message}
          />
        ) : null}
        {gaps.length > 0 ? (
          <details open>
            <summary>{formatNumber(gaps.length, 0)} meter-hour(s) without a reading</summary>
            <ul className="gap-list">
              {gaps.slice(0, 200).map((gap) => (
                <li key={gap}>{gap}</li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
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

/** The outcome in the screen's words: a held run is accepted below, not with a command. */
function outcomeText(outcome: SettleOutcomeDto): string {
  if (outcome.status !== 'held') return outcome.message;
  return `${outcome.month} is closed: run ${outcome.runId} is held and not applied until it is accepted (Preview adjustments, then Accept run, below); every statement stays as it was`;
}

/** A refusal for missing readings, naming the screen's own checkbox. */
function gapsText(month: string, count: number): string {
  return `${month}: ${formatNumber(count, 0)} meter-hour(s) have no reading. Import the missing readings, or tick “count missing readings as zero (flagged)” to settle with them counted as zero (their lines are flagged).`;
}

/** The run as an audit pack (made in the main process, checked to reproduce the run), saved as a zip. */
function AuditPackButton({ month, runId }: { month: string; runId: number }) {
  const client = useClient();
  const [state, setState] = useState<string | null>(null);
  const save = async () => {
    setState('Writing the pack and checking it reproduces the run…');
    const file = await client['audit-pack:get']({ month, runId });
    if (!file.ok) return setState(file.error.message);
    saveBase64File(file.value);
    setState(null);
  };
  return (
    <>
      <button type="button" className="link-button" onClick={() => void save()}>
        Audit pack
      </button>
      {state ? <span className="muted"> {state}</span> : null}
    </>
  );
}

function RunsTable({ runs, zone }: { runs: RunDto[]; zone: string }) {
  return (
    <table className="table" data-testid="runs-table">
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Status</th>
          <th scope="col">Settled at</th>
          <th scope="col">Identity</th>
          <th scope="col" className="num">
            Lines
          </th>
          <th scope="col">Engine</th>
          <th scope="col">Manifest</th>
        </tr>
      </thead>
      <tbody>
        {[...runs]
          .sort((a, b) => b.id - a.id)
          .map((run) => (
            <tr key={run.id}>
              <th scope="row">#{run.id}</th>
              <td>
                <span className={`chip chip-${run.status}`}>{run.status}</span>
                {run.isLatest ? <span className="chip"> in force</span> : null}
                {run.held ? (
                  <span className={`chip chip-${run.held}`}>
                    {' '}
                    {run.held === 'pending' ? 'held: awaiting acceptance' : run.held}
                  </span>
                ) : null}
                {run.closesMonth ? <span className="chip"> closed on this run</span> : null}
                {run.options.allowGaps ? <span className="chip"> gaps as zero</span> : null}
              </td>
              <td>
                <SeedTime text={run.createdAt} zone={zone} />
              </td>
              <td>
                <code title={run.identity}>{run.identity.slice(0, 12)}…</code>
              </td>
              <td className="num">{formatNumber(run.lines, 0)}</td>
              <td>{run.engineVersion}</td>
              <td>
                {run.status === 'published' ? <AuditPackButton month={run.month} runId={run.id} /> : null}
                <details>
                  <summary>sources</summary>
                  <pre className="manifest">{JSON.stringify(run.manifest, null, 2)}</pre>
                </details>
                {run.message ? <p className="muted">{run.message}</p> : null}
              </td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}

/** When a run was made, as an option of a list can show it (text only): local time with its offset. */
function runCreatedText(run: RunDto, zone: string): string {
  const seconds = seedUtcSeconds(run.createdAt);
  return seconds === null ? run.createdAt : localTimeText(seconds, zone);
}

/**
 * Two runs of the month side by side: the inputs that changed and every figure that moved, in
 * kWh to 3 decimals and in the currency's minor unit; each figure column foots.
 */
function CompareRuns({ runs, zone, currency }: { runs: RunDto[]; zone: string; currency: string }) {
  const client = useClient();
  // Earlier is the month's previous run and Later its latest, by run id (the order runs were
  // made), whatever order the list shows them in; chosen again when the month's runs change.
  const ids = runs.map((r) => r.id).sort((x, y) => x - y);
  const latest = ids[ids.length - 1]!;
  const previous = ids[ids.length - 2] ?? latest;
  const [a, setA] = useState(previous);
  const [b, setB] = useState(latest);
  const [diff, setDiff] = useState<RunDiffDto | null>(null);
  const [error, setError] = useState<OperationError | null>(null);
  useEffect(() => {
    setA(previous);
    setB(latest);
    setDiff(null);
  }, [previous, latest]);
  const compare = async () => {
    setError(null);
    const result = await client['runs:diff']({ a, b });
    if (!result.ok) return setError(result.error);
    setDiff(result.value);
  };
  const money = moneyFoot(currency);
  const runOptions = runs.map((r) => (
    <option key={r.id} value={r.id}>
      run {r.id} · {runCreatedText(r, zone)}
    </option>
  ));
  return (
    <div className="card" data-testid="compare-runs">
      <h2>Compare two runs</h2>
      <div className="row">
        <label className="field">
          <span className="field-label">Earlier run</span>
          <select aria-label="Run A" value={a} onChange={(e) => setA(Number(e.target.value))}>
            {runOptions}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Later run</span>
          <select aria-label="Run B" value={b} onChange={(e) => setB(Number(e.target.value))}>
            {runOptions}
          </select>
        </label>
        <button type="button" className="primary" onClick={() => void compare()}>
          Compare
        </button>
      </div>
      {error ? <ErrorLine error={error} /> : null}
      {diff ? (
        <div data-testid="run-diff">
          {diff.identical ? (
            <p>
              Runs {diff.a.id} and {diff.b.id} have the same identity: the same inputs, options and engine.
            </p>
          ) : (
            <>
              <h3>What changed in the inputs</h3>
              <ul data-testid="diff-inputs">
                {diff.inputs.changed.map((c) => (
                  <li key={c.input}>{c.what}</li>
                ))}
                {diff.inputs.importsAdded.map((s) => (
                  <li key={`added-${s.importId}`}>
                    import #{s.importId} {s.fileName} added
                  </li>
                ))}
                {diff.inputs.importsRemoved.map((s) => (
                  <li key={`removed-${s.importId}`}>
                    import #{s.importId} {s.fileName} no longer used
                  </li>
                ))}
                {diff.inputs.importsReplaced.map((r) => (
                  <li key={`replaced-${r.after.importId}`}>
                    {r.after.fileName}: import #{r.before.importId} replaced by #{r.after.importId}
                  </li>
                ))}
                {diff.inputs.engineVersion.changed ? (
                  <li>
                    engine {diff.inputs.engineVersion.a} → {diff.inputs.engineVersion.b}
                  </li>
                ) : null}
                {diff.inputs.optionsChanged ? <li>settlement options</li> : null}
                {diff.inputs.estimatesChanged ? <li>accounts’ estimated readings</li> : null}
                {diff.inputs.virtualMetersChanged ? <li>virtual meters</li> : null}
              </ul>
              <p data-testid="diff-summary">
                {formatNumber(diff.linesDiffering, 0)} line(s) in {formatNumber(diff.hoursDiffering, 0)}{' '}
                hour(s) differ, on {diff.days.join(', ')}; participants affected:{' '}
                {diff.participants.join(', ')}.
              </p>
              <DataTable
                compact
                testId="diff-totals"
                caption="Month totals that moved (each participant’s own; they are not added up across sides)"
                fileName={`runs-${diff.a.id}-${diff.b.id}-totals`}
                rows={diff.totals}
                rowKey={(t) => `${t.participantId}/${t.side}/${t.kind}`}
                columns={[
                  {
                    key: 'p',
                    label: 'Participant',
                    header: true,
                    value: (t) => t.participantId,
                    render: (t) => t.participantId,
                  },
                  {
                    key: 'k',
                    label: 'Line',
                    value: (t) => `${t.side} ${t.kind}`,
                    render: (t) => `${t.side} ${t.kind}`,
                  },
                  {
                    key: 'ea',
                    label: `kWh run ${diff.a.id}`,
                    numeric: true,
                    value: (t) => t.a.kWh,
                    render: (t) => showFooted(energyFoot, t.a.kWh),
                  },
                  {
                    key: 'eb',
                    label: `kWh run ${diff.b.id}`,
                    numeric: true,
                    value: (t) => t.b.kWh,
                    render: (t) => showFooted(energyFoot, t.b.kWh),
                  },
                  {
                    key: 'de',
                    label: 'Δ kWh',
                    numeric: true,
                    value: (t) => t.delta.kWh,
                    render: (t) => showFooted(energyFoot, t.delta.kWh),
                  },
                  {
                    key: 'dc',
                    label: 'Δ amount',
                    numeric: true,
                    value: (t) => t.delta.cost,
                    render: (t) => showFooted(money, t.delta.cost),
                  },
                ]}
              />
              <DataTable
                compact
                testId="diff-lines"
                caption={`Lines that differ${diff.lines.length < diff.linesDiffering ? ` (first ${diff.lines.length})` : ''}`}
                fileName={`runs-${diff.a.id}-${diff.b.id}-lines`}
                rows={diff.lines.map((l, i) => ({ ...l, i }))}
                rowKey={(l) => String(l.i)}
                columns={[
                  {
                    key: 'h',
                    label: 'Hour',
                    header: true,
                    value: (l) => l.localHour,
                    render: (l) => <InstantTime text={l.localHour} zone={zone} />,
                  },
                  { key: 'k', label: 'Kind', value: (l) => l.kind, render: (l) => l.kind },
                  {
                    key: 'g',
                    label: 'Generator',
                    value: (l) => l.generatorId ?? '',
                    render: (l) => l.generatorId ?? '',
                  },
                  {
                    key: 'c',
                    label: 'Consumer',
                    value: (l) => l.consumerId ?? '',
                    render: (l) => l.consumerId ?? '',
                  },
                  {
                    key: 'ea',
                    label: `kWh run ${diff.a.id}`,
                    numeric: true,
                    value: (l) => l.a.kWh,
                    render: (l) => showFooted(energyFoot, l.a.kWh),
                  },
                  {
                    key: 'eb',
                    label: `kWh run ${diff.b.id}`,
                    numeric: true,
                    value: (l) => l.b.kWh,
                    render: (l) => showFooted(energyFoot, l.b.kWh),
                  },
                  {
                    key: 'ca',
                    label: `amount run ${diff.a.id}`,
                    numeric: true,
                    value: (l) => l.a.cost,
                    render: (l) => showFooted(money, l.a.cost),
                  },
                  {
                    key: 'cb',
                    label: `amount run ${diff.b.id}`,
                    numeric: true,
                    value: (l) => l.b.cost,
                    render: (l) => showFooted(money, l.b.cost),
                  },
                ]}
              />
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}
