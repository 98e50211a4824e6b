/**
 * The consumer's drill-down as pure functions from the views' bodies to ECharts
 * options: a year by month (consumer:year), a month hour by hour
 * (consumer:hours), one day hour by hour (consumer:daily-tracking) and the
 * month's supply by provider (consumer:overview). No DOM, no ECharts runtime.
 */
import { DateTime } from 'luxon';

import { formatNumber } from '../format';

import { axisTooltip, kWhText, moneyText, wrappedLegend } from './chart-parts';
import { consumersOf, hourLabels, type PieSlice } from './drill-charts';
import type { EChartsCoreOption } from './echarts-setup';
import { GRID_COLOR, LINE_COLOR, partyColor, SECOND_LINE_COLOR, TRADED_COLOR } from './palette';

interface Energy {
  allocation: string;
  cost: string;
}

/** A month of consumer:year: its figures when settled, only its name when not. */
export type YearMonth =
  | { month: string; startDate: string; endDate: string; settled: false }
  | {
      month: string;
      startDate: string;
      endDate: string;
      settled: true;
      runId: number;
      traded: Energy;
      grid: Energy;
      load: string;
      cost: string;
      cfe_score: string;
      gap_hours?: number;
    };

export interface ConsumerYear {
  year: number;
  settled: boolean;
  settled_months: number;
  months: YearMonth[];
  totals: { traded: Energy; grid: Energy; load: string; cost: string; cfe_score: string };
}

/** A month's short name, "Nov", for the year's axis. */
export const shortMonth = (month: string) =>
  DateTime.fromISO(`${month}-01`, { zone: 'UTC' }).setLocale('en-GB').toFormat('LLL');

/**
 * The year: 24/7 CFE and grid kWh stacked by month, its cost on the right axis, and its CFE
 * score (percent) as a dashed line on a second right axis. A month not settled has no bar and
 * no point (never a zero).
 */
export function consumerYearOption(year: ConsumerYear, currency: string): EChartsCoreOption {
  const names = {
    traded: '24/7 CFE (kWh)',
    grid: 'Grid (kWh)',
    cost: `Cost (${currency})`,
    score: 'CFE score (%)',
  };
  const { legend, gridTop } = wrappedLegend(Object.values(names));
  const settled = <T>(m: YearMonth, value: (s: Extract<YearMonth, { settled: true }>) => T): T | '-' =>
    m.settled ? value(m) : '-';
  return {
    animation: false,
    tooltip: axisTooltip((value, series) =>
      series === names.cost
        ? moneyText(value, currency)
        : series === names.score
          ? value === '-' || value === null || value === undefined
            ? 'not settled'
            : `${formatNumber(String(value), 2)} %`
          : kWhText(value),
    ),
    legend,
    grid: { left: 64, right: 120, top: gridTop, bottom: 40 },
    xAxis: {
      type: 'category',
      data: year.months.map((m) => shortMonth(m.month)),
      name: 'month',
      // A month not settled is named in grey with a dash under it (the chart's note says so):
      // "(not settled)" under each of twelve months does not fit beside its neighbours.
      axisLabel: {
        interval: 0,
        formatter: (label: string, index: number) =>
          year.months[index]?.settled === false ? `{unsettled|${label}}\n{unsettled|–}` : label,
        rich: { unsettled: { color: '#8a8f98' } },
      },
    },
    yAxis: [
      { type: 'value', name: 'kWh' },
      { type: 'value', name: currency, position: 'right', splitLine: { show: false } },
      {
        type: 'value',
        name: '%',
        position: 'right',
        offset: 56,
        min: 0,
        max: 100,
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: names.traded,
        type: 'bar',
        stack: 'load',
        itemStyle: { color: TRADED_COLOR },
        data: year.months.map((m) => settled(m, (s) => Number(s.traded.allocation))),
      },
      {
        name: names.grid,
        type: 'bar',
        stack: 'load',
        itemStyle: { color: GRID_COLOR },
        data: year.months.map((m) => settled(m, (s) => Number(s.grid.allocation))),
      },
      {
        name: names.cost,
        type: 'line',
        yAxisIndex: 1,
        itemStyle: { color: LINE_COLOR },
        lineStyle: { width: 2 },
        data: year.months.map((m) => settled(m, (s) => Number(s.cost))),
      },
      {
        name: names.score,
        type: 'line',
        yAxisIndex: 2,
        itemStyle: { color: SECOND_LINE_COLOR },
        lineStyle: { type: 'dashed', width: 2 },
        data: year.months.map((m) => settled(m, (s) => Number(s.cfe_score) * 100)),
      },
    ],
  };
}

