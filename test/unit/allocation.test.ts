/**
 * Hand-worked hours for each allocation key. Every expected figure is derived
 * in the comment above it from spec §3: a_gc exact, floors, units to place,
 * then one unit at a time by descending fractional part (ties: generator id,
 * then consumer id), skipping pairs at a cap.
 */
import { describe, expect, it } from 'vitest';

import { allocateHour, type Buyer, type Supplier } from '../../main/engine/allocation';

const gens = (...supplies: number[]): Supplier[] =>
  supplies.map((supply, i) => ({ id: `g${i + 1}`, supply }));
const cons = (...loads: number[]): Buyer[] => loads.map((load, i) => ({ id: `c${i + 1}`, load }));
/** Allocation as rows per generator. */
function table(result: { allocation: Float64Array }, generators: number, consumers: number): number[][] {
  return Array.from({ length: generators }, (_, g) =>
    Array.from(result.allocation.subarray(g * consumers, (g + 1) * consumers)),
  );
}

describe('prorata', () => {
  it('supply 0 or demand 0: nothing is allocated', () => {
    expect(allocateHour('prorata', [], cons(5, 3)).allocation).toHaveLength(0);
    expect(allocateHour('prorata', gens(5), []).allocation).toHaveLength(0);
  });

  it('supply = demand with whole answers', () => {
    // S = D = 10, M = 10: a = P·L/10 → g1: 6·5/10 = 3, 3; g2: 4·5/10 = 2, 2.
    const result = allocateHour('prorata', gens(6, 4), cons(5, 5));
    expect(table(result, 2, 2)).toEqual([
      [3, 3],
      [2, 2],
    ]);
    expect(result.groups).toEqual([{ exactFloor: 10, allocated: 10, generators: 2, consumers: 2 }]);
  });

  it('one generator and many consumers: every load met, the rest left over', () => {
    // S = 10, D = 7, M = 10, T = 7: a = 10·L/10 = L.
    expect(table(allocateHour('prorata', gens(10), cons(1, 2, 4)), 1, 3)).toEqual([[1, 2, 4]]);
  });

  it('one generator, three equal consumers: the one unit goes to the first consumer id', () => {
    // S = 7, D = 9, M = 9, T = 7: a = 7·3/9 = 7/3 each; floors 2+2+2 = 6; 1 unit; equal fractions 1/3 → c1.
    expect(table(allocateHour('prorata', gens(7), cons(3, 3, 3)), 1, 3)).toEqual([[3, 2, 2]]);
  });

  it('many generators and one consumer: ties go to the first generator id', () => {
    // S = 8, D = 4, M = 8, T = 4: a = P·4/8 → 2.5, 1.5; floors 2+1 = 3; 1 unit; fractions .5 = .5 → g1.
    expect(table(allocateHour('prorata', gens(5, 3), cons(4)), 2, 1)).toEqual([[3], [1]]);
  });

  it('stops short of the exact total when every remaining pair is at a cap', () => {
    // S = D = 8, M = 8: a = P·L/8 → g1 (2): .5, 1, .5; g2 (3) and g3 (3): .75, 1.5, .75.
    // Floors: 0,1,0 / 0,1,0 / 0,1,0 = 3; units = 8 − 3 = 5.
    // Order: .75s g2c1, g2c3, g3c1, g3c3, then .5s g1c1, g1c3, g2c2, g3c2 (g1c2 is whole: never).
    // Rooms: g1 1, g2 2, g3 2; c1 2, c2 1, c3 2. The four .75s fill g2, g3, c1 and c3;
    // every .5 pair then has a full side: 4 placed, 1 short. Traded 7 of an exact 8.
    const result = allocateHour('prorata', gens(2, 3, 3), cons(2, 4, 2));
    expect(table(result, 3, 3)).toEqual([
      [0, 1, 0],
      [1, 1, 1],
      [1, 1, 1],
    ]);
    expect(result.groups).toEqual([{ exactFloor: 8, allocated: 7, generators: 3, consumers: 3 }]);
  });

  it('is exact for large hours where products exceed 2^53 (the BigInt and chunked paths agree)', () => {
    // a = P·L/M with P·L ≈ 2.1e18: floor and remainder must be exact.
    const result = allocateHour(
      'prorata',
      [
        { id: 'a', supply: 1_450_000_001 },
        { id: 'b', supply: 999_999_999 },
      ],
      [
        { id: 'x', load: 1_500_000_003 },
        { id: 'y', load: 1_000_000_000 },
      ],
    );
    const M = 2_500_000_003n;
    const exact = [
      (1_450_000_001n * 1_500_000_003n) / M,
      (1_450_000_001n * 1_000_000_000n) / M,
      (999_999_999n * 1_500_000_003n) / M,
      (999_999_999n * 1_000_000_000n) / M,
    ].map(Number);
    Array.from(result.allocation).forEach((value, i) => expect([exact[i], exact[i]! + 1]).toContain(value));
    expect(result.groups[0]).toMatchObject({ exactFloor: 2_450_000_000, allocated: 2_450_000_000 });
  });
});

