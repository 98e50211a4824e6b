/**
 * The runs of a month on the settlement screen, newest first: identity, time, status, engine, the
 * manifest (the input files it was settled from), and a published run's audit pack.
 */
import { useState } from 'react';

import type { RunDto } from '../../../../shared/contract';
import { useClient } from '../../client-context';
import { SeedTime } from '../../components/LocalTime';
import { saveBase64File } from '../../download';
import { formatNumber } from '../../format';

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

export function RunsTable({ runs, zone }: { runs: RunDto[]; zone: string }) {
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
