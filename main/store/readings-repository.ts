/** Interval readings and market prices as stored (integer mWh, exact decimal prices, UTC seconds). */
import { localMonthOf, monthRangeUtc, nextMonth } from '../../shared/time';
import type { IntervalReading } from '../engine/hourly';

import type { Store, WriteTransaction } from './store';

interface ReadingRow {
  start_utc: number;
  end_utc: number;
  energy_milliwh: number;
  is_estimated: number;
}

const toInterval = (row: ReadingRow): IntervalReading => ({
  startUtc: row.start_utc,
  endUtc: row.end_utc,
  energyMilliWh: row.energy_milliwh,
  isEstimated: row.is_estimated === 1,
});

export async function readingsBetween(
  db: Store,
  meterId: string,
  startUtc: number,
  endUtc: number,
): Promise<IntervalReading[]> {
  const rows = await db.all<ReadingRow>(
    `SELECT start_utc, end_utc, energy_milliwh, is_estimated FROM readings
     WHERE meter_id = ? AND start_utc < ? AND end_utc > ? ORDER BY start_utc`,
    [meterId, endUtc, startUtc],
  );
  return rows.map(toInterval);
}

/**
 * The start of the latest interval reading of any meter that settles (UTC seconds), or undefined
 * when none is stored: each meter's latest is one step down its primary key (meter_id, start_utc), so the
 * query costs one index probe per meter, never a scan of the readings.
 */
export async function latestReadingStartUtc(db: Pick<Store, 'get'>): Promise<number | undefined> {
  const row = await db.get<{ start_utc: number | null }>(
    'SELECT MAX((SELECT MAX(start_utc) FROM readings WHERE meter_id = meters.id)) AS start_utc FROM meters WHERE settles = 1',
  );
  return row?.start_utc ?? undefined;
}

/**
 * The months (`YYYY-MM`, in `zone`) in which import `importId` stored interval readings. Each
 * meter's first and last reading of the import are two probes of readings_by_import (import_id,
 * then the key meter_id, start_utc); a month between them counts when a reading of the import
 * starts in it, one more probe each.
 */
export async function monthsWithReadingsOfImport(
  db: Pick<Store, 'get'>,
  importId: number,
  meterIds: string[],
  zone: string,
): Promise<string[]> {
  const months = new Set<string>();
  for (const meterId of meterIds) {
    const span = await db.get<{ first: number | null; last: number | null }>(
      `SELECT
         (SELECT MIN(start_utc) FROM readings WHERE import_id = ? AND meter_id = ?) AS first,
         (SELECT MAX(start_utc) FROM readings WHERE import_id = ? AND meter_id = ?) AS last`,
      [importId, meterId, importId, meterId],
    );
    if (span?.first == null || span.last == null) continue;
    const first = localMonthOf(span.first, zone);
    const last = localMonthOf(span.last, zone);
    months.add(first).add(last);
    for (let month = nextMonth(first); month < last; month = nextMonth(month)) {
      if (months.has(month)) continue;
      const { start, end } = monthRangeUtc(month, zone);
      const hit = await db.get(
        `SELECT 1 FROM readings WHERE import_id = ? AND meter_id = ? AND start_utc >= ? AND start_utc < ? LIMIT 1`,
        [importId, meterId, start, end],
      );
      if (hit) months.add(month);
    }
  }
  return [...months].sort();
}

/** Summary usage (a day or longer) of a meter starting in [startUtc, endUtc). */
export async function summaryReadingsBetween(
  db: Store,
  meterId: string,
  startUtc: number,
  endUtc: number,
): Promise<IntervalReading[]> {
  const rows = await db.all<ReadingRow>(
    `SELECT start_utc, end_utc, energy_milliwh, is_estimated FROM summary_readings
     WHERE meter_id = ? AND start_utc >= ? AND start_utc < ? ORDER BY start_utc`,
    [meterId, startUtc, endUtc],
  );
  return rows.map(toInterval);
}

/** The costs a utility's file gave for a meter's readings starting in [startUtc, endUtc), by start (1/100,000 of the currency). */
export async function fileCostsBetween(
  db: Store,
  table: 'readings' | 'summary_readings',
  meterId: string,
  startUtc: number,
  endUtc: number,
): Promise<Map<number, { cost: bigint; currency: string }>> {
  const rows = await db.all<{ start_utc: number; file_cost: number; file_currency: string | null }>(
    `SELECT start_utc, file_cost, file_currency FROM ${table}
     WHERE meter_id = ? AND start_utc >= ? AND start_utc < ? AND file_cost IS NOT NULL`,
    [meterId, startUtc, endUtc],
  );
  return new Map(
    rows.map((row) => [row.start_utc, { cost: BigInt(row.file_cost), currency: row.file_currency ?? '?' }]),
  );
}

export async function marketPricesBetween(
  db: Store,
  priceZone: string,
  startUtc: number,
  endUtc: number,
): Promise<{ startUtc: number; endUtc: number; pricePerKwh: string }[]> {
  const rows = await db.all<{ start_utc: number; end_utc: number; price_per_kwh: string }>(
    'SELECT start_utc, end_utc, price_per_kwh FROM market_prices WHERE price_zone = ? AND start_utc >= ? AND start_utc < ? ORDER BY start_utc',
    [priceZone, startUtc, endUtc],
  );
  return rows.map((row) => ({
    startUtc: row.start_utc,
    endUtc: row.end_utc,
    pricePerKwh: row.price_per_kwh,
  }));
}

/**
 * What a utility's file stored for some meters' readings starting in [startUtc, endUtc) of one
 * table: the energy (mWh) and the file's cost (1/100,000 of its currency) summed, and how many
 * readings (sums null when there are none).
 */
export async function readingTotalsBetween(
  tx: WriteTransaction,
  table: 'readings' | 'summary_readings',
  meterIds: string[],
  startUtc: number,
  endUtc: number,
): Promise<{ energy: number | null; cost: number | null; n: number } | undefined> {
  const [row] = await tx.all<{ energy: number | null; cost: number | null; n: number }>(
    `SELECT sum(energy_milliwh) AS energy, sum(file_cost) AS cost, count(*) AS n FROM ${table}
         WHERE meter_id IN (${meterIds.map(() => '?').join(',')}) AND start_utc >= ? AND start_utc < ?`,
    [...meterIds, startUtc, endUtc],
  );
  return row;
}
