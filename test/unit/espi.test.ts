import { describe, expect, it } from 'vitest';

import { zoneOfLocalTime } from '../../main/importers/espi-codes';
import { hrefKey } from '../../main/importers/espi-reader';

describe('Green Button links and local time', () => {
  it('compares hrefs by their resource path, absolute or relative', () => {
    expect(
      hrefKey('https://u.example/DataCustodian/espi/1_1/resource/Subscription/5/UsagePoint/1/MeterReading/1'),
    ).toBe('UsagePoint/1/MeterReading/1');
    expect(hrefKey('RetailCustomer/9b6c7063/UsagePoint/01/MeterReading/01/IntervalBlock/0173')).toBe(
      'UsagePoint/01/MeterReading/01/IntervalBlock/0173',
    );
    expect(hrefKey('ReadingType/07')).toBe('ReadingType/07');
    expect(hrefKey('/espi/1_1/resource/ReadingType/07/')).toBe('ReadingType/07');
    expect(hrefKey('https://u.example/espi/1_1/resource/LocalTimeParameters/01?x=1')).toBe(
      'LocalTimeParameters/01',
    );
  });

  it('names the zone of LocalTimeParameters', () => {
    expect(zoneOfLocalTime({ tzOffset: '-28800', dstOffset: '3600' })).toBe('America/Los_Angeles');
    expect(zoneOfLocalTime({ tzOffset: '-18000', dstOffset: '3600' })).toBe('America/New_York');
    expect(zoneOfLocalTime({ tzOffset: '-25200', dstOffset: '0' })).toBe('America/Phoenix');
    expect(zoneOfLocalTime({ tzOffset: '19800' })).toBe('UTC+05:30');
    expect(zoneOfLocalTime({})).toBeNull();
  });
});
