/**
 * A calculated bill on the tariffs screen: its summary (tariff, period, energy and peak demand,
 * subtotal, taxes, total, the versions that priced it), a chart of cost by period and charge
 * class, and its items (sortable, exportable, the costs footing to the bill's total).
 */
import { Dec } from '../../../../shared/units';
import type { EChartsCoreOption } from '../../charts/echarts-setup';
import { DataTable } from '../../components/DataTable';
import { EChart } from '../../components/EChart';
import { instantSeconds, InstantTime, localSpanText } from '../../components/LocalTime';
import { energyFoot, moneyFoot, showFooted, type Foot } from '../../components/TableFoot';
import { formatKw, formatKwh, formatMoney, formatNumber, formatPrice, formatUpTo } from '../../format';

import type { Item, Result } from './bill';

/** Demand in kW to 3 decimals (the column's header names the unit). */
const kWFoot: Foot = { places: 3, format: (rounded) => formatNumber(rounded, 3) };

/** A span the API gives as two instants with their offsets, as local days or instants. */
function spanText(from: string, to: string, zone: string): string {
  const start = instantSeconds(from);
  const end = instantSeconds(to);
  return start === null || end === null ? `${from} – ${to}` : localSpanText(start, end, zone);
}

/**
 * How an item is priced, in the currency: per kWh or kW, a fixed amount times its share of the
 * period, a minimum, or a percentage of the charges it applies to; `—` when the item merges rates.
 */
function rateText(item: Item, currency: string): string {
  if (item.rateAmount === null) return '—';
  switch (item.quantityKey) {
    case 'consumption':
      return `${formatPrice(item.rateAmount, currency)}/kWh`;
    case 'demand':
      return `${formatPrice(item.rateAmount, currency)}/kW`;
    case 'fixed':
      return `${formatMoney(item.rateAmount, currency)} × ${formatUpTo(item.itemQuantity, 6)}`;
    case 'minimum':
      return `minimum ${formatMoney(item.rateAmount, currency)}`;
    case 'percentage':
      return `${formatUpTo(new Dec(item.rateAmount).times(100).toFixed(), 4)} % of ${formatMoney(item.itemQuantity, currency)}`;
    default:
      return formatPrice(item.rateAmount, currency);
  }
}

const isEnergy = (item: Item) => item.quantityKey === 'consumption' || item.quantityKey === 'total';

export function BillResult({
  bill,
  chart,
  zone,
  fileName,
}: {
  bill: Result;
  chart: EChartsCoreOption | null;
  zone: string;
  /** The CSV export's name: the account, the days and the grouping. */
  fileName: string;
}) {
  return (
    <>
      <dl className="facts" data-testid="bill-summary">
        <dt>Tariff</dt>
        <dd>
          {bill.tariffName} ({bill.masterTariffCode})
        </dd>
        <dt>Period</dt>
        <dd data-testid="bill-period">{spanText(bill.fromDateTime, bill.toDateTime, zone)}</dd>
        <dt>Energy, peak demand</dt>
        <dd>
          {formatKwh(bill.summary.kWh)}, {formatKw(bill.summary.kW)}
        </dd>
        <dt>Subtotal, taxes</dt>
        <dd>
          {formatMoney(bill.summary.subTotalCost, bill.currency)},{' '}
          {formatMoney(bill.summary.taxCost, bill.currency)}
        </dd>
        <dt>Total</dt>
        <dd data-testid="bill-total">{formatMoney(bill.totalCost, bill.currency)}</dd>
        <dt>Versions</dt>
        <dd>
          {bill.assumptions
            .map((a) => `${a.dataValueCode ?? a.dataValue} (${spanText(a.fromDateTime, a.toDateTime, zone)})`)
            .join(', ')}
        </dd>
      </dl>
      {chart ? (
        <EChart option={chart} testId="bill-chart" label="Bill cost by period and charge class" />
      ) : null}
      <DataTable
        compact
        testId="bill-items"
        caption={`${bill.items.length} item(s)`}
        fileName={fileName}
        rows={bill.items.map((item, index) => ({ ...item, index }))}
        rowKey={(i) => String(i.index)}
        columns={[
          {
            key: 'from',
            label: 'From',
            header: true,
            value: (i) => i.fromDateTime,
            render: (i) => <InstantTime text={i.fromDateTime} zone={zone} />,
          },
          {
            key: 'group',
            label: 'Rate group',
            value: (i) => i.rateGroupName,
            render: (i) => i.rateGroupName,
          },
          {
            key: 'rate',
            label: 'Rate',
            value: (i) => `${i.rateName}${i.tariffRateBandCode ? ` (${i.tariffRateBandCode})` : ''}`,
            render: (i) => `${i.rateName}${i.tariffRateBandCode ? ` (${i.tariffRateBandCode})` : ''}`,
          },
          {
            key: 'class',
            label: 'Charge class',
            value: (i) => i.chargeClass,
            render: (i) => i.chargeClass,
          },
          // One unit per column: energy items in kWh, demand items in kW (the others have neither).
          {
            key: 'energy',
            label: 'Energy (kWh)',
            numeric: true,
            value: (i) => (isEnergy(i) ? i.itemQuantity : ''),
            render: (i) => (isEnergy(i) ? showFooted(energyFoot, i.itemQuantity) : '—'),
          },
          {
            key: 'demand',
            label: 'Demand (kW)',
            numeric: true,
            value: (i) => (i.quantityKey === 'demand' ? i.itemQuantity : ''),
            render: (i) => (i.quantityKey === 'demand' ? showFooted(kWFoot, i.itemQuantity) : '—'),
          },
          {
            key: 'rate-amount',
            label: 'Priced at',
            numeric: true,
            value: (i) => i.rateAmount ?? '',
            render: (i) => rateText(i, bill.currency),
          },
          {
            key: 'cost',
            label: `Cost (${bill.currency})`,
            testId: 'item-cost',
            foot: moneyFoot(bill.currency),
            value: (i) => i.cost,
          },
        ]}
      />
    </>
  );
}
