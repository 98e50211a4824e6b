/**
 * Hourly market prices as the importers write them and the views read them back as a run saw
 * them: the prices stored for a zone's hours, the ones an import supersedes (moved to
 * superseded_market_prices, never deleted, so undo restores them and runs stay reproducible),
 * new prices, and the components of shadow prices. Batching and the rules of a conflict stay
 * with the importers (main/importers/market-prices-csv.ts).
 */
import type { Store, WriteTransaction } from './store';

/** A stored price row: price zone, start and end (UTC seconds), price per kWh (exact decimal text), import. */
export type MarketPriceRow = [string, number, number, string, number];

/** A shadow price's components: price zone, start (UTC seconds), components (JSON text), total per MWh, import. */
export type ShadowComponentRow = [string, number, string, string, number];

export interface PricedHourRow {
  start_utc: number;
  end_utc: number;
  import_id: number | null;
  /** The file name of the import that stored it, null for none. */
  file_name: string | null;
}

/** The stored prices of `zone` among the hours starting at `starts` (UTC seconds), with their imports. */
export async function pricedHours(
  tx: WriteTransaction,
  zone: string,
  starts: number[],
): Promise<PricedHourRow[]> {
  return tx.all<PricedHourRow>(
    `SELECT p.start_utc, p.end_utc, p.import_id, i.file_name FROM market_prices p LEFT JOIN imports i ON i.id = p.import_id
         WHERE p.price_zone = ? AND p.start_utc IN (SELECT value FROM json_each(?))`,
    [zone, JSON.stringify(starts)],
  );
}

/**
 * Copies the stored prices of `zone` at `starts` to superseded_market_prices, superseded by
 * import `importId` at `now`; returns how many were copied.
 */
export async function supersedePrices(
  tx: WriteTransaction,
  zone: string,
  starts: number[],
  importId: number,
  now: number,
): Promise<number> {
  const moved = await tx.run(
    `INSERT INTO superseded_market_prices (price_zone, start_utc, end_utc, price_per_kwh, import_id, superseded_by_import_id, superseded_utc)
           SELECT price_zone, start_utc, end_utc, price_per_kwh, import_id, ?, ? FROM market_prices
           WHERE price_zone = ? AND start_utc IN (SELECT value FROM json_each(?))`,
    [importId, now, zone, JSON.stringify(starts)],
  );
  return moved.changes;
}

/** Stores prices, replacing a stored price of the same zone and hour. */
export async function insertMarketPrices(tx: WriteTransaction, rows: MarketPriceRow[]): Promise<void> {
  await tx.insertMany(
    'market_prices',
    ['price_zone', 'start_utc', 'end_utc', 'price_per_kwh', 'import_id'],
    rows,
    {
      orReplace: true,
    },
  );
}

/** Stores shadow price components, replacing stored ones of the same zone and hour. */
export async function insertShadowPriceComponents(
  tx: WriteTransaction,
  rows: ShadowComponentRow[],
): Promise<void> {
  await tx.insertMany(
    'shadow_price_components',
    ['price_zone', 'start_utc', 'components_json', 'total_price_per_mwh', 'import_id'],
    rows,
    { orReplace: true },
  );
}

export interface PriceAsReadRow {
  start_utc: number;
  price_per_kwh: string;
  /** 0: stored now; 1: superseded since. */
  state: number;
}

/**
 * The prices of `zone` starting in [start, end) as they stood when a run read them: of its
 * source imports `sources` (the last being `lastSource`), the rows stored now and those
 * superseded by a later import, by start then state.
 */
export async function pricesOfSources(
  db: Store,
  zone: string,
  start: number,
  end: number,
  sources: number[],
  lastSource: number,
): Promise<PriceAsReadRow[]> {
  const sourceList = JSON.stringify(sources);
  return db.all<PriceAsReadRow>(
    `SELECT start_utc, price_per_kwh, 0 AS state FROM market_prices
       WHERE price_zone = ? AND start_utc >= ? AND start_utc < ?
         AND (import_id IS NULL OR import_id IN (SELECT value FROM json_each(?)))
     UNION ALL
     SELECT start_utc, price_per_kwh, 1 FROM superseded_market_prices
       WHERE price_zone = ? AND start_utc >= ? AND start_utc < ?
         AND import_id IN (SELECT value FROM json_each(?)) AND superseded_by_import_id > ?
     ORDER BY start_utc, state`,
    [zone, start, end, sourceList, zone, start, end, sourceList, lastSource],
  );
}
