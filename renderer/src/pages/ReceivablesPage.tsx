/**
 * Receivables both ways: as of a date, what each participant is owed or owes
 * per settled month, the payments against it, what is outstanding, balances
 * carried, and the overdue list; each table exports its CSV.
 */
import { useState } from 'react';

import { useClient } from '../client-context';
import { DataTable } from '../components/DataTable';
import { StatementFiles } from '../components/StatementFiles';
import { ErrorLine, Loading } from '../components/Status';
import { formatMoney } from '../format';
import { useResult } from '../hooks';

export function ReceivablesPage() {
  const client = useClient();
  const [asOf, setAsOf] = useState('');
  const [applied, setApplied] = useState('');
  const result = useResult(`receivables:${applied}`, () =>
    client['receivables:list']({ ...(applied ? { asOf: applied } : {}) }),
  );
  return (
    <section className="page" data-testid="receivables-page">
      <h1>Receivables and payables</h1>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(asOf);
        }}
      >
        <label className="field">
          <span className="field-label">As of (local date; empty = today)</span>
          <input aria-label="As of" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </label>
        <button type="submit" className="primary">
          Show
        </button>
      </form>
      {result.status === 'loading' ? <Loading>Reading statements and payments…</Loading> : null}
      {result.status === 'error' ? <ErrorLine error={result.error} /> : null}
      {result.status === 'ok' ? (
        <>
          <h2>Overdue as of {result.value.asOf}</h2>
          {result.value.overdue.length === 0 ? (
            <p data-testid="nothing-overdue">Nothing is overdue.</p>
          ) : null}
          {result.value.overdue.length > 0 ? (
            <DataTable
              testId="overdue-table"
              fileName={`overdue-${result.value.asOf}`}
              rows={result.value.overdue}
              rowKey={(o) => `${o.participantId}/${o.month}`}
              columns={[
                {
                  key: 'p',
                  label: 'Participant',
                  header: true,
                  value: (o) => o.participantId,
                  render: (o) => o.name,
                },
                { key: 'm', label: 'Month', value: (o) => o.month, render: (o) => o.month },
                {
                  key: 'd',
                  label: 'Direction',
                  value: (o) => o.direction,
                  render: (o) => (o.direction === 'payable' ? 'we owe' : 'owes us'),
                },
                {
                  key: 'o',
                  label: 'Outstanding',
                  numeric: true,
                  value: (o) => o.outstanding,
                  render: (o) => formatMoney(o.outstanding, result.value.currency),
                },
                { key: 'due', label: 'Due', value: (o) => o.dueDate, render: (o) => o.dueDate },
                {
                  key: 'late',
                  label: 'Days overdue',
                  numeric: true,
                  value: (o) => String(o.daysOverdue),
                  render: (o) => o.daysOverdue,
                },
              ]}
            />
          ) : null}
          <h2>Statements by participant</h2>
          <DataTable
            testId="statements-table"
            fileName={`receivables-${result.value.asOf}`}
            rows={result.value.participants.flatMap((p) =>
              p.months.map((m) => ({ ...m, participantId: p.participantId, name: p.name })),
            )}
            rowKey={(r) => `${r.participantId}/${r.month}`}
            columns={[
              {
                key: 'p',
                label: 'Participant',
                header: true,
                value: (r) => r.participantId,
                render: (r) => r.name,
              },
              { key: 'm', label: 'Month', value: (r) => r.month, render: (r) => r.month },
              {
                key: 'd',
                label: 'Direction',
                value: (r) => r.direction,
                render: (r) => (r.direction === 'payable' ? 'we owe' : 'owes us'),
              },
              {
                key: 'a',
                label: 'Statement',
                numeric: true,
                value: (r) => r.amount,
                render: (r) => formatMoney(r.amount, result.value.currency),
              },
              {
                key: 'paid',
                label: 'Paid',
                numeric: true,
                value: (r) => r.paid,
                render: (r) => formatMoney(r.paid, result.value.currency),
              },
              {
                key: 'o',
                label: 'Outstanding',
                numeric: true,
                value: (r) => r.outstanding,
                render: (r) => formatMoney(r.outstanding, result.value.currency),
              },
              {
                key: 's',
                label: 'Status',
                value: (r) => r.status,
                render: (r) => <span className={`chip chip-${r.status}`}>{r.status}</span>,
              },
              {
                key: 'b',
                label: 'Balance carried',
                numeric: true,
                value: (r) => r.balanceCarried,
                render: (r) => formatMoney(r.balanceCarried, result.value.currency),
              },
              {
                key: 'files',
                label: 'Statement files',
                value: () => '',
                render: (r) => (
                  <StatementFiles participantId={r.participantId} month={r.month} runId={r.runId} />
                ),
              },
            ]}
          />
        </>
      ) : null}
    </section>
  );
}
