/**
 * The generator's drill-down, as pure functions from the seed-000 views'
 * bodies to table rows and ECharts options: revenue by month, the month's
 * days, one day's hours, one hour's allocation lines. No DOM, no ECharts
 * runtime, so the figures the screens show are unit-tested against the API's.
 */
import { DateTime } from 'luxon';

import { formatNumber } from '../format';

import { axisTooltip, kWhText, moneyText, wrappedLegend } from './chart-parts';
import type { EChartsCoreOption } from './echarts-setup';
import { LINE_COLOR, partyColor, SALE_COLORS } from './palette';

/** A traded / open market / unsold line of a view: kWh in `allocation`, money in `cost`. */
export interface SaleLine {
  name?: string;
  cost: string;
  rec: number;
  allocation: string;
  mwh?: string;
}

export interface RevenueMonth {
  month: string;
  runId: number;
  startDate: string;
  endDate: string;
  total_cost: number | string;
  traded: SaleLine;
  open_market: SaleLine;
  unsold: SaleLine;
}

export interface BreakdownDay {
  startDate: string;
  endDate: string;
  /** false for a month of a year's breakdown with no published run: its figures are zeros, not settled energy. */
  settled?: boolean;
  bill: { traded: number; open_market: number; unsold: number };
  usage: { traded: number; open_market: number; unsold: number };
}

export interface TradedLine extends SaleLine {
  id: string;
  name: string;
  price: string;
}

export interface TrackedHour {
  startDate: string;
  endDate: string;
  /** The local hour with its offset, e.g. `2022-11-12T13:00:00+07:00`. */
  localHour: string;
  usagePerPeriod: number;
  billPerPeriod: number;
  numberOfProviders: number;
  traded: TradedLine[];
  open_market: SaleLine;
  unsold: SaleLine;
}

export { SALE_COLORS } from './palette';

const SALE_NAMES = { traded: '24/7 CFE traded', open_market: 'Open market', unsold: 'Unsold' } as const;

/** Months oldest first. */
export function revenueRows(data: RevenueMonth[]): RevenueMonth[] {
  return [...data].sort((a, b) => (a.month < b.month ? -1 : 1));
}

export function revenueChartOption(rows: RevenueMonth[], currency: string): EChartsCoreOption {
  const months = rows.map((r) => DateTime.fromISO(`${r.month}-01`).setLocale('en-GB').toFormat('LLL yyyy'));
  const kWh = (line: SaleLine) => Number(line.allocation);
  const earnings = `Net earnings (${currency})`;
  const { legend, gridTop } = wrappedLegend([...Object.values(SALE_NAMES), earnings]);
  return {
    animation: false,
    tooltip: axisTooltip((value, series) =>
      series === earnings ? moneyText(value, currency) : kWhText(value),
    ),
    legend,
    grid: { left: 64, right: 72, top: gridTop, bottom: 40 },
    xAxis: { type: 'category', data: months },
    yAxis: [
      { type: 'value', name: 'kWh', axisLabel: { formatter: (v: number) => `${v / 1000}k` } },
      { type: 'value', name: currency, position: 'right', splitLine: { show: false } },
    ],
    series: [
      ...(['traded', 'open_market', 'unsold'] as const).map((key) => ({
        name: SALE_NAMES[key],
        type: 'bar',
        stack: 'energy',
        itemStyle: { color: SALE_COLORS[key] },
        data: rows.map((r) => kWh(r[key])),
      })),
      {
        name: earnings,
        type: 'line',
        yAxisIndex: 1,
        itemStyle: { color: LINE_COLOR },
        data: rows.map((r) => Number(r.total_cost)),
      },
    ],
  };
}

/** The local day (`YYYY-MM-DD`) a view row starting at a UTC `startDate` belongs to. */
export function localDayOf(startDate: string, zone: string): string {
  return DateTime.fromSQL(startDate, { zone: 'UTC' }).setZone(zone).toISODate() ?? startDate.slice(0, 10);
}

