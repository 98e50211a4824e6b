/**
 * What lineage reads back as it stood when a settlement run was made: a meter's readings and
 * the zone's market prices from the imports the run names as its sources, current or superseded
 * since (an import made after the run has a higher id than every source of the run), and the
 * file an import came from.
 */
import type { Store } from './store';

/** A reading as the run read it: `state` is 'current', or 'superseded since' when replaced after. */
export interface ReadingAsRead {
  start_utc: number;
  end_utc: number;
  energy_milliwh: number;
  is_estimated: number;
  import_id: number | null;
  state: string;
}

/** A market price as the run read it: `state` is 'current', or 'superseded since' when replaced after. */
export interface MarketPriceAsRead {
  start_utc: number;
  price_per_kwh: string;
  import_id: number | null;
  state: string;
}

/**
 * A meter's readings overlapping [start, end) from the run's source imports (or written without
 * an import), with the ones superseded by an import later than `lastSource`, by start.
 */
export async function readingsAsRead(
  db: Store,
  meterId: string,
  start: number,
  end: number,
  sourceImportIds: readonly number[],
  lastSource: number,
): Promise<ReadingAsRead[]> {
  const sourceList = JSON.stringify(sourceImportIds);
  return db.all<ReadingAsRead>(
    `SELECT start_utc, end_utc, energy_milliwh, is_estimated, import_id, 'current' AS state FROM readings
           WHERE meter_id = ? AND start_utc < ? AND end_utc > ?
             AND (import_id IS NULL OR import_id IN (SELECT value FROM json_each(?)))
         UNION ALL
         SELECT start_utc, end_utc, energy_milliwh, is_estimated, import_id, 'superseded since' FROM superseded_readings
           WHERE meter_id = ? AND start_utc < ? AND end_utc > ?
             AND import_id IN (SELECT value FROM json_each(?)) AND superseded_by_import_id > ?
         ORDER BY start_utc`,
    [meterId, end, start, sourceList, meterId, end, start, sourceList, lastSource],
  );
}

/**
 * A price zone's market prices of [start, end) from the run's source imports (or written without
 * an import), with the ones superseded by an import later than `lastSource`, by start.
 */
export async function marketPricesAsRead(
  db: Store,
  priceZone: string,
  start: number,
  end: number,
  sourceImportIds: readonly number[],
  lastSource: number,
): Promise<MarketPriceAsRead[]> {
  const sourceList = JSON.stringify(sourceImportIds);
  return db.all<MarketPriceAsRead>(
    `SELECT start_utc, price_per_kwh, import_id, 'current' AS state FROM market_prices
         WHERE price_zone = ? AND start_utc >= ? AND start_utc < ?
           AND (import_id IS NULL OR import_id IN (SELECT value FROM json_each(?)))
       UNION ALL
       SELECT start_utc, price_per_kwh, import_id, 'superseded since' FROM superseded_market_prices
         WHERE price_zone = ? AND start_utc >= ? AND start_utc < ?
           AND import_id IN (SELECT value FROM json_each(?)) AND superseded_by_import_id > ?
       ORDER BY start_utc`,
    [priceZone, start, end, sourceList, priceZone, start, end, sourceList, lastSource],
  );
}

/** The file an import of readings came from, and its kind; undefined when no such import is stored. */
export async function importedFileAndKind(
  db: Store,
  importId: number,
): Promise<{ file_name: string; sha256: string; kind: string } | undefined> {
  return db.get<{ file_name: string; sha256: string; kind: string }>(
    'SELECT file_name, sha256, kind FROM imports WHERE id = ?',
    [importId],
  );
}

/** The file an import came from; undefined when no such import is stored. */
export async function importedFile(
  db: Store,
  importId: number,
): Promise<{ file_name: string; sha256: string } | undefined> {
  return db.get<{ file_name: string; sha256: string }>('SELECT file_name, sha256 FROM imports WHERE id = ?', [
    importId,
  ]);
}
