/**
 * Settling a month from the app: pick the month, settle (gaps allowed or
 * not), watch its stages, read the outcome; a refusal lists the meter-hours
 * without readings. Below, every run of the month: identity, time, status,
 * engine, and its manifest (the input files it was settled from).
 */
import { useState } from 'react';

import type { OperationError, RunDto, SettleOutcomeDto, SettleProgress } from '../../../shared/contract';
import { useClient } from '../client-context';
import { ErrorLine, Loading } from '../components/Status';
import { useResult } from '../hooks';
import { isMonth, monthTitle } from '../router';

export function SettlementPage({ month: initialMonth }: { month: string }) {
  const client = useClient();
  const [month, setMonth] = useState(initialMonth);
  const [allowGaps, setAllowGaps] = useState(false);
  const [progress, setProgress] = useState<SettleProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<SettleOutcomeDto | null>(null);
  const [error, setError] = useState<OperationError | null>(null);
  const [generation, setGeneration] = useState(0);
  const runs = useResult(`runs:${month}:${generation}`, () =>
    client['runs:list']({ month, withManifest: true }),
  );

  const settle = async () => {
    setBusy(true);
    setOutcome(null);
    setError(null);
    setProgress(null);
    const result = await client.settleWithProgress(month, allowGaps, setProgress);
    setBusy(false);
    if (result.ok) setOutcome(result.value);
    else setError(result.error);
    setGeneration((g) => g + 1);
  };

  const gaps = error?.fields?.gaps ?? [];
  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">Settlement</h1>
        <span className="muted">hour by hour, month by month</span>
      </div>
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
          <button type="button" className="primary" disabled={busy} onClick={settle}>
            {busy ? 'Settling…' : `Settle ${monthTitle(month)}`}
          </button>
        </div>
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
            {outcome.message}
          </p>
        ) : null}
        {error ? <ErrorLine title="Not settled" error={error.message} /> : null}
        {gaps.length > 0 ? (
          <details open>
            <summary>{gaps.length} meter-hour(s) without a reading</summary>
            <ul className="gap-list">
              {gaps.slice(0, 200).map((gap) => (
                <li key={gap}>{gap}</li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
      <div className="card">
        <h2>Runs of {monthTitle(month)}</h2>
        {runs.status === 'loading' ? <Loading>Loading runs…</Loading> : null}
        {runs.status === 'error' ? <ErrorLine error={runs.error} /> : null}
        {runs.status === 'ok' && runs.value.length === 0 ? <p>No run yet.</p> : null}
        {runs.status === 'ok' && runs.value.length > 0 ? <RunsTable runs={runs.value} /> : null}
      </div>
    </section>
  );
}

function RunsTable({ runs }: { runs: RunDto[] }) {
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
                {run.isLatest ? <span className="chip"> latest</span> : null}
                {run.options.allowGaps ? <span className="chip"> gaps as zero</span> : null}
              </td>
              <td>{run.createdAt}</td>
              <td>
                <code title={run.identity}>{run.identity.slice(0, 12)}…</code>
              </td>
              <td className="num">{run.lines}</td>
              <td>{run.engineVersion}</td>
              <td>
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
