/**
 * Why a generator's leftover energy of an hour went unsold, from the inputs the
 * run settled on: the hour's market price as it stood when the run was made
 * (the run's sources, as lineage reads them) and the offer version in force on
 * the hour's local day (the run's manifest). The engine (engine/settle-period.ts)
 * sells a leftover to the open market when the offer sells leftovers to the
 * market, the hour has a market price, and that price is at or above the offer's
 * floor; otherwise the leftover is unsold at the offer's feed-in price. This
 * module says which of those conditions failed, so the hour view can say so.
 */
import { localDayOf } from '../../shared/time';
import { Dec } from '../../shared/units';
import { formatPricePerKwh } from '../engine/money';
import { pricesOfSources } from '../store/market-prices-repository';
import type { RunRow } from '../store/settlement-repository';
import type { Workspace } from '../store/workspace';

export type UnsoldReasonCode =
  'not_offered_to_market' | 'no_market_price' | 'below_floor' | 'no_offer' | 'unexplained';

export interface UnsoldReason {
  code: UnsoldReasonCode;
  /** The reason in words, prices as every view writes one (e.g. "the market price 0.8867 is below the offer's floor of 1.0000"). */
  text: string;
  /** The hour's market price per kWh as the run read it, null when the hour had none. */
  market_price: string | null;
  /** The offer version's market floor per kWh, its feed-in price (prices written by formatPricePerKwh) and whether it sells leftovers to the market. */
  floor: string | null;
  feed_in: string | null;
  sells_to_market: boolean | null;
  /** The day the offer version took effect (null without an offer). */
  offer_version_from: string | null;
}

interface OfferVersion {
  effectiveFrom: string;
  sellsLeftoversToMarket?: boolean;
  marketFloorPricePerKwh?: string;
  feedInPricePerKwh?: string;
}

interface Manifest {
  priceZone?: string;
  sources?: { importId: number }[];
  offerPlans?: { id: string; participantId: string; versions: OfferVersion[] }[];
}

/** The version in force on `day`: the latest that took effect on or before it. */
function inForceOn(versions: OfferVersion[], day: string): OfferVersion | null {
  let found: OfferVersion | null = null;
  for (const version of versions)
    if (version.effectiveFrom <= day && (!found || version.effectiveFrom >= found.effectiveFrom))
      found = version;
  return found;
}

/**
 * Market prices of [start, end) as they stood when `run` was made: of the imports the run
 * names as its sources, the current rows and those superseded since (as lineage:get reads them).
 */
export async function runMarketPrices(
  workspace: Workspace,
  run: RunRow,
  start: number,
  end: number,
): Promise<Map<number, string>> {
  const manifest = JSON.parse(run.manifest_json) as Manifest;
  const priceZone = manifest.priceZone ?? (await workspace.settings()).priceZone;
  const sources = (manifest.sources ?? []).map((s) => s.importId);
  const lastSource = Math.max(0, ...sources);
  const rows = await pricesOfSources(workspace.db, priceZone, start, end, sources, lastSource);
  const prices = new Map<number, string>();
  for (const row of rows) if (!prices.has(row.start_utc)) prices.set(row.start_utc, row.price_per_kwh);
  return prices;
}

/** The reason a generator's leftover of the hour starting at `hour` (UTC seconds) went unsold. */
export function unsoldReason(
  run: RunRow,
  generatorId: string,
  hour: number,
  timezone: string,
  marketPriceAsRead: string | null,
): UnsoldReason {
  const marketPrice = formatPricePerKwh(marketPriceAsRead);
  const manifest = JSON.parse(run.manifest_json) as Manifest;
  const plan = (manifest.offerPlans ?? [])
    .filter((o) => o.participantId === generatorId)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
  const version = plan ? inForceOn(plan.versions, localDayOf(hour, timezone)) : null;
  if (!version)
    return {
      code: 'no_offer',
      text: 'no offer plan was in force that day',
      market_price: marketPrice,
      floor: null,
      feed_in: null,
      sells_to_market: null,
      offer_version_from: null,
    };
  const sells = version.sellsLeftoversToMarket ?? true;
  const floor = formatPricePerKwh(version.marketFloorPricePerKwh ?? '0');
  const terms = {
    market_price: marketPrice,
    floor,
    feed_in: formatPricePerKwh(version.feedInPricePerKwh ?? '0'),
    sells_to_market: sells,
    offer_version_from: version.effectiveFrom,
  };
  if (!sells)
    return {
      code: 'not_offered_to_market',
      text: 'the offer does not sell leftovers to the market',
      ...terms,
    };
  if (marketPrice === null) return { code: 'no_market_price', text: 'no market price that hour', ...terms };
  if (new Dec(marketPrice).lessThan(floor))
    return {
      code: 'below_floor',
      text: `the market price ${marketPrice} is below the offer's floor of ${floor}`,
      ...terms,
    };
  // The engine sells every leftover it can: with these terms it would have sold this one, so the
  // inputs as stored now are not the ones the run read (never expected; said rather than guessed).
  return {
    code: 'unexplained',
    text: `the market price ${marketPrice} is at or above the offer's floor of ${floor}, yet the run left it unsold`,
    ...terms,
  };
}
