/**
 * Unit tests of the renderer's pure parts: the energy chart's option builder,
 * the hash router and the loopback HTTP wire rules. No DOM, no ECharts runtime.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';

import {
  buildEnergyChartOption,
  buildMeterSummaries,
  localAxisLabel,
  localTooltipTitle,
  plotValue,
  seriesNameOf,
} from '../../renderer/src/charts/energy-chart';
import {
  decodeHttpResponse,
  firstFieldMessage,
  parseJsonBody,
  planHttpRequest,
  planUploadUrl,
  tokenFromFragment,
  UNAUTHORIZED_MESSAGE,
} from '../../renderer/src/http-protocol';
import {
  formatRoute,
  isMonth,
  monthBounds,
  monthTitle,
  parseRoute,
  settlementHref,
  shiftMonth,
  type Route,
} from '../../renderer/src/router';
import type { MeterDto, ReadingDto, ReadingsDto } from '../../shared/contract';

// ---- fixtures ------------------------------------------------------------------

const BANGKOK = 'Asia/Bangkok';
const BERLIN = 'Europe/Berlin';

function meter(id: string, direction: MeterDto['direction'], participantId = 'P1'): MeterDto {
  return {
    id,
    participantId,
    name: null,
    meterType: 1,
    direction,
    settles: true,
    commodity: 'electricity',
    unit: 'Wh',
  };
}

/** Hourly readings for every hour of the local days `from`…`to` in `zone`. */
function hourlyReadings(
  meterId: string,
  from: string,
  to: string,
  zone: string,
  kWhOf: (index: number) => string,
  totalKWh = '0',
): ReadingsDto {
  const start = DateTime.fromISO(from, { zone }).startOf('day');
  const end = DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf('day');
  const readings: ReadingDto[] = [];
  for (let t = start.toUTC(), i = 0; t < end.toUTC(); t = t.plus({ hours: 1 }), i += 1) {
    readings.push({
      startDate: t.toFormat('yyyy-MM-dd HH:mm:ss'),
      endDate: t.plus({ minutes: 59, seconds: 59 }).toFormat('yyyy-MM-dd HH:mm:ss'),
      kWh: kWhOf(i),
      minutes: 60,
      estimated: i === 3,
    });
  }
  return {
    meterId,
    timezone: zone,
    from,
    to,
    resolution: 'hour',
    unit: 'kWh',
    totalKWh,
    readings,
    summaryReadings: [],
  };
}

const generation = meter('G1', 'generation');
const consumption = meter('C1', 'consumption');
const january = {
  G1: hourlyReadings(
    'G1',
    '2022-01-01',
    '2022-01-31',
    BANGKOK,
    (i) => (i % 24 >= 6 && i % 24 < 18 ? '1.234567' : '0'),
    '5511.011',
  ),
  C1: hourlyReadings('C1', '2022-01-01', '2022-01-31', BANGKOK, () => '0.5', '372.000'),
};

// ---- chart option ----------------------------------------------------------------

