/**
 * Exact integer arithmetic for allocation: floor(a·b/m) and a·b mod m for
 * safe integers, without binary-float error and, in the common case, without
 * BigInt (which is ~50× slower). The fast path multiplies `a` by chunks of `b`
 * small enough that every intermediate stays below 2^53 and so is exact in a
 * double; anything outside its bounds goes through BigInt.
 */

const TWO_53 = 2 ** 53;

export interface QuotientRemainder {
  quotient: number;
  /** a·b mod m (< m, so always safe). */
  remainder: number;
}

/** floor(t/m) into out[0] and t mod m into out[1], for exact integers t, m below 2^53. */
function floorDivInto(t: number, m: number, out: Float64Array): void {
  // The float quotient may be off by one near an integer; the remainder says which way.
  let q = Math.floor(t / m);
  let r = t - q * m;
  if (r < 0) {
    q -= 1;
    r += m;
  } else if (r >= m) {
    q += 1;
    r -= m;
  }
  out[0] = q;
  out[1] = r;
}

/** Bits needed for a non-negative integer below 2^53. */
function bitLength(x: number): number {
  return x === 0 ? 0 : Math.floor(Math.log2(x)) + 1;
}

/**
 * floor(a·b/m) and (a·b mod m) for non-negative safe integers with a ≤ m and m > 0.
 * The quotient is ≤ b, so it is always safe.
 */
export function mulDivMod(a: number, b: number, m: number): QuotientRemainder {
  if (a * b < TWO_53) {
    const out = new Float64Array(2);
    floorDivInto(a * b, m, out);
    return { quotient: out[0]!, remainder: out[1]! };
  }
  const mBits = bitLength(m);
  // r < m and a ≤ m, chunk < 2^w: r·2^w + a·chunk < 2·m·2^w ≤ 2^53 when w = 52 − bits(m).
  const width = 52 - mBits;
  if (a <= m && width >= 8) {
    const base = 2 ** width;
    const chunks: number[] = [];
    for (let rest = b; rest > 0; rest = Math.floor(rest / base)) chunks.push(rest % base);
    let quotient = 0;
    let remainder = 0;
    const step = new Float64Array(2);
    for (let i = chunks.length - 1; i >= 0; i--) {
      floorDivInto(remainder * base + a * chunks[i]!, m, step);
      quotient = quotient * base + step[0]!;
      remainder = step[1]!;
    }
    return { quotient, remainder };
  }
  const product = BigInt(a) * BigInt(b);
  const bm = BigInt(m);
  return { quotient: Number(product / bm), remainder: Number(product % bm) };
}

/** Compares r1/d1 with r2/d2 exactly (all non-negative safe integers, d > 0). */
export function compareFractions(r1: number, d1: number, r2: number, d2: number): number {
  if (d1 === d2) return r1 - r2;
  const left = BigInt(r1) * BigInt(d2);
  const right = BigInt(r2) * BigInt(d1);
  return left === right ? 0 : left > right ? 1 : -1;
}

/** A non-negative decimal text ("0.125") as an exact fraction numerator/denominator (10^decimals). */
export function decimalToFraction(text: string): { numerator: number; denominator: number } {
  const match = /^(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) throw new RangeError(`"${text}" is not a non-negative decimal`);
  const decimals = (match[2] ?? '').replace(/0+$/, '');
  const denominator = 10 ** decimals.length;
  const numerator = Number(match[1] || '0') * denominator + Number(decimals || '0');
  if (!Number.isSafeInteger(numerator) || decimals.length > 15)
    throw new RangeError(`"${text}" has too many digits`);
  return { numerator, denominator };
}

const SPLITTER = 134_217_729; // 2^27 + 1, Veltkamp's split of a double into two 26-bit halves
const TWO_80 = 2 ** 80;

/**
 * floor(a·b/m) into out[0] and a·b mod m into out[1], allocation-free, for
 * non-negative safe integers with a, b ≤ m. Uses Dekker's exact product
 * (a·b = hi + lo with both doubles) and corrects the float quotient by the
 * exact remainder; falls back to mulDivMod beyond 2^80, where the low parts
 * could stop being exact.
 */
export function mulDivModInto(a: number, b: number, m: number, out: Float64Array): void {
  const hi = a * b;
  if (hi < TWO_53) {
    floorDivInto(hi, m, out);
    return;
  }
  if (hi >= TWO_80) {
    const slow = mulDivMod(a, b, m);
    out[0] = slow.quotient;
    out[1] = slow.remainder;
    return;
  }
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const lo = ah * bh - hi + ah * bl + al * bh + al * bl;
  let q = Math.floor(hi / m);
  t = SPLITTER * q;
  const qh = t - (t - q);
  const ql = q - qh;
  t = SPLITTER * m;
  const mh = t - (t - m);
  const ml = m - mh;
  const h2 = q * m;
  const l2 = qh * mh - h2 + qh * ml + ql * mh + ql * ml;
  // a·b − q·m = (hi − h2) + (lo − l2): hi and h2 are within a factor 2 (Sterbenz), the low parts below 2^27.
  let r = hi - h2 + (lo - l2);
  while (r < 0) {
    q -= 1;
    r += m;
  }
  while (r >= m) {
    q += 1;
    r -= m;
  }
  out[0] = q;
  out[1] = r;
}

/**
 * Splits an integer `total` (mWh, 1e-6 of money, …) in proportion to non-negative integer
 * `weights` so the parts add up to it exactly: each part's floor, then one unit each to the
 * largest remainders (ties to the earlier part). All weights zero: evenly. A negative total
 * is split by its magnitude and the parts negated. Deterministic; the one split every part
 * of Energy Ledger uses (intervalization, virtual meter shares, tariff items over hours,
 * quarter-hours).
 */
export function splitExactly(total: bigint, weights: bigint[]): bigint[] {
  if (weights.length === 0) return [];
  let sum = weights.reduce((a, b) => a + b, 0n);
  const used = sum > 0n ? weights : weights.map(() => 1n);
  if (sum <= 0n) sum = BigInt(weights.length);
  const negative = total < 0n;
  const amount = negative ? -total : total;
  const parts = used.map((w) => (amount * w) / sum);
  let left = amount - parts.reduce((a, b) => a + b, 0n);
  const order = used
    .map((w, i) => ({ i, rest: (amount * w) % sum }))
    .sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  for (const { i } of order) {
    if (left <= 0n) break;
    parts[i]! += 1n;
    left -= 1n;
  }
  return negative ? parts.map((p) => -p) : parts;
}
