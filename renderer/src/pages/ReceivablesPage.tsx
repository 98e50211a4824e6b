/**
 * Receivables both ways (issues 10 and 17), as a trader works them: as of a
 * date, what is owed to and by the market (totals, aging and per participant,
 * each table footing), the overdue list, and every issued statement with its
 * number, amount due, payments and what is outstanding, filtered by status and
 * sorted by any column. A statement opens to the exact amount and Rounding
 * behind its amount due; each participant's statement of account downloads as
 * PDF or CSV. The header's participant picker scopes the page to one participant.
 */
import { useMemo, useState } from 'react';

import type { ReceivableStatus } from '../../../shared/contract';
import { useClient } from '../client-context';
import { DataTable, type Column } from '../components/DataTable';
import { ReceivablesSummary } from '../components/ReceivablesSummary';
import { StatementDetail } from '../components/StatementDetail';
import { StatementFiles } from '../components/StatementFiles';
import { ErrorLine, Loading } from '../components/Status';
import { moneyFoot, showFooted } from '../components/TableFoot';
import { formatNumber } from '../format';
import { useResult } from '../hooks';
import {
  directionLabel,
  kindLabel,
  nameAndId,
  statementRows,
  STATUSES,
  type StatementRow,
} from '../receivables';

const rowId = (r: { participantId: string; month: string }) => `${r.participantId}/${r.month}`;

