/**
 * Tables that foot (shared/footing.ts): rows rounded half away from zero to the currency's
 * minor unit, the total the exact total so rounded, and rows + Rounding = Total exactly.
 * Property checks compare with a plain BigInt reference on random 4-decimal ledger amounts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { foot, footMoney, foots, minorUnitDigits, roundHalfUp } from '../../shared/footing';
import { Dec } from '../../shared/units';

/** Ten-thousandths (the ledger's unit) as a 4-decimal string: -12345n → "-1.2345". */
function ledgerText(tenThousandths: bigint): string {
  const negative = tenThousandths < 0n;
  const digits = (negative ? -tenThousandths : tenThousandths).toString().padStart(5, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -4)}.${digits.slice(-4)}`;
}

/** Reference rounding of ten-thousandths to `places` (≤ 4) decimals, half away from zero, in units of that place. */
function referenceRound(tenThousandths: bigint, places: number): bigint {
  const factor = 10n ** BigInt(4 - places);
  const magnitude = tenThousandths < 0n ? -tenThousandths : tenThousandths;
  const rounded = magnitude / factor + (2n * (magnitude % factor) >= factor ? 1n : 0n);
  return tenThousandths < 0n ? -rounded : rounded;
}

/** A decimal string with `places` decimals as an integer in units of that place. */
const units = (text: string, places: number) =>
  BigInt(new Dec(text).times(new Dec(10).pow(places)).toFixed(0));

const sum = (values: string[]) => values.reduce((total, value) => total.plus(value), new Dec(0));

const amount = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n });

describe('minorUnitDigits', () => {
  it('reads the minor unit from ISO 4217 through Intl', () => {
    expect(minorUnitDigits('THB')).toBe(2);
    expect(minorUnitDigits('EUR')).toBe(2);
    expect(minorUnitDigits('USD')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('BHD')).toBe(3);
  });

  it('refuses what is not a currency code', () => {
    expect(() => minorUnitDigits('baht')).toThrow(RangeError);
  });
});

describe('roundHalfUp', () => {
  it('rounds half away from zero, both signs', () => {
    expect(roundHalfUp('0.005', 2)).toBe('0.01');
    expect(roundHalfUp('-0.005', 2)).toBe('-0.01');
    expect(roundHalfUp('0.0049', 2)).toBe('0.00');
    expect(roundHalfUp('953.4450', 2)).toBe('953.45');
    expect(roundHalfUp('953.4449', 2)).toBe('953.44');
    expect(roundHalfUp('2.5000', 0)).toBe('3');
    expect(roundHalfUp('-2.5000', 0)).toBe('-3');
    expect(roundHalfUp('1.0005', 3)).toBe('1.001');
  });

  it('never writes a negative zero', () => {
    expect(roundHalfUp('-0.0040', 2)).toBe('0.00');
    expect(roundHalfUp('-0.4', 0)).toBe('0');
  });
});

describe('foot', () => {
  it('shows the issue’s hour: lines that round up past the total get a Rounding row', () => {
    // Three lines of 317.8150 each: each shows 317.82 (Σ 953.46), the exact total 953.4450 shows 953.45.
    const footing = footMoney(['317.8150', '317.8150', '317.8150'], 'THB');
    expect(footing).toEqual({ rows: ['317.82', '317.82', '317.82'], rounding: '-0.01', total: '953.45' });
    expect(foots(footing)).toBe(false);
  });

  it('has a zero Rounding when the rounded rows already add up', () => {
    const footing = footMoney(['1.0000', '2.0100', '-0.5000'], 'EUR');
    expect(footing).toEqual({ rows: ['1.00', '2.01', '-0.50'], rounding: '0.00', total: '2.51' });
    expect(foots(footing)).toBe(true);
  });

  it('rounds yen to whole yen', () => {
    const footing = footMoney(['100.5000', '100.5000', '0.4000'], 'JPY');
    expect(footing).toEqual({ rows: ['101', '101', '0'], rounding: '-1', total: '201' });
  });

  it('foots negatives (a refund among charges)', () => {
    const footing = footMoney(['-0.0050', '-0.0050', '10.0000'], 'THB');
    expect(footing).toEqual({ rows: ['-0.01', '-0.01', '10.00'], rounding: '0.01', total: '9.99' });
  });

  it('foots an empty table at zero', () => {
    expect(footMoney([], 'THB')).toEqual({ rows: [], rounding: '0.00', total: '0.00' });
  });

  it('foots energy to 3 decimals from the ledger’s mWh (6 decimals of kWh)', () => {
    const footing = foot(['17.316882', '47.018449', '66.355936'], 3);
    expect(footing.rows).toEqual(['17.317', '47.018', '66.356']);
    expect(footing.total).toBe('130.691');
    expect(footing.rounding).toBe('0.000');
    expect(foot(['0.0005', '0.0005'], 3)).toEqual({
      rows: ['0.001', '0.001'],
      rounding: '-0.001',
      total: '0.001',
    });
  });

  it('takes numbers as the views write them (JSON numbers whose text is the exact decimal)', () => {
    expect(footMoney([1476.3119, 443601.3903], 'THB').total).toBe('445077.70');
  });

  for (const [currency, places] of [
    ['THB', 2],
    ['JPY', 0],
    ['BHD', 3],
  ] as const) {
    it(`rows + Rounding = Total exactly, each rounded half-up, on random ${currency} amounts`, () => {
      fc.assert(
        fc.property(fc.array(amount, { maxLength: 40 }), (raw) => {
          const footing = footMoney(raw.map(ledgerText), currency);
          const exact = raw.reduce((total, value) => total + value, 0n);
          expect(footing.rows.map((row) => units(row, places))).toEqual(
            raw.map((value) => referenceRound(value, places)),
          );
          expect(units(footing.total, places)).toBe(referenceRound(exact, places));
          expect(sum(footing.rows).plus(footing.rounding).eq(footing.total)).toBe(true);
          for (const text of [...footing.rows, footing.rounding, footing.total]) {
            expect(text).toMatch(places === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${places}}$`));
            expect(text.startsWith('-') && new Dec(text).isZero()).toBe(false);
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  it('a Rounding is at most half a minor unit per row', () => {
    fc.assert(
      fc.property(fc.array(amount, { minLength: 1, maxLength: 40 }), (raw) => {
        const footing = footMoney(raw.map(ledgerText), 'THB');
        expect(new Dec(footing.rounding).abs().lte(new Dec('0.005').times(raw.length).plus('0.005'))).toBe(
          true,
        );
      }),
    );
  });
});
