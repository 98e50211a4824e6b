/**
 * Month closes (issue 10) as stored: which months are closed and on which run, the months that
 * hold data (published runs, readings of settling meters) to tell the open ones, the close's
 * audit entry that records the order it was made in, and the prior-period adjustments an
 * accepted run of a closed month leaves for the next open month.
 */
import type { Store, WriteTransaction } from './store';

type Reader = Pick<Store, 'all'> | WriteTransaction;

/** Every closed month. */
export async function closedMonths(db: Reader): Promise<string[]> {
  return (await db.all<{ month: string }>('SELECT month FROM month_closes')).map((r) => r.month);
}

/** True when `month` is closed. */
export async function monthIsClosed(db: Reader, month: string): Promise<boolean> {
  const [closed] = await db.all('SELECT 1 FROM month_closes WHERE month = ?', [month]);
  return closed !== undefined;
}

/** The run `month` was closed on, or undefined when it is open. */
export async function closingRunOf(db: Reader, month: string): Promise<number | undefined> {
  const [closed] = await db.all<{ run_id: number }>('SELECT run_id FROM month_closes WHERE month = ?', [
    month,
  ]);
  return closed?.run_id;
}

/** The month's close: its run, when and with what note; undefined when it is open. */
export async function monthClose(
  db: Store,
  month: string,
): Promise<{ run_id: number; closed_utc: number; note: string } | undefined> {
  return db.get<{ run_id: number; closed_utc: number; note: string }>(
    'SELECT run_id, closed_utc, note FROM month_closes WHERE month = ?',
    [month],
  );
}

/** The runs months were closed on. */
export async function closingRunIds(db: Store): Promise<number[]> {
  return (await db.all<{ run_id: number }>('SELECT run_id FROM month_closes')).map((c) => c.run_id);
}

/** Every month with a published run, oldest first. */
export async function publishedMonths(db: Store): Promise<string[]> {
  return (
    await db.all<{ month: string }>(
      "SELECT DISTINCT month FROM settlement_runs WHERE status = 'published' ORDER BY month",
    )
  ).map((r) => r.month);
}

/** The months before `before` with a published run. */
export async function publishedMonthsBefore(db: Reader, before: string): Promise<string[]> {
  return (
    await db.all<{ month: string }>(
      "SELECT DISTINCT month FROM settlement_runs WHERE status = 'published' AND month < ?",
      [before],
    )
  ).map((r) => r.month);
}

/** The start of the earliest reading of any meter that settles (UTC seconds), or null when none is stored. */
export async function firstSettlingReadingStart(db: Reader): Promise<number | null | undefined> {
  const [first] = await db.all<{ first: number | null }>(
    `SELECT min((SELECT start_utc FROM readings r WHERE r.meter_id = m.id ORDER BY start_utc LIMIT 1)) AS first
       FROM meters m WHERE m.settles = 1`,
  );
  return first?.first;
}

/** True when a meter that settles has a reading starting in [start, end): one range probe per meter. */
export async function settlingReadingsBetween(db: Reader, start: number, end: number): Promise<boolean> {
  const [readings] = await db.all(
    `SELECT 1 FROM meters m WHERE m.settles = 1
           AND EXISTS (SELECT 1 FROM readings r WHERE r.meter_id = m.id AND r.start_utc >= ? AND r.start_utc < ?)
         LIMIT 1`,
    [start, end],
  );
  return readings !== undefined;
}

/** Closes `month` on run `runId`. */
export async function insertMonthClose(
  tx: WriteTransaction,
  close: { month: string; runId: number; closedUtc: number; note: string },
): Promise<void> {
  await tx.run('INSERT INTO month_closes (month, run_id, closed_utc, note) VALUES (?, ?, ?, ?)', [
    close.month,
    close.runId,
    close.closedUtc,
    close.note,
  ]);
}

/** The audit entry recording the order a month was closed in (a second entry beside the trigger's). */
export async function logCloseOrder(
  tx: WriteTransaction,
  entry: { atUtc: number; month: string; description: string; details: unknown },
): Promise<void> {
  await tx.run(
    "INSERT INTO audit_log (at_utc, kind, subject, description, details_json) VALUES (?, 'close', ?, ?, ?)",
    [entry.atUtc, entry.month, entry.description, JSON.stringify(entry.details)],
  );
}

/** A participant's prior-period adjustment, carried by the statement of `appliedMonth`. */
export async function insertPriorPeriodAdjustment(
  tx: WriteTransaction,
  adjustment: {
    participantId: string;
    originalMonth: string;
    fromRunId: number;
    toRunId: number;
    amount: string;
    appliedMonth: string;
    createdUtc: number;
  },
): Promise<void> {
  await tx.run(
    `INSERT INTO prior_period_adjustments
               (participant_id, original_month, from_run_id, to_run_id, amount, applied_month, created_utc)
             VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [
      adjustment.participantId,
      adjustment.originalMonth,
      adjustment.fromRunId,
      adjustment.toRunId,
      adjustment.amount,
      adjustment.appliedMonth,
      adjustment.createdUtc,
    ],
  );
}
