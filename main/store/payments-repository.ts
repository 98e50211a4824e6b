/**
 * Payments against statements (issue 17), as stored: each one names a participant and the
 * month of the statement it pays, the day it was paid, its amount on the currency's minor
 * unit (text) and the bank's reference; recorded by hand (no import) or by a bank CSV import.
 * A payment recorded by mistake is never deleted: it is undone (voided) with a reason. The
 * checks a payment gets and what it counts for live above, in main/statements and main/reports.
 */
import type { Store, WriteTransaction } from './store';

type Reader = Pick<Store, 'all'> | WriteTransaction;

/** A payment's reference that is in force (not undone), with where it came from. */
export interface PaymentReferenceRow {
  participant_id: string;
  reference: string;
  import_id: number | null;
  /** The import's file name, '' for a payment recorded by hand. */
  file_name: string;
}

/** The references of every payment not undone (those with one). */
export async function activePaymentReferences(db: Reader): Promise<PaymentReferenceRow[]> {
  return db.all<PaymentReferenceRow>(
    `SELECT p.participant_id, p.reference, p.import_id, coalesce(i.file_name, '') AS file_name
     FROM payments p LEFT JOIN imports i ON i.id = p.import_id
     WHERE p.reference != '' AND p.voided_utc IS NULL`,
  );
}

/** Records one payment made by hand; returns its id. */
export async function insertPayment(
  tx: WriteTransaction,
  payment: {
    participantId: string;
    month: string;
    paidOn: string;
    amount: string;
    reference: string;
    recordedUtc: number;
  },
): Promise<number> {
  const { lastID } = await tx.run(
    'INSERT INTO payments (participant_id, statement_month, paid_on, amount, reference, recorded_utc) VALUES (?, ?, ?, ?, ?, ?)',
    [
      payment.participantId,
      payment.month,
      payment.paidOn,
      payment.amount,
      payment.reference,
      payment.recordedUtc,
    ],
  );
  return lastID;
}

/** A payment row of a bank CSV import: participant, statement month, paid on, amount, reference, recorded (UTC s), import. */
export type ImportedPaymentRow = [string, string, string, string, string, number, number];

/** Stores the payments of an import. */
export async function insertImportedPayments(
  tx: WriteTransaction,
  rows: ImportedPaymentRow[],
): Promise<void> {
  await tx.insertMany(
    'payments',
    ['participant_id', 'statement_month', 'paid_on', 'amount', 'reference', 'recorded_utc', 'import_id'],
    rows,
  );
}

/** A payment as listed: with its participant's name and its statement's number (null when never issued). */
export interface ListedPaymentRow {
  id: number;
  participant_id: string;
  name: string;
  statement_month: string;
  number: string | null;
  paid_on: string;
  amount: string;
  reference: string;
  recorded_utc: number;
  import_id: number | null;
  voided_utc: number | null;
  void_reason: string | null;
}

/** Payments, newest paid first, of a participant and/or a statement month, undone ones only when asked. */
export async function listPaymentRows(
  db: Store,
  filter: { participantId?: string; month?: string; includeUndone?: boolean },
): Promise<ListedPaymentRow[]> {
  return db.all<ListedPaymentRow>(
    `SELECT p.id, p.participant_id, coalesce(pt.name, p.participant_id) AS name, p.statement_month, n.number,
            p.paid_on, p.amount, p.reference, p.recorded_utc, p.import_id, p.voided_utc, p.void_reason
     FROM payments p
     LEFT JOIN participants pt ON pt.id = p.participant_id
     LEFT JOIN statement_numbers n ON n.participant_id = p.participant_id AND n.month = p.statement_month
     WHERE (? IS NULL OR p.participant_id = ?) AND (? IS NULL OR p.statement_month = ?)
       AND (? OR p.voided_utc IS NULL)
     ORDER BY p.paid_on DESC, p.id DESC`,
    [
      filter.participantId ?? null,
      filter.participantId ?? null,
      filter.month ?? null,
      filter.month ?? null,
      filter.includeUndone ? 1 : 0,
    ],
  );
}

/** When payment `id` was undone (null when it stands), or undefined when there is no such payment. */
export async function paymentVoidedUtc(tx: WriteTransaction, id: number): Promise<number | null | undefined> {
  const [row] = await tx.all<{ voided_utc: number | null }>('SELECT voided_utc FROM payments WHERE id = ?', [
    id,
  ]);
  return row ? row.voided_utc : undefined;
}

/** Marks payment `id` undone at `voidedUtc`, for `reason`. */
export async function voidPayment(
  tx: WriteTransaction,
  id: number,
  voidedUtc: number,
  reason: string,
): Promise<void> {
  await tx.run('UPDATE payments SET voided_utc = ?, void_reason = ? WHERE id = ?', [voidedUtc, reason, id]);
}

export interface PaymentRow {
  id: number;
  participant_id: string;
  statement_month: string;
  paid_on: string;
  amount: string;
  reference: string;
}

/** The payments not undone and paid on or before `asOf` (of one participant, or all), by day paid then id. */
export async function paymentsPaidBy(
  db: Store,
  asOf: string,
  participantId: string | undefined,
): Promise<PaymentRow[]> {
  return db.all<PaymentRow>(
    `SELECT id, participant_id, statement_month, paid_on, amount, reference FROM payments
     WHERE voided_utc IS NULL AND paid_on <= ? AND (? IS NULL OR participant_id = ?) ORDER BY paid_on, id`,
    [asOf, participantId ?? null, participantId ?? null],
  );
}