describe('priority', () => {
  it('exhausts supply inside rank 1, leaving rank 2 nothing', () => {
    // S = 11; rank 1: c1 6, c2 9 (D = 15), M = 15, T = 11: a = P·L/15 → g1: 2.8, 4.2; g2: 1.6, 2.4.
    // Floors 2+4+1+2 = 9; 2 units: .8 (g1c1), .6 (g2c1) → 3, 4 / 2, 2 = 11. Rank 2 (c3) gets 0.
    const buyers: Buyer[] = [
      { id: 'c1', load: 6, rank: 1 },
      { id: 'c2', load: 9, rank: 1 },
      { id: 'c3', load: 5, rank: 2 },
    ];
    const result = allocateHour('priority', gens(7, 4), buyers);
    expect(table(result, 2, 3)).toEqual([
      [3, 4, 0],
      [2, 2, 0],
    ]);
    expect(result.groups.map((g) => [g.exactFloor, g.allocated])).toEqual([
      [11, 11],
      [0, 0],
    ]);
  });

  it('serves rank 2 from what rank 1 left, rounded', () => {
    // Rank 1: c1 3, c2 4 from g1 10 → M = 10: 3, 4 exactly; 3 left.
    // Rank 2: c3 2, c4 2 from 3 → M = 4, T = 3: 1.5 each; floors 1+1; 1 unit → c3.
    const buyers: Buyer[] = [
      { id: 'c1', load: 3, rank: 1 },
      { id: 'c2', load: 4, rank: 1 },
      { id: 'c3', load: 2, rank: 2 },
      { id: 'c4', load: 2, rank: 2 },
    ];
    expect(table(allocateHour('priority', gens(10), buyers), 1, 4)).toEqual([[3, 4, 2, 1]]);
  });

  it('puts unranked consumers after every ranked one', () => {
    const buyers: Buyer[] = [
      { id: 'a', load: 5 },
      { id: 'b', load: 5, rank: 3 },
    ];
    expect(table(allocateHour('priority', gens(6), buyers), 1, 2)).toEqual([[1, 5]]);
  });
});

describe('static', () => {
  const share = (text: string) => ({
    numerator: Number(text.replace('.', '')),
    denominator: 10 ** (text.split('.')[1]?.length ?? 0),
  });

  it('caps a consumer at its load and never redistributes what a capped consumer leaves', () => {
    // S = 1000 (g1 600, g2 400).
    // c1: k .5 → 500 > L 300: capped, takes 300 ∝ P → 180, 120.
    // c2: k .333 → 333 ≤ 1000: g1 .333·600 = 199.8, g2 133.2.
    // c3: k .1 → 100 > L 50: capped, 30, 20.
    // Exact total 300 + 333 + 50 = 683; floors 180+120+199+133+30+20 = 682; 1 unit → g1c2 (.8).
    const buyers: Buyer[] = [
      { id: 'c1', load: 300, share: share('0.5') },
      { id: 'c2', load: 1000, share: share('0.333') },
      { id: 'c3', load: 50, share: share('0.1') },
    ];
    const result = allocateHour('static', gens(600, 400), buyers);
    expect(table(result, 2, 3)).toEqual([
      [180, 200, 30],
      [120, 133, 20],
    ]);
    expect(result.groups).toEqual([{ exactFloor: 683, allocated: 683, generators: 2, consumers: 3 }]);
  });

  it('gives nothing to a consumer without a share', () => {
    expect(
      table(
        allocateHour('static', gens(100), [
          { id: 'c1', load: 50 },
          { id: 'c2', load: 50, share: share('0.25') },
        ]),
        1,
        2,
      ),
    ).toEqual([[0, 25]]);
  });
});
