/**
 * Parts every drill-down chart shares: a legend that wraps onto as many rows
 * as its names need (never paged, so every series stays reachable and no name
 * is cut), the room the plot leaves above for it, and tooltips drawn on the
 * canvas (the HTML tooltip writes inline style attributes, which the app's CSP
 * blocks) with energy to 3 decimals and money in the currency, through the
 * shared formatters.
 */
import { formatMoney, formatNumber } from '../format';

/** The narrowest plot a drill-down chart is drawn in (a 1024 px window less the page's margins). */
export const NARROWEST_CHART_PX = 720;
const LEGEND_ROW_PX = 24;
const LEGEND_ICON_PX = 25 + 5;
const LEGEND_GAP_PX = 10;
/** A generous average width of one character of the legend's 12 px text. */
const CHAR_PX = 7;

/** How many rows a wrapped legend of `names` takes in a plot `width` pixels wide. */
export function legendRows(names: readonly string[], width = NARROWEST_CHART_PX): number {
  let rows = names.length > 0 ? 1 : 0;
  let used = 0;
  for (const name of names) {
    const item = LEGEND_ICON_PX + name.length * CHAR_PX;
    if (used > 0 && used + item > width) {
      rows += 1;
      used = 0;
    }
    used += item + LEGEND_GAP_PX;
  }
  return rows;
}

/**
 * A plain legend across the top that wraps (ECharts lays a plain legend out on as many rows as
 * it needs within left/right), and the plot's top margin below it.
 */
export function wrappedLegend(names: readonly string[]): {
  legend: Record<string, unknown>;
  gridTop: number;
} {
  const rows = legendRows(names);
  return {
    legend: { type: 'plain', top: 0, left: 8, right: 8, itemGap: LEGEND_GAP_PX, data: [...names] },
    gridTop: 16 + rows * LEGEND_ROW_PX + 24,
  };
}

const numberOf = (value: unknown): number | null => {
  const v = Array.isArray(value) ? value[value.length - 1] : value;
  if (v === null || v === undefined || v === '' || v === '-') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

/** kWh in a tooltip: 3 decimals, grouped, with the unit (a month without figures: "not settled"). */
export function kWhText(value: unknown): string {
  const n = numberOf(value);
  return n === null ? 'not settled' : `${formatNumber(n.toFixed(6), 3)} kWh`;
}

/** Money in a tooltip, in the workspace currency. */
export function moneyText(value: unknown, currency: string): string {
  const n = numberOf(value);
  return n === null ? 'not settled' : formatMoney(n.toFixed(4), currency);
}

/** An axis tooltip on the canvas, every value through `format`. */
export function axisTooltip(format: (value: unknown, seriesName: string) => string): Record<string, unknown> {
  return {
    trigger: 'axis',
    axisPointer: { type: 'shadow' },
    renderMode: 'richText',
    confine: true,
    formatter: (params: unknown) => {
      const items = (Array.isArray(params) ? params : [params]) as {
        axisValueLabel?: string;
        seriesName?: string;
        value?: unknown;
      }[];
      const title = items[0]?.axisValueLabel ?? '';
      return [
        title,
        ...items.map((item) => `${item.seriesName ?? ''}: ${format(item.value, item.seriesName ?? '')}`),
      ].join('\n');
    },
  };
}
