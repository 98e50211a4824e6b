/**
 * The drill-down's pure parts: the formatters its pages write figures with,
 * the previous / next day and hour (across months and a DST fold), and the
 * consumer's year chart (a month not settled has no bar, never a zero).
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';

import { legendRows } from '../../renderer/src/charts/chart-parts';
import { consumerYearOption, type ConsumerYear } from '../../renderer/src/charts/consumer-charts';
import { PERIOD_LABELS } from '../../renderer/src/charts/drill-charts';
import { formatPercent, formatPrice, formatUpTo, possessive } from '../../renderer/src/format';
import { hourPlace, stepDay, stepHour } from '../../renderer/src/pages/drill/steps';

describe('drill-down formatters', () => {
  it('write a price per kWh as exactly as the ledger holds it, 2 to 6 decimals', () => {
    expect(formatPrice('0.8867', 'THB')).toBe('฿0.8867');
    expect(formatPrice('1', 'THB')).toBe('฿1.00');
    expect(formatPrice('1.0', 'THB')).toBe('฿1.00');
    expect(formatPrice('2.5003755', 'THB')).toBe('฿2.500376');
    expect(formatPrice('1234.5', 'CHF')).toBe('1,234.50 CHF');
    expect(formatPrice('-0.25', 'USD')).toBe('−$0.25');
  });

  it('write a quantity to at most 3 decimals, trailing zeros dropped, and zero one way', () => {
    expect(formatUpTo('1234.56789', 3)).toBe('1,234.568');
    expect(formatUpTo('12.5000', 3)).toBe('12.5');
    expect(formatUpTo('-0.0001', 3)).toBe('0');
    expect(formatUpTo('0.000', 3)).toBe('0');
  });

  it('write a ratio as a percentage with one decimal, rounded once', () => {
    expect(formatPercent('0.7647')).toBe('76.5 %');
    expect(formatPercent('0.6')).toBe('60.0 %');
    // 76.449 % is 76.4 %, not 76.45 → 76.5 % (rounded twice).
    expect(formatPercent('0.76449')).toBe('76.4 %');
    expect(formatPercent(0)).toBe('0.0 %');
  });
});

describe('previous and next', () => {
  it('steps a day across a month’s and a year’s end', () => {
    expect(stepDay('2022-11-12', -1)).toBe('2022-11-11');
    expect(stepDay('2022-11-30', 1)).toBe('2022-12-01');
    expect(stepDay('2023-01-01', -1)).toBe('2022-12-31');
    expect(stepDay('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('steps an hour across midnight', () => {
    expect(stepHour('2022-11-12', '13', 'Asia/Bangkok', 1)).toEqual({
      day: '2022-11-12',
      hour: '14',
      label: '14:00',
    });
    expect(stepHour('2022-11-12', '23', 'Asia/Bangkok', 1)).toMatchObject({ day: '2022-11-13', hour: '00' });
    expect(stepHour('2022-12-01', '00', 'Asia/Bangkok', -1)).toMatchObject({ day: '2022-11-30', hour: '23' });
  });

  it('names the two 02:00 of an autumn fold by their offsets, and skips the hour a spring day lacks', () => {
    const zone = 'Europe/Berlin';
    const first = stepHour('2022-10-30', '01', zone, 1);
    expect(first).toEqual({ day: '2022-10-30', hour: '02', offset: '+02:00', label: '02:00 (+02:00)' });
    const second = stepHour('2022-10-30', '02', zone, 1, '+02:00');
    expect(second).toEqual({ day: '2022-10-30', hour: '02', offset: '+01:00', label: '02:00 (+01:00)' });
    expect(stepHour('2022-10-30', '02', zone, 1, '+01:00')).toMatchObject({ hour: '03', label: '03:00' });
    expect(stepHour('2022-10-30', '03', zone, -1)).toMatchObject({ hour: '02', offset: '+01:00' });
    // 27 March 2022 has no 02:00 in Berlin: 01:00 is followed by 03:00.
    expect(stepHour('2022-03-27', '01', zone, 1)).toMatchObject({ hour: '03', label: '03:00' });
    expect(hourPlace(DateTime.fromISO('2022-06-01T12:00:00+07:00', { setZone: true })).label).toBe('12:00');
  });
});

describe('the screen’s breakdown labels', () => {
  it('say Hours / Days / Months for the seed’s D / W / Y', () => {
    expect(PERIOD_LABELS).toEqual({ D: 'Hours', W: 'Days', Y: 'Months' });
  });
});

describe('a consumer’s year chart', () => {
  const year: ConsumerYear = {
    year: 2022,
    settled: true,
    settled_months: 2,
    months: [
      { month: '2022-01', startDate: '', endDate: '', settled: false },
      {
        month: '2022-02',
        startDate: '',
        endDate: '',
        settled: true,
        runId: 3,
        traded: { allocation: '6.5', cost: '20.8000' },
        grid: { allocation: '2', cost: '8.0000' },
        load: '8.5',
        cost: '28.8000',
        cfe_score: '0.7647',
      },
    ],
    totals: {
      traded: { allocation: '6.5', cost: '20.8000' },
      grid: { allocation: '2', cost: '8.0000' },
      load: '8.5',
      cost: '28.8000',
      cfe_score: '0.7647',
    },
  };

  it('draws no bar or point for a month not settled, and says so on its axis', () => {
    const option = consumerYearOption(year, 'THB') as {
      xAxis: { data: string[]; axisLabel: { formatter: (label: string, index: number) => string } };
      series: { name: string; data: (number | string)[] }[];
      legend: { type: string };
    };
    expect(option.legend.type).toBe('plain');
    // Every month named alike; one not settled is in grey with a dash under it (the chart's note says so).
    expect(option.xAxis.data).toEqual(['Jan', 'Feb']);
    expect(option.xAxis.axisLabel.formatter('Jan', 0)).toBe('{unsettled|Jan}\n{unsettled|–}');
    expect(option.xAxis.axisLabel.formatter('Feb', 1)).toBe('Feb');
    expect(option.series.map((s) => s.data)).toEqual([
      ['-', 6.5],
      ['-', 2],
      ['-', 28.8],
      ['-', 76.47],
    ]);
  });
});

describe('legend rows', () => {
  it('fit short names on one row and wrap long lists', () => {
    expect(legendRows(['Load', 'Grid'])).toBe(1);
    expect(legendRows([])).toBe(0);
    expect(legendRows(Array.from({ length: 12 }, (_, i) => `Consumer number ${i}`))).toBeGreaterThan(2);
  });
});

describe('names on screen', () => {
  it('are made possessive as English writes them', () => {
    expect(possessive('Sunrise Rooftops')).toBe('Sunrise Rooftops’');
    expect(possessive('Riverside Mall')).toBe('Riverside Mall’s');
    expect(possessive('บริษัท น้ำใส จำกัด')).toBe('บริษัท น้ำใส จำกัด’s');
  });
});
