/**
 * Records a payment against one of a participant's issued statements. The API
 * checks it (an amount on the currency's minor unit and more than zero, an
 * issued statement, a reference once per participant) and names each field it
 * refuses; the message is shown beside that field and the form keeps what was
 * typed. Nothing is rounded here.
 */
import { useState, type ReactNode } from 'react';

import type { OperationError, ParticipantDto, PaymentDto } from '../../../shared/contract';
import { Dec } from '../../../shared/units';
import { useClient } from '../client-context';
import { useResult } from '../hooks';
import { kindLabel, statementRows } from '../receivables';

import { dayInput } from './LocalTime';
import { ErrorLine } from './Status';
import { moneyFoot, showFooted } from './TableFoot';

interface Draft {
  participantId: string;
  statement: string;
  amount: string;
  paidOn: string;
  reference: string;
}

/** The fields the form shows; an error on another field is shown above the form. */
const FIELDS = ['participantId', 'statement', 'month', 'amount', 'paidOn', 'reference'] as const;

/** Today as a local date, YYYY-MM-DD. */
function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function PaymentForm({
  participants,
  defaultParticipantId,
  onRecorded,
}: {
  participants: ParticipantDto[];
  defaultParticipantId: string;
  onRecorded: (payment: PaymentDto, currency: string) => void;
}) {
  const client = useClient();
  const [draft, setDraft] = useState<Draft>({
    participantId: defaultParticipantId,
    statement: '',
    amount: '',
    paidOn: today(),
    reference: '',
  });
  const [error, setError] = useState<OperationError | null>(null);
  const [busy, setBusy] = useState(false);
  const [generation, setGeneration] = useState(0);
  const statements = useResult(
    draft.participantId ? `payment-statements:${draft.participantId}:${generation}` : null,
    () => client['receivables:list']({ participantId: draft.participantId }),
  );
  const issued = statements.status === 'ok' ? statementRows(statements.value) : [];
  const currency = statements.status === 'ok' ? statements.value.currency : null;
  const money = (amount: string) => (currency ? showFooted(moneyFoot(currency), amount) : amount);
  const chosen = issued.find((s) => s.invoiceNumber === draft.statement);

  const set = (key: keyof Draft, value: string) =>
    setDraft((d) => ({ ...d, [key]: value, ...(key === 'participantId' ? { statement: '' } : {}) }));

  const submit = async () => {
    setBusy(true);
    setError(null);
    const result = await client['payments:record']({
      participantId: draft.participantId,
      ...(draft.statement ? { statement: draft.statement } : {}),
      paidOn: draft.paidOn,
      amount: draft.amount.trim(),
      reference: draft.reference,
    });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    onRecorded(result.value, currency ?? '');
    setDraft((d) => ({ ...d, amount: '', reference: '' }));
    setGeneration((g) => g + 1);
  };

  const messages = (...keys: string[]) => keys.flatMap((key) => error?.fields?.[key] ?? []);
  /** The props that tie a field to its error, and the error beside it (role="alert"). */
  const described = (name: string, ...keys: string[]) => {
    const list = messages(name, ...keys);
    const id = `payment-error-${name}`;
    const note: ReactNode =
      list.length > 0 ? (
        <span className="field-error" role="alert" id={id} data-testid={`error-${name}`}>
          {list.join('; ')}
        </span>
      ) : null;
    return {
      props: list.length > 0 ? { 'aria-invalid': true, 'aria-describedby': id } : {},
      note,
    };
  };
  const fieldKeys = Object.keys(error?.fields ?? {});
  // Shown beside the fields when every error names one of them; otherwise above the form.
  const beside = fieldKeys.length > 0 && fieldKeys.every((f) => (FIELDS as readonly string[]).includes(f));
  const participantField = described('participantId');
  const statementField = described('statement', 'month');
  const amountField = described('amount');
  const dateField = described('paidOn');
  const referenceField = described('reference');

  return (
    <form
      className="payment-form card"
      aria-labelledby="payment-form-title"
      data-testid="payment-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="payment-form-title">Record a payment</h2>
      {error && !beside ? <ErrorLine title="Not recorded" error={error} /> : null}
      {error && beside ? (
        <p className="status status-error" data-testid="payment-refused">
          Not recorded: see the fields marked below.
        </p>
      ) : null}
      <div className="payment-fields">
        <label className="field">
          <span className="field-label">Participant</span>
          <select
            aria-label="Payment participant"
            value={draft.participantId}
            onChange={(e) => set('participantId', e.target.value)}
            {...participantField.props}
          >
            <option value="">Choose a participant…</option>
            {participants.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.id})
              </option>
            ))}
          </select>
          {participantField.note}
        </label>
        <label className="field wide">
          <span className="field-label">Statement</span>
          <select
            aria-label="Payment statement"
            value={draft.statement}
            disabled={!draft.participantId || statements.status !== 'ok'}
            onChange={(e) => set('statement', e.target.value)}
            {...statementField.props}
          >
            <option value="">
              {!draft.participantId
                ? 'Choose the participant first'
                : statements.status === 'loading'
                  ? 'Reading statements…'
                  : issued.length === 0
                    ? 'No statement issued yet'
                    : 'Choose a statement…'}
            </option>
            {issued.map((s) => (
              <option key={s.invoiceNumber} value={s.invoiceNumber}>
                {s.invoiceNumber} · {s.month} · {kindLabel(s.kind)} · due {money(s.amount)} · {s.status}
              </option>
            ))}
          </select>
          {statements.status === 'error' ? <ErrorLine error={statements.error} /> : null}
          {chosen ? (
            <span className="muted" data-testid="payment-statement-hint">
              Amount due {money(chosen.amount)}, paid {money(chosen.paid)}, outstanding{' '}
              {money(chosen.outstanding)}; reference <code>{chosen.paymentReference}</code>{' '}
              {new Dec(chosen.outstanding).isPositive() && !new Dec(chosen.outstanding).isZero() ? (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => set('amount', chosen.outstanding)}
                >
                  Pay the outstanding amount
                </button>
              ) : null}
            </span>
          ) : null}
          {statementField.note}
        </label>
        <label className="field">
          <span className="field-label">Amount{currency ? ` (${currency})` : ''}</span>
          <input
            aria-label="Payment amount"
            inputMode="decimal"
            placeholder="e.g. 1250.50"
            value={draft.amount}
            onChange={(e) => set('amount', e.target.value)}
            {...amountField.props}
          />
          {amountField.note}
        </label>
        <label className="field">
          <span className="field-label">Paid on</span>
          <input
            {...dayInput}
            aria-label="Paid on"
            value={draft.paidOn}
            onChange={(e) => set('paidOn', e.target.value)}
            {...dateField.props}
          />
          {dateField.note}
        </label>
        <label className="field">
          <span className="field-label">Reference</span>
          <input
            aria-label="Payment reference"
            placeholder="the bank's reference"
            value={draft.reference}
            onChange={(e) => set('reference', e.target.value)}
            {...referenceField.props}
          />
          {referenceField.note}
        </label>
      </div>
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Recording…' : 'Record payment'}
        </button>
      </div>
    </form>
  );
}
