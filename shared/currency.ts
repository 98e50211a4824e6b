/**
 * The currency's minor unit (ISO 4217 exponent): what a person pays, files or
 * reads as a total is rounded to it. The exponent comes from the runtime's
 * ISO 4217 data through Intl.NumberFormat (THB, EUR and USD 2; JPY 0; KWD 3),
 * not from a hand-kept list.
 */
const digitsCache = new Map<string, number>();

export function minorUnitDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits!;
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** Ten-thousandths of the currency in one minor unit (100 for THB, 10 000 for JPY). */
export function minorUnitStep(currency: string): bigint {
  const digits = Math.min(4, minorUnitDigits(currency));
  return 10n ** BigInt(4 - digits);
}

/** An amount in ten-thousandths rounded half-up (half away from zero) to the minor unit. */
export function roundToMinorUnit(tenThousandths: bigint, currency: string): bigint {
  const step = minorUnitStep(currency);
  if (step === 1n) return tenThousandths;
  const magnitude = tenThousandths < 0n ? -tenThousandths : tenThousandths;
  const rounded = ((magnitude + step / 2n) / step) * step;
  return tenThousandths < 0n ? -rounded : rounded;
}

/** Ten-thousandths written with the currency's minor-unit decimals (exact: the value must be on the unit). */
export function formatMinorUnits(tenThousandths: bigint, currency: string): string {
  return formatTenThousandthsTo(tenThousandths, Math.min(4, minorUnitDigits(currency)));
}

/** Ten-thousandths written with `digits` decimals (0–4), truncating nothing that is not zero. */
export function formatTenThousandthsTo(value: bigint, digits: number): string {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const whole = magnitude / 10_000n;
  const fraction = (magnitude % 10_000n).toString().padStart(4, '0');
  if (digits < 4 && /[1-9]/.test(fraction.slice(digits)))
    throw new RangeError(`${value} ten-thousandths is not a whole number of units with ${digits} decimals`);
  const text = digits > 0 ? `${whole}.${fraction.slice(0, digits)}` : `${whole}`;
  return negative && magnitude !== 0n ? `-${text}` : text;
}

/** A decimal text as ten-thousandths, or null when it has more than four decimals or is not a decimal. */
export function parseTenThousandths(text: string): bigint | null {
  const match = /^(-?)(\d+)(?:\.(\d{1,4}))?$/.exec(text.trim());
  if (!match) return null;
  const value = BigInt(match[2]!) * 10_000n + BigInt((match[3] ?? '').padEnd(4, '0'));
  return match[1] === '-' ? -value : value;
}

/** How many decimals a decimal text carries (trailing zeros count: "10.50" has 2). */
export function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}
