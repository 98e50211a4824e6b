/**
 * Property tests of spec §3 on random hours: invariants 1–4 and the rounding
 * rule itself, checked against a deliberately plain reference implementation
 * (BigInt rationals, no fast paths) written from the spec's text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { allocateHour, type AllocationKey, type Buyer, type Supplier } from '../../main/engine/allocation';

interface Rational {
  n: bigint;
  d: bigint;
}
const floorOf = (r: Rational) => r.n / r.d;

/** Exact a_gc per the spec, as rationals, for one group (prorata) or all consumers (static). */
function exactProrata(supplies: bigint[], loads: bigint[]): Rational[][] {
  const S = supplies.reduce((a, b) => a + b, 0n);
  const D = loads.reduce((a, b) => a + b, 0n);
  const T = S < D ? S : D;
  return supplies.map((P) =>
    loads.map((L) => (S === 0n || D === 0n ? { n: 0n, d: 1n } : { n: T * P * L, d: S * D })),
  );
}

function exactStatic(supplies: bigint[], buyers: Buyer[]): Rational[][] {
  const S = supplies.reduce((a, b) => a + b, 0n);
  return supplies.map((P) =>
    buyers.map((b) => {
      if (!b.share || S === 0n) return { n: 0n, d: 1n };
      const kS: Rational = { n: BigInt(b.share.numerator) * S, d: BigInt(b.share.denominator) };
      const x: Rational = kS.n <= BigInt(b.load) * kS.d ? kS : { n: BigInt(b.load), d: 1n };
      return { n: x.n * P, d: x.d * S };
    }),
  );
}

/** The normative rounding, written plainly. */
function referenceRound(exact: Rational[][], genCap: bigint[], conCap: bigint[]): bigint[][] {
  const out = exact.map((row) => row.map(floorOf));
  const total = exact
    .flat()
    .reduce((acc, r) => ({ n: acc.n * r.d + r.n * acc.d, d: acc.d * r.d }), { n: 0n, d: 1n });
  let units = floorOf(total) - out.flat().reduce((a, b) => a + b, 0n);
  const pairs: { g: number; c: number; fn: bigint; fd: bigint }[] = [];
  exact.forEach((row, g) => row.forEach((r, c) => pairs.push({ g, c, fn: r.n % r.d, fd: r.d })));
  pairs.sort((a, b) => {
    const left = a.fn * b.fd;
    const right = b.fn * a.fd;
    if (left !== right) return left > right ? -1 : 1;
    return a.g - b.g || a.c - b.c;
  });
  const genUsed = out.map((row) => row.reduce((a, b) => a + b, 0n));
  const conUsed = conCap.map((_, c) => out.reduce((a, row) => a + row[c]!, 0n));
  for (const p of pairs) {
    if (units === 0n) break;
    if (p.fn === 0n || genUsed[p.g]! >= genCap[p.g]! || conUsed[p.c]! >= conCap[p.c]!) continue;
    out[p.g]![p.c]! += 1n;
    genUsed[p.g]! += 1n;
    conUsed[p.c]! += 1n;
    units -= 1n;
  }
  return out;
}

function reference(key: AllocationKey, suppliers: Supplier[], buyers: Buyer[]): bigint[][] {
  const supplies = suppliers.map((s) => BigInt(s.supply));
  const loads = buyers.map((b) => BigInt(b.load));
  if (key === 'prorata') return referenceRound(exactProrata(supplies, loads), supplies, loads);
  if (key === 'static') return referenceRound(exactStatic(supplies, buyers), supplies, loads);
  const result = suppliers.map(() => buyers.map(() => 0n));
  const remaining = [...supplies];
  const ranks = [...new Set(buyers.map((b) => b.rank ?? Number.MAX_SAFE_INTEGER))].sort((a, b) => a - b);
  for (const rank of ranks) {
    const members = buyers.flatMap((b, c) => ((b.rank ?? Number.MAX_SAFE_INTEGER) === rank ? [c] : []));
    const part = referenceRound(
      exactProrata(
        remaining,
        members.map((c) => loads[c]!),
      ),
      [...remaining],
      members.map((c) => loads[c]!),
    );
    part.forEach((row, g) =>
      row.forEach((value, m) => {
        result[g]![members[m]!] = value;
        remaining[g]! -= value;
      }),
    );
  }
  return result;
}

