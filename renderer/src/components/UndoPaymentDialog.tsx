import { useState } from 'react';

import type { PaymentListDto } from '../../../shared/contract';
import { useClient } from '../client-context';

import { ConfirmDialog, useConfirmedOperation } from './ConfirmDialog';
import { ErrorLine } from './Status';

type Payment = PaymentListDto['payments'][number];

/**
 * Undoes a payment recorded by mistake, asking why first (the reason is required). The
 * payment stays listed, struck through with its reason, and the audit log records it.
 */
export function UndoPaymentDialog({
  payment,
  amount,
  onCancel,
  onUndone,
}: {
  payment: Payment;
  /** The payment's amount as the list shows it. */
  amount: string;
  onCancel: () => void;
  onUndone: (payment: Payment) => void;
}) {
  const client = useClient();
  const [reason, setReason] = useState('');
  const { busy, error, confirm } = useConfirmedOperation(
    () => client['payments:undo']({ id: payment.id, reason: reason.trim() }),
    onUndone,
  );
  const reasonErrors = error?.fields?.reason ?? [];
  return (
    <ConfirmDialog
      titleId="undo-payment-title"
      testId="undo-payment-dialog"
      title={`Undo payment #${payment.id}?`}
      onCancel={onCancel}
    >
      <p>
        {amount} from {payment.name}, paid on {payment.paidOn}
        {payment.statement ? ` against ${payment.statement} (${payment.month})` : ''}
        {payment.reference ? `, reference ${payment.reference}` : ''}. It stays listed, struck through with
        your reason, and the audit log records the undo; its statement is open again.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim() !== '' && !busy) void confirm();
        }}
      >
        <label className="field undo-reason">
          <span className="field-label">Why is it undone? (required)</span>
          <textarea
            aria-label="Reason for undoing"
            required
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            {...(reasonErrors.length > 0
              ? { 'aria-invalid': true, 'aria-describedby': 'undo-reason-error' }
              : {})}
          />
          {reasonErrors.length > 0 ? (
            <span className="field-error" role="alert" id="undo-reason-error">
              {reasonErrors.join('; ')}
            </span>
          ) : null}
        </label>
        {error && reasonErrors.length === 0 ? <ErrorLine error={error} /> : null}
        <div className="row">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || reason.trim() === ''}>
            {busy ? 'Undoing…' : 'Undo payment'}
          </button>
        </div>
      </form>
    </ConfirmDialog>
  );
}
