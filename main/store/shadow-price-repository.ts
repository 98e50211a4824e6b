/**
 * Shadow price components (seed 002) as stored beside the market prices: per price zone and
 * hour, each component as its exact decimal text in JSON, their exact total per MWh, and the
 * import they came from. Only the components of the import whose market price is stored for
 * that hour are in force, so every read joins the market prices.
 */
import type { Store } from './store';

export interface StoredShadowComponents {
  start_utc: number;
  components_json: string;
  total_price_per_mwh: string;
  import_id: number;
}

/** The components in force for each hour of [start, end) in a price zone, by hour. */
export async function shadowComponentsBetween(
  db: Store,
  zone: string,
  start: number,
  end: number,
): Promise<StoredShadowComponents[]> {
  return db.all<StoredShadowComponents>(
    `SELECT c.start_utc, c.components_json, c.total_price_per_mwh, c.import_id
       FROM shadow_price_components c JOIN market_prices p
         ON p.price_zone = c.price_zone AND p.start_utc = c.start_utc AND p.import_id = c.import_id
      WHERE c.price_zone = ? AND c.start_utc >= ? AND c.start_utc < ? ORDER BY c.start_utc`,
    [zone, start, end],
  );
}

/** The components in force for the latest priced hour of a price zone, or undefined when none is. */
export async function latestShadowComponents(
  db: Store,
  zone: string,
): Promise<StoredShadowComponents | undefined> {
  return db.get<StoredShadowComponents>(
    `SELECT c.start_utc, c.components_json, c.total_price_per_mwh, c.import_id
       FROM shadow_price_components c JOIN market_prices p
         ON p.price_zone = c.price_zone AND p.start_utc = c.start_utc AND p.import_id = c.import_id
      WHERE c.price_zone = ? ORDER BY c.start_utc DESC LIMIT 1`,
    [zone],
  );
}
