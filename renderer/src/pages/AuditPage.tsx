/**
 * The audit log: every import and undo, settlement, payment, tariff, account and
 * meter change with its time and description, filtered by kind, days and text,
 * exported to CSV. It is read-only here and in the workspace file. Times are shown in the
 * workspace's zone, named once under the heading, the UTC instant on hover.
 */
import { useState } from 'react';

import { useClient } from '../client-context';
import { DataTable } from '../components/DataTable';
import { InstantTime, ZoneNote } from '../components/LocalTime';
import { ErrorLine, Loading } from '../components/Status';
import { formatNumber } from '../format';
import { useResult } from '../hooks';

const KINDS = ['', 'import', 'undo', 'settlement', 'payment', 'tariff', 'account', 'virtual-meter', 'meter'];

export function AuditPage() {
  const client = useClient();
  const [filter, setFilter] = useState({ kind: '', from: '', to: '', text: '' });
  const [applied, setApplied] = useState(filter);
  const log = useResult(`audit:${JSON.stringify(applied)}`, () =>
    client['audit:list']({
      ...(applied.kind ? { kind: applied.kind } : {}),
      ...(applied.from ? { from: applied.from } : {}),
      ...(applied.to ? { to: applied.to } : {}),
      ...(applied.text ? { text: applied.text } : {}),
    }),
  );
  // The workspace's zone (the log's own until the summary is read, UTC before either).
  const summary = useResult('workspace:summary', () => client['workspace:summary']({}));
  const zone =
    summary.status === 'ok' ? summary.value.timezone : log.status === 'ok' ? log.value.timezone : 'UTC';
  return (
    <section className="page" data-testid="audit-page">
      <h1>Audit log</h1>
      <ZoneNote zone={zone} />
      <p className="muted">
        Every import and undo, settlement, payment, tariff, account and meter change, recorded in the same
        transaction as the change. Nothing here can be edited.
      </p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(filter);
        }}
      >
        <label className="field">
          <span className="field-label">Kind</span>
          <select
            aria-label="Audit kind"
            value={filter.kind}
            onChange={(e) => setFilter({ ...filter, kind: e.target.value })}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k || 'all'}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">From (local date)</span>
          <input
            aria-label="Audit from"
            value={filter.from}
            onChange={(e) => setFilter({ ...filter, from: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">To (inclusive)</span>
          <input
            aria-label="Audit to"
            value={filter.to}
            onChange={(e) => setFilter({ ...filter, to: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">Containing</span>
          <input
            aria-label="Audit text"
            value={filter.text}
            onChange={(e) => setFilter({ ...filter, text: e.target.value })}
          />
        </label>
        <button type="submit" className="primary">
          Filter
        </button>
      </form>
      {log.status === 'loading' ? <Loading>Reading the audit log…</Loading> : null}
      {log.status === 'error' ? <ErrorLine error={log.error} /> : null}
      {log.status === 'ok' ? (
        <DataTable
          testId="audit-table"
          caption={`${formatNumber(log.value.entries.length, 0)} of ${formatNumber(log.value.total, 0)} entries`}
          fileName="audit-log"
          rows={log.value.entries}
          rowKey={(e) => String(e.id)}
          columns={[
            {
              key: 'id',
              label: '#',
              numeric: true,
              header: true,
              value: (e) => String(e.id),
              render: (e) => e.id,
            },
            {
              key: 'at',
              label: 'Time',
              // The CSV keeps the instant with its offset (exact, whatever the zone).
              value: (e) => e.atLocal,
              render: (e) => <InstantTime text={e.atLocal} zone={zone} />,
            },
            { key: 'kind', label: 'Kind', value: (e) => e.kind, render: (e) => e.kind },
            { key: 'subject', label: 'Subject', value: (e) => e.subject, render: (e) => e.subject },
            {
              key: 'description',
              label: 'What happened',
              value: (e) => e.description,
              render: (e) => e.description,
            },
          ]}
        />
      ) : null}
    </section>
  );
}
