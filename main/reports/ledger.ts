/**
 * The statement ledger (issue 17): every issued statement — one participant's
 * month of the run its month's statements carry — with what it comes to.
 *
 * - `exact`: the ledger's total, exact to 0.0001: the month's lines and bill
 *   lines (positive owed to the participant, negative owed by it) plus the
 *   prior-period adjustments the statement carries.
 * - A prior-period adjustment is carried in the minor unit: what the original
 *   statement's month figures come to on the accepted run, rounded, less what
 *   they came to on the run they were closed on, rounded (spec §4).
 * - `amountDue`: the exact total rounded half-up (half away from zero) to the
 *   currency's minor unit; `rounding` = amountDue − exact, shown as its own line
 *   so that lines + rounding = amount due, exactly.
 * - The statement is an invoice when the participant owes the market, a credit
 *   note when the market owes the participant. An amount that comes out the
 *   other way round (a generator's month at negative prices) simply turns the
 *   document: it is settled by a payment in the other direction, never carried.
 *
 * Receivables, statements (screen, PDF, CSV), the payments view and payment
 * matching all read this one ledger, so they cannot disagree.
 */
import { DateTime } from 'luxon';

import { parseTenThousandths, roundToMinorUnit } from '../../shared/currency';
import { participantAmounts, statementRuns, type RunRow } from '../store/settlement-repository';
import { issuedStatementNumbersOf, paymentReference, statementNumbers } from '../store/statement-numbers';
import { priorPeriodAdjustments } from '../store/statement-repository';
import type { Store } from '../store/store';

export interface LedgerAdjustment {
  originalMonth: string;
  /** The number of the statement the adjustment corrects ('' when that statement was never numbered). */
  originalNumber: string;
  fromRunId: number;
  toRunId: number;
  /** Exact difference, ten-thousandths (as recorded when the re-settlement was accepted). */
  exact: bigint;
  /** The difference the statement carries, in minor units (ten-thousandths on the unit). */
  amount: bigint;
}

export interface LedgerStatement {
  participantId: string;
  month: string;
  run: RunRow;
  number: string;
  kind: 'invoice' | 'credit-note';
  direction: 'payable' | 'receivable';
  /** The first day after the period: the statement's date. */
  issueDate: string;
  /** The end of the following month (spec §5). */
  dueDate: string;
  paymentReference: string;
  /** Signed ten-thousandths: the month's lines (positive owed to the participant). */
  monthExact: bigint;
  adjustments: LedgerAdjustment[];
  /** Signed: monthExact + the adjustments. */
  exact: bigint;
  /** Signed, on the minor unit. */
  amountDue: bigint;
  /** amountDue − exact. */
  rounding: bigint;
}

/** Every issued statement with a run, oldest month first, then by participant id. */
export async function statementLedger(
  db: Store,
  currency: string,
  timezone: string,
  filter: { participantId?: string; beforeMonth?: string } = {},
): Promise<LedgerStatement[]> {
  const runs = new Map((await statementRuns(db)).map((run) => [run.month, run]));
  const numbers = await issuedStatementNumbersOf(db, filter.participantId);
  const numberOf = await statementNumbers(db);
  const amounts = new Map<number, ReadonlyMap<string, bigint>>();
  const amountsOf = async (runId: number) => {
    let found = amounts.get(runId);
    if (!found) amounts.set(runId, (found = await participantAmounts(db, runId)));
    return found;
  };
  const adjustmentRows = await priorPeriodAdjustments(db);
  const out: LedgerStatement[] = [];
  for (const row of numbers) {
    if (filter.beforeMonth !== undefined && row.month >= filter.beforeMonth) continue;
    const run = runs.get(row.month);
    if (!run) continue;
    const monthExact = (await amountsOf(run.id)).get(row.participant_id) ?? 0n;
    const adjustments: LedgerAdjustment[] = [];
    for (const a of adjustmentRows) {
      if (a.participant_id !== row.participant_id || a.applied_month !== row.month) continue;
      const from = (await amountsOf(a.from_run_id)).get(a.participant_id) ?? 0n;
      const to = (await amountsOf(a.to_run_id)).get(a.participant_id) ?? 0n;
      adjustments.push({
        originalMonth: a.original_month,
        originalNumber: numberOf.get(`${a.participant_id}/${a.original_month}`) ?? '',
        fromRunId: a.from_run_id,
        toRunId: a.to_run_id,
        exact: parseTenThousandths(a.amount) ?? to - from,
        amount: roundToMinorUnit(to, currency) - roundToMinorUnit(from, currency),
      });
    }
    const exact = adjustments.reduce((sum, a) => sum + a.amount, monthExact);
    const amountDue = roundToMinorUnit(exact, currency);
    const direction = amountDue < 0n || (amountDue === 0n && exact < 0n) ? 'receivable' : 'payable';
    const start = DateTime.fromISO(`${row.month}-01`, { zone: timezone });
    out.push({
      participantId: row.participant_id,
      month: row.month,
      run,
      number: row.number,
      kind: direction === 'receivable' ? 'invoice' : 'credit-note',
      direction,
      issueDate: start.plus({ months: 1 }).toISODate()!,
      dueDate: start.plus({ months: 2 }).minus({ days: 1 }).toISODate()!,
      paymentReference: paymentReference(row.number),
      monthExact,
      adjustments,
      exact,
      amountDue,
      rounding: amountDue - exact,
    });
  }
  return out;
}
