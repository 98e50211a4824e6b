/**
 * Figures as a person reads them, exactly: money in the workspace currency
 * with its symbol and grouping, energy in kWh switching to MWh where large.
 * Decimal strings from the API are rounded with decimal.js, never through
 * binary floating point.
 */
import { currencySymbols, groupThousands } from '../../shared/display';
import { roundHalfUp } from '../../shared/footing';
import { Dec } from '../../shared/units';

const group = (fixed: string) => groupThousands(fixed);
const symbols = currencySymbols;

/**
 * `฿12,838.41` for ("12838.4147", "THB"); two decimals (or `places`), half-up; the code when the
 * currency has no common symbol.
 */
export function formatMoney(amount: string | number, currency: string, places = 2): string {
  const fixed = new Dec(amount).toFixed(places);
  const symbol = symbols[currency];
  const text = group(fixed);
  const negative = text.startsWith('−');
  const body = negative ? text.slice(1) : text;
  return symbol ? `${negative ? '−' : ''}${symbol}${body}` : `${negative ? '−' : ''}${body} ${currency}`;
}

/** `4,012.0 kWh`, or `106.67 MWh` from 10,000 kWh up. */
export function formatEnergy(kWh: string | number): string {
  const value = new Dec(kWh);
  if (value.abs().greaterThanOrEqualTo(10_000)) return `${group(value.dividedBy(1000).toFixed(2))} MWh`;
  return `${group(value.toFixed(value.abs().lessThan(10) ? 3 : 1))} kWh`;
}

/**
 * Energy always in kWh, to 3 decimals (half-up, grouped): `1,234.568 kWh`, `0.000 kWh`. For
 * figures read side by side (a list, a line of totals, a tooltip), where formatEnergy's switch to
 * MWh would make them hard to compare; the same digits as a footed kWh column.
 */
export function formatKwh(kWh: string | number): string {
  return `${group(roundHalfUp(kWh, 3))} kWh`;
}

/** Power in kW to 3 decimals (half-up, grouped): `319.097 kW`. */
export function formatKw(kW: string | number): string {
  return `${group(roundHalfUp(kW, 3))} kW`;
}

/** A plain grouped decimal with `places` decimals (tables, CSV-like columns). */
export function formatNumber(value: string | number, places: number): string {
  return group(new Dec(value).toFixed(places));
}

/**
 * A price per kWh in the currency, exactly as far as the ledger holds it: at least the
 * currency's 2 decimals, up to 6 (`฿0.8867`, `฿1.00`, `฿2.500376` for 2.5003755), half-up beyond.
 */
export function formatPrice(amount: string | number, currency: string): string {
  const value = new Dec(amount);
  const places = Math.min(6, Math.max(2, value.decimalPlaces()));
  return formatMoney(value.toDecimalPlaces(places, Dec.ROUND_HALF_UP).toFixed(places), currency, places);
}

/** A quantity to at most `maxPlaces` decimals (half-up), trailing zeros dropped, grouped: `1,234.5`. */
export function formatUpTo(value: string | number, maxPlaces: number): string {
  const rounded = new Dec(value).toDecimalPlaces(maxPlaces, Dec.ROUND_HALF_UP);
  return group((rounded.isZero() ? new Dec(0) : rounded).toFixed());
}

/** A ratio (`0.7647`) as a percentage with one decimal: `76.5 %`. */
export function formatPercent(ratio: string | number): string {
  return `${formatNumber(new Dec(ratio).times(100).toFixed(), 1)} %`;
}

/** A name made possessive as English writes it: "Riverside Mall’s", "Sunrise Rooftops’". */
export function possessive(name: string): string {
  return /s$/i.test(name.trim()) ? `${name}’` : `${name}’s`;
}