/** Where each row of a D / W / Y breakdown sits: its label on the axis and the route one level down. */
export function breakdownPlaces(
  rows: BreakdownDay[],
  zone: string,
  period: 'D' | 'W' | 'Y',
): { label: string; day: string; month: string; hour: string; offset: string; ambiguous: boolean }[] {
  const locals = rows.map((r) => DateTime.fromSQL(r.startDate, { zone: 'UTC' }).setZone(zone));
  const hours = locals.map((t) => t.toFormat('HH'));
  return locals.map((t, i) => {
    const ambiguous = period === 'D' && hours.filter((h) => h === hours[i]).length > 1;
    const offset = t.toFormat('ZZ');
    const label =
      period === 'Y'
        ? t.setLocale('en-GB').toFormat('LLL')
        : period === 'D'
          ? `${hours[i]}:00${ambiguous ? ` (${offset})` : ''}`
          : t.toFormat('d');
    return { label, day: t.toISODate()!, month: t.toFormat('yyyy-MM'), hour: hours[i]!, offset, ambiguous };
  });
}

/** What the screen calls each breakdown (the API keeps the seed's D / W / Y). */
export const PERIOD_LABELS = { D: 'Hours', W: 'Days', Y: 'Months' } as const;

export function breakdownChartOption(
  days: BreakdownDay[],
  zone: string,
  measure: 'usage' | 'bill',
  currency: string,
  period: 'D' | 'W' | 'Y' = 'W',
): EChartsCoreOption {
  const labels = breakdownPlaces(days, zone, period).map((p) => p.label);
  const keys =
    measure === 'usage'
      ? (['traded', 'open_market', 'unsold'] as const)
      : (['traded', 'open_market'] as const);
  const { legend, gridTop } = wrappedLegend(keys.map((key) => SALE_NAMES[key]));
  return {
    animation: false,
    tooltip: axisTooltip((value) => (measure === 'usage' ? kWhText(value) : moneyText(value, currency))),
    legend,
    grid: { left: 64, right: 24, top: gridTop, bottom: 36 },
    xAxis: {
      type: 'category',
      data: labels,
      name: period === 'D' ? 'local hour' : period === 'Y' ? 'month' : 'day',
    },
    yAxis: { type: 'value', name: measure === 'usage' ? 'kWh' : currency },
    series: keys.map((key) => ({
      name: SALE_NAMES[key],
      type: 'bar',
      stack: measure,
      itemStyle: { color: SALE_COLORS[key] },
      // A month not settled has no figures: no bar (never a zero).
      data: days.map((d) => (d.settled === false ? '-' : d[measure][key])),
    })),
  };
}

/** A slice of a pie: its name, kWh (exact decimal text) and colour. */
export interface PieSlice {
  name: string;
  kWh: string;
  color: string;
}

/**
 * A doughnut of kWh by party with every slice labelled by its name and share (a slice under
 * 2 % is left to the table beside the pie, which lists every slice with its colour).
 */
export function pieOption(slices: PieSlice[]): EChartsCoreOption {
  return {
    animation: false,
    tooltip: {
      trigger: 'item',
      renderMode: 'richText',
      confine: true,
      formatter: (p: { name?: string; value?: unknown; percent?: number }) =>
        `${p.name ?? ''}: ${kWhText(p.value)} (${formatNumber((p.percent ?? 0).toFixed(4), 1)} %)`,
    },
    series: [
      {
        type: 'pie',
        radius: ['30%', '56%'],
        center: ['50%', '52%'],
        minShowLabelAngle: 7,
        avoidLabelOverlap: true,
        label: {
          show: true,
          formatter: (p: { name?: string; percent?: number }) =>
            `${p.name ?? ''} ${formatNumber((p.percent ?? 0).toFixed(4), 1)} %`,
          fontSize: 11,
          lineHeight: 14,
          // Kept inside the chart's box, wrapped rather than cut.
          alignTo: 'edge',
          edgeDistance: 6,
          width: 96,
          overflow: 'break',
        },
        labelLine: { show: true, length: 8, length2: 8 },
        // A label that would overlap another is left to the table beside the pie.
        labelLayout: { hideOverlap: true },
        data: slices.map((slice) => ({
          name: slice.name,
          value: Number(slice.kWh),
          itemStyle: { color: slice.color },
        })),
      },
    ],
  };
}

