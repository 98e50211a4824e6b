/** Interval readings and market prices as stored (integer mWh, exact decimal prices, UTC seconds). */
import type { IntervalReading } from '../engine/hourly';

import type { Database } from './database';

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
  db: Database,
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

/** Summary usage (a day or longer) of a meter starting in [startUtc, endUtc). */
export async function summaryReadingsBetween(
  db: Database,
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
  db: Database,
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
  db: Database,
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