describe('buildEnergyChartOption', () => {
  const option = buildEnergyChartOption({
    meters: [generation, consumption],
    readings: [january.G1, january.C1],
    timezone: BANGKOK,
  });

  it('draws one line series per meter, named with meter id and direction', () => {
    expect(option.series).toHaveLength(2);
    expect(option.series.map((s) => s.name)).toEqual(['G1 (generation)', 'C1 (consumption)']);
    expect(option.series.map((s) => s.id)).toEqual(['G1', 'C1']);
    expect(option.series.every((s) => s.type === 'line')).toBe(true);
    expect(option.color).toHaveLength(2);
    expect(option.color[0]).not.toEqual(option.color[1]);
  });

  it('has one point per reading (744 hours in January), keyed by the UTC start', () => {
    expect(january.G1.readings).toHaveLength(744);
    for (const [index, dto] of [january.G1, january.C1].entries()) {
      const series = option.series[index]!;
      expect(series.data).toHaveLength(dto.readings.length);
      expect(series.data[0]).toEqual([dto.readings[0]!.startDate, Number(dto.readings[0]!.kWh)]);
    }
    expect(option.series[0]!.data[6]).toEqual(['2021-12-31 23:00:00', 1.234567]);
    expect(option.xAxis.type).toBe('category');
    expect(option.xAxis.data).toHaveLength(744);
    expect(option.xAxis.data[0]).toBe('2021-12-31 17:00:00');
    expect(option.xAxis.data.at(-1)).toBe('2022-01-31 16:00:00');
  });

  it('labels the axis in the workspace timezone', () => {
    // 2021-12-31 17:00 UTC is midnight on 1 January in Bangkok (UTC+7).
    expect(option.xAxis.axisLabel.formatter('2021-12-31 17:00:00')).toBe('01 Jan\n00:00');
    expect(localAxisLabel('2022-01-15 05:00:00', BANGKOK)).toBe('15 Jan\n12:00');
    expect(localTooltipTitle('2021-12-31 17:00:00', BANGKOK)).toBe('Sat 01 Jan 2022, 00:00 +07:00');
  });

  it('renders the tooltip on the canvas (richText, no inline HTML styles) with exact kWh strings', () => {
    expect(option.tooltip.renderMode).toBe('richText');
    expect(option.tooltip.trigger).toBe('axis');
    const key = '2021-12-31 23:00:00';
    const text = option.tooltip.formatter([
      { seriesIndex: 0, seriesName: 'G1 (generation)', value: [key, 1.234567] },
      { seriesIndex: 1, seriesName: 'C1 (consumption)', value: [key, 0.5] },
    ]);
    expect(text).toBe(
      ['Sat 01 Jan 2022, 06:00 +07:00', 'G1 (generation): 1.234567 kWh', 'C1 (consumption): 0.5 kWh'].join(
        '\n',
      ),
    );
    expect(text).not.toMatch(/<|style=/);
    // The fourth hour is estimated in the fixture.
    const estimated = option.tooltip.formatter({
      seriesIndex: 1,
      seriesName: 'C1 (consumption)',
      value: ['2021-12-31 20:00:00', 0.5],
    });
    expect(estimated).toContain('C1 (consumption): 0.5 kWh (estimated)');
    expect(option.tooltip.formatter([])).toBe('');
  });

  it('has a legend and both inside and slider data zoom on the x axis', () => {
    expect(option.legend).toBeDefined();
    const zooms = option.dataZoom.map((zoom) => zoom.type);
    expect(zooms).toEqual(['inside', 'slider']);
  });

  it('follows the order of the meters, not of the readings, and skips meters without readings', () => {
    const reordered = buildEnergyChartOption({
      meters: [consumption, generation, meter('X9', 'generation')],
      readings: [january.G1, january.C1],
      timezone: BANGKOK,
    });
    expect(reordered.series.map((s) => s.name)).toEqual(['C1 (consumption)', 'G1 (generation)']);
  });

  it('names a series by meter id alone when the meter is unknown', () => {
    const orphan = buildEnergyChartOption({ meters: [], readings: [january.C1], timezone: BANGKOK });
    expect(orphan.series.map((s) => s.name)).toEqual(['C1']);
    expect(seriesNameOf('M1', 'generation')).toBe('M1 (generation)');
  });

  it('gives an empty but valid chart when there are no readings', () => {
    const empty = buildEnergyChartOption({
      meters: [generation],
      readings: [{ ...january.G1, readings: [], totalKWh: '0' }],
      timezone: BANGKOK,
    });
    expect(empty.series).toHaveLength(1);
    expect(empty.series[0]!.data).toHaveLength(0);
    expect(empty.xAxis.data).toHaveLength(0);
  });

  it('parses kWh strings with Number() for plotting only, null when not a number', () => {
    expect(plotValue('1.5')).toBe(1.5);
    expect(plotValue('0')).toBe(0);
    expect(plotValue('-2.25')).toBe(-2.25);
    expect(plotValue('')).toBeNull();
    expect(plotValue('n/a')).toBeNull();
  });

  describe.each([
    { day: '2022-01-15', zone: BANGKOK, hours: 24 },
    { day: '2022-03-27', zone: BERLIN, hours: 23 },
    { day: '2022-10-30', zone: BERLIN, hours: 25 },
  ])('a $hours-hour day ($day in $zone)', ({ day, zone, hours }) => {
    const dto = hourlyReadings('G1', day, day, zone, (i) => String(i + 1), '0');
    const dayOption = buildEnergyChartOption({ meters: [generation], readings: [dto], timezone: zone });

    it('keeps every hour as its own point and category', () => {
      expect(dto.readings).toHaveLength(hours);
      expect(dayOption.series[0]!.data).toHaveLength(hours);
      expect(dayOption.xAxis.data).toHaveLength(hours);
      expect(new Set(dayOption.xAxis.data).size).toBe(hours);
      expect(dayOption.series[0]!.data.map((point) => point[1])).toEqual(
        Array.from({ length: hours }, (_, i) => i + 1),
      );
    });

    it('labels the first hour as local midnight of that day', () => {
      const first = dayOption.xAxis.data[0]!;
      expect(dayOption.xAxis.axisLabel.formatter(first)).toMatch(/\n00:00$/);
      expect(localTooltipTitle(first, zone)).toContain(
        DateTime.fromISO(day).setLocale('en-GB').toFormat('dd LLL yyyy'),
      );
    });
  });

  it('tells the repeated hour of a fall-back day apart by its offset', () => {
    const dto = hourlyReadings('G1', '2022-10-30', '2022-10-30', BERLIN, () => '1', '25');
    const titles = dto.readings.map((reading) => localTooltipTitle(reading.startDate, BERLIN));
    expect(titles.filter((title) => title.includes(', 02:00 '))).toEqual([
      'Sun 30 Oct 2022, 02:00 +02:00',
      'Sun 30 Oct 2022, 02:00 +01:00',
    ]);
    expect(new Set(titles).size).toBe(25);
  });
});

