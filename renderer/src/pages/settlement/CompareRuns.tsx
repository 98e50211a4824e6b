/**
 * Two published runs of a month compared on the settlement screen: the inputs that changed, and
 * every month total and line that moved, in kWh and in the currency.
 */
import { useEffect, useState } from 'react';

import type { OperationError, RunDiffDto, RunDto } from '../../../../shared/contract';
import { useClient } from '../../client-context';
import { DataTable } from '../../components/DataTable';
import { InstantTime, localTimeText, seedUtcSeconds } from '../../components/LocalTime';
import { ErrorLine } from '../../components/Status';
import { energyFoot, moneyFoot, showFooted } from '../../components/TableFoot';
import { formatNumber } from '../../format';

/** When a run was made, as an option of a list can show it (text only): local time with its offset. */
function runCreatedText(run: RunDto, zone: string): string {
  const seconds = seedUtcSeconds(run.createdAt);
  return seconds === null ? run.createdAt : localTimeText(seconds, zone);
}

/**
 * Two runs of the month side by side: the inputs that changed and every figure that moved, in
 * kWh to 3 decimals and in the currency's minor unit; each figure column foots.
 */
export function CompareRuns({ runs, zone, currency }: { runs: RunDto[]; zone: string; currency: string }) {
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
