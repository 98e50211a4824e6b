import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  canonicalDecimal,
  DECIMAL_BOUNDS,
  DecimalInputError,
  decimalProblem,
  decimalTextShape,
  Dec,
  isDecimalText,
  jsonNumberProblem,
  milliWhToKwh,
  NOT_A_DECIMAL,
  parseDecimal,
  parseEnergy,
  roundMoney,
  shortValue,
} from '../../shared/units';

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

describe('the bounded decimal parser', () => {
  const { maxLength, maxDecimalPlaces } = DECIMAL_BOUNDS;

  it('takes decimals up to each bound and refuses them beyond it, naming the bound', () => {
    // Length: 64 characters (spaces around not counted); trailing zeros count as characters, not places.
    expect(decimalProblem(`1.${'0'.repeat(maxLength - 2)}`)).toBeNull();
    expect(decimalProblem(`  1.${'0'.repeat(maxLength - 2)}  `)).toBeNull();
    expect(decimalProblem(`1.${'0'.repeat(maxLength - 1)}`)).toBe(
      'is too long for a number: 65 characters (at most 64)',
    );
    // Exponent: at most 4 digits, whatever its value.
    expect(decimalProblem('1.5e0010')).toBeNull();
    expect(decimalProblem('1e00001')).toBe('is out of range: its exponent has 5 digits (at most 4)');
    expect(decimalProblem('1e100000000')).toBe('is out of range: its exponent has 9 digits (at most 4)');
    expect(decimalProblem('1e-100000000')).toBe('is out of range: its exponent has 9 digits (at most 4)');
    // Magnitude: below 10^15.
    for (const fine of ['999999999999999.999', '-999999999999999', '9.99e14', '0', '-0.0', '0e9999'])
      expect(decimalProblem(fine), fine).toBeNull();
    for (const large of ['1000000000000000', '-1e15', '1e309', '0.1e16', '1e9999'])
      expect(decimalProblem(large), large).toBe(
        'is too large: a number must be less than 10^15 in magnitude',
      );
    // Decimal places: at most 40 (a program's float noise has about 33).
    expect(decimalProblem('5.551115123125783e-17')).toBeNull();
    expect(decimalProblem(`0.${'0'.repeat(maxDecimalPlaces - 1)}1`)).toBeNull();
    expect(decimalProblem('1e-40')).toBeNull();
    expect(decimalProblem('1e-41')).toBe('has too many decimal places: 41 (at most 40)');
    expect(decimalProblem('1e-9999')).toBe('has too many decimal places: 9999 (at most 40)');
    expect(decimalProblem(`0.${'0'.repeat(maxDecimalPlaces)}1`)).toBe(
      'has too many decimal places: 41 (at most 40)',
    );
    // Not a decimal at all.
    for (const bad of ['', 'abc', '1,5', '1.2.3', 'NaN', 'Infinity', '0x10', '1e', '--1', '1e+-2'])
      expect(decimalProblem(bad), bad).toBe(NOT_A_DECIMAL);
  });

  it('reads a decimal text’s magnitude and places as Decimal would, without building it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('', '-', '+'),
        fc.stringMatching(/^\d{0,20}$/),
        fc.stringMatching(/^\d{0,20}$/),
        fc.option(fc.integer({ min: -60, max: 60 }), { nil: null }),
        (sign, whole, fraction, exponent) => {
          const text = `${sign}${whole || '0'}${fraction ? `.${fraction}` : ''}${exponent === null ? '' : `e${exponent}`}`;
          const shape = decimalTextShape(text)!;
          const value = new Dec(text);
          expect(shape.places).toBe(value.decimalPlaces());
          if (value.isZero()) expect(shape.magnitude).toBe(-Infinity);
          else expect(shape.magnitude).toBe(value.e);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('refuses a million digits, or an exponent of nine, on the text alone and at once', () => {
    const million = '7'.repeat(1_000_000);
    for (const text of [million, `0.${million}`, '1e100000000', '1e-100000000', `1e${million}`])
      expect(decimalProblem(text)).not.toBeNull();
    expect(() => parseDecimal(million)).toThrow(
      new DecimalInputError(million, 'is too long for a number: 1000000 characters (at most 64)'),
    );
    expect(() => parseDecimal(million)).toThrow(
      '"777777777777777777777777… (1000000 characters)" is too long for a number: 1000000 characters (at most 64)',
    );
    expect(() => parseEnergy('1e100000000', 'kWh')).toThrow(
      '"1e100000000" is out of range: its exponent has 9 digits (at most 4)',
    );
    expect(() => parseEnergy('1e-100000000', 'Wh')).toThrow(/is out of range/);
    expect(() => parseEnergy(million, 'MWh')).toThrow(/is too long for a number/);
    expect(() => canonicalDecimal('1e309')).toThrow('"1e309" is too large');
    expect(isDecimalText('1e309')).toBe(false);
    expect(isDecimalText('1e14')).toBe(true);
    expect(canonicalDecimal('1.5e-3')).toBe('0.0015');
  });

  it('shortens long values in messages to their first 24 characters and their length', () => {
    expect(shortValue('1e100000000')).toBe('1e100000000');
    expect(shortValue('x'.repeat(32))).toBe('x'.repeat(32));
    expect(shortValue('1234567890'.repeat(4))).toBe('123456789012345678901234… (40 characters)');
  });

  it('checks JSON number tokens for what JSON.parse would lose: Infinity, a silent 0, a million digits', () => {
    expect(jsonNumberProblem('1e309')).toBe(
      'is too large: beyond what a JSON number can hold (about 1.8e308)',
    );
    expect(jsonNumberProblem('1.7976931348623157e308')).toBeNull();
    // A URDB "no limit" of 1e38 is a JSON number; it is bounded where used as a decimal.
    expect(jsonNumberProblem('1e38')).toBeNull();
    expect(jsonNumberProblem('1e-400')).toBe('has too many decimal places: 400 (at most 40)');
    expect(jsonNumberProblem('1e-100000000')).toBe('is out of range: its exponent has 9 digits (at most 4)');
    expect(jsonNumberProblem('9'.repeat(1_000_000))).toMatch(/^is too long for a number/);
    expect(jsonNumberProblem('-12.5')).toBeNull();
  });
});
