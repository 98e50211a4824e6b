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

const decimalPattern = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export interface ParsedEnergy {
  milliWh: MilliWh;
  /** True when the input had finer precision than 1 mWh and was rounded half-even. */
  wasRounded: boolean;
}

/**
 * Parses a decimal text in the given unit into exact mWh. Finer precision is
 * rounded half-even (spec §3) and reported, never silently truncated. Binary
 * floating point is never involved: the text goes straight to Decimal.
 */
const plainDecimal = /^(-?)(\d{1,15})(?:\.(\d{1,15}))?$/;
const unitDigits: Record<EnergyUnit, number> = { Wh: 3, kWh: 6, MWh: 9 };

export function parseEnergy(text: string, unit: EnergyUnit): ParsedEnergy {
  const trimmed = text.trim();
  // Fast exact path for the common case: a plain decimal with no more fraction digits than the unit
  // shifts away (kWh to 6 places), moved into mWh by string arithmetic alone.
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
  if (!decimalPattern.test(trimmed)) {
    throw new RangeError(`"${text}" is not a decimal number`);
  }
  const exact = new Dec(trimmed).times(unitScale[unit]);
  const rounded = exact.toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN);
  const asNumber = rounded.toNumber();
  if (!Number.isSafeInteger(asNumber)) {
    throw new RangeError(`"${text}" ${unit} is too large to store`);
  }
  return { milliWh: (asNumber === 0 ? 0 : asNumber) as MilliWh, wasRounded: !rounded.eq(exact) };
}

/** Exact kWh decimal string of an integer mWh amount, without trailing zeros ("1.5", "0.000001", "12"). */
export function milliWhToKwh(value: number): KwhString {
  return new Dec(value).dividedBy(MILLIWH_PER_KWH).toFixed() as KwhString;
}

/** Parses a money or price decimal string exactly; throws on anything that is not a plain decimal. */
export function parseDecimal(text: string): Decimal {
  const trimmed = text.trim();
  if (!decimalPattern.test(trimmed)) {
    throw new RangeError(`"${text}" is not a decimal number`);
  }
  return new Dec(trimmed);
}

export function isDecimalText(text: string): boolean {
  return decimalPattern.test(text.trim());
}

/** Canonical text of a decimal (no exponent, no trailing zeros) so that equal values store equally. */
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
