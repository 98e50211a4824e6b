/**
 * Which settled months need settling again (issue 18): each month's run in force against the
 * current inputs, from `settlement:status`, worded here from its facts (imports added or no
 * longer used, plans, prices…). A month whose inputs changed is marked, with a button that
 * settles it again.
 */
import type { RunSourceDto, SettlementStatusDto } from '../../../shared/contract';
import { monthTitle } from '../router';

import { SeedTime } from './LocalTime';

const imports = (sources: RunSourceDto[]) => sources.map((s) => `#${s.importId} ${s.fileName}`).join(', ');

/** What changed since the month's run, in a sentence's words. */
export function changesSince(status: SettlementStatusDto): string {
  const { changes } = status;
  const named = changes.importsAdded.length + changes.importsRemoved.length;
  const parts = [
    ...(changes.importsAdded.length
      ? [`${changes.importsAdded.length} import(s) added (${imports(changes.importsAdded)})`]
      : []),
    ...(changes.importsRemoved.length
      ? [`${changes.importsRemoved.length} import(s) no longer used (${imports(changes.importsRemoved)})`]
      : []),
    // Readings and prices that moved with the imports named are not named again.
    ...changes.inputs
      .filter((c) => named === 0 || !['nets', 'gaps', 'marketPrices'].includes(c.input))
      .map((c) => c.what),
    ...(changes.engineVersion ? [`engine ${changes.engineVersion.run} → ${changes.engineVersion.now}`] : []),
  ];
  return `inputs changed since run ${status.runId}: ${parts.join('; ') || 'the settlement options'}`;
}

/** The month's status in a line: what a person does next. */
export function statusLine(status: SettlementStatusDto): string {
  switch (status.status) {
    case 'current':
      return `Run ${status.runId} is settled on the current inputs.`;
    case 'changed':
      return `${changesSince(status)}; settle again.`;
    case 'held':
      return `${changesSince(status)}; settled again as run ${status.heldRunId ?? '?'}, held until it is accepted.`;
    case 'unknown':
      return `Cannot tell whether run ${status.runId} still stands: ${status.problem ?? ''}`;
  }
}

/** The selected month's mark, above its Settle button, when its inputs changed. */
export function StaleMonthNotice({ status }: { status: SettlementStatusDto | undefined }) {
  if (!status || status.status === 'current') return null;
  return (
    <p className="callout callout-warning" role="status" data-testid="month-stale">
      <strong>{monthTitle(status.month)}:</strong> {statusLine(status)}
    </p>
  );
}

export function SettlementStatusTable({
  statuses,
  zone,
  busy,
  onOpen,
  onSettle,
}: {
  statuses: SettlementStatusDto[];
  /** The workspace's timezone, for when each run was made. */
  zone: string;
  busy: boolean;
  onOpen: (month: string) => void;
  onSettle: (month: string) => void;
}) {
  const stale = statuses.filter((s) => s.status === 'changed').length;
  return (
    <table className="table compact" data-testid="settlement-status">
      <caption>
        {stale === 0
          ? 'Every settled month is settled on the current inputs.'
          : `${stale} month(s) need settling again: their inputs changed since their run in force.`}
      </caption>
      <thead>
        <tr>
          <th scope="col">Month</th>
          <th scope="col">Run in force</th>
          <th scope="col">Inputs</th>
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {statuses.map((status) => (
          <tr key={status.month} data-month={status.month} data-status={status.status}>
            <th scope="row">
              <button type="button" className="link-button" onClick={() => onOpen(status.month)}>
                {monthTitle(status.month)}
              </button>
            </th>
            <td>
              #{status.runId}{' '}
              <span className="muted">
                <SeedTime text={status.runCreatedAt} zone={zone} />
              </span>
            </td>
            <td>
              {status.status === 'current' ? (
                <span className="chip chip-published">as settled</span>
              ) : (
                <span className="chip chip-stale" data-testid="stale-mark">
                  {status.status === 'held' ? 'settled again, held' : 'inputs changed'}
                </span>
              )}{' '}
              {status.status === 'current' ? null : <span>{statusLine(status)}</span>}
            </td>
            <td>
              {status.status === 'changed' ? (
                <button type="button" disabled={busy} onClick={() => onSettle(status.month)}>
                  Settle {monthTitle(status.month)} again
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
