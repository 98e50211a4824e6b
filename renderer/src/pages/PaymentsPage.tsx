/**
 * Payments (issue 17): record one against an issued statement, list them all
 * (newest first, those undone struck through with their reason) and undo one
 * recorded by mistake. Recording and undoing both land in the audit log. The
 * header's participant picker scopes the list and the form's participant.
 */
import { useState } from 'react';

import type { ParticipantDto, PaymentListDto } from '../../../shared/contract';
import { useClient } from '../client-context';
import { DataTable } from '../components/DataTable';
import { PaymentForm } from '../components/PaymentForm';
import { ErrorLine, Loading } from '../components/Status';
import { moneyFoot, showFooted } from '../components/TableFoot';
import { UndoPaymentDialog } from '../components/UndoPaymentDialog';
import { useResult, type AsyncState } from '../hooks';
import { nameAndId } from '../receivables';

type Payment = PaymentListDto['payments'][number];

export function PaymentsPage({
  participantId,
  participants,
}: {
  participantId: string | null;
  participants: AsyncState<ParticipantDto[]>;
}) {
  const client = useClient();
  const [generation, setGeneration] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const [undoing, setUndoing] = useState<Payment | null>(null);
  const list = useResult(`payments:${participantId ?? ''}:${generation}`, () =>
    client['payments:list']({ includeUndone: true, ...(participantId ? { participantId } : {}) }),
  );
  const currency = list.status === 'ok' ? list.value.currency : null;
  const money = (amount: string) => (currency ? showFooted(moneyFoot(currency), amount) : amount);
  /** An undone payment's cells are struck through. */
  const struck = (p: Payment, text: string) => (p.undone ? <s>{text}</s> : text);

  return (
    <section className="page" data-testid="payments-page">
      <h1>Payments</h1>
      <p className="muted">
        Payments received from participants (against their invoices) and made to them (against their credit
        notes), matched against a statement by its number. Amounts are on the currency’s minor unit: an amount
        with more decimals is refused, never rounded. A payment recorded by mistake is undone with a reason.
      </p>
      {participants.status === 'loading' ? <Loading>Reading participants…</Loading> : null}
      {participants.status === 'error' ? <ErrorLine error={participants.error} /> : null}
      {participants.status === 'ok' ? (
        <PaymentForm
          key={participantId ?? ''}
          participants={participants.value}
          defaultParticipantId={participantId ?? ''}
          onRecorded={(payment, paidIn) => {
            setMessage(
              `Recorded payment #${payment.id}: ${paidIn ? showFooted(moneyFoot(paidIn), payment.amount) : payment.amount} from ${payment.participantId} against ${payment.statement} (${payment.month}).`,
            );
            setGeneration((g) => g + 1);
          }}
        />
      ) : null}
      {message ? (
        <p className="status status-ok" role="status" data-testid="payment-message">
          {message}
        </p>
      ) : null}

      <h2>Payments recorded</h2>
      {list.status === 'loading' ? <Loading>Reading payments…</Loading> : null}
      {list.status === 'error' ? <ErrorLine error={list.error} /> : null}
      {list.status === 'ok' && list.value.payments.length === 0 ? (
        <p className="muted" data-testid="no-payments">
          No payment recorded{participantId ? ' for this participant' : ''} yet.
        </p>
      ) : null}
      {list.status === 'ok' && list.value.payments.length > 0 ? (
        <DataTable<Payment>
          testId="payments-table"
          fileName={participantId ? `payments-${participantId}` : 'payments'}
          rows={list.value.payments}
          rowKey={(p) => String(p.id)}
          rowAttributes={(p) => ({
            'data-payment': String(p.id),
            ...(p.undone ? { className: 'payment-undone', 'data-undone': 'true' } : {}),
          })}
          columns={[
            {
              key: 'id',
              label: 'Payment',
              header: true,
              value: (p) => String(p.id),
              render: (p) => struck(p, `#${p.id}`),
            },
            { key: 'paidOn', label: 'Paid on', value: (p) => p.paidOn, render: (p) => struck(p, p.paidOn) },
            { key: 'p', label: 'Participant', value: nameAndId, render: (p) => struck(p, p.name) },
            {
              key: 'statement',
              label: 'Statement',
              value: (p) => p.statement,
              render: (p) => struck(p, p.statement || '—'),
            },
            { key: 'month', label: 'Month', value: (p) => p.month, render: (p) => struck(p, p.month) },
            {
              key: 'amount',
              label: 'Amount',
              numeric: true,
              testId: 'payment-amount',
              value: (p) => p.amount,
              render: (p) => struck(p, money(p.amount)),
            },
            {
              key: 'reference',
              label: 'Reference',
              value: (p) => p.reference,
              render: (p) => struck(p, p.reference || '—'),
            },
            { key: 'source', label: 'Source', value: (p) => p.source },
            {
              key: 'state',
              label: 'Undone',
              testId: 'payment-undone',
              value: (p) => (p.undone ? `${p.undone.at}: ${p.undone.reason}` : ''),
              render: (p) =>
                p.undone ? (
                  <span>
                    Undone {p.undone.at.slice(0, 10)}: <em>{p.undone.reason}</em>
                  </span>
                ) : (
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Undo payment #${p.id}`}
                    onClick={() => setUndoing(p)}
                  >
                    Undo
                  </button>
                ),
            },
          ]}
        />
      ) : null}
      {undoing ? (
        <UndoPaymentDialog
          payment={undoing}
          amount={money(undoing.amount)}
          onCancel={() => setUndoing(null)}
          onUndone={(p) => {
            setUndoing(null);
            setMessage(`Undid payment #${p.id} (${p.undone?.reason ?? ''}); its statement is open again.`);
            setGeneration((g) => g + 1);
          }}
        />
      ) : null}
    </section>
  );
}
