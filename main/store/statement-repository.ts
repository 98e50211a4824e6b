/**
 * What a participant's statement of a month is made from, beyond the settlement lines
 * themselves: who has a statement in a run, which meter types and sides a participant has
 * lines on, the prior-period adjustments applied to a month (migration 0012), and
 * the run a month was closed on. Plain rows; the statement and the statement ledger are built
 * above, in main/statements and main/reports.
 */
import type { Store } from './store';

/**
 * The participants with lines in run `runId` and, when `withAdjustments`, those a prior-period
 * adjustment was applied to in `month`, by id.
 */
export async function statementParticipantIds(
  db: Store,
  runId: number,
  month: string,
  withAdjustments: boolean,
): Promise<string[]> {
  const rows = await db.all<{ id: string }>(
    `SELECT participant_id AS id FROM settlement_daily WHERE run_id = ?
     UNION SELECT consumer_id FROM settlement_bill_lines WHERE run_id = ?
     UNION SELECT participant_id FROM prior_period_adjustments WHERE applied_month = ? AND ?
     ORDER BY 1`,
    [runId, runId, month, withAdjustments ? 1 : 0],
  );
  return rows.map((r) => r.id);
}

/** The meter types a participant has daily lines on in a run, in order. */
export async function participantMeterTypes(
  db: Store,
  runId: number,
  participantId: string,
): Promise<{ meter_type: number }[]> {
  return db.all<{ meter_type: number }>(
    'SELECT DISTINCT meter_type FROM settlement_daily WHERE run_id = ? AND participant_id = ? ORDER BY meter_type',
    [runId, participantId],
  );
}

/** The meter types a consumer has tariff bill lines on in a run, in order. */
export async function billMeterTypes(
  db: Store,
  runId: number,
  consumerId: string,
): Promise<{ meter_type: number }[]> {
  return db.all<{ meter_type: number }>(
    'SELECT DISTINCT meter_type FROM settlement_bill_lines WHERE run_id = ? AND consumer_id = ? ORDER BY meter_type',
    [runId, consumerId],
  );
}

/** The sides (generator, consumer) a participant has daily lines on for one meter type of a run. */
export async function participantSides(
  db: Store,
  runId: number,
  participantId: string,
  meterType: number,
): Promise<{ side: string }[]> {
  return db.all<{ side: string }>(
    'SELECT DISTINCT side FROM settlement_daily WHERE run_id = ? AND participant_id = ? AND meter_type = ?',
    [runId, participantId, meterType],
  );
}

export interface AppliedAdjustmentRow {
  original_month: string;
  from_run_id: number;
  to_run_id: number;
  amount: string;
}

/** The prior-period adjustments applied to a participant's statement of `month`, oldest original month first. */
export async function adjustmentsAppliedTo(
  db: Store,
  participantId: string,
  month: string,
): Promise<AppliedAdjustmentRow[]> {
  return db.all<AppliedAdjustmentRow>(
    `SELECT original_month, from_run_id, to_run_id, amount FROM prior_period_adjustments
           WHERE participant_id = ? AND applied_month = ? ORDER BY original_month, id`,
    [participantId, month],
  );
}

export interface PriorPeriodAdjustmentRow extends AppliedAdjustmentRow {
  participant_id: string;
  applied_month: string;
}

/** Every prior-period adjustment, oldest original month first. */
export async function priorPeriodAdjustments(db: Store): Promise<PriorPeriodAdjustmentRow[]> {
  return db.all<PriorPeriodAdjustmentRow>(
    `SELECT participant_id, original_month, from_run_id, to_run_id, amount, applied_month
     FROM prior_period_adjustments ORDER BY original_month, id`,
  );
}

/** The run `month` was closed on, or undefined when it is open. */
export async function closedRunId(db: Store, month: string): Promise<number | undefined> {
  const row = await db.get<{ run_id: number }>('SELECT run_id FROM month_closes WHERE month = ?', [month]);
  return row?.run_id;
}
