/**
 * Where a consumer's energy came from in a month: a labelled pie of 24/7 CFE by
 * provider and grid energy, the same slices in a table beside it (colour,
 * kWh, share), the providers with their plans, prices and costs (footed), and
 * the grid bill's monthly lines when its tariff has some (footed).
 */
import { useMemo } from 'react';

import { supplySlices } from '../../charts/consumer-charts';
import { ColumnHeads, numeric } from '../../components/ColumnHeads';
import { energyFoot, footed, moneyFoot, showFooted, TableFoot } from '../../components/TableFoot';
import { formatPrice, formatUpTo, possessive } from '../../format';
import { monthTitle } from '../../router';
import { PieWithTable } from '../drill/PieWithTable';

import { QUANTITY_UNITS, type Overview } from './consumer-shared';

export function ConsumerSupply({
  name,
  month,
  currency,
  overview,
}: {
  name: string;
  month: string;
  currency: string;
  overview: Required<Pick<Overview, 'traded' | 'energy_load'>>;
}) {
  const { traded, energy_load: grid } = overview;
  const slices = useMemo(
    () => supplySlices(traded.providers, grid.allocation),
    [traded.providers, grid.allocation],
  );
  const money = moneyFoot(currency);
  const providers = [...traded.providers, ...grid.providers];
  return (
    <div className="card">
      <h2>
        Where {possessive(name)} energy came from in {monthTitle(month)}
      </h2>
      <PieWithTable
        slices={slices}
        pieTestId="supply-pie"
        pieLabel="24/7 CFE by provider and grid energy of the month"
        tableTestId="supply-slices"
        partyTitle="Source"
        totalLabel="Load"
        totalTestId="supply-total-kwh"
      />
      <table className="table" data-testid="providers-table">
        <ColumnHeads
          columns={[
            'Provider',
            'Plan',
            'Energy type',
            numeric('Price / kWh'),
            numeric('kWh'),
            numeric('Cost'),
          ]}
        />
        <tbody>
          {providers.map((p) => (
            <tr key={`${p.providerName}/${p.planName}`}>
              <th scope="row">{p.providerName}</th>
              <td>{p.planName}</td>
              <td>{p.energyType}</td>
              <td className="num">
                {formatPrice(p.price, currency)}
                {p.price_is_average ? (
                  <span className="muted" title="an average: the price varies by hour">
                    {' '}
                    avg
                  </span>
                ) : null}
              </td>
              <td className="num">{showFooted(energyFoot, p.allocation)}</td>
              <td className="num">{showFooted(money, p.cost)}</td>
            </tr>
          ))}
        </tbody>
        <TableFoot
          cells={[
            null,
            null,
            null,
            footed(
              energyFoot,
              providers.map((p) => p.allocation),
              'providers-total-kwh',
            ),
            footed(
              money,
              providers.map((p) => p.cost),
              'providers-total-cost',
            ),
          ]}
        />
      </table>
      {grid.bill_lines.length > 0 ? (
        <table className="table compact" data-testid="bill-lines">
          <caption>The grid bill’s monthly lines (included in the grid’s cost above)</caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Class</th>
              <th scope="col" className="num">
                Quantity
              </th>
              <th scope="col" className="num">
                Rate
              </th>
              <th scope="col" className="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {grid.bill_lines.map((line, i) => (
              <tr key={`${line.name ?? 'line'}-${i}`}>
                <th scope="row">{line.name ?? 'line'}</th>
                <td>{line.chargeClass ?? ''}</td>
                <td className="num">
                  {line.quantity
                    ? `${formatUpTo(line.quantity, 3)} ${QUANTITY_UNITS[line.quantityKey ?? ''] ?? ''}`
                    : ''}
                </td>
                <td className="num">{line.rateAmount ? formatUpTo(line.rateAmount, 6) : ''}</td>
                <td className="num">{showFooted(money, line.amount ?? '0')}</td>
              </tr>
            ))}
          </tbody>
          <TableFoot
            cells={[
              null,
              null,
              null,
              footed(
                money,
                grid.bill_lines.map((line) => line.amount ?? '0'),
                'bill-lines-total',
              ),
            ]}
          />
        </table>
      ) : (
        <p className="muted">
          The grid bill is its hourly lines (the tariff engine’s monthly lines come with the tariffs).
        </p>
      )}
    </div>
  );
}
