/**
 * Payments against statements (issue 17). A payment names a participant and a
 * statement (by its number or its month), an amount on the currency's minor
 * unit, the day it was paid and the bank's reference. The same checks hold in
 * the form, the CLI (`energy-ledger pay`) and the bank CSV:
 *
 * - the amount is more than zero and has no more decimals than the currency
 *   allows (2 for THB, 0 for JPY): it is refused, never rounded;
 * - the statement has been issued (it has a number);
 * - a reference is recorded once per participant (bank exports overlap).
 *
 * The direction is the statement's: a consumer's invoice is paid by the
 * consumer, a generator's credit note by the market. A payment recorded by
 * mistake is undone with a reason; it stays listed and in the audit log.
 */
import type { PaymentDto, PaymentListDto } from '../../shared/contract';
import { decimalsOf, formatMinorUnits, minorUnitDigits, parseTenThousandths } from '../../shared/currency';
import { ApiError, notFound } from '../errors';
import { storedCurrency } from '../store/currency-setting';
import { participantExists } from '../store/participant-directory';
import {
  activePaymentReferences,
  insertPayment,
  listPaymentRows,
  paymentVoidedUtc,
  voidPayment,
} from '../store/payments-repository';
import { issuedStatementNumbers } from '../store/statement-numbers';
import type { Store, WriteTransaction } from '../store/store';
import type { Workspace } from '../store/workspace';

type Reader = Pick<Store, 'all'> | WriteTransaction;

export interface PaymentProblem {
  field: 'participant_id' | 'statement_month' | 'statement' | 'amount' | 'reference';
  message: string;
  code: string;
}

/** What payment checks need to know, read once (inside an import's transaction for the CSV). */
export async function paymentContext(db: Reader) {
  const currency = (await storedCurrency(db)) ?? 'THB';
  const issued = await issuedStatementNumbers(db);
  const references = await activePaymentReferences(db);
  return {
    currency,
    digits: minorUnitDigits(currency),
    byMonth: new Map(issued.map((r) => [`${r.participant_id}/${r.month}`, r.number])),
    byNumber: new Map(issued.map((r) => [r.number, { participantId: r.participant_id, month: r.month }])),
    references: new Map(
      references.map((r) => [
        `${r.participant_id}\u0000${r.reference}`,
        r.import_id === null ? 'recorded by hand' : `import #${r.import_id} (${r.file_name})`,
      ]),
    ),
  };
}
export type PaymentContext = Awaited<ReturnType<typeof paymentContext>>;

/**
 * The amount's problem, if any: not a decimal, zero or negative, or more decimals than the
 * currency has. Its size is bounded before (the contract's and the importers' decimal bounds).
 */
export function amountProblem(amount: string, context: PaymentContext): PaymentProblem | undefined {
  const value = parseTenThousandths(amount);
  const problem = (message: string, code: string): PaymentProblem => ({ field: 'amount', message, code });
  if (!/^-?\d+(\.\d+)?$/.test(amount.trim()) || (value === null && decimalsOf(amount.trim()) <= 4))
    return problem('must be an amount, e.g. 1250.50', 'bad-amount');
  if (decimalsOf(amount.trim()) > context.digits)
    return problem(
      `has ${decimalsOf(amount.trim())} decimal(s); ${context.currency} is paid in whole ${
        context.digits === 0 ? 'units' : `units of 0.${'0'.repeat(context.digits - 1)}1`
      } (at most ${context.digits} decimal(s)); it is not rounded for you`,
      'too-many-decimals',
    );
  if (value !== null && value <= 0n)
    return problem(
      'must be more than zero (a payment recorded by mistake is undone instead; the direction follows the statement)',
      value === 0n ? 'zero-amount' : 'negative-amount',
    );
  return undefined;
}

/**
 * Checks a payment and resolves its statement. `statement` is a number (EL-2022-000123);
 * `month` a YYYY-MM; at least one is given, and they must agree when both are.
 */
