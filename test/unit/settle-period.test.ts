/**
 * settlePeriod on hand-made hours: netting, leftovers to market or unsold,
 * grid residuals and money per line; and, on random markets, that every
 * hour's lines balance each participant's net exactly (invariants 1 and 2).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { parsePrice } from '../../main/engine/money';
import {
  settlePeriod,
  type Membership,
  type OfferTerms,
  type PeriodInputs,
} from '../../main/engine/settle-period';

const offer = (price: string, sellsToMarket = true, floor = '0', feedIn = '0'): OfferTerms => ({
  price: parsePrice(price),
  sellsToMarket,
  floor: parsePrice(floor),
  feedIn: parsePrice(feedIn),
});
const pool: Membership = { poolId: 'p', key: 'prorata' };

function inputs(
  nets: number[][],
  options: Partial<PeriodInputs> = {},
  ids = nets.map((_, i) => `x${i}`),
): PeriodInputs {
  return {
    hours: nets[0]!.map((_, h) => h * 3600),
    participantIds: ids,
    meterTypes: [1],
    nets: new Map([[1, nets.map((row) => Float64Array.from(row))]]),
    gaps: new Map([[1, new Uint8Array(nets[0]!.length)]]),
    membership: () => pool,
    offer: () => offer('3.2'),
    gridPrice: () => parsePrice('4'),
    marketPrice: nets[0]!.map(() => parsePrice('2.5')),
    ...options,
  };
}

const rows = (result: ReturnType<typeof settlePeriod>) =>
  result.lines.hour.map((hour, i) => [
    hour,
    result.lines.kind[i],
    result.lines.generator[i],
    result.lines.consumer[i],
    result.lines.energy[i],
    result.lines.price[i],
    result.lines.cost[i],
  ]);

describe('settling hours', () => {
  it('nets a prosumer that consumes more than it makes into a buyer, never selling to itself', () => {
    // Hour 0: a (prosumer) makes 2 kWh and uses 5 → net −3 kWh, a buyer; b makes 1 kWh → sells 1 to a.
    // a's remaining 2 kWh come from the grid at 4.0 (8.0000); b's line costs 1 × 3.2.
    const result = settlePeriod(inputs([[-3_000_000], [1_000_000]], {}, ['a', 'b']));
    expect(result.problems).toEqual([]);
    expect(rows(result)).toEqual([
      [0, 'traded', 'b', 'a', 1_000_000, '3.2', 32_000],
      [0, 'grid', null, 'a', 2_000_000, '4', 80_000],
    ]);
  });

  it('sends leftovers to the market only at or above the floor, else unsold at the feed-in rate', () => {
    const result = settlePeriod(
      inputs(
        [
          [5_000_000, 5_000_000],
          [-1_000_000, -1_000_000],
        ],
        {
          offer: (p) => (p === 0 ? offer('3', true, '2.5', '1.1') : null),
          marketPrice: [parsePrice('2.5'), parsePrice('2.4999')],
        },
      ),
    );
    expect(rows(result)).toEqual([
      [0, 'traded', 'x0', 'x1', 1_000_000, '3', 30_000],
      [0, 'open_market', 'x0', null, 4_000_000, '2.5', 100_000],
      [3600, 'traded', 'x0', 'x1', 1_000_000, '3', 30_000],
      [3600, 'unsold', 'x0', null, 4_000_000, '1.1', 44_000],
    ]);
  });

  it('refuses an hour it cannot price, naming the participant', () => {
    const result = settlePeriod(inputs([[1_000_000], [-3_000_000]], { gridPrice: () => null }));
    expect(result.problems).toEqual([
      {
        hourStartUtc: 0,
        participantId: 'x1',
        message: 'buys 2000000 mWh from the grid but has no utility plan in force',
      },
    ]);
  });

  it('keeps participants outside any pool apart: their supply is left over, their load is grid', () => {
    const result = settlePeriod(inputs([[2_000_000], [-1_000_000]], { membership: () => null }));
    expect(rows(result).map((r) => r[1])).toEqual(['open_market', 'grid']);
  });

  it('balances every participant’s net in every hour, on random markets (invariants 1 and 2)', () => {
    const market = fc.record({
      key: fc.constantFrom('prorata', 'priority', 'static') as fc.Arbitrary<
        'prorata' | 'priority' | 'static'
      >,
      nets: fc.array(
        fc.array(fc.integer({ min: -5_000_000_000, max: 5_000_000_000 }), { minLength: 3, maxLength: 3 }),
        { minLength: 2, maxLength: 9 },
      ),
    });
    fc.assert(
      fc.property(market, ({ key, nets }) => {
        const result = settlePeriod(
          inputs(nets, {
            membership: (p) => ({
              poolId: 'p',
              key,
              rank: 1 + (p % 2),
              share: { numerator: 1, denominator: 10 },
            }),
          }),
        );
        expect(result.problems).toEqual([]);
        for (let h = 0; h < 3; h++) {
          nets.forEach((row, p) => {
            const id = `x${p}`;
            let sold = 0;
            let bought = 0;
            result.lines.hour.forEach((hour, i) => {
              if (hour !== h * 3600) return;
              if (result.lines.generator[i] === id) sold += result.lines.energy[i]!;
              if (result.lines.consumer[i] === id) bought += result.lines.energy[i]!;
              expect(result.lines.energy[i]!).toBeGreaterThan(0);
            });
            expect(sold).toBe(Math.max(0, row[h]!));
            expect(bought).toBe(Math.max(0, -row[h]!));
          });
        }
      }),
      { numRuns: 200 },
    );
  });
});
