import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { canonicalDecimal, milliWhToKwh, parseEnergy, roundMoney, Dec } from '../../shared/units';

describe('energy units', () => {
  it('turns kWh, Wh and MWh text into exact integer mWh', () => {
    expect(parseEnergy('1.234567', 'kWh')).toEqual({ milliWh: 1234567, wasRounded: false });
    expect(parseEnergy('0.1', 'kWh').milliWh).toBe(100000);
    expect(parseEnergy('250', 'Wh').milliWh).toBe(250000);
    expect(parseEnergy('1.5', 'MWh').milliWh).toBe(1_500_000_000);
    expect(parseEnergy('-0.5', 'Wh').milliWh).toBe(-500);
    expect(parseEnergy('1e-3', 'kWh').milliWh).toBe(1000);
  });

  it('rounds finer precision half-even and says so', () => {
    expect(parseEnergy('0.0000005', 'kWh')).toEqual({ milliWh: 0, wasRounded: true });
    expect(parseEnergy('0.0000015', 'kWh')).toEqual({ milliWh: 2, wasRounded: true });
    expect(parseEnergy('0.0000025', 'kWh')).toEqual({ milliWh: 2, wasRounded: true });
    expect(parseEnergy('-0.0000015', 'kWh')).toEqual({ milliWh: -2, wasRounded: true });
  });

  it('refuses text that is not a plain decimal', () => {
    for (const bad of ['', 'abc', '1,5', '1.2.3', 'NaN', 'Infinity', '0x10']) {
      expect(() => parseEnergy(bad, 'kWh')).toThrow(/not a decimal number/);
    }
    expect(() => parseEnergy('1e30', 'kWh')).toThrow(/too large/);
  });

  it('writes mWh back as exact kWh text that parses to the same integer', () => {
    expect(milliWhToKwh(1234567)).toBe('1.234567');
    expect(milliWhToKwh(2_000_000)).toBe('2');
    expect(milliWhToKwh(1)).toBe('0.000001');
    expect(milliWhToKwh(-500)).toBe('-0.0005');
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (value) => {
        const back = parseEnergy(milliWhToKwh(value), 'kWh');
        return back.milliWh === value && !back.wasRounded;
      }),
    );
  });

  it('rounds money half away from zero to 4 decimals', () => {
    expect(roundMoney(new Dec('1.23445'))).toBe('1.2345');
    expect(roundMoney(new Dec('-1.23445'))).toBe('-1.2345');
    expect(roundMoney(new Dec('2'))).toBe('2.0000');
    expect(canonicalDecimal('3.2000')).toBe('3.2');
  });
});

describe('the fast path of energy parsing', () => {
  it('agrees with Decimal on plain decimals in every unit', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.bigInt({ min: 0n, max: 999_999_999n }),
        fc.integer({ min: 0, max: 9 }),
        fc.nat(),
        fc.constantFrom('Wh', 'kWh', 'MWh') as fc.Arbitrary<'Wh' | 'kWh' | 'MWh'>,
        (negative, whole, places, digits, unit) => {
          const fraction = String(digits).padStart(places, '0').slice(0, places);
          const text = `${negative ? '-' : ''}${whole}${places > 0 ? `.${fraction}` : ''}`;
          const scale = { Wh: 1_000, kWh: 1_000_000, MWh: 1_000_000_000 }[unit];
          const exact = new Dec(text).times(scale);
          if (exact.abs().toDecimalPlaces(0, Dec.ROUND_HALF_EVEN).gt(Number.MAX_SAFE_INTEGER)) {
            expect(() => parseEnergy(text, unit)).toThrow(/too large/);
            return;
          }
          const parsed = parseEnergy(text, unit);
          expect(parsed.milliWh).toBe(exact.toDecimalPlaces(0, Dec.ROUND_HALF_EVEN).toNumber() || 0);
          expect(parsed.wasRounded).toBe(!exact.isInteger());
        },
      ),
      { numRuns: 2000 },
    );
  });
});
