/**
 * A month's energy by party: a labelled pie, and the same slices in a table beside it
 * (colour, kWh, share, and an amount when the slices have one), footed. A consumer's
 * supply (by provider and grid) and a generator's buyers (by consumer, open market and
 * unsold) both show this way.
 */
import { useMemo } from 'react';

import { Dec } from '../../../../shared/units';
import { pieOption, type PieSlice } from '../../charts/drill-charts';
import { ColumnHeads, numeric } from '../../components/ColumnHeads';
import { EChart } from '../../components/EChart';
import { energyFoot, footed, moneyFoot, showFooted, TableFoot } from '../../components/TableFoot';
import { formatPercent } from '../../format';

import { Swatch } from './common';

/** Each slice's amount (in slice order) in `currency`, with the test id of their total. */
export interface SliceAmounts {
  amounts: string[];
  currency: string;
  totalTestId: string;
}

export function PieWithTable({
  slices,
  pieTestId,
  pieLabel,
  tableTestId,
  partyTitle,
  totalLabel,
  totalTestId,
  amounts,
}: {
  slices: PieSlice[];
  pieTestId: string;
  /** What the pie shows, for its accessible description. */
  pieLabel: string;
  tableTestId: string;
  /** The header of the slices' names ("Source", "Buyer"). */
  partyTitle: string;
  /** What the slices add up to ("Load", "Production"): the foot's label. */
  totalLabel: string;
  totalTestId: string;
  amounts?: SliceAmounts;
}) {
  const pie = useMemo(() => pieOption(slices), [slices]);
  const total = slices.reduce((sum, s) => sum.plus(s.kWh), new Dec(0));
  const priced = amounts ? { ...amounts, money: moneyFoot(amounts.currency) } : null;
  return (
    <div className="pie-with-table">
      <EChart option={pie} className="pie-chart" testId={pieTestId} label={pieLabel} />
      <table className="table compact" data-testid={tableTestId}>
        <caption>The pie’s slices</caption>
        <ColumnHeads
          columns={[partyTitle, numeric('kWh'), numeric('Share'), priced ? numeric('Amount') : null]}
        />
        <tbody>
          {slices.map((slice, i) => (
            <tr key={slice.name}>
              <th scope="row">
                <Swatch color={slice.color} /> {slice.name}
              </th>
              <td className="num">{showFooted(energyFoot, slice.kWh)}</td>
              <td className="num">
                {total.isZero() ? '' : formatPercent(new Dec(slice.kWh).dividedBy(total).toFixed())}
              </td>
              {priced ? <td className="num">{showFooted(priced.money, priced.amounts[i] ?? '0')}</td> : null}
            </tr>
          ))}
        </tbody>
        <TableFoot
          label={totalLabel}
          cells={[
            footed(
              energyFoot,
              slices.map((s) => s.kWh),
              totalTestId,
            ),
            null,
            ...(priced ? [footed(priced.money, priced.amounts, priced.totalTestId)] : []),
          ]}
        />
      </table>
    </div>
  );
}
