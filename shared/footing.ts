/**
 * Tables that foot: what a person reads as a total equals the sum of the rows
 * they read above it. The ledger keeps money to 4 decimals (and energy to the
 * mWh); a table shows each row rounded half-up (half away from zero) to the
 * places it is read in (the currency's minor unit, kWh to 3 decimals), its
 * total as the exact total so rounded, and the difference between that total
 * and the sum of the rounded rows as a "Rounding" row (zero when they agree).
 * So rows + Rounding = Total, exactly, on screen and in files.
 *
 * Pure: main and renderer share it (no Node, DOM or database code).
 */
import { minorUnitDigits } from './currency';
import { Dec } from './units';

/** A column's rows as shown, its Rounding and its Total: decimal strings with `places` decimals. */
export interface Footing {
  rows: string[];
  /** total − Σ rows, zero (`0.00`) when the rounded rows already add up to the total. */
  rounding: string;
  total: string;
}

/** The decimals of a currency's minor unit (ISO 4217 through Intl): shared/currency.ts. */
export { minorUnitDigits } from './currency';

/** `amount` rounded half away from zero to `places` decimals, written with exactly that many (never `-0.00`). */
export function roundHalfUp(amount: string | number | Dec, places: number): string {
  const rounded = new Dec(amount).toDecimalPlaces(places, Dec.ROUND_HALF_UP);
  return (rounded.isZero() ? new Dec(0) : rounded).toFixed(places);
}

/** Rows, Rounding and Total of exact `amounts` shown to `places` decimals. */
export function foot(amounts: readonly (string | number)[], places: number): Footing {
  const rows = amounts.map((amount) => roundHalfUp(amount, places));
  const exact = amounts.reduce<Dec>((sum, amount) => sum.plus(amount), new Dec(0));
  const shown = rows.reduce<Dec>((sum, row) => sum.plus(row), new Dec(0));
  const total = roundHalfUp(exact, places);
  return { rows, rounding: roundHalfUp(new Dec(total).minus(shown), places), total };
}

/** Rows, Rounding and Total of exact money amounts (the ledger's 4 decimals) in `currency`'s minor unit. */
export function footMoney(amounts: readonly (string | number)[], currency: string): Footing {
  return foot(amounts, minorUnitDigits(currency));
}

/** True when a footing's rows add up to its total without a Rounding row. */
export function foots(footing: Footing): boolean {
  return new Dec(footing.rounding).isZero();
}