const energy = fc.oneof(
  fc.integer({ min: 1, max: 20 }),
  fc.integer({ min: 1, max: 5_000_000 }),
  fc.integer({ min: 1, max: 2_000_000_000_000 }),
);
// Shares are n/320 with n ≤ 40 and at most 8 buyers, so Σ k_c ≤ 1 as spec §3 requires.
const hour = fc.record({
  key: fc.constantFrom<AllocationKey>('prorata', 'priority', 'static'),
  supplies: fc.array(energy, { minLength: 1, maxLength: 6 }),
  buyers: fc.array(
    fc.record({ load: energy, rank: fc.integer({ min: 1, max: 3 }), share: fc.integer({ min: 0, max: 40 }) }),
    { minLength: 1, maxLength: 8 },
  ),
});

function build(
  input: fc.Arbitrary<unknown> extends never
    ? never
    : { supplies: number[]; buyers: { load: number; rank: number; share: number }[] },
) {
  const suppliers: Supplier[] = input.supplies.map((supply, i) => ({
    id: `g${String(i).padStart(2, '0')}`,
    supply,
  }));
  const buyers: Buyer[] = input.buyers.map((b, i) => ({
    id: `c${String(i).padStart(2, '0')}`,
    load: b.load,
    rank: b.rank,
    share: { numerator: b.share, denominator: 320 },
  }));
  return { suppliers, buyers };
}

describe('allocation properties (spec §3)', () => {
  it('follows the normative rounding exactly, as the plain reference does', () => {
    fc.assert(
      fc.property(hour, (input) => {
        const { suppliers, buyers } = build(input);
        const result = allocateHour(input.key, suppliers, buyers);
        const expected = reference(input.key, suppliers, buyers).flat().map(Number);
        expect(Array.from(result.allocation)).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('follows the reference on larger hours too (tight lines, quickselect and the full walk)', () => {
    const large = fc.record({
      key: fc.constantFrom<AllocationKey>('prorata', 'priority'),
      supplies: fc.array(fc.integer({ min: 1, max: 3_000_000_000 }), { minLength: 2, maxLength: 12 }),
      buyers: fc.array(
        fc.record({
          load: fc.integer({ min: 1, max: 200_000_000 }),
          rank: fc.integer({ min: 1, max: 2 }),
          share: fc.constant(0),
        }),
        { minLength: 10, maxLength: 60 },
      ),
    });
    fc.assert(
      fc.property(large, (input) => {
        const { suppliers, buyers } = build(input);
        expect(Array.from(allocateHour(input.key, suppliers, buyers).allocation)).toEqual(
          reference(input.key, suppliers, buyers).flat().map(Number),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('holds invariants 1–3 on every hour', () => {
    fc.assert(
      fc.property(hour, (input) => {
        const { suppliers, buyers } = build(input);
        const result = allocateHour(input.key, suppliers, buyers);
        const n = buyers.length;
        const supplies = suppliers.map((s) => BigInt(s.supply));
        const exact = input.key === 'static' ? exactStatic(supplies, buyers) : null;
        suppliers.forEach((s, g) => {
          const sold = buyers.reduce((sum, _, c) => sum + result.allocation[g * n + c]!, 0);
          expect(sold).toBeLessThanOrEqual(s.supply); // 1: leftover ≥ 0
        });
        buyers.forEach((b, c) => {
          const bought = suppliers.reduce((sum, _, g) => sum + result.allocation[g * n + c]!, 0);
          expect(bought).toBeLessThanOrEqual(b.load); // 2: grid ≥ 0
        });
        expect(Array.from(result.allocation).every((a) => a >= 0 && Number.isInteger(a))).toBe(true);
        if (exact) {
          // 3: each a_gc is floor or ceil of its exact value.
          exact.forEach((row, g) =>
            row.forEach((r, c) => {
              const value = BigInt(result.allocation[g * n + c]!);
              expect(value === floorOf(r) || (value === floorOf(r) + 1n && r.n % r.d !== 0n)).toBe(true);
            }),
          );
        }
        for (const group of result.groups) {
          expect(group.allocated).toBeLessThanOrEqual(group.exactFloor);
          expect(group.exactFloor - group.allocated).toBeLessThanOrEqual(group.generators + group.consumers);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same answer whatever order the participants arrive in (invariant 4)', () => {
    fc.assert(
      fc.property(hour, fc.integer(), (input, seed) => {
        const { suppliers, buyers } = build(input);
        const shuffle = <T>(list: T[]) =>
          list
            .map((v, i) => ({ v, k: (i * 7919 + seed) % 104729 }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.v);
        const byId = <T extends { id: string }>(list: T[]) =>
          [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const again = allocateHour(input.key, byId(shuffle(suppliers)), byId(shuffle(buyers)));
        expect(Array.from(again.allocation)).toEqual(
          Array.from(allocateHour(input.key, suppliers, buyers).allocation),
        );
      }),
      { numRuns: 200 },
    );
  });
});