describe('buildMeterSummaries', () => {
  it('gives each meter its total (the DTO string as-is), hours and estimated hours', () => {
    const rows = buildMeterSummaries(
      [generation, consumption, meter('X9', 'consumption')],
      [january.C1, january.G1],
    );
    expect(rows).toEqual([
      {
        meterId: 'G1',
        name: null,
        direction: 'generation',
        settles: true,
        totalKWh: '5511.011',
        hours: 744,
        estimatedHours: 1,
      },
      {
        meterId: 'C1',
        name: null,
        direction: 'consumption',
        settles: true,
        totalKWh: '372.000',
        hours: 744,
        estimatedHours: 1,
      },
      {
        meterId: 'X9',
        name: null,
        direction: 'consumption',
        settles: true,
        totalKWh: null,
        hours: 0,
        estimatedHours: 0,
      },
    ]);
  });
});

// ---- router ----------------------------------------------------------------------

describe('parseRoute', () => {
  it.each<[string, Route]>([
    ['', { kind: 'home' }],
    ['#', { kind: 'home' }],
    ['#/', { kind: 'home' }],
    ['#/participants', { kind: 'participants' }],
    ['#/participants/', { kind: 'participants' }],
    ['#/settlement', { kind: 'settlement' }],
    ['#/settlement/2024-06', { kind: 'settlement', month: '2024-06' }],
    ['#/imports', { kind: 'imports' }],
    ['#/workspace', { kind: 'workspace' }],
    ['#/prosumer/solar-farm.1', { kind: 'participant', role: 'prosumer', id: 'solar-farm.1', month: null }],
    ['#/prosumer/P1/2022-01', { kind: 'participant', role: 'prosumer', id: 'P1', month: '2022-01' }],
    [
      '#/consumer/school_2/2022-12',
      { kind: 'participant', role: 'consumer', id: 'school_2', month: '2022-12' },
    ],
    ['#/consumer/H1/2023-02/', { kind: 'participant', role: 'consumer', id: 'H1', month: '2023-02' }],
    ['#/consumer/%4D1', { kind: 'participant', role: 'consumer', id: 'M1', month: null }],
    [
      '#/prosumer/P1/2022-11-12',
      { kind: 'participant', role: 'prosumer', id: 'P1', month: '2022-11', day: '2022-11-12' },
    ],
    [
      '#/prosumer/P1/2022-11-12T14',
      { kind: 'participant', role: 'prosumer', id: 'P1', month: '2022-11', day: '2022-11-12', hour: '14' },
    ],
    [
      '#/prosumer/P1/2022-10-30T02+02:00',
      {
        kind: 'participant',
        role: 'prosumer',
        id: 'P1',
        month: '2022-10',
        day: '2022-10-30',
        hour: '02',
        offset: '+02:00',
      },
    ],
  ])('reads %j', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it.each([
    '#/admin',
    '#/generator/P1',
    '#/prosumer',
    '#/prosumer/P1/2022-13',
    '#/prosumer/P1/2022-1',
    '#/prosumer/P1/January',
    '#/prosumer/P1/2022-01/extra',
    '#/prosumer/P1/2022-02-30',
    '#/prosumer/P1/2022-11-12T24',
    '#/prosumer/P1/2022-11-12T14+7',
    '#/prosumer/-bad',
    '#/settlement/2024-13',
    '#/settlement/2024-06/extra',
    '#/prosumer/has%20space',
    '#/prosumer/%E0%A4%A',
    '#token=abc',
  ])('gives not-found for %j', (hash) => {
    const route = parseRoute(hash);
    expect(route.kind).toBe('not-found');
  });

  it('keeps the unreadable path for the not-found view', () => {
    expect(parseRoute('#/nowhere/at/all')).toEqual({ kind: 'not-found', path: '/nowhere/at/all' });
  });

  it.each<Route>([
    { kind: 'home' },
    { kind: 'participants' },
    { kind: 'settlement' },
    { kind: 'settlement', month: '2024-06' },
    { kind: 'imports' },
    { kind: 'participant', role: 'prosumer', id: 'P1', month: null },
    { kind: 'participant', role: 'consumer', id: 'mall.3', month: '2022-01' },
  ])('formatRoute and parseRoute round-trip %j', (route) => {
    expect(parseRoute(formatRoute(route))).toEqual(route);
  });

  it('formats participant deep links', () => {
    expect(formatRoute({ kind: 'participant', role: 'prosumer', id: 'P1', month: '2022-01' })).toBe(
      '#/prosumer/P1/2022-01',
    );
    expect(formatRoute({ kind: 'home' })).toBe('#/');
    expect(settlementHref('2024-06')).toBe('#/settlement/2024-06');
  });
});

describe('months', () => {
  it('reads and titles a month', () => {
    expect(isMonth('2022-01')).toBe(true);
    expect(isMonth('2022-13')).toBe(false);
    expect(monthTitle('2022-01')).toBe('January 2022');
  });

  it.each([
    ['2022-01', '2022-01-01', '2022-01-31'],
    ['2022-02', '2022-02-01', '2022-02-28'],
    ['2024-02', '2024-02-01', '2024-02-29'],
    ['2022-04', '2022-04-01', '2022-04-30'],
    ['2022-12', '2022-12-01', '2022-12-31'],
  ])('%s runs from %s to %s', (month, from, to) => {
    expect(monthBounds(month)).toEqual({ from, to });
  });

  it('shifts across year ends and rejects non-months', () => {
    expect(shiftMonth('2022-01', -1)).toBe('2021-12');
    expect(shiftMonth('2022-12', 1)).toBe('2023-01');
    expect(() => monthBounds('2022-13')).toThrow(RangeError);
    expect(isMonth('2022-00')).toBe(false);
  });
});

// ---- HTTP wire rules ---------------------------------------------------------

describe('planHttpRequest', () => {
  it('puts path parameters in the path and the rest in the query string for GET', () => {
    expect(
      planHttpRequest('meters:readings', {
        meterId: 'M 1',
        from: '2022-01-01',
        to: '2022-01-31',
        resolution: 'hour',
      }),
    ).toEqual({
      method: 'GET',
      url: '/api/meters/M%201/readings?from=2022-01-01&to=2022-01-31&resolution=hour',
      body: undefined,
    });
  });

  it('omits undefined inputs and the query string when nothing is left', () => {
    expect(planHttpRequest('meters:list', {}).url).toBe('/api/meters');
    expect(planHttpRequest('meters:list', { participantId: undefined }).url).toBe('/api/meters');
    expect(planHttpRequest('meters:list', { participantId: 'P1' }).url).toBe('/api/meters?participantId=P1');
    expect(planHttpRequest('imports:list', { limit: 5 }).url).toBe('/api/imports?limit=5');
    expect(planHttpRequest('workspace:summary', {})).toEqual({
      method: 'GET',
      url: '/api/workspace/summary',
      body: undefined,
    });
  });

  it('sends a JSON body for PUT and POST', () => {
    const plan = planHttpRequest('workspace:import-definition', { definition: { settings: { name: 'x' } } });
    expect(plan.method).toBe('PUT');
    expect(plan.url).toBe('/api/workspace');
    expect(JSON.parse(plan.body ?? '')).toEqual({ definition: { settings: { name: 'x' } } });
  });

  it('refuses a call that lacks a path parameter', () => {
    expect(() =>
      planHttpRequest('meters:readings', { from: '2022-01-01', to: '2022-01-31' } as never),
    ).toThrow(/meterId/);
  });

  it('uploads raw bytes with fileName and kind in the query string', () => {
    expect(planUploadUrl('readings jan.csv', 'readings')).toBe(
      '/api/imports?fileName=readings+jan.csv&kind=readings',
    );
  });
});

describe('decodeHttpResponse', () => {
  it('unwraps { data } on 2xx', () => {
    expect(decodeHttpResponse(200, { data: [1, 2] })).toEqual({ ok: true, value: [1, 2] });
    // A seed view's body is its own envelope: the whole of it is the value (as over IPC).
    expect(decodeHttpResponse(200, { settled: true, data: [1] }, '', true)).toEqual({
      ok: true,
      value: { settled: true, data: [1] },
    });
    expect(decodeHttpResponse(201, { data: null })).toEqual({ ok: true, value: null });
  });

  it('reads a 422 body as the field-errors map', () => {
    const fields = { to: ['must not be before from'], from: ['must be a date YYYY-MM-DD'] };
    expect(decodeHttpResponse(422, fields)).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'to must not be before from', fields },
    });
    expect(firstFieldMessage({})).toBe('invalid input');
  });

  it('passes { code, message } through on other errors', () => {
    expect(decodeHttpResponse(404, { code: 'not_found', message: 'no meter "M9"' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no meter "M9"' },
    });
    expect(decodeHttpResponse(500, { code: 'weird', message: 'boom' })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
  });

  it('explains a refused token', () => {
    const result = decodeHttpResponse(401, { code: 'refused', message: 'bad token' });
    expect(result).toEqual({ ok: false, error: { code: 'refused', message: UNAUTHORIZED_MESSAGE } });
    expect(UNAUTHORIZED_MESSAGE).toContain('energy-ledger serve');
  });

  it('copes with bodies that are not JSON', () => {
    expect(parseJsonBody('<html>Bad gateway</html>')).toBeUndefined();
    expect(parseJsonBody('')).toBeUndefined();
    expect(decodeHttpResponse(502, undefined, 'Bad Gateway')).toEqual({
      ok: false,
      error: { code: 'internal', message: 'the server answered 502 Bad Gateway' },
    });
    expect(decodeHttpResponse(200, { value: 1 }).ok).toBe(false);
  });
});