export function ReceivablesPage({ participantId }: { participantId: string | null }) {
  const client = useClient();
  const [asOf, setAsOf] = useState('');
  const [applied, setApplied] = useState('');
  const [status, setStatus] = useState<ReceivableStatus | ''>('');
  const [opened, setOpened] = useState<string | null>(null);
  const result = useResult(`receivables:${applied}:${participantId ?? ''}`, () =>
    client['receivables:list']({
      ...(applied ? { asOf: applied } : {}),
      ...(participantId ? { participantId } : {}),
    }),
  );
  const dto = result.status === 'ok' ? result.value : null;
  const rows = useMemo(() => (dto ? statementRows(dto) : []), [dto]);
  const shown = useMemo(() => (status ? rows.filter((r) => r.status === status) : rows), [rows, status]);
  const openRow = opened ? rows.find((r) => rowId(r) === opened) : undefined;

  return (
    <section className="page" data-testid="receivables-page">
      <h1>Receivables and payables</h1>
      <form
        className="row form-row"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(asOf);
        }}
      >
        <label className="field">
          <span className="field-label">As of (local date; empty = today)</span>
          <input type="date" aria-label="As of" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </label>
        <button type="submit" className="primary">
          Show
        </button>
        <label className="field">
          <span className="field-label">Status</span>
          <select
            aria-label="Status filter"
            value={status}
            onChange={(e) => setStatus(e.target.value as ReceivableStatus | '')}
          >
            <option value="">all</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </form>
      {participantId ? (
        <p className="muted" data-testid="receivables-scope">
          Only {dto?.participants[0]?.name ?? participantId}: choose “All participants” in the header to see
          everyone.
        </p>
      ) : null}
      {result.status === 'loading' ? <Loading>Reading statements and payments…</Loading> : null}
      {result.status === 'error' ? <ErrorLine error={result.error} /> : null}
      {dto ? (
        <>
          <ReceivablesSummary dto={dto} asOf={applied} />

          <h2>Overdue as of {dto.asOf}</h2>
          {dto.overdue.length === 0 ? <p data-testid="nothing-overdue">Nothing is overdue.</p> : null}
          {dto.overdue.length > 0 ? (
            <DataTable
              testId="overdue-table"
              fileName={`overdue-${dto.asOf}`}
              rows={dto.overdue}
              rowKey={rowId}
              columns={[
                { key: 'p', label: 'Participant', header: true, value: nameAndId, render: (o) => o.name },
                { key: 'n', label: 'Number', value: (o) => o.invoiceNumber },
                { key: 'm', label: 'Month', value: (o) => o.month },
                {
                  key: 'd',
                  label: 'Direction',
                  value: (o) => o.direction,
                  render: (o) => directionLabel(o.direction),
                },
                {
                  key: 'o',
                  label: 'Outstanding',
                  numeric: true,
                  value: (o) => o.outstanding,
                  render: (o) => showFooted(moneyFoot(dto.currency), o.outstanding),
                },
                { key: 'due', label: 'Due', value: (o) => o.dueDate },
                {
                  key: 'late',
                  label: 'Days overdue',
                  numeric: true,
                  value: (o) => String(o.daysOverdue),
                  render: (o) => formatNumber(o.daysOverdue, 0),
                },
              ]}
            />
          ) : null}

          <h2>Statements by participant</h2>
          <p className="muted">
            Click a column’s header to sort by it (again to reverse); click a statement’s number for the exact
            amount and Rounding behind its amount due.
          </p>
          <div className="statements-table">
            <DataTable
              testId="statements-table"
              fileName={`receivables-${dto.asOf}${status ? `-${status}` : ''}`}
              rows={shown}
              rowKey={rowId}
              rowAttributes={(r) => ({ 'data-statement': r.invoiceNumber, 'data-status': r.status })}
              columns={statementColumns(dto.currency, opened, (id) =>
                setOpened((current) => (current === id ? null : id)),
              )}
            />
          </div>
          {shown.length === 0 ? (
            <p className="muted" data-testid="no-statements">
              No statement {status ? `is ${status}` : 'was issued before this date'}.
            </p>
          ) : null}
          {openRow ? (
            <StatementDetail row={openRow} currency={dto.currency} onClose={() => setOpened(null)} />
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function statementColumns(
  currency: string,
  opened: string | null,
  toggle: (id: string) => void,
): Column<StatementRow>[] {
  const money = (amount: string) => showFooted(moneyFoot(currency), amount);
  const amount = (key: keyof StatementRow & string, label: string): Column<StatementRow> => ({
    key,
    label,
    numeric: true,
    testId: `statement-${key}`,
    value: (r) => String(r[key]),
    render: (r) => money(String(r[key])),
  });
  return [
    { key: 'p', label: 'Participant', header: true, value: nameAndId, render: (r) => r.name },
    {
      key: 'number',
      label: 'Number',
      value: (r) => r.invoiceNumber,
      render: (r) => (
        <button
          type="button"
          className="link-button"
          aria-expanded={opened === rowId(r)}
          aria-controls={opened === rowId(r) ? 'statement-detail' : undefined}
          title="The exact amount and Rounding behind the amount due"
          onClick={() => toggle(rowId(r))}
        >
          {r.invoiceNumber}
        </button>
      ),
    },
    {
      key: 'kind',
      label: 'Kind',
      value: (r) => r.kind,
      // An invoice: the participant owes the market; a credit note: the market owes the participant.
      render: (r) => <span title={`${r.name} ${directionLabel(r.direction)}`}>{kindLabel(r.kind)}</span>,
    },
    { key: 'm', label: 'Month', value: (r) => r.month },
    amount('amount', 'Amount due'),
    amount('paid', 'Paid'),
    amount('outstanding', 'Outstanding'),
    { key: 'due', label: 'Due date', value: (r) => r.dueDate },
    {
      key: 'late',
      label: 'Days overdue',
      numeric: true,
      testId: 'statement-days-overdue',
      value: (r) => String(r.daysOverdue),
      render: (r) => formatNumber(r.daysOverdue, 0),
    },
    {
      key: 's',
      label: 'Status',
      value: (r) => r.status,
      testId: 'statement-status',
      render: (r) => <span className={`chip chip-${r.status}`}>{r.status}</span>,
    },
    amount('balanceCarried', 'Balance carried'),
    {
      key: 'files',
      label: 'Statement files',
      value: () => '',
      render: (r) => <StatementFiles participantId={r.participantId} month={r.month} runId={r.runId} />,
    },
  ];
}
