/**
 * A bill as the tariffs screen reads it (seed 001's accounts:calculate): its exact decimals
 * (never the JSON numbers), and its chart of cost by period and charge class, periods in the
 * workspace's zone.
 */
import { Dec } from '../../../../shared/units';
import { axisTooltip, moneyText } from '../../charts/chart-parts';
import type { EChartsCoreOption } from '../../charts/echarts-setup';
import { instantSeconds, localTimeText } from '../../components/LocalTime';
import { formatMoney } from '../../format';

export interface Item {
  /** The rate's readable code (its integer id is tariffRateId); null on a merged item. */
  tariffRateCode: string | null;
  /** The band's readable text (period, tier), null when the rate has one band. */
  tariffRateBandCode: string | null;
  rateGroupName: string;
  rateName: string;
  fromDateTime: string;
  toDateTime: string;
  quantityKey: string;
  rateType: string;
  rateAmount: string | null;
  itemQuantity: string;
  cost: string;
  chargeClass: string;
}

export interface Result {
  /** The tariff's readable code (its integer id is masterTariffId). */
  masterTariffCode: string;
  tariffName: string;
  totalCost: string;
  currency: string;
  fromDateTime: string;
  toDateTime: string;
  summary: { subTotalCost: string; taxCost: string; totalCost: string; kWh: string; kW: string };
  items: Item[];
  /** Which version priced each span: `dataValue` its integer id, `dataValueCode` its readable code. */
  assumptions: {
    keyName: string;
    dataValue: string;
    dataValueCode?: string;
    fromDateTime: string;
    toDateTime: string;
  }[];
}

/** A result as the API writes it (seed 001): figures as JSON numbers, the exact decimals under `exact`. */
export interface SeedResult extends Omit<Result, 'totalCost' | 'summary' | 'items'> {
  exact: { totalCost: string };
  summary: { exact: Result['summary'] };
  items: (Omit<Item, 'rateAmount' | 'itemQuantity' | 'cost'> & {
    exact: Pick<Item, 'rateAmount' | 'itemQuantity' | 'cost'>;
  })[];
}

/** The bill with its exact decimals, what the screen shows and adds up (never the JSON numbers). */
export function exactResult(seed: SeedResult | undefined): Result | null {
  if (!seed) return null;
  return {
    ...seed,
    totalCost: seed.exact.totalCost,
    summary: seed.summary.exact,
    items: seed.items.map((item) => ({ ...item, ...item.exact })),
  };
}

const CLASS_COLORS: Record<string, string> = {
  SUPPLY: '#2f9e44',
  DISTRIBUTION: '#1c7ed6',
  TRANSMISSION: '#7048e8',
  TAX: '#e8590c',
  OTHER: '#868e96',
  CONTRACTED: '#0ca678',
  TOTAL: '#495057',
};

/** The bill's cost by period, stacked by charge class. */
export function billOption(bill: Result, zone: string): EChartsCoreOption {
  const periods = [...new Set(bill.items.map((i) => i.fromDateTime))].sort();
  const classes = [...new Set(bill.items.map((i) => i.chargeClass))];
  // Each period's start in the zone; the axis drops the offset (named once on the screen), the tooltip keeps it.
  const labels = periods.map((p) => {
    const seconds = instantSeconds(p);
    return seconds === null ? p : localTimeText(seconds, zone);
  });
  const days = labels.every((label) => label.slice(11, 16) === '00:00');
  return {
    animation: false,
    tooltip: axisTooltip((value) => moneyText(value, bill.currency)),
    legend: { top: 0 },
    grid: { left: 88, right: 24, top: 40, bottom: periods.length > 40 ? 72 : 40 },
    xAxis: {
      type: 'category',
      data: labels,
      axisLabel: { formatter: (label: string) => label.slice(0, days ? 10 : 16) },
    },
    yAxis: {
      type: 'value',
      name: bill.currency,
      axisLabel: { formatter: (value: number) => formatMoney(value, bill.currency, 0) },
    },
    ...(periods.length > 40 ? { dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 8 }] } : {}),
    series: classes.map((chargeClass) => ({
      name: chargeClass,
      type: 'bar',
      stack: 'cost',
      itemStyle: { color: CLASS_COLORS[chargeClass] ?? '#adb5bd' },
      data: periods.map((p) =>
        bill.items
          .filter((i) => i.fromDateTime === p && i.chargeClass === chargeClass)
          .reduce((sum, i) => sum.plus(i.cost), new Dec(0))
          .toNumber(),
      ),
    })),
  };
}