describe('tokenFromFragment', () => {
  it.each([
    ['#token=abc123', 'abc123'],
    ['#token=a+b/c==', 'a+b/c=='],
    ['#/?token=xyz', 'xyz'],
    ['#x=1&token=t%2Bk', 't+k'],
  ])('reads %j', (hash, token) => {
    expect(tokenFromFragment(hash)).toBe(token);
  });

  it.each(['', '#', '#/', '#/prosumer/P1', '#token=', '#tokens=abc'])('finds none in %j', (hash) => {
    expect(tokenFromFragment(hash)).toBeNull();
  });
});

describe('the generator drill-down', () => {
  it('names an hour that occurs twice in a day by its offset, and sums an hour exactly', async () => {
    const { hourLabels } = await import('../../renderer/src/charts/drill-charts');
    const { hourTotal } = await import('../../renderer/src/charts/drill-sums');
    const line = (allocation: string) => ({ cost: '0', rec: 0, allocation });
    const hour = (localHour: string) => ({
      startDate: '',
      endDate: '',
      localHour,
      usagePerPeriod: 0,
      billPerPeriod: 0,
      numberOfProviders: 1,
      traded: [{ ...line('0.1'), id: 'c', name: 'C', price: '3' }],
      open_market: line('0.2'),
      unsold: line('0.000001'),
    });
    const labels = hourLabels([
      hour('2022-10-30T01:00:00+02:00'),
      hour('2022-10-30T02:00:00+02:00'),
      hour('2022-10-30T02:00:00+01:00'),
      hour('2022-10-30T03:00:00+01:00'),
    ]);
    expect(labels.map((l) => l.label)).toEqual(['01:00', '02:00 (+02:00)', '02:00 (+01:00)', '03:00']);
    expect(labels[2]).toMatchObject({ hour: '02', offset: '+01:00', ambiguous: true });
    // 0.1 + 0.2 + 0.000001 in binary floating point is 0.30000100000000004.
    expect(hourTotal(hour('2022-10-30T01:00:00+02:00'))).toBe('0.300001');
  });

  it('formats money and energy exactly, with symbol and grouping', async () => {
    const { formatEnergy, formatMoney } = await import('../../renderer/src/format');
    expect(formatMoney('443601.3903', 'THB')).toBe('฿443,601.39');
    expect(formatMoney('-12.345', 'USD')).toBe('−$12.35');
    expect(formatMoney('5', 'CHF')).toBe('5.00 CHF');
    expect(formatEnergy('106668.580587')).toBe('106.67 MWh');
    expect(formatEnergy('4012.004573')).toBe('4,012.0 kWh');
    expect(formatEnergy('0.7')).toBe('0.700 kWh');
  });
});

