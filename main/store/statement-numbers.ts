/**
 * Statement numbers (issue 17). A participant's statement of a month is an
 * invoice (the participant owes the market) or a credit note (the market owes
 * the participant); either way it gets one number when it is first issued and
 * keeps it: `EL-<year of the month>-<six digits>`, the digits running 1, 2, 3 …
 * without a gap across the whole workspace. The table's triggers refuse a
 * number out of sequence, a change and a removal (migration 0014).
 *
 * A statement is issued when the first run in force of its month with lines
 * for the participant is published, or when an accepted re-settlement of a
 * closed month puts a prior-period adjustment on a statement that had none.
 */
import type { Store, WriteTransaction } from './store';

type Reader = Pick<Store, 'all'> | WriteTransaction;

export const statementNumber = (month: string, seq: number) =>
  `EL-${month.slice(0, 4)}-${String(seq).padStart(6, '0')}`;

/** Gives every listed participant without a number for `month` the next numbers, in id order. */
export async function issueStatements(
  tx: WriteTransaction,
  month: string,
  participantIds: Iterable<string>,
  now: number,
): Promise<void> {
  const have = new Set(
    (
      await tx.all<{ participant_id: string }>(
        'SELECT participant_id FROM statement_numbers WHERE month = ?',
        [month],
      )
    ).map((r) => r.participant_id),
  );
  const [{ last } = { last: 0 }] = await tx.all<{ last: number }>(
    'SELECT coalesce(max(seq), 0) AS last FROM statement_numbers',
  );
  let seq = last;
  for (const id of [...new Set(participantIds)].sort()) {
    if (have.has(id)) continue;
    seq += 1;
    await tx.run(
      'INSERT INTO statement_numbers (seq, participant_id, month, number, issued_utc) VALUES (?, ?, ?, ?, ?)',
      [seq, id, month, statementNumber(month, seq), now],
    );
  }
}

/**
 * The participants whose statement of a month a run in force makes: those with lines in
 * it and those a prior-period adjustment was applied to that month.
 */
export async function participantsOfRun(tx: Reader, runId: number, month: string): Promise<string[]> {
  const rows = await tx.all<{ id: string }>(
    `SELECT DISTINCT participant_id AS id FROM settlement_daily WHERE run_id = ?
     UNION SELECT consumer_id FROM settlement_bill_lines WHERE run_id = ?
     UNION SELECT participant_id FROM prior_period_adjustments WHERE applied_month = ?`,
    [runId, runId, month],
  );
  return rows.map((r) => r.id);
}

/** Every issued number, keyed `participant/month`. */
export async function statementNumbers(db: Reader): Promise<Map<string, string>> {
  const rows = await db.all<{ participant_id: string; month: string; number: string }>(
    'SELECT participant_id, month, number FROM statement_numbers',
  );
  return new Map(rows.map((r) => [`${r.participant_id}/${r.month}`, r.number]));
}

export interface IssuedNumberRow {
  participant_id: string;
  month: string;
  number: string;
}

/** Every issued number with its participant and month (in no particular order). */
export async function issuedStatementNumbers(db: Reader): Promise<IssuedNumberRow[]> {
  return db.all<IssuedNumberRow>('SELECT participant_id, month, number FROM statement_numbers');
}

/** The issued numbers of one participant, or of all, by month then participant. */
export async function issuedStatementNumbersOf(
  db: Reader,
  participantId: string | undefined,
): Promise<IssuedNumberRow[]> {
  return db.all<IssuedNumberRow>(
    `SELECT participant_id, month, number FROM statement_numbers
     WHERE (? IS NULL OR participant_id = ?) ORDER BY month, participant_id`,
    [participantId ?? null, participantId ?? null],
  );
}

/** True when a participant's statement of `month` was issued (has a number). */
export async function isStatementIssued(db: Store, participantId: string, month: string): Promise<boolean> {
  return (
    (await db.get('SELECT 1 FROM statement_numbers WHERE participant_id = ? AND month = ?', [
      participantId,
      month,
    ])) !== undefined
  );
}

/** How many statements were issued. */
export async function issuedStatementCount(db: Reader): Promise<number | undefined> {
  const [row] = await db.all<{ n: number }>('SELECT count(*) AS n FROM statement_numbers');
  return row?.n;
}

/**
 * The payment reference a payer quotes: an ISO 11649 creditor reference ("RF",
 * two check digits, then the statement number without its dashes), so a bank
 * can check it as typed.
 */
export function paymentReference(number: string): string {
  const body = number.replace(/[^A-Z0-9]/gi, '').toUpperCase();
  const digits = `${body}RF00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  return `RF${String(98 - remainder).padStart(2, '0')}${body}`;
}

/** True when an ISO 11649 reference's check digits hold. */
export function isValidPaymentReference(reference: string): boolean {
  const compact = reference.replace(/\s+/g, '').toUpperCase();
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(compact)) return false;
  const digits = `${compact.slice(4)}${compact.slice(0, 4)}`.replace(/[A-Z]/g, (c) =>
    String(c.charCodeAt(0) - 55),
  );
  let remainder = 0;
  for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  return remainder === 1;
}
