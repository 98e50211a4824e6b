/**
 * Energy and money as Energy Ledger stores and shows them.
 *
 * Energy is kept as integer milli-watt-hours (mWh): exact, summable, and small
 * enough that a year of a large pool stays inside Number.MAX_SAFE_INTEGER
 * (9e15 mWh is 9 TWh). Each form an amount can take has its own name, so a
 * kWh decimal string can never be added to a mWh integer by accident.
 *
 * This module imports no Node, DOM or database code: main and renderer share it.
 */
import Decimal from 'decimal.js';

/** Integer milli-watt-hours. */
export type MilliWh = number & { readonly __unit: 'mWh' };
/** A decimal string of kilowatt-hours, exact (e.g. "1.234567"). */
export type KwhString = string & { readonly __unit: 'kWh-string' };
/** A decimal string of money in the workspace currency (e.g. "12.3400"). */
export type MoneyString = string & { readonly __unit: 'money-string' };

export const MILLIWH_PER_KWH = 1_000_000;
export const MILLIWH_PER_WH = 1_000;

/** Decimal configured once for all money and energy arithmetic (never binary floats). */
export const Dec = Decimal.clone({
  precision: 60,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Dec = Decimal;

export function milliWh(value: number): MilliWh {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`energy must be a whole number of mWh within the safe range, got ${value}`);
  }
  return value as MilliWh;
}

export type EnergyUnit = 'Wh' | 'kWh' | 'MWh';
const unitScale: Record<EnergyUnit, number> = { Wh: 1_000, kWh: 1_000_000, MWh: 1_000_000_000 };

/**
 * Bounds of every decimal that comes from outside (files, HTTP, IPC, the CLI), checked on
 * its text before any arithmetic: Decimal keeps `1e100000000` as one digit and an exponent,
 * but `toFixed()`, BigInt or a sum then build a number of a hundred million digits (a
 * 131-byte prices CSV ran a 1 GB heap out in 11 s). Real files never come near them: a
 * meter read, a price or a cost has a dozen digits, and a program's float noise
 * (`5.551115123125783e-17`) 33 decimal places.
 *
 * - at most 64 characters (spaces around it trimmed);
 * - an exponent, when there is one, written with at most 4 digits;
 * - a magnitude below 10^15 (a thousand trillion kWh, or of any currency);
 * - at most 40 decimal places.
 *
 * docs/formats.md ("Numbers and text in every input") lists them for users.
 */
export const DECIMAL_BOUNDS = {
  maxLength: 64,
  maxExponentDigits: 4,
  /** |x| < 10^maxMagnitude. */
  maxMagnitude: 15,
  maxDecimalPlaces: 40,
} as const;

/** What decimalProblem says of text that is not a decimal number at all (callers word it their way). */
export const NOT_A_DECIMAL = 'is not a decimal number';

const decimalParts = /^[+-]?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;

/**
 * A decimal text's size, read from its digits alone (no number is built): the power of ten
 * of its first significant digit (`magnitude`, -Infinity for zero) and its decimal places,
 * as Decimal's `e` and `decimalPlaces()` would give them. Null when it is not a decimal.
 */
export function decimalTextShape(
  trimmed: string,
): { exponentDigits: number; magnitude: number; places: number } | null {
  const parts = decimalParts.exec(trimmed);
  if (!parts) return null;
  const whole = parts[1] ?? '';
  const fraction = parts[2] ?? parts[3] ?? '';
  const exponentText = parts[4] ?? '';
  const exponentDigits = exponentText.replace(/^[+-]/, '').length;
  if (exponentDigits > DECIMAL_BOUNDS.maxExponentDigits)
    return { exponentDigits, magnitude: Infinity, places: Infinity };
  const digits = whole + fraction;
  const point = whole.length + (exponentText ? Number(exponentText) : 0);
  const first = digits.search(/[1-9]/);
  if (first < 0) return { exponentDigits, magnitude: -Infinity, places: 0 };
  let last = digits.length - 1;
  while (digits.charCodeAt(last) === 48) last--;
  return { exponentDigits, magnitude: point - first - 1, places: Math.max(0, last + 1 - point) };
}

function boundsProblem(trimmed: string, maxMagnitude: number): string | null {
  const { maxLength, maxExponentDigits, maxDecimalPlaces } = DECIMAL_BOUNDS;
  if (trimmed.length > maxLength)
    return `is too long for a number: ${trimmed.length} characters (at most ${maxLength})`;
  const shape = decimalTextShape(trimmed);
  if (!shape) return NOT_A_DECIMAL;
  if (shape.exponentDigits > maxExponentDigits)
    return `is out of range: its exponent has ${shape.exponentDigits} digits (at most ${maxExponentDigits})`;
  if (shape.magnitude >= maxMagnitude)
    return `is too large: a number must be less than 10^${maxMagnitude} in magnitude`;
  if (shape.places > maxDecimalPlaces)
    return `has too many decimal places: ${shape.places} (at most ${maxDecimalPlaces})`;
  return null;
}

