/**
 * Two runs of a month side by side (issue 10), as stored: each participant's month totals by
 * side and kind, and the lines hour by hour, where the two runs differ (a run's figure is null
 * where it has no row).
 */
import type { Store } from './store';

export interface DifferingTotal {
  participant_id: string;
  side: string;
  kind: string;
  ea: number | null;
  eb: number | null;
  ca: number | null;
  cb: number | null;
}

export interface DifferingLine {
  hour: number;
  kind: string;
  generator_id: string | null;
  consumer_id: string | null;
  ea: number | null;
  eb: number | null;
  ca: number | null;
  cb: number | null;
}

/** Participants' month totals (energy e, cost c) of runs a and b, by side and kind, where they differ. */
export async function differingTotals(db: Store, a: number, b: number): Promise<DifferingTotal[]> {
  return db.all<DifferingTotal>(
    `SELECT participant_id, side, kind,
              SUM(CASE WHEN run_id = ? THEN energy_milliwh END) AS ea, SUM(CASE WHEN run_id = ? THEN energy_milliwh END) AS eb,
              SUM(CASE WHEN run_id = ? THEN cost_ten_thousandths END) AS ca, SUM(CASE WHEN run_id = ? THEN cost_ten_thousandths END) AS cb
         FROM settlement_daily WHERE run_id IN (?, ?)
        GROUP BY participant_id, side, kind
       HAVING coalesce(ea, 0) <> coalesce(eb, 0) OR coalesce(ca, 0) <> coalesce(cb, 0)
        ORDER BY participant_id, side, kind`,
    [a, b, a, b, a, b],
  );
}

/** The lines of runs a and b that differ, hour by hour. */
export async function differingLines(db: Store, a: number, b: number): Promise<DifferingLine[]> {
  return db.all<DifferingLine>(
    `SELECT hour_start_utc AS hour, kind, generator_id, consumer_id,
              SUM(CASE WHEN run_id = ? THEN energy_milliwh END) AS ea, SUM(CASE WHEN run_id = ? THEN energy_milliwh END) AS eb,
              SUM(CASE WHEN run_id = ? THEN cost_ten_thousandths END) AS ca, SUM(CASE WHEN run_id = ? THEN cost_ten_thousandths END) AS cb
         FROM settlement_lines WHERE run_id IN (?, ?)
        GROUP BY hour_start_utc, kind, generator_id, consumer_id
       HAVING coalesce(ea, 0) <> coalesce(eb, 0) OR coalesce(ca, 0) <> coalesce(cb, 0)
        ORDER BY hour_start_utc, kind, generator_id, consumer_id`,
    [a, b, a, b, a, b],
  );
}
