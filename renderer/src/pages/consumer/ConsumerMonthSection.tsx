/**
 * The settlement part of a consumer's month, shown above its hourly energy: the
 * month's cards (24/7 CFE vs grid, total cost, CFE score), the run shown, where
 * its energy came from, every hour of it, and its days (each a link down), footed.
 */
import { Dec } from '../../../../shared/units';
import { useClient } from '../../client-context';
import { DataTable } from '../../components/DataTable';
import { LineageButton } from '../../components/LineagePanel';
import { StatementFiles } from '../../components/StatementFiles';
import { ErrorLine, Loading } from '../../components/Status';
import { energyFoot, moneyFoot } from '../../components/TableFoot';
import { formatEnergy, formatMoney, formatPercent } from '../../format';
import { useResult } from '../../hooks';
import { dayHref, dayTitle, monthTitle } from '../../router';
import { markDrill, METER_TYPE, NotSettled, RunNote, unwrap, usePainted } from '../drill/common';

import type { ConsumerProps, DayRow, Overview } from './consumer-shared';
import { ConsumerMonthHours } from './ConsumerMonthHours';
import { ConsumerSupply } from './ConsumerSupply';

export function ConsumerMonthSection({ id, name, currency, zone, month }: ConsumerProps & { month: string }) {
  const client = useClient();
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const input = { consumerId: id, month: monthNumber, year, meterType: METER_TYPE };
  const overview = useResult(`overview:${id}:${month}`, async () => {
    const result = unwrap<{ data: Overview }>(await client['consumer:overview'](input));
    return result.ok ? { ok: true as const, value: result.value.data } : result;
  });
  const days = useResult(`days:${id}:${month}`, async () => {
    const result = unwrap<{ data: { days?: DayRow[] } }>(await client['consumer:days'](input));
    return result.ok ? { ok: true as const, value: result.value.data.days ?? [] } : result;
  });
  const o = overview.status === 'ok' ? overview.value : null;
  const settled =
    o?.settled && o.traded && o.energy_load ? { traded: o.traded, energy_load: o.energy_load } : null;
  usePainted('month', settled !== null);
  const money = moneyFoot(currency);
  const billTotal = settled
    ? settled.energy_load.bill_lines.reduce((sum, line) => sum.plus(line.amount ?? '0'), new Dec(0))
    : null;
  return (
    <>
      {overview.status === 'loading' ? <Loading>Loading the month’s settlement…</Loading> : null}
      {overview.status === 'error' ? (
        <ErrorLine title="Could not load the overview" error={overview.error} />
      ) : null}
      {o && !o.settled ? <NotSettled month={month} /> : null}
      {o && settled ? (
        <>
          <RunNote month={month} runId={o.runId} zone={zone} />
          <div className="cards" data-testid="consumer-cards">
            <div className="card stat stat-traded">
              <h2>24/7 CFE bought</h2>
              <p className="stat-value">{formatEnergy(settled.traded.allocation)}</p>
              <p>{formatMoney(settled.traded.cost, currency)}</p>
            </div>
            <div className="card stat">
              <h2>From the grid</h2>
              <p className="stat-value">{formatEnergy(settled.energy_load.allocation)}</p>
              <p>{formatMoney(settled.energy_load.cost, currency)}</p>
            </div>
            <div className="card stat">
              <h2>Total cost</h2>
              <p className="stat-value" data-testid="total-cost">
                {formatMoney(o.total_cost ?? 0, currency)}
              </p>
              <p>
                Statement: <StatementFiles participantId={id} month={month} />
              </p>
            </div>
            <div className="card stat">
              <h2>CFE score</h2>
              <p className="stat-value" data-testid="cfe-score">
                {formatPercent(o.cfe_score ?? 0)}
              </p>
              <p className="muted">share of the load met hour by hour</p>
            </div>
          </div>
          <LineageButton participantId={id} month={month} runId={o.runId} currency={currency} />
          <ConsumerSupply name={name} month={month} currency={currency} overview={settled} />
        </>
      ) : null}
      {o?.settled ? <ConsumerMonthHours id={id} name={name} zone={zone} month={month} /> : null}
      {days.status === 'ok' && days.value.length > 0 ? (
        <div className="card">
          <h2>Days of {monthTitle(month)}</h2>
          <p className="muted chart-note">Local days in {zone}. Open a day to see it hour by hour.</p>
          {billTotal && !billTotal.isZero() ? (
            <p className="muted chart-note" data-testid="days-bill-note">
              The days’ costs are their hourly lines; the grid bill’s monthly lines (
              {formatMoney(billTotal.toFixed(), currency)}) make the month’s total cost{' '}
              {formatMoney(o?.total_cost ?? 0, currency)}.
            </p>
          ) : null}
          <DataTable
            compact
            testId="consumer-days-table"
            fileName={`${id}-${month}-days`}
            rows={days.value}
            rowKey={(d) => d.day}
            rowAttributes={(d) => ({ 'data-day': d.day })}
            columns={[
              {
                key: 'day',
                label: 'Day',
                header: true,
                value: (d) => d.day,
                render: (d) => (
                  <a href={dayHref('consumer', id, d.day)} onClick={markDrill}>
                    {dayTitle(d.day)}
                  </a>
                ),
              },
              {
                key: 'load',
                label: 'Load (kWh)',
                testId: 'day-load',
                value: (d) => d.load,
                foot: energyFoot,
              },
              {
                key: 'traded',
                label: '24/7 CFE (kWh)',
                value: (d) => d.traded.allocation,
                foot: energyFoot,
              },
              { key: 'grid', label: 'Grid (kWh)', value: (d) => d.grid.allocation, foot: energyFoot },
              {
                key: 'cfe',
                label: 'CFE score',
                numeric: true,
                value: (d) => d.cfe_score,
                render: (d) => formatPercent(d.cfe_score),
              },
              {
                key: 'cost',
                label: `Cost (${currency})`,
                testId: 'day-cost',
                value: (d) => d.cost,
                foot: money,
              },
            ]}
          />
        </div>
      ) : null}
    </>
  );
}
