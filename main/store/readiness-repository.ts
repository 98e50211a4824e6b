/**
 * What a month's readiness to settle is counted from, as stored: the hours in which a physical
 * meter has an interval reading (an account's estimates are read from account-repository.ts).
 */
import type { Store } from './store';

/** The hours (UTC starts, each once, in no particular order) of [start, end) in which a meter has a reading. */
export async function hoursWithReadings(
  db: Store,
  meterId: string,
  start: number,
  end: number,
): Promise<number[]> {
  const rows = await db.all<{ hour: number }>(
    `SELECT DISTINCT start_utc - start_utc % 3600 AS hour FROM readings
      WHERE meter_id = ? AND start_utc >= ? AND start_utc < ?`,
    [meterId, start, end],
  );
  return rows.map((r) => r.hour);
}
