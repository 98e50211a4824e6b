/**
 * A generator's monthly revenue: energy sold (24/7 CFE traded, open market,
 * unsold) and net earnings by month, a chart and a table that foots (each month
 * a link down), and its statements' payments, footed too.
 */
import { useMemo } from 'react';

import { revenueChartOption, revenueRows, type RevenueMonth } from '../../charts/drill-charts';
import { useClient } from '../../client-context';
import { DataTable } from '../../components/DataTable';
import { EChart } from '../../components/EChart';
import { StatementFiles } from '../../components/StatementFiles';
import { ErrorLine, Loading } from '../../components/Status';
import { energyFoot, moneyFoot } from '../../components/TableFoot';
import { useResult } from '../../hooks';
import { monthTitle, participantHref } from '../../router';
import { Breadcrumbs, markDrill, METER_TYPE, unwrap, usePainted } from '../drill/common';

import { prosumerCrumbs, type ProsumerProps } from './prosumer-shared';

interface Payment {
  month: string;
  invoice_number?: string;
  amount_due: string;
  payment: number | string;
  due_date: string;
  payment_status: string;
}

const SALE_LABELS = { traded: '24/7 CFE traded', open_market: 'Open market', unsold: 'Unsold' } as const;

export function ProsumerRevenuePage({ id, name, currency }: ProsumerProps) {
  const client = useClient();
  const revenue = useResult(`revenue:${id}`, async () =>
    unwrap<{ settled: boolean; data: RevenueMonth[] }>(
      await client['prosumer:revenue']({ prosumerId: id, meterType: METER_TYPE }),
    ),
  );
  const payments = useResult(`payments:${id}`, async () =>
    unwrap<{ data: Payment[] }>(await client['prosumer:payments']({ prosumerId: id, meterType: METER_TYPE })),
  );
  const rows = revenue.status === 'ok' ? revenueRows(revenue.value.data) : null;
  const option = useMemo(() => (rows ? revenueChartOption(rows, currency) : null), [rows, currency]);
  usePainted('revenue', option !== null);
  const money = moneyFoot(currency);
  return (
    <section className="page" aria-labelledby="page-title">
      <Breadcrumbs items={prosumerCrumbs(id)} />
      <div className="page-head">
        <h1 id="page-title">{name}</h1>
        <span className="badge badge-prosumer">prosumer</span>
        <span className="muted">monthly revenue</span>
      </div>
      <div className="card">
        <h2>Energy sold and earnings by month</h2>
        {revenue.status === 'loading' ? <Loading>Loading revenue…</Loading> : null}
        {revenue.status === 'error' ? (
          <ErrorLine title="Could not load revenue" error={revenue.error} />
        ) : null}
        {rows && rows.length === 0 ? (
          <p>No month of {name} is settled yet. Settle a month to see its revenue.</p>
        ) : null}
        {option && rows && rows.length > 0 ? (
          <>
            <p className="muted chart-note">Click a month to open it.</p>
            <EChart
              option={option}
              testId="revenue-chart"
              label={`Energy sold by ${name} each month (24/7 CFE traded, open market, unsold) and net earnings`}
              onClick={(index) => {
                const month = rows[index]?.month;
                if (month) {
                  markDrill();
                  window.location.hash = participantHref('prosumer', id, month);
                }
              }}
            />
            <DataTable
              testId="revenue-table"
              caption="Monthly revenue"
              fileName={`${id}-revenue`}
              rows={rows}
              rowKey={(row) => row.month}
              rowAttributes={(row) => ({ 'data-month': row.month })}
              columns={[
                {
                  key: 'month',
                  label: 'Month',
                  header: true,
                  value: (row) => row.month,
                  render: (row) => (
                    <a href={participantHref('prosumer', id, row.month)} onClick={markDrill}>
                      {monthTitle(row.month)}
                    </a>
                  ),
                },
                ...(['traded', 'open_market', 'unsold'] as const).map((key) => ({
                  key,
                  label: `${SALE_LABELS[key]} (kWh)`,
                  value: (row: RevenueMonth) => row[key].allocation,
                  foot: energyFoot,
                })),
                {
                  key: 'earnings',
                  label: `Net earnings (${currency})`,
                  testId: 'month-earnings',
                  value: (row) => String(row.total_cost),
                  foot: money,
                },
                {
                  key: 'run',
                  label: 'Run',
                  value: (row) => String(row.runId),
                  render: (row) => `#${row.runId}`,
                },
                {
                  key: 'statement',
                  label: 'Statement',
                  value: () => '',
                  render: (row) => <StatementFiles participantId={id} month={row.month} />,
                },
              ]}
            />
          </>
        ) : null}
      </div>
      <div className="card">
        <h2>Payments</h2>
        {payments.status === 'loading' ? <Loading>Loading payments…</Loading> : null}
        {payments.status === 'error' ? (
          <ErrorLine title="Could not load payments" error={payments.error} />
        ) : null}
        {payments.status === 'ok' && payments.value.data.length === 0 ? (
          <p className="muted">No statement of {name} has been issued yet.</p>
        ) : null}
        {payments.status === 'ok' && payments.value.data.length > 0 ? (
          <DataTable
            testId="payments-table"
            caption="Statements and what was paid against them (negative: owed by the participant)"
            fileName={`${id}-payments`}
            rows={payments.value.data}
            rowKey={(p) => p.month}
            columns={[
              {
                key: 'month',
                label: 'Month',
                header: true,
                value: (p) => p.month,
                render: (p) => monthTitle(p.month),
              },
              { key: 'statement', label: 'Statement', value: (p) => p.invoice_number ?? '' },
              { key: 'due', label: `Due (${currency})`, value: (p) => p.amount_due, foot: money },
              { key: 'dueDate', label: 'Due date', value: (p) => p.due_date },
              { key: 'paid', label: `Paid (${currency})`, value: (p) => String(p.payment), foot: money },
              {
                key: 'status',
                label: 'Status',
                value: (p) => p.payment_status,
                render: (p) => <span className={`chip chip-${p.payment_status}`}>{p.payment_status}</span>,
              },
            ]}
          />
        ) : null}
      </div>
    </section>
  );
}
