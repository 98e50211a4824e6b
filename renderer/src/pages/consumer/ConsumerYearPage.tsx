/**
 * A consumer's year, like a generator's revenue: 24/7 CFE and grid kWh, cost and
 * CFE score by month (consumer:year), a chart and a table that foots. A month
 * without a published run says "not settled", never zeros; the year's CFE score
 * is Σ traded ÷ Σ load of the settled months (the API's), not a sum of scores.
 * Clicking a month (bar or row) opens it.
 */
import { useMemo, useState } from 'react';

import { consumerYearOption, type ConsumerYear, type YearMonth } from '../../charts/consumer-charts';
import { useClient } from '../../client-context';
import { EChart } from '../../components/EChart';
import { ErrorLine, Loading } from '../../components/Status';
import { energyFoot, footed, moneyFoot, showFooted, TableFoot } from '../../components/TableFoot';
import { formatEnergy, formatMoney, formatPercent } from '../../format';
import { useResult } from '../../hooks';
import { monthTitle, participantHref } from '../../router';
import { Breadcrumbs, markDrill, METER_TYPE, unwrap, useMonthStatuses, usePainted } from '../drill/common';

import type { ConsumerProps } from './consumer-shared';

type Settled = Extract<YearMonth, { settled: true }>;

export function ConsumerYearPage({
  id,
  name,
  currency,
  year: initialYear,
}: ConsumerProps & { year: number }) {
  const client = useClient();
  const [year, setYear] = useState(initialYear);
  const view = useResult(`consumer-year:${id}:${year}`, async () => {
    const result = unwrap<{ data: ConsumerYear }>(
      await client['consumer:year']({ consumerId: id, year, meterType: METER_TYPE }),
    );
    return result.ok ? { ok: true as const, value: result.value.data } : result;
  });
  const statuses = useMonthStatuses();
  const data = view.status === 'ok' ? view.value : null;
  const option = useMemo(() => (data?.settled ? consumerYearOption(data, currency) : null), [data, currency]);
  usePainted('year', option !== null);
  const settled = data ? data.months.filter((m): m is Settled => m.settled) : [];
  const money = moneyFoot(currency);
  const closedOn = (month: string) =>
    statuses.status === 'ok' ? (statuses.value.find((m) => m.month === month)?.closed?.runId ?? null) : null;
  return (
    <section className="page" aria-labelledby="page-title">
      <Breadcrumbs items={[{ label: String(year) }]} />
      <div className="page-head">
        <h1 id="page-title">{name}</h1>
        <span className="badge badge-consumer">consumer</span>
        <span className="muted">the year {year} by month</span>
      </div>
      <nav className="month-nav" aria-label="Previous and next year">
        <button type="button" className="link-button" onClick={() => setYear(year - 1)}>
          ‹ {year - 1}
        </button>
        <strong>{year}</strong>
        <button type="button" className="link-button" onClick={() => setYear(year + 1)}>
          {year + 1} ›
        </button>
      </nav>
      {view.status === 'loading' ? <Loading>Loading {year}…</Loading> : null}
      {view.status === 'error' ? <ErrorLine title="Could not load the year" error={view.error} /> : null}
      {data && !data.settled ? (
        <div className="card" role="status">
          <p>No month of {year} is settled yet. Settle a month to see it here.</p>
        </div>
      ) : null}
      {data?.settled ? (
        <div className="cards" data-testid="consumer-year-cards">
          <div className="card stat stat-traded">
            <h2>24/7 CFE bought</h2>
            <p className="stat-value">{formatEnergy(data.totals.traded.allocation)}</p>
            <p>{formatMoney(data.totals.traded.cost, currency)}</p>
          </div>
          <div className="card stat">
            <h2>From the grid</h2>
            <p className="stat-value">{formatEnergy(data.totals.grid.allocation)}</p>
            <p>{formatMoney(data.totals.grid.cost, currency)}</p>
          </div>
          <div className="card stat">
            <h2>Total cost</h2>
            <p className="stat-value" data-testid="year-total-cost-card">
              {formatMoney(data.totals.cost, currency)}
            </p>
            <p className="muted">
              {data.settled_months} settled month{data.settled_months === 1 ? '' : 's'}
            </p>
          </div>
          <div className="card stat">
            <h2>CFE score</h2>
            <p className="stat-value" data-testid="year-cfe-score">
              {formatPercent(data.totals.cfe_score)}
            </p>
            <p className="muted">Σ 24/7 CFE ÷ Σ load of the settled months</p>
          </div>
        </div>
      ) : null}
      {option && data ? (
        <div className="card">
          <h2>
            {name} in {year}
          </h2>
          <p className="muted chart-note">
            Click a month to open it. A month in grey with a dash under it is not settled.
          </p>
          <EChart
            option={option}
            testId="consumer-year-chart"
            label={`24/7 CFE and grid energy of ${name} each month of ${year}, its cost and CFE score`}
            onClick={(index) => {
              const month = data.months[index];
              if (month) {
                markDrill();
                window.location.hash = participantHref('consumer', id, month.month);
              }
            }}
          />
          <table className="table compact" data-testid="consumer-year-table">
            <caption>Months of {year}</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col" className="num">
                  24/7 CFE (kWh)
                </th>
                <th scope="col" className="num">
                  Grid (kWh)
                </th>
                <th scope="col" className="num">
                  Load (kWh)
                </th>
                <th scope="col" className="num">
                  Cost ({currency})
                </th>
                <th scope="col" className="num">
                  CFE score
                </th>
                <th scope="col">Run</th>
              </tr>
            </thead>
            <tbody>
              {data.months.map((m) => (
                <tr key={m.month} data-month={m.month} data-settled={String(m.settled)}>
                  <th scope="row">
                    <a href={participantHref('consumer', id, m.month)} onClick={markDrill}>
                      {monthTitle(m.month)}
                    </a>
                  </th>
                  {m.settled ? (
                    <>
                      <td className="num">{showFooted(energyFoot, m.traded.allocation)}</td>
                      <td className="num">{showFooted(energyFoot, m.grid.allocation)}</td>
                      <td className="num" data-testid="month-load">
                        {showFooted(energyFoot, m.load)}
                      </td>
                      <td className="num" data-testid="month-cost">
                        {showFooted(money, m.cost)}
                      </td>
                      <td className="num">{formatPercent(m.cfe_score)}</td>
                      <td>
                        #{m.runId}
                        {closedOn(m.month) !== null ? (
                          <span className="muted"> · closed on #{closedOn(m.month)}</span>
                        ) : null}
                      </td>
                    </>
                  ) : (
                    <td colSpan={6} className="muted" data-testid="not-settled">
                      not settled
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
            <TableFoot
              label={`Total (${data.settled_months} settled)`}
              cells={[
                footed(
                  energyFoot,
                  settled.map((m) => m.traded.allocation),
                  'year-total-traded',
                ),
                footed(
                  energyFoot,
                  settled.map((m) => m.grid.allocation),
                  'year-total-grid',
                ),
                footed(
                  energyFoot,
                  settled.map((m) => m.load),
                  'year-total-load',
                ),
                footed(
                  money,
                  settled.map((m) => m.cost),
                  'year-total-cost',
                ),
                {
                  content: (
                    <span className="num-cell" data-testid="year-total-cfe">
                      {formatPercent(data.totals.cfe_score)}
                    </span>
                  ),
                },
                null,
              ]}
            />
          </table>
        </div>
      ) : null}
    </section>
  );
}
