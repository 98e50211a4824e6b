/**
 * Option builder of the participant's hourly energy chart: pure (DTOs and a
 * timezone in, an ECharts option out), with no DOM and no ECharts runtime, so
 * it is unit-tested.
 *
 * The x axis is a category axis keyed by each reading's UTC start
 * (`YYYY-MM-DD HH:mm:ss`), which is unique even on a 25-hour DST day; labels
 * and tooltips turn the key into local time in the workspace's timezone. Every
 * reading is its own point, so a 23-, 24- or 25-hour day keeps all its hours.
 *
 * kWh strings are parsed with Number() for plotting only; the tooltip shows
 * the DTO's exact decimal string.
 */
import type {
  DataZoomComponentOption,
  GridComponentOption,
  LegendComponentOption,
  LineSeriesOption,
  TooltipComponentOption,
  XAXisComponentOption,
  YAXisComponentOption,
} from 'echarts';
import { DateTime } from 'luxon';

import type { MeterDto, ReadingsDto } from '../../../shared/contract';

export type Direction = MeterDto['direction'];

/** One plotted point: [UTC start key, kWh as a number (null when not a number)]. */
export type EnergyPoint = [string, number | null];

export type EnergySeries = Omit<LineSeriesOption, 'type' | 'id' | 'name' | 'data'> & {
  type: 'line';
  id: string;
  name: string;
  data: EnergyPoint[];
};

export type EnergyChartOption = {
  animation: boolean;
  color: string[];
  grid: GridComponentOption;
  legend: LegendComponentOption;
  tooltip: TooltipComponentOption & { renderMode: 'richText'; formatter: (params: unknown) => string };
  dataZoom: DataZoomComponentOption[];
  xAxis: XAXisComponentOption & {
    type: 'category';
    data: string[];
    axisLabel: {
      formatter: (value: string) => string;
      hideOverlap: boolean;
      lineHeight: number;
      margin: number;
    };
  };
  yAxis: YAXisComponentOption;
  series: EnergySeries[];
};

const LABEL_LOCALE = 'en-GB';

const palette: Record<Direction | 'unknown', readonly string[]> = {
  generation: ['#2f9e68', '#1b6e46', '#74c69d', '#0f5132'],
  consumption: ['#d9782b', '#a8521a', '#f2a65a', '#7a3a10'],
  unknown: ['#4a6fa5', '#7d8ca3'],
};

function utcToLocal(utc: string, timezone: string): DateTime | null {
  const instant = DateTime.fromSQL(utc, { zone: 'UTC' });
  if (!instant.isValid) return null;
  return instant.setZone(timezone).setLocale(LABEL_LOCALE);
}

/** Axis label of a UTC start in the workspace timezone: "01 Jan\n07:00". */
export function localAxisLabel(utc: string, timezone: string): string {
  const local = utcToLocal(utc, timezone);
  return local ? local.toFormat('dd LLL\nHH:mm') : utc;
}

/** One-line label (data zoom slider): "01 Jan 07:00". */
export function localShortLabel(utc: string, timezone: string): string {
  const local = utcToLocal(utc, timezone);
  return local ? local.toFormat('dd LLL HH:mm') : utc;
}

/**
 * Tooltip title of a UTC start: "Sat 01 Jan 2022, 07:00 +07:00". The offset
 * tells the two 01:00 hours of a DST fall-back day apart.
 */
export function localTooltipTitle(utc: string, timezone: string): string {
  const local = utcToLocal(utc, timezone);
  return local ? local.toFormat('ccc dd LLL yyyy, HH:mm ZZ') : `${utc} UTC`;
}

export function seriesNameOf(meterId: string, direction: Direction | undefined): string {
  return direction ? `${meterId} (${direction})` : meterId;
}

/** kWh decimal string → number, for plotting only (null when it is not a finite number). */
export function plotValue(kWh: string): number | null {
  if (kWh.trim() === '') return null;
  const value = Number(kWh);
  return Number.isFinite(value) ? value : null;
}

interface TooltipParam {
  seriesIndex?: number;
  seriesName?: string;
  value?: unknown;
}

function asTooltipParams(params: unknown): TooltipParam[] {
  const list = Array.isArray(params) ? params : [params];
  return list.filter((p): p is TooltipParam => typeof p === 'object' && p !== null);
}

export interface EnergyChartInput {
  meters: readonly MeterDto[];
  /** One ReadingsDto per meter (as answered by `meters:readings`), in any order. */
  readings: readonly ReadingsDto[];
  timezone: string;
}

/**
 * One line series per meter that has readings, named "<meter id> (<direction>)",
 * in the order of `meters` (readings of meters not in `meters` come last).
 */