/** Every hour of a month: load and the 24/7 CFE that met it, zoomable. */
export function consumerMonthHoursOption(
  hours: { localHour: string; load: string; traded: string }[],
): EChartsCoreOption {
  const { legend, gridTop } = wrappedLegend(['Load', '24/7 CFE supply']);
  return {
    animation: false,
    tooltip: { ...axisTooltip(kWhText), axisPointer: { type: 'line' } },
    legend,
    grid: { left: 64, right: 24, top: gridTop, bottom: 72 },
    xAxis: {
      type: 'category',
      data: hours.map((h) => `${h.localHour.slice(8, 10)} ${h.localHour.slice(11, 16)}`),
      name: 'local day and hour',
    },
    yAxis: { type: 'value', name: 'kWh' },
    dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 8 }],
    series: [
      {
        name: 'Load',
        type: 'line',
        showSymbol: false,
        sampling: 'lttb',
        itemStyle: { color: LINE_COLOR },
        data: hours.map((h) => Number(h.load)),
      },
      {
        name: '24/7 CFE supply',
        type: 'line',
        showSymbol: false,
        sampling: 'lttb',
        areaStyle: { opacity: 0.35 },
        itemStyle: { color: TRADED_COLOR },
        data: hours.map((h) => Number(h.traded)),
      },
    ],
  };
}

export interface ConsumerHour {
  startDate: string;
  endDate: string;
  localHour: string;
  load: string;
  cfe_share: string;
  traded: { id: string; name: string; price: string; allocation: string; cost: string }[];
  grid: { allocation: string; cost: string; price?: string };
}

/** One local day: each provider's 24/7 CFE and the grid stacked by hour, the load as a line. */
export function consumerDayOption(hours: ConsumerHour[]): EChartsCoreOption {
  const labels = hourLabels(hours as never);
  const providers = consumersOf(hours);
  const { legend, gridTop } = wrappedLegend([...providers.map((p) => p.name), 'Grid', 'Load']);
  return {
    animation: false,
    tooltip: axisTooltip(kWhText),
    legend,
    grid: { left: 64, right: 24, top: gridTop, bottom: 40 },
    xAxis: { type: 'category', data: labels.map((l) => l.label), name: 'local hour' },
    yAxis: { type: 'value', name: 'kWh' },
    series: [
      ...providers.map((p, i) => ({
        name: p.name,
        type: 'bar',
        stack: 'supply',
        itemStyle: { color: partyColor(i) },
        data: hours.map((h) => Number(h.traded.find((l) => l.id === p.id)?.allocation ?? 0)),
      })),
      {
        name: 'Grid',
        type: 'bar',
        stack: 'supply',
        itemStyle: { color: GRID_COLOR },
        data: hours.map((h) => Number(h.grid.allocation)),
      },
      {
        name: 'Load',
        type: 'line',
        itemStyle: { color: LINE_COLOR },
        lineStyle: { width: 2 },
        data: hours.map((h) => Number(h.load)),
      },
    ],
  };
}

/** The slices of a consumer's month: each provider's 24/7 CFE, then the grid. */
export function supplySlices(
  providers: { providerName: string; allocation: string }[],
  grid: string,
): PieSlice[] {
  return [
    ...providers.map((p, i) => ({ name: p.providerName, kWh: p.allocation, color: partyColor(i) })),
    { name: 'Grid', kWh: grid, color: GRID_COLOR },
  ];
}
