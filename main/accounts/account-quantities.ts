/**
 * An account's energy quantities between their two forms: kWh as seed 002 sends and answers
 * them (decimal text in, JSON numbers out) and the integer mWh the store keeps.
 */
import { Dec } from '../../shared/units';

/** kWh text → integer mWh (half-even below the mWh, as readings are). */
export function milliWhOf(kwh: string): number {
  return Number(new Dec(kwh).times(1_000_000).toDecimalPlaces(0, Dec.ROUND_HALF_EVEN).toFixed());
}

export function kwhNumber(mWh: number | bigint): number {
  return Number(new Dec(mWh.toString()).dividedBy(1_000_000).toFixed());
}
