/**
 * The fast local clock (shared/time.ts: offsets cached per UTC half-hour) agrees
 * with luxon on every quarter-hour of two years in zones with DST, half-hour and
 * 45-minute offsets, and DST changes on the half-hour (Lord Howe, St John's).
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';

import { isoWithOffset, localParts } from '../../shared/time';

const zones = [
  'UTC',
  'America/Los_Angeles',
  'Asia/Bangkok',
  'America/St_Johns',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Asia/Kathmandu',
  'Europe/London',
  'Etc/GMT+8',
];

describe('the fast local clock', () => {
  it('gives luxon’s local fields and ISO text for every quarter-hour of 2021–2022', () => {
    const mismatches: string[] = [];
    for (const zone of zones)
      for (let t = Date.UTC(2021, 0, 1) / 1000; t < Date.UTC(2023, 0, 1) / 1000; t += 900) {
        const l = DateTime.fromSeconds(t, { zone });
        const p = localParts(t, zone);
        const fields = [p.year, p.month, p.day, p.hour, p.minute, p.weekday, p.isoDate];
        const expected = [l.year, l.month, l.day, l.hour, l.minute, l.weekday, l.toISODate()];
        if (
          isoWithOffset(t, zone) !== l.toISO({ suppressMilliseconds: true }) ||
          JSON.stringify(fields) !== JSON.stringify(expected)
        )
          mismatches.push(`${zone} ${t}`);
      }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