export function paymentProblems(
  payment: { participantId: string; month?: string; statement?: string; amount: string; reference: string },
  context: PaymentContext,
): { problems: PaymentProblem[]; month?: string; number?: string } {
  const problems: PaymentProblem[] = [];
  const amount = amountProblem(payment.amount, context);
  if (amount) problems.push(amount);
  let month = payment.month;
  let number: string | undefined;
  if (payment.statement) {
    const found = context.byNumber.get(payment.statement.trim().toUpperCase());
    if (!found)
      problems.push({
        field: 'statement',
        message: 'is not an issued statement number',
        code: 'unknown-statement',
      });
    else if (found.participantId !== payment.participantId)
      problems.push({
        field: 'statement',
        message: `is ${found.participantId}'s statement, not ${payment.participantId}'s`,
        code: 'other-participant',
      });
    else if (month && month !== found.month)
      problems.push({
        field: 'statement_month',
        message: `does not match statement ${payment.statement} (${found.month})`,
        code: 'month-mismatch',
      });
    else {
      month = found.month;
      number = payment.statement.trim().toUpperCase();
    }
  } else if (month) {
    number = context.byMonth.get(`${payment.participantId}/${month}`);
    if (!number)
      problems.push({
        field: 'statement_month',
        message: `has no issued statement for ${payment.participantId}: settle ${month} first (a payment is matched against a statement)`,
        code: 'no-statement',
      });
  } else
    problems.push({
      field: 'statement',
      message: 'name the statement number or its month',
      code: 'no-statement',
    });
  const key = `${payment.participantId}\u0000${payment.reference.trim()}`;
  if (payment.reference.trim() !== '' && context.references.has(key))
    problems.push({
      field: 'reference',
      message: `is already recorded for ${payment.participantId} (${context.references.get(key)!})`,
      code: 'duplicate',
    });
  return { problems, month, number };
}

export async function recordPayment(
  workspace: Workspace,
  input: {
    participantId: string;
    month?: string;
    statement?: string;
    paidOn: string;
    amount: string;
    reference: string;
  },
): Promise<PaymentDto> {
  if (!(await participantExists(workspace.db, input.participantId)))
    throw new ApiError(
      'invalid_input',
      `payment refused: participant "${input.participantId}" does not exist`,
      {
        participantId: ['is not a participant of this workspace'],
      },
    );
  return workspace.db.write(async (tx) => {
    // Checked inside the write queue, so two payments with one reference cannot both land.
    const context = await paymentContext(tx);
    const { problems, month, number } = paymentProblems(input, context);
    if (problems.length > 0) {
      const fieldName = {
        participant_id: 'participantId',
        statement_month: 'month',
        statement: 'statement',
        amount: 'amount',
        reference: 'reference',
      } as const;
      const fields: Record<string, string[]> = {};
      for (const p of problems) (fields[fieldName[p.field]] ??= []).push(p.message);
      throw new ApiError(
        'invalid_input',
        `payment refused: ${problems.map((p) => `${fieldName[p.field]} ${p.message}`).join('; ')}`,
        fields,
      );
    }
    // Stored as the minor-unit text it was checked as ("0012.5" → "12.50").
    const amount = formatMinorUnits(parseTenThousandths(input.amount.trim())!, context.currency);
    const lastID = await insertPayment(tx, {
      participantId: input.participantId,
      month: month!,
      paidOn: input.paidOn,
      amount,
      reference: input.reference.trim(),
      recordedUtc: Math.floor(Date.now() / 1000),
    });
    return {
      id: lastID,
      participantId: input.participantId,
      month: month!,
      statement: number!,
      paidOn: input.paidOn,
      amount,
      reference: input.reference.trim(),
    };
  });
}

export async function listPayments(
  workspace: Workspace,
  input: { participantId?: string; month?: string; includeUndone?: boolean },
): Promise<PaymentListDto> {
  const rows = await listPaymentRows(workspace.db, input);
  const currency = await storedCurrency(workspace.db);
  return {
    currency: currency ?? 'THB',
    payments: rows.map((r) => ({
      id: r.id,
      participantId: r.participant_id,
      name: r.name,
      month: r.statement_month,
      statement: r.number ?? '',
      paidOn: r.paid_on,
      amount: r.amount,
      reference: r.reference,
      recordedAt: new Date(r.recorded_utc * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      source: r.import_id === null ? 'recorded by hand' : `import #${r.import_id}`,
      undone:
        r.voided_utc === null
          ? null
          : {
              at: new Date(r.voided_utc * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
              reason: r.void_reason ?? '',
            },
    })),
  };
}

export async function undoPayment(
  workspace: Workspace,
  input: { id: number; reason: string },
): Promise<PaymentListDto['payments'][number]> {
  const reason = input.reason.trim();
  if (reason === '')
    throw new ApiError('invalid_input', 'say why the payment is undone', { reason: ['must not be empty'] });
  await workspace.db.write(async (tx) => {
    const voidedUtc = await paymentVoidedUtc(tx, input.id);
    if (voidedUtc === undefined) throw notFound(`payment #${input.id} does not exist`);
    if (voidedUtc !== null) throw new ApiError('conflict', `payment #${input.id} is already undone`);
    await voidPayment(tx, input.id, Math.floor(Date.now() / 1000), reason);
  });
  const { payments } = await listPayments(workspace, { includeUndone: true });
  return payments.find((p) => p.id === input.id)!;
}