export function buildEnergyChartOption({ meters, readings, timezone }: EnergyChartInput): EnergyChartOption {
  const byMeter = new Map(readings.map((dto) => [dto.meterId, dto]));
  const ordered: ReadingsDto[] = [];
  for (const meter of meters) {
    const dto = byMeter.get(meter.id);
    if (dto) {
      ordered.push(dto);
      byMeter.delete(meter.id);
    }
  }
  ordered.push(...byMeter.values());

  const directionOf = new Map(meters.map((meter) => [meter.id, meter.direction]));
  const used: Record<Direction | 'unknown', number> = { generation: 0, consumption: 0, unknown: 0 };
  const colors: string[] = [];

  /** Exact kWh text and estimated flag per series and UTC start, for the tooltip. */
  const exact: Map<string, { kWh: string; estimated: boolean }>[] = [];
  const keys = new Set<string>();

  const series: EnergySeries[] = ordered.map((dto) => {
    const direction = directionOf.get(dto.meterId);
    const family = direction ?? 'unknown';
    const shades = palette[family];
    colors.push(shades[used[family] % shades.length] ?? '#4a6fa5');
    used[family] += 1;

    const lookup = new Map<string, { kWh: string; estimated: boolean }>();
    exact.push(lookup);
    const data: EnergyPoint[] = dto.readings.map((reading) => {
      keys.add(reading.startDate);
      lookup.set(reading.startDate, { kWh: reading.kWh, estimated: reading.estimated });
      return [reading.startDate, plotValue(reading.kWh)];
    });
    return {
      type: 'line',
      id: dto.meterId,
      name: seriesNameOf(dto.meterId, direction),
      data,
      showSymbol: false,
      connectNulls: false,
      lineStyle: { width: 1.5 },
      areaStyle: direction === 'generation' ? { opacity: 0.12 } : undefined,
      emphasis: { focus: 'series' },
    };
  });

  // 'YYYY-MM-DD HH:mm:ss' UTC sorts chronologically as text.
  const categories = [...keys].sort();

  const formatter = (params: unknown): string => {
    const items = asTooltipParams(params);
    const first = items[0];
    const key =
      first && Array.isArray(first.value) && typeof first.value[0] === 'string' ? first.value[0] : null;
    if (key === null) return '';
    const lines = [localTooltipTitle(key, timezone)];
    for (const item of items) {
      const index = item.seriesIndex ?? -1;
      const cell = exact[index]?.get(key);
      if (!cell) continue;
      lines.push(`${item.seriesName ?? ''}: ${cell.kWh} kWh${cell.estimated ? ' (estimated)' : ''}`);
    }
    return lines.join('\n');
  };

  return {
    animation: false,
    color: colors,
    grid: { top: 48, right: 24, bottom: 88, left: 64 },
    legend: { type: 'scroll', top: 8, left: 8, right: 8 },
    tooltip: {
      trigger: 'axis',
      // Rendered on the canvas: the HTML tooltip writes inline style attributes, which the CSP blocks.
      renderMode: 'richText',
      confine: true,
      axisPointer: { type: 'line' },
      formatter,
    },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      {
        type: 'slider',
        xAxisIndex: 0,
        filterMode: 'none',
        height: 22,
        bottom: 16,
        labelFormatter: (_index: number, key: string) => localShortLabel(key, timezone),
      },
    ],
    xAxis: {
      type: 'category',
      data: categories,
      boundaryGap: false,
      axisLabel: {
        formatter: (key: string) => localAxisLabel(key, timezone),
        hideOverlap: true,
        lineHeight: 15,
        margin: 10,
      },
      axisTick: { alignWithLabel: true },
    },
    yAxis: {
      type: 'value',
      name: 'kWh',
      nameTextStyle: { align: 'right' },
      splitLine: { lineStyle: { color: '#e6e8eb' } },
    },
    series,
  };
}

export interface MeterSummaryRow {
  meterId: string;
  name: string | null;
  direction: Direction;
  settles: boolean;
  /** The DTO's exact total, as given. */
  totalKWh: string | null;
  hours: number;
  estimatedHours: number;
}

/** One row per meter (in the order of `meters`); meters without readings get a null total and 0 hours. */
export function buildMeterSummaries(
  meters: readonly MeterDto[],
  readings: readonly ReadingsDto[],
): MeterSummaryRow[] {
  const byMeter = new Map(readings.map((dto) => [dto.meterId, dto]));
  return meters.map((meter) => {
    const dto = byMeter.get(meter.id);
    return {
      meterId: meter.id,
      name: meter.name,
      direction: meter.direction,
      settles: meter.settles,
      totalKWh: dto ? dto.totalKWh : null,
      hours: dto ? dto.readings.length : 0,
      estimatedHours: dto ? dto.readings.filter((reading) => reading.estimated).length : 0,
    };
  });
}
