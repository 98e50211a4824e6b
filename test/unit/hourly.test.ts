import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { splitByLargestRemainder, sumIntoHours } from '../../main/engine/hourly';

const H = 3600;

describe('summing intervals into local hours', () => {
  it('adds four quarter-hours into one hour', () => {
    const readings = [0, 900, 1800, 2700].map((offset, i) => ({
      startUtc: offset,
      endUtc: offset + 900,
      energyMilliWh: 1000 + i,
      isEstimated: false,
    }));
    expect(sumIntoHours(readings, 0)).toEqual([
      { hourStartUtc: 0, energyMilliWh: 4006, minutesCovered: 60, isEstimated: false },
    ]);
  });

  it('splits an interval that crosses an hour in proportion to time, exactly', () => {
    // 60 minutes from :30 → 30 minutes in each hour; 1001 mWh → 501 + 500 (largest remainder, first part on ties).
    const hours = sumIntoHours(
      [{ startUtc: 1800, endUtc: 1800 + H, energyMilliWh: 1001, isEstimated: true }],
      0,
    );
    expect(hours.map((h) => [h.hourStartUtc, h.energyMilliWh, h.minutesCovered, h.isEstimated])).toEqual([
      [0, 501, 30, true],
      [H, 500, 30, true],
    ]);
  });

  it('anchors hours on local midnight in a half-hour timezone (Asia/Kolkata)', () => {
    const anchor = 1800; // a local midnight at :30 UTC
    const hours = sumIntoHours(
      [
        { startUtc: 1800, endUtc: 2700, energyMilliWh: 5, isEstimated: false },
        { startUtc: 4500, endUtc: 5400, energyMilliWh: 7, isEstimated: false },
      ],
      anchor,
    );
    expect(hours.map((h) => [h.hourStartUtc, h.energyMilliWh])).toEqual([[1800, 12]]);
  });

  it('always splits to parts that sum to the whole', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 12 }),
        (total, weights) => {
          const parts = splitByLargestRemainder(total, weights);
          const weightSum = weights.reduce((a, b) => a + b, 0);
          if (weightSum === 0) return parts.every((p) => p === 0);
          return (
            parts.reduce((a, b) => a + b, 0) === total &&
            parts.every((p, i) => Math.abs(p - (total * weights[i]!) / weightSum) < 1 + 1e-6)
          );
        },
      ),
    );
  });
});
