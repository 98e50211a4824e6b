/**
 * ESPI's codes in Energy Ledger's words: the units a Green Button reading may be in and which
 * of them a meter stores, the commodity of a meter, the currency of its costs, estimated
 * reading qualities, the zone of the utility's LocalTimeParameters; and the exact integer
 * arithmetic that turns a reading's `value × 10^powerOfTenMultiplier` into stored thousandths.
 */
import { decimalProblem } from '../../shared/units';

/** ESPI UnitSymbolKind codes read as quantities Energy Ledger can store (others are refused by name). */
export const UNITS: Record<string, { unit: string; energy: boolean }> = {
  '72': { unit: 'Wh', energy: true },
  '169': { unit: 'therm', energy: false },
  '42': { unit: 'm3', energy: false },
  '119': { unit: 'ft3', energy: false },
};
export const POWER_UNITS: Record<string, string> = {
  '38': 'W (power, not energy)',
  '61': 'VA (apparent power)',
  '63': 'VAr (reactive power)',
  '71': 'VAh (apparent energy)',
  '73': 'VArh (reactive energy)',
};
/** ESPI CommodityKind → the meter's commodity. */
export const COMMODITIES: Record<string, string> = {
  '1': 'electricity',
  '2': 'electricity',
  '7': 'natural-gas',
  '8': 'propane',
  '9': 'water',
  '10': 'steam',
  '11': 'water',
  '14': 'water',
};
/** UsagePoint ServiceCategory kind → commodity. */
export const SERVICE_KINDS: Record<string, string> = { '0': 'electricity', '1': 'natural-gas', '2': 'water' };
/** ISO 4217 numeric codes ESPI uses for `currency`. */
export const CURRENCIES: Record<string, string> = {
  '840': 'USD',
  '124': 'CAD',
  '978': 'EUR',
  '826': 'GBP',
  '764': 'THB',
  '036': 'AUD',
  '36': 'AUD',
  '392': 'JPY',
  '484': 'MXN',
};
/** ESPI QualityOfReading codes that mean an estimate: reference day, linear interpolation, projected. */
export const ESTIMATED_QUALITIES = new Set(['8', '9', '12']);

export const INTEGER = /^[+-]?\d+$/;
export const DECIMAL = /^[+-]?\d+(\.\d+)?$/;
/** An integer within the bounded parser's bounds (shared/units.ts), safe to hand to Number or BigInt. */
export const boundedInteger = (text: string | undefined): text is string =>
  text !== undefined && INTEGER.test(text) && decimalProblem(text) === null;

/** `value × 10^exponent` as an integer, rounded half-even; and whether it was rounded. */
export function shiftExact(value: bigint, exponent: number): { result: bigint; rounded: boolean } {
  if (exponent >= 0) return { result: value * 10n ** BigInt(exponent), rounded: false };
  const divisor = 10n ** BigInt(-exponent);
  let quotient = value / divisor;
  const remainder = value % divisor;
  if (remainder === 0n) return { result: quotient, rounded: false };
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  const away = value < 0n ? -1n : 1n;
  if (twice > divisor || (twice === divisor && quotient % 2n !== 0n)) quotient += away;
  return { result: quotient, rounded: true };
}

/** North American standard offsets (seconds) → the zone Green Button files from there keep. */
const ZONES_WITH_DST: Record<string, string> = {
  '-12600': 'America/St_Johns',
  '-14400': 'America/Halifax',
  '-18000': 'America/New_York',
  '-21600': 'America/Chicago',
  '-25200': 'America/Denver',
  '-28800': 'America/Los_Angeles',
  '-32400': 'America/Anchorage',
};
const ZONES_WITHOUT_DST: Record<string, string> = {
  '-25200': 'America/Phoenix',
  '-36000': 'Pacific/Honolulu',
  '-21600': 'America/Regina',
};

/**
 * An IANA zone for ESPI LocalTimeParameters: the standard offset, with North
 * American DST when dstOffset is not 0 (the rules ESPI encodes in
 * dstStartRule/dstEndRule); a fixed offset when nothing better is known.
 */
export function zoneOfLocalTime(fields: Record<string, string>): string | null {
  const offset = fields.tzOffset;
  if (offset === undefined || !/^-?\d+$/.test(offset)) return null;
  const dst = fields.dstOffset !== undefined && fields.dstOffset !== '0';
  const named = (dst ? ZONES_WITH_DST : ZONES_WITHOUT_DST)[offset];
  if (named) return named;
  const minutes = Number(offset) / 60;
  if (!Number.isInteger(minutes)) return null;
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
