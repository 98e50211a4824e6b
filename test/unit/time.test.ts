import { describe, expect, it } from 'vitest';

import {
  dayRangeUtc,
  formatSeedUtc,
  hourStarts,
  monthRangeUtc,
  parseInstantWithOffset,
} from '../../shared/time';

describe('market time', () => {
  it('starts a Bangkok day at 17:00 UTC of the day before (spec §2 example)', () => {
    const { start, end } = dayRangeUtc('2020-11-01', 'Asia/Bangkok');
    expect(formatSeedUtc(start)).toBe('2020-10-31 17:00:00');
    expect(formatSeedUtc(end - 1)).toBe('2020-11-01 16:59:59');
    expect(hourStarts(start, end)).toHaveLength(24);
  });

  it('gives a Berlin DST day 23 or 25 hours', () => {
    const spring = dayRangeUtc('2022-03-27', 'Europe/Berlin');
    const autumn = dayRangeUtc('2022-10-30', 'Europe/Berlin');
    expect(hourStarts(spring.start, spring.end)).toHaveLength(23);
    expect(hourStarts(autumn.start, autumn.end)).toHaveLength(25);
  });

  it('starts a Bangkok month at 17:00 UTC on the last day of the month before', () => {
    const { start, end } = monthRangeUtc('2022-11', 'Asia/Bangkok');
    expect(formatSeedUtc(start)).toBe('2022-10-31 17:00:00');
    expect(formatSeedUtc(end)).toBe('2022-11-30 17:00:00');
  });

  it('reads instants only with an explicit offset', () => {
    expect(parseInstantWithOffset('2022-01-01T00:00:00+07:00')).toBe(Date.UTC(2021, 11, 31, 17) / 1000);
    expect(parseInstantWithOffset('2022-01-01T00:00:00Z')).toBe(Date.UTC(2022, 0, 1) / 1000);
    expect(parseInstantWithOffset('2022-01-01T00:00:00')).toBeNull();
    expect(parseInstantWithOffset('2022-02-30T00:00:00Z')).toBeNull();
  });
});

describe('reading times with offsets quickly', () => {
  it('agrees with luxon on ISO 8601 times with offsets, and refuses impossible dates', async () => {
    const { readTime } = await import('../../main/importers/local-time');
    const { DateTime } = await import('luxon');
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1990-01-01T00:00:00Z'),
          max: new Date('2060-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom('Z', '+07:00', '-05:00', '+05:30', '+0545', '-09:30'),
        fc.boolean(),
        (date, offset, space) => {
          const zone = offset === 'Z' ? 'UTC' : `UTC${offset.slice(0, 3)}:${offset.slice(-2)}`;
          const local = DateTime.fromJSDate(date).setZone(zone).startOf('second');
          const text = `${local.toFormat('yyyy-MM-dd')}${space ? ' ' : 'T'}${local.toFormat('HH:mm:ss')}${offset}`;
          expect(readTime(text, 'Asia/Bangkok')).toEqual({ kind: 'instant', utc: local.toSeconds() });
        },
      ),
      { numRuns: 500 },
    );
    expect(readTime('2022-02-30T00:00:00Z', 'UTC').kind).toBe('invalid');
    expect(readTime('2022-13-01T00:00:00+07:00', 'UTC').kind).toBe('invalid');
  });

  it('reads the same instant as luxon character by character, impossible days and missing seconds included', async () => {
    const { instantWithOffset } = await import('../../main/importers/local-time');
    const { DateTime } = await import('luxon');
    const fc = (await import('fast-check')).default;
    const two = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 1600, max: 2400 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.option(fc.integer({ min: 0, max: 59 })),
        fc.constantFrom('Z', '+07:00', '-05:00', '+05:30', '+0545', '-09:30', '+14:00'),
        (year, month, day, hour, minute, second, offset) => {
          const text = `${year}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}${second === null ? '' : `:${two(second)}`}${offset}`;
          const parsed = DateTime.fromISO(text, { setZone: true });
          expect(instantWithOffset(text)).toBe(parsed.isValid ? parsed.toSeconds() : null);
        },
      ),
      { numRuns: 2000 },
    );
    for (const text of [
      '2022-01-01T00:00',
      '2022-01-01T00:00:00+7:00',
      '2022-01-01T00:00:00+07:00 ',
      'x022-01-01T00:00Z',
    ])
      expect(instantWithOffset(text)).toBeNull();
  });
});
