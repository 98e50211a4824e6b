/**
 * What seed 004's cost & consumption answer reads beyond the readings themselves: the utility
 * plan rate most recently assigned to a participant (to find the tariff a meter is priced on),
 * the costs a utility's file gave for a meter's readings, and the span of the readings behind
 * a meter.
 */
import type { Store } from './store';

/** The rate (JSON) of the latest version of the utility plan most recently assigned to a participant. */
export async function latestUtilityPlanRate(
  db: Store,
  participantId: string,
): Promise<{ rate_json: string } | undefined> {
  return db.get<{ rate_json: string }>(
    `SELECT v.rate_json FROM utility_plan_assignments a JOIN utility_plan_versions v ON v.utility_plan_id = a.utility_plan_id
      WHERE a.participant_id = ? ORDER BY a.effective_from DESC, v.effective_from DESC LIMIT 1`,
    [participantId],
  );
}

/** A reading's cost as the utility's file gave it (1/100,000 of the currency). */
export interface ReadingFileCost {
  start_utc: number;
  file_cost: number;
  file_currency: string | null;
}

/** The file costs of a meter's readings starting in [from, to), where the file gave one. */
export async function readingFileCosts(
  db: Store,
  meterId: string,
  from: number,
  to: number,
): Promise<ReadingFileCost[]> {
  return db.all<ReadingFileCost>(
    'SELECT start_utc, file_cost, file_currency FROM readings WHERE meter_id = ? AND start_utc >= ? AND start_utc < ? AND file_cost IS NOT NULL',
    [meterId, from, to],
  );
}

/** The first start and last end of the readings of these meters (null, null when they have none). */
export async function readingsSpan(
  db: Store,
  meterIds: readonly string[],
): Promise<{ first: number | null; last: number | null } | undefined> {
  return db.get<{ first: number | null; last: number | null }>(
    `SELECT MIN(start_utc) AS first, MAX(end_utc) AS last FROM readings WHERE meter_id IN (${meterIds.map(() => '?').join(',')})`,
    [...meterIds],
  );
}
