/**
 * Month close on the Settlement screen: closing the month (its statements become final),
 * after a confirmation that names the month, the run its statements keep, and any earlier
 * month with data still open (closing past one is only done when the user ticks that it is
 * out of order); and, for a closed month, the runs held since: preview each participant's
 * prior-period adjustment (in the currency's minor unit, the table footing), then accept.
 */
import { useState } from 'react';

import type { AcceptRunDto, OperationError, RunDto } from '../../../shared/contract';
import { useClient } from '../client-context';
import { ConfirmDialog, useConfirmedOperation } from '../components/ConfirmDialog';
import { DataTable } from '../components/DataTable';
import { ErrorLine, Loading } from '../components/Status';
import { moneyFoot } from '../components/TableFoot';
import { useResult } from '../hooks';
import { monthTitle } from '../router';

export function MonthClose({
  month,
  runs,
  currency,
  onChange,
}: {
  month: string;
  runs: RunDto[];
  /** The workspace's currency: the adjustments are shown in its minor unit. */
  currency: string;
  /** Told what was done; the runs are read again (this card is drawn anew, so the parent keeps the message). */
  onChange: (message: string) => void;
}) {
  const client = useClient();
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [preview, setPreview] = useState<AcceptRunDto | null>(null);
  const [error, setError] = useState<OperationError | null>(null);
  const closedOn = runs.find((r) => r.closesMonth);
  const inForce = runs.find((r) => r.isLatest);
  const money = moneyFoot(currency);
  const pending = runs.filter((r) => r.held === 'pending').sort((a, b) => b.id - a.id)[0];
  const accept = async (dryRun: boolean) => {
    if (!pending) return;
    setError(null);
    const result = await client['runs:accept']({ runId: pending.id, dryRun });
    if (!result.ok) return setError(result.error);
    setPreview(result.value);
    if (!dryRun) {
      onChange(
        `Run ${result.value.runId} accepted: ${result.value.adjustments.length} prior-period adjustment(s) on the statements of ${monthTitle(result.value.appliedMonth)}.`,
      );
    }
  };
  return (
    <div className="card" data-testid="month-close">
      <h2>Month close</h2>
      {closedOn ? (
        <p data-testid="month-closed">
          {monthTitle(month)} is <strong>closed</strong> on run #{closedOn.id}: its statements are final.
          Settling it again makes a held run, applied only once accepted.
        </p>
      ) : (
        <div className="row">
          <label className="field">
            <span className="field-label">Note (optional)</span>
            <input aria-label="Close note" value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button
            type="button"
            className="primary"
            onClick={() => {
              setError(null);
              setConfirming(true);
            }}
          >
            Close {monthTitle(month)}
          </button>
        </div>
      )}
      {confirming && !closedOn ? (
        <CloseMonthDialog
          month={month}
          inForceRunId={inForce?.id ?? null}
          note={note}
          onCancel={() => setConfirming(false)}
          onClosed={(message) => {
            setConfirming(false);
            onChange(message);
          }}
        />
      ) : null}
      {pending ? (
        <div data-testid="held-run">
          <p>
            Run #{pending.id} is held: it changes nothing until accepted. Accepting it puts each participant’s
            difference on the next open month’s statement.
          </p>
          <div className="row">
            <button type="button" onClick={() => void accept(true)}>
              Preview adjustments
            </button>
            <button type="button" className="primary" onClick={() => void accept(false)}>
              Accept run #{pending.id}
            </button>
          </div>
        </div>
      ) : null}
      {preview ? (
        <DataTable
          testId="adjustments-table"
          caption={`${preview.accepted ? 'Recorded' : 'Would record'}: run ${preview.fromRunId} → run ${preview.runId}, on the statements of ${preview.appliedMonth}`}
          fileName={`adjustments-${preview.month}-run${preview.runId}`}
          rows={preview.adjustments}
          rowKey={(a) => a.participantId}
          columns={[
            {
              key: 'p',
              label: 'Participant',
              header: true,
              value: (a) => a.participantId,
              render: (a) => a.name,
            },
            { key: 'b', label: 'Statement before', foot: money, value: (a) => a.before },
            { key: 'a', label: 'After', foot: money, value: (a) => a.after },
            { key: 'd', label: 'Adjustment', foot: money, value: (a) => a.amount },
          ]}
        />
      ) : null}
      {error ? <ErrorLine error={error} /> : null}
    </div>
  );
}

/**
 * The confirmation before a month is closed: what becomes final, and the earlier months with
 * data still open (read from months:list when it opens). Closing past them needs the
 * out-of-order box ticked; Cancel (or Escape) closes nothing.
 */
function CloseMonthDialog({
  month,
  inForceRunId,
  note,
  onCancel,
  onClosed,
}: {
  month: string;
  inForceRunId: number | null;
  note: string;
  onCancel: () => void;
  onClosed: (message: string) => void;
}) {
  const client = useClient();
  const [outOfOrder, setOutOfOrder] = useState(false);
  const months = useResult(`months-before-close:${month}`, () => client['months:list']({}));
  const { busy, error, confirm } = useConfirmedOperation(
    () => client['months:close']({ month, ...(note ? { note } : {}), outOfOrder }),
    (closed) =>
      onClosed(
        `${month} closed on run ${closed.runId}: its statements are final.${
          closed.outOfOrder ? ` Closed out of order: ${closed.earlierOpen.join(', ')} still open.` : ''
        }`,
      ),
  );
  const status = months.status === 'ok' ? months.value.find((m) => m.month === month) : undefined;
  const earlierOpen = status?.earlierOpen ?? [];
  const runId = status?.inForceRunId ?? inForceRunId;
  const title = monthTitle(month);
  const ready = months.status === 'ok' && !busy && (earlierOpen.length === 0 || outOfOrder);
  return (
    <ConfirmDialog
      titleId="close-month-title"
      testId="close-month-dialog"
      title={`Close ${title}?`}
      onCancel={onCancel}
    >
      <p>Once closed, this is final:</p>
      <ul>
        <li>
          {title}’s statements carry {runId !== null ? <strong>run #{runId}</strong> : 'the run'}, the run in
          force, for good.
        </li>
        <li>The invoice and credit-note numbers its statements were given stay as they are.</li>
        <li>
          Settling {title} again later makes a held run; once accepted, its differences go as prior-period
          adjustments onto the statements of the next open month.
        </li>
      </ul>
      {months.status === 'loading' ? <Loading>Checking earlier months…</Loading> : null}
      {months.status === 'error' ? <ErrorLine error={months.error} /> : null}
      {earlierOpen.length > 0 ? (
        <div data-testid="earlier-open">
          <p>
            Earlier months with data are still open: <strong>{earlierOpen.map(monthTitle).join(', ')}</strong>
            . Months are closed in order unless you say otherwise; the audit log records it.
          </p>
          <label className="checkbox">
            <input type="checkbox" checked={outOfOrder} onChange={(e) => setOutOfOrder(e.target.checked)} />{' '}
            Close out of order (earlier months are still open)
          </label>
        </div>
      ) : null}
      {error ? <ErrorLine error={error} /> : null}
      <div className="row">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={!ready} onClick={() => void confirm()}>
          {busy ? 'Closing…' : 'Confirm'}
        </button>
      </div>
    </ConfirmDialog>
  );
}
