import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { mulDivMod, mulDivModInto } from '../../main/engine/exact';

const reference = (a: number, b: number, m: number) => {
  const product = BigInt(a) * BigInt(b);
  return [Number(product / BigInt(m)), Number(product % BigInt(m))];
};

describe('exact floor(a·b/m) and a·b mod m', () => {
  const triple = fc
    .tuple(
      fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
    )
    .map(([m, x, y]) => [Math.floor(m * x), Math.floor(m * y), m] as const);

  it('agrees with BigInt on both paths, across the whole safe range', () => {
    fc.assert(
      fc.property(triple, ([a, b, m]) => {
        const out = new Float64Array(2);
        mulDivModInto(a, b, m, out);
        expect(Array.from(out)).toEqual(reference(a, b, m));
        const slow = mulDivMod(a, b, m);
        expect([slow.quotient, slow.remainder]).toEqual(reference(a, b, m));
      }),
      { numRuns: 5000 },
    );
  });

  it('is exact at the edges of its fast paths', () => {
    const out = new Float64Array(2);
    for (const [a, b, m] of [
      [2 ** 26, 2 ** 27, 2 ** 27 + 1],
      [2 ** 40 - 1, 2 ** 40 - 3, 2 ** 40 + 7],
      [2 ** 53 - 1, 2 ** 53 - 1, 2 ** 53 - 1],
      [999_999_999_999, 1_000_000_000_001, 1_999_999_999_999],
      [0, 12345, 7],
    ]) {
      mulDivModInto(a!, b!, m!, out);
      expect(Array.from(out)).toEqual(reference(a!, b!, m!));
    }
  });
});