/** The slices of a generator's month: each buying consumer, the open market and unsold. */
export function distributionSlices(
  providers: { id: string; providerName: string; allocation: string }[],
  openMarket: string,
  unsold: string,
): PieSlice[] {
  return [
    ...providers.map((p, i) => ({ name: p.providerName, kWh: p.allocation, color: partyColor(i) })),
    { name: 'Open market', kWh: openMarket, color: SALE_COLORS.open_market },
    { name: 'Unsold', kWh: unsold, color: SALE_COLORS.unsold },
  ];
}

export function distributionPieOption(
  providers: { id: string; providerName: string; allocation: string }[],
  openMarket: string,
  unsold: string,
): EChartsCoreOption {
  return pieOption(distributionSlices(providers, openMarket, unsold));
}

/** `HH` of a local hour, and whether that hour occurs twice in the day (then its offset names it). */
export function hourLabels(
  hours: TrackedHour[],
): { hour: string; offset: string; ambiguous: boolean; label: string }[] {
  const hh = hours.map((h) => h.localHour.slice(11, 13));
  return hours.map((h, i) => {
    const ambiguous = hh.filter((x) => x === hh[i]).length > 1;
    const offset = h.localHour.slice(19);
    return { hour: hh[i]!, offset, ambiguous, label: ambiguous ? `${hh[i]}:00 (${offset})` : `${hh[i]}:00` };
  });
}

/** Every party on the other side of the day's traded lines (buying consumers, or selling generators), by name. */
export function consumersOf(
  hours: { traded: { id: string; name: string }[] }[],
): { id: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const hour of hours)
    for (const line of hour.traded) if (!seen.has(line.id)) seen.set(line.id, line.name);
  return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => (a.name < b.name ? -1 : 1));
}

export function dailyTrackingOption(hours: TrackedHour[]): EChartsCoreOption {
  const labels = hourLabels(hours).map((h) => h.label);
  const consumers = consumersOf(hours);
  const production = hours.map(
    (h) =>
      h.traded.reduce((sum, line) => sum + Number(line.allocation), 0) +
      Number(h.open_market.allocation) +
      Number(h.unsold.allocation),
  );
  const { legend, gridTop } = wrappedLegend([
    ...consumers.map((c) => c.name),
    'Open market',
    'Unsold',
    'Production',
  ]);
  return {
    animation: false,
    tooltip: axisTooltip(kWhText),
    legend,
    grid: { left: 64, right: 24, top: gridTop, bottom: 40 },
    xAxis: { type: 'category', data: labels, name: 'local hour' },
    yAxis: { type: 'value', name: 'kWh' },
    series: [
      ...consumers.map((consumer, i) => ({
        name: consumer.name,
        type: 'bar',
        stack: 'hour',
        itemStyle: { color: partyColor(i) },
        data: hours.map((h) => Number(h.traded.find((line) => line.id === consumer.id)?.allocation ?? 0)),
      })),
      {
        name: 'Open market',
        type: 'bar',
        stack: 'hour',
        itemStyle: { color: SALE_COLORS.open_market },
        data: hours.map((h) => Number(h.open_market.allocation)),
      },
      {
        name: 'Unsold',
        type: 'bar',
        stack: 'hour',
        itemStyle: { color: SALE_COLORS.unsold },
        data: hours.map((h) => Number(h.unsold.allocation)),
      },
      {
        name: 'Production',
        type: 'line',
        itemStyle: { color: LINE_COLOR },
        lineStyle: { width: 2 },
        data: production,
      },
    ],
  };
}
