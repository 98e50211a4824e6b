/**
 * The meters screen's charts (renderer/src/pages/meters/): the explorer's consumption by rate key
 * with its costs, and a virtual meter's computed use against its sources, as ECharts options.
 * Times on the axes are the workspace's zone, as LocalTime words them.
 */
import type { VirtualPreviewDto } from '../../../../shared/contract';
import { axisTooltip, kWhText, moneyText } from '../../charts/chart-parts';
import type { EChartsCoreOption } from '../../charts/echarts-setup';
import { instantSeconds, localTimeText } from '../../components/LocalTime';
import { formatMoney, formatUpTo } from '../../format';

import type { Answer, Component } from './explorer-answer';

/** An instant the API wrote, in the zone as LocalTime words it (the text itself when it is not one). */
export function localLabel(text: string, zone: string): string {
  const seconds = instantSeconds(text);
  return seconds === null ? text : localTimeText(seconds, zone);
}

/** A chart's value axis in kWh: grouped, up to 3 decimals. */
const kWhAxisLabel = { formatter: (value: number) => formatUpTo(value, 3) };

/** The explorer's chart: consumption per period (stacked by rate key when there are any), its costs on a second axis. */
export function explorerOption(
  answer: Answer,
  rows: Component[],
  keys: string[],
  zone: string,
  costCurrency: string,
  fileCurrency: string,
): EChartsCoreOption {
  // Each period's start in the zone; the axis drops the offset (named once on the screen), the tooltip keeps it.
  const labels = rows.map((c) => localLabel(c['@fromDate'], zone));
  const days = labels.every((label) => label.slice(11, 16) === '00:00');
  const series = keys.length
    ? keys.map((key) => ({
        name: `rate ${key}`,
        type: 'bar',
        stack: 'kWh',
        data: rows.map(
          (c) => c.componentList?.component.find((k) => k['@rateKey'] === key)?.consumption ?? 0,
        ),
      }))
    : [{ name: 'consumption', type: 'bar', data: rows.map((c) => c.consumption) }];
  return {
    animation: false,
    tooltip: axisTooltip((value, name) =>
      name === 'cost'
        ? moneyText(value, costCurrency)
        : name === 'cost in the file'
          ? moneyText(value, fileCurrency)
          : kWhText(value),
    ),
    legend: { top: 0 },
    grid: { left: 72, right: 88, top: 40, bottom: rows.length > 40 ? 72 : 40 },
    xAxis: {
      type: 'category',
      data: labels,
      axisLabel: { formatter: (label: string) => label.slice(0, days ? 10 : 16) },
    },
    yAxis: [
      { type: 'value', name: 'kWh', axisLabel: kWhAxisLabel },
      {
        type: 'value',
        name: costCurrency,
        position: 'right',
        axisLabel: { formatter: (value: number) => formatMoney(value, costCurrency, 0) },
      },
    ],
    ...(rows.length > 40 ? { dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 8 }] } : {}),
    series: [
      ...series,
      ...(typeof answer.cost === 'string'
        ? [{ name: 'cost', type: 'line', yAxisIndex: 1, data: rows.map((c) => Number(c.cost ?? 0)) }]
        : []),
      ...(answer.fileCost !== undefined
        ? [
            {
              name: 'cost in the file',
              type: 'line',
              yAxisIndex: 1,
              data: rows.map((c) => Number(c.fileCost ?? 0)),
            },
          ]
        : []),
    ],
  };
}

/** A virtual meter's preview: its computed use hour by hour, a line per source beside it. */
export function previewOption(preview: VirtualPreviewDto, zone: string): EChartsCoreOption {
  return {
    animation: false,
    tooltip: axisTooltip((value) => kWhText(value)),
    legend: { top: 0 },
    grid: { left: 72, right: 24, top: 40, bottom: 72 },
    xAxis: {
      type: 'category',
      // Each hour's start in the zone; the axis shows month, day and hour, the tooltip the offset too.
      data: preview.hours.map((h) => localLabel(h.startDate, zone)),
      axisLabel: { formatter: (label: string) => label.slice(5, 16) },
    },
    yAxis: { type: 'value', name: 'kWh', axisLabel: kWhAxisLabel },
    dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 8 }],
    series: [
      {
        name: preview.meterId,
        type: 'line',
        step: 'end',
        data: preview.hours.map((h) => Number(h.kWh)),
        lineStyle: { width: 3 },
      },
      ...preview.sources.map((s) => ({
        name: s.meterId,
        type: 'line',
        step: 'end',
        data: s.kWh.map(Number),
      })),
    ],
  };
}
