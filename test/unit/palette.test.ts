/**
 * The drill-down's colours stay apart for colour-blind readers: at least twelve
 * distinct party colours, and no two of them (nor the open market, unsold and
 * grid colours beside them) closer than ΔE*ab 10 in CIELAB, in normal vision or
 * under simulated deuteranopia or protanopia (Machado, Oliveira & Fernandes 2009,
 * severity 1, on linear sRGB).
 */
import { describe, expect, it } from 'vitest';

import {
  distributionPieOption,
  dailyTrackingOption,
  type TrackedHour,
} from '../../renderer/src/charts/drill-charts';
import {
  GRID_COLOR,
  OPEN_MARKET_COLOR,
  PARTY_PALETTE,
  partyColor,
  UNSOLD_COLOR,
} from '../../renderer/src/charts/palette';

type Rgb = [number, number, number];
type Matrix = [Rgb, Rgb, Rgb];

const VISIONS: Record<string, Matrix | null> = {
  normal: null,
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
};

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const clamp = (c: number) => Math.min(1, Math.max(0, c));

function linearRgb(hex: string): Rgb {
  return [1, 3, 5].map((i) => toLinear(parseInt(hex.slice(i, i + 2), 16) / 255)) as Rgb;
}

function lab([r, g, b]: Rgb): Rgb {
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

function seen(hex: string, matrix: Matrix | null): Rgb {
  const rgb = linearRgb(hex);
  if (!matrix) return lab(rgb);
  return lab(matrix.map((row) => clamp(row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2])) as Rgb);
}

const deltaE = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** The closest pair of `colors` as seen in each vision. */
function closest(colors: readonly string[]): { distance: number; pair: string } {
  let best = { distance: Infinity, pair: '' };
  for (const [vision, matrix] of Object.entries(VISIONS)) {
    const seenAs = colors.map((c) => seen(c, matrix));
    for (let i = 0; i < colors.length; i++)
      for (let j = i + 1; j < colors.length; j++) {
        const distance = deltaE(seenAs[i]!, seenAs[j]!);
        if (distance < best.distance) best = { distance, pair: `${colors[i]} / ${colors[j]} (${vision})` };
      }
  }
  return best;
}

describe('the drill-down palette', () => {
  it('has at least twelve distinct party colours', () => {
    expect(PARTY_PALETTE.length).toBeGreaterThanOrEqual(12);
    expect(new Set(PARTY_PALETTE.map((c) => c.toLowerCase())).size).toBe(PARTY_PALETTE.length);
    for (const color of PARTY_PALETTE) expect(color).toMatch(/^#[0-9A-F]{6}$/i);
  });

  it('keeps every two colours ΔE ≥ 10 apart in normal vision, deuteranopia and protanopia', () => {
    const all = [...PARTY_PALETTE, OPEN_MARKET_COLOR, UNSOLD_COLOR, GRID_COLOR];
    const { distance, pair } = closest(all);
    expect(distance, `closest: ${pair}`).toBeGreaterThanOrEqual(10);
  });

  it('tells a near-identical pair apart from a distinct one (the check itself)', () => {
    // The nine greens the pie used to draw: under deuteranopia two of them are ΔE < 5 apart.
    expect(closest(['#2f9e44', '#37b24d', '#40c057']).distance).toBeLessThan(10);
  });

  it('gives parties their colours in turn, repeating past the twelfth', () => {
    expect(partyColor(0)).toBe(PARTY_PALETTE[0]);
    expect(partyColor(11)).toBe(PARTY_PALETTE[11]);
    expect(partyColor(12)).toBe(PARTY_PALETTE[0]);
  });

  it('colours twelve buyers of a pie twelve ways, labelled, with the open market and unsold apart', () => {
    const buyers = Array.from({ length: 12 }, (_, i) => ({
      id: `c${i}`,
      providerName: `Consumer ${i}`,
      allocation: String(i + 1),
    }));
    const option = distributionPieOption(buyers, '5', '3') as {
      series: { label: { show: boolean }; data: { name: string; itemStyle: { color: string } }[] }[];
    };
    const slices = option.series[0]!.data;
    expect(option.series[0]!.label.show).toBe(true);
    expect(new Set(slices.map((s) => s.itemStyle.color)).size).toBe(14);
    expect(slices.at(-2)).toMatchObject({ name: 'Open market', itemStyle: { color: OPEN_MARKET_COLOR } });
    expect(slices.at(-1)).toMatchObject({ name: 'Unsold', itemStyle: { color: UNSOLD_COLOR } });
  });
});

describe('drill-down legends', () => {
  const line = (allocation: string) => ({ cost: '0', rec: 0, allocation });
  const hours: TrackedHour[] = Array.from({ length: 24 }, (_, h) => ({
    startDate: '',
    endDate: '',
    localHour: `2022-11-12T${String(h).padStart(2, '0')}:00:00+07:00`,
    usagePerPeriod: 0,
    billPerPeriod: 0,
    numberOfProviders: 10,
    traded: Array.from({ length: 10 }, (_, i) => ({
      ...line('1'),
      id: `c${i}`,
      name: `A consumer with a long name ${i}`,
      price: '3',
    })),
    open_market: line('2'),
    unsold: line('315.123456'),
  }));

  it('wrap instead of paging, naming every series and leaving the plot room below them', () => {
    const option = dailyTrackingOption(hours) as {
      legend: { type: string; data: string[] };
      grid: { top: number };
      series: { name: string }[];
    };
    expect(option.legend.type).toBe('plain');
    expect(option.legend.data).toEqual(option.series.map((s) => s.name));
    expect(option.legend.data).toEqual(expect.arrayContaining(['Open market', 'Unsold', 'Production']));
    // 13 names of up to 30 characters take several rows at 720 px: the plot starts below them.
    expect(option.grid.top).toBeGreaterThanOrEqual(16 + 3 * 24);
  });

  it('write energy in tooltips to 3 decimals with its unit', () => {
    const option = dailyTrackingOption(hours) as {
      tooltip: { renderMode: string; formatter: (params: unknown) => string };
    };
    expect(option.tooltip.renderMode).toBe('richText');
    const text = option.tooltip.formatter([
      { axisValueLabel: '10:00', seriesName: 'Unsold', value: 315.123456 },
      { axisValueLabel: '10:00', seriesName: 'Open market', value: 0 },
    ]);
    expect(text).toBe('10:00\nUnsold: 315.123 kWh\nOpen market: 0.000 kWh');
  });
});