/**
 * Why a decimal text from outside cannot be read (NOT_A_DECIMAL, or which bound of
 * DECIMAL_BOUNDS it breaks), or null when it is a decimal within them. Checked on the
 * text alone, so it costs as little for a million digits as for one.
 */
export function decimalProblem(text: string): string | null {
  return boundsProblem(text.trim(), DECIMAL_BOUNDS.maxMagnitude);
}

/**
 * Why a JSON number token cannot be read, or null: the bounds above on its text, except
 * that its magnitude may reach what a double holds (JSON.parse makes `1e309` Infinity;
 * the magnitude bound applies where the number is used as a decimal), and its decimal
 * places are bounded too (JSON.parse makes `1e-400` a silent 0).
 */
export function jsonNumberProblem(token: string): string | null {
  const problem = boundsProblem(token, Infinity);
  if (problem === null && !Number.isFinite(Number(token)))
    return 'is too large: beyond what a JSON number can hold (about 1.8e308)';
  return problem;
}

/** A value as messages show it: whole up to 32 characters, else its first 24, "…" and its length. */
export function shortValue(text: string): string {
  return text.length <= 32 ? text : `${text.slice(0, 24)}… (${text.length} characters)`;
}

/** A decimal from outside refused by the bounded parser: the message names the value, shortened, and why. */
export class DecimalInputError extends RangeError {
  constructor(
    readonly value: string,
    readonly problem: string,
  ) {
    super(`"${shortValue(value.trim())}" ${problem}`);
    this.name = 'DecimalInputError';
  }
}

export interface ParsedEnergy {
  milliWh: MilliWh;
  /** True when the input had finer precision than 1 mWh and was rounded half-even. */
  wasRounded: boolean;
}

/**
 * Parses a decimal text in the given unit into exact mWh. Finer precision is
 * rounded half-even (spec §3) and reported, never silently truncated. Binary
 * floating point is never involved: the text goes straight to Decimal, through
 * the bounded parser (parseDecimal) unless it is a short plain decimal.
 */
const plainDecimal = /^(-?)(\d{1,15})(?:\.(\d{1,15}))?$/;
const unitDigits: Record<EnergyUnit, number> = { Wh: 3, kWh: 6, MWh: 9 };

export function parseEnergy(text: string, unit: EnergyUnit): ParsedEnergy {
  const trimmed = text.trim();
  // Fast exact path for the common case: a plain decimal with no more fraction digits than the unit
  // shifts away (kWh to 6 places), moved into mWh by string arithmetic alone. Within the bounds by its form.
  const plain = plainDecimal.exec(trimmed);
  if (plain) {
    const shift = unitDigits[unit];
    const fraction = plain[3] ?? '';
    if (fraction.length <= shift) {
      const digits = `${plain[2]}${fraction.padEnd(shift, '0')}`;
      const value = Number(digits);
      if (Number.isSafeInteger(value))
        return { milliWh: (plain[1] === '-' && value !== 0 ? -value : value) as MilliWh, wasRounded: false };
    }
  }
  const exact = parseDecimal(trimmed).times(unitScale[unit]);
  const rounded = exact.toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN);
  const asNumber = rounded.toNumber();
  if (!Number.isSafeInteger(asNumber)) {
    throw new RangeError(`"${shortValue(trimmed)}" ${unit} is too large to store`);
  }
  return { milliWh: (asNumber === 0 ? 0 : asNumber) as MilliWh, wasRounded: !rounded.eq(exact) };
}

/** Exact kWh decimal string of an integer mWh amount, without trailing zeros ("1.5", "0.000001", "12"). */
export function milliWhToKwh(value: number): KwhString {
  return new Dec(value).dividedBy(MILLIWH_PER_KWH).toFixed() as KwhString;
}

/**
 * The bounded decimal parser: every money, price, energy or weight decimal from outside
 * goes through it (or decimalProblem). Throws DecimalInputError, naming the value
 * (shortened) and why, on anything that is not a plain decimal within DECIMAL_BOUNDS.
 */
export function parseDecimal(text: string): Decimal {
  const problem = decimalProblem(text);
  if (problem !== null) throw new DecimalInputError(text, problem);
  return new Dec(text.trim());
}

/** True when the text is a decimal within DECIMAL_BOUNDS. */
export function isDecimalText(text: string): boolean {
  return decimalProblem(text) === null;
}

/** Canonical text of a decimal (no exponent, no trailing zeros) so that equal values store equally; bounded as parseDecimal. */
export function canonicalDecimal(text: string): string {
  return parseDecimal(text).toFixed();
}

/** Money rounded half-up (away from zero) to 4 decimals of the currency (spec §4). */
export function roundMoney(value: Decimal): MoneyString {
  return value.toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4) as MoneyString;
}

/** An exact decimal string of `value × 10^-decimals`. */
export function scaledDecimal(value: bigint, decimals: number): string {
  if (decimals <= 0) return (value * 10n ** BigInt(-decimals)).toString();
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, -decimals);
  const fraction = digits.slice(-decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