describe('tables exported to CSV', () => {
  it('writes the exact values behind the cells, quoting what needs it', async () => {
    const { toCsv } = await import('../../renderer/src/csv');
    const columns = [
      { key: 'name', label: 'Name', value: (r: { name: string; kWh: string }) => r.name, render: () => null },
      {
        key: 'kWh',
        label: 'Energy (kWh)',
        numeric: true,
        value: (r: { name: string; kWh: string }) => r.kWh,
        render: () => null,
      },
    ];
    expect(toCsv(columns, [{ name: 'Mall, "Riverside"', kWh: '137.238219' }])).toBe(
      'Name,Energy (kWh)\r\n"Mall, ""Riverside""",137.238219\r\n',
    );
  });
});

describe('server-sent events', () => {
  it('splits complete events from the unfinished rest', async () => {
    const { takeServerEvents } = await import('../../renderer/src/http-protocol');
    const first = takeServerEvents('event: progress\ndata: {"step":1}\n\nevent: result\ndata: {"ok"');
    expect(first.events).toEqual([{ event: 'progress', data: '{"step":1}' }]);
    const second = takeServerEvents(`${first.rest}:true}\n\n`);
    expect(second).toEqual({ events: [{ event: 'result', data: '{"ok":true}' }], rest: '' });
  });
});
