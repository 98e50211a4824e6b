/**
 * One statement opened from the Receivables table: the ledger's exact total
 * and the Rounding line that make its amount due (exact + rounding = amount),
 * its payments, what was written off and the reference a payer quotes.
 */
import { useEffect, useRef } from 'react';

import { Dec } from '../../../shared/units';
import { directionLabel, kindLabel, type StatementRow } from '../receivables';

import { StatementFiles } from './StatementFiles';
import { moneyFoot, showFooted } from './TableFoot';

export function StatementDetail({
  row,
  currency,
  onClose,
}: {
  row: StatementRow;
  currency: string;
  onClose: () => void;
}) {
  const panel = useRef<HTMLElement>(null);
  // Opened from a row far above: brought into view, and focus moved to it for keyboard users.
  const key = `${row.participantId}/${row.month}`;
  useEffect(() => {
    panel.current?.scrollIntoView({ block: 'nearest' });
    panel.current?.focus({ preventScroll: true });
  }, [key]);
  const money = (amount: string) => showFooted(moneyFoot(currency), amount);
  // The ledger's figures to its 4 decimals, as the statement's lines show them.
  const exact = (amount: string) => `${amount} ${currency}`;
  return (
    <section
      ref={panel}
      tabIndex={-1}
      className="card statement-detail"
      id="statement-detail"
      data-testid="statement-detail"
      aria-labelledby="statement-detail-title"
    >
      <div className="card-head">
        <h3 id="statement-detail-title">
          {kindLabel(row.kind)} {row.invoiceNumber}: {row.name}, {row.month}
        </h3>
        <button type="button" className="link-button" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="facts">
        <dt>Direction</dt>
        <dd>
          {row.name} {directionLabel(row.direction)}
        </dd>
        <dt>Exact amount (ledger)</dt>
        <dd data-testid="detail-exact">{exact(row.exactAmount)}</dd>
        <dt>Rounding</dt>
        <dd data-testid="detail-rounding">{exact(row.rounding)}</dd>
        <dt>Amount due</dt>
        <dd data-testid="detail-amount">
          {money(row.amount)} <span className="muted">(exact amount + rounding, to the minor unit)</span>
        </dd>
        {!new Dec(row.adjustment).isZero() ? (
          <>
            <dt>Prior-period adjustments</dt>
            <dd>{money(row.adjustment)}</dd>
          </>
        ) : null}
        <dt>Paid</dt>
        <dd>{money(row.paid)}</dd>
        {new Dec(row.writtenOff).isZero() ? null : (
          <>
            <dt>Written off (within the tolerance)</dt>
            <dd>{money(row.writtenOff)}</dd>
          </>
        )}
        <dt>Outstanding</dt>
        <dd>{money(row.outstanding)}</dd>
        <dt>Issued / due</dt>
        <dd>
          {row.issueDate} / {row.dueDate}
        </dd>
        <dt>Payment reference</dt>
        <dd>
          <code>{row.paymentReference}</code>
        </dd>
        <dt>Settlement run</dt>
        <dd>
          #{row.runId} <span className="muted">{row.runIdentity.slice(0, 12)}</span>
        </dd>
        <dt>Statement</dt>
        <dd>
          <StatementFiles participantId={row.participantId} month={row.month} runId={row.runId} />
        </dd>
      </dl>
      {row.payments.length === 0 ? (
        <p className="muted">No payments recorded against this statement.</p>
      ) : (
        <table className="table compact" data-testid="detail-payments">
          <caption>Payments</caption>
          <thead>
            <tr>
              <th scope="col">Paid on</th>
              <th scope="col">Reference</th>
              <th scope="col" className="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {row.payments.map((p) => (
              <tr key={p.id}>
                <td>{p.paidOn}</td>
                <td>{p.reference || '—'}</td>
                <td className="num">{money(p.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
