/**
 * Money on hourly lines (spec §4): cost = kWh × price, rounded half away from
 * zero to 4 decimals of the currency. Held as integer ten-thousandths of the
 * currency unit, so sums of lines are exact integer sums; shown as decimal
 * strings. Prices are exact decimals held as units / 10^scale.
 */
import { Dec } from '../../shared/units';

export interface Price {
  /** The price as written (canonical decimal text), for lines and manifests. */
  text: string;
  units: number;
  /** 10^decimals. */
  scale: number;
}

const TWO_53 = 2 ** 53;

export function parsePrice(text: string): Price {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new RangeError(`"${text}" is not a decimal price`);
  const decimals = match[3] ?? '';
  const scale = 10 ** decimals.length;
  const magnitude = Number(match[2]) * scale + Number(decimals || '0');
  if (!Number.isSafeInteger(magnitude) || decimals.length > 12)
    throw new RangeError(`"${text}" has too many digits for a price`);
  return { text: text.trim(), units: match[1] === '-' && magnitude !== 0 ? -magnitude : magnitude, scale };
}

/** round_half_up(mWh / 10^6 × price, 4) in ten-thousandths of the currency. */
export function costTenThousandths(energyMilliWh: number, price: Price): number {
  // cost·10^4 = mWh · units / (100 · scale)
  const denominator = 100 * price.scale;
  const negative = energyMilliWh < 0 !== price.units < 0;
  const a = Math.abs(energyMilliWh);
  const b = Math.abs(price.units);
  let magnitude: number;
  if (a * b < TWO_53) {
    const n = a * b;
    let q = Math.floor(n / denominator);
    let r = n - q * denominator;
    if (r < 0) {
      q -= 1;
      r += denominator;
    } else if (r >= denominator) {
      q += 1;
      r -= denominator;
    }
    magnitude = 2 * r >= denominator ? q + 1 : q;
  } else {
    const n = BigInt(a) * BigInt(b);
    const d = BigInt(denominator);
    const q = n / d;
    magnitude = Number(2n * (n % d) >= d ? q + 1n : q);
  }
  return magnitude === 0 ? 0 : negative ? -magnitude : magnitude;
}

/** Ten-thousandths as a decimal string with 4 decimals: 12345 → "1.2345", -5 → "-0.0005". */
export function formatTenThousandths(value: number): string {
  const negative = value < 0;
  const magnitude = Math.abs(value);
  const whole = Math.floor(magnitude / 10_000);
  const fraction = String(magnitude % 10_000).padStart(4, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** Average price = cost ÷ kWh to 4 decimals (half up), for sections whose price varies; "0.0000" with no energy. */
export function averagePrice(costTenThousandthsTotal: number, energyMilliWh: number): string {
  if (energyMilliWh === 0) return '0.0000';
  // price·10^4 = (cost/10^4) / (mWh/10^6) · 10^4 = cost_e4 · 10^6 / mWh
  const n = BigInt(Math.abs(costTenThousandthsTotal)) * 1_000_000n;
  const d = BigInt(Math.abs(energyMilliWh));
  let q = n / d;
  if (2n * (n % d) >= d) q += 1n;
  const negative = costTenThousandthsTotal < 0 !== energyMilliWh < 0;
  return formatTenThousandths(Number(negative ? -q : q));
}

/** n / d rounded half up to 4 decimals, as text ("0.7312"); "0.0000" when d is 0. Used for CFE scores. */
export function ratio4(numerator: number, denominator: number): string {
  if (denominator === 0) return '0.0000';
  const n = BigInt(numerator) * 10_000n;
  const d = BigInt(denominator);
  let q = n / d;
  if (2n * (n % d) >= d) q += 1n;
  return formatTenThousandths(Number(q));
}

/** An exact decimal amount with at most 4 decimals ("1234.5") in ten-thousandths (12345000). */
export function toTenThousandths(text: string): number {
  const price = parsePrice(text);
  if (price.scale > 10_000) throw new RangeError(`"${text}" has more than 4 decimals`);
  return price.units * (10_000 / price.scale);
}

/**
 * A price per kWh as every view writes it: the exact decimal with at least 4 decimals
 * ("3.2" → "3.2000", "0.0396606" stays, "-0.05" → "-0.0500"), never rounded, so an
 * offer's or a market's price reads as the same text wherever it appears and as the
 * 4-decimal averages beside it. Null (an hour without a market price) stays null.
 */
export function formatPricePerKwh(price: string): string;
export function formatPricePerKwh(price: string | null): string | null;
export function formatPricePerKwh(price: string | null): string | null {
  if (price === null) return null;
  const exact = new Dec(price.trim());
  if (!exact.isFinite()) throw new RangeError(`"${price}" is not a decimal price per kWh`);
  return exact.toFixed(Math.max(4, exact.decimalPlaces()));
}
