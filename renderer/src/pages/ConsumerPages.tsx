/**
 * A consumer's drill-down: the month's overview (24/7 CFE vs grid, its
 * providers, total cost, CFE score, its days) › one local day hour by hour
 * (load against each provider's supply and the grid) › one hour's lines.
 * Hourly lines only below the month, as the spec says.
 */
import { useMemo } from 'react';

import type { Result } from '../../../shared/contract';
import { Dec } from '../../../shared/units';
import { consumersOf, hourLabels } from '../charts/drill-charts';
import type { EChartsCoreOption } from '../charts/echarts-setup';
import { useClient } from '../client-context';
import { DataTable } from '../components/DataTable';
import { EChart } from '../components/EChart';
import { LineageButton } from '../components/LineagePanel';
import { StatementFiles } from '../components/StatementFiles';
import { ErrorLine, Loading } from '../components/Status';
import { energyFoot, footed, moneyFoot, showFooted, TableFoot } from '../components/TableFoot';
import { formatEnergy, formatMoney, formatNumber } from '../format';
import { useResult } from '../hooks';
import { dayHref, dayTitle, hourHref, monthTitle, participantHref } from '../router';

import { Breadcrumbs, markDrill, NotSettled, usePainted } from './ProsumerPages';

const METER_TYPE = 1;
const PALETTE = ['#2f9e44', '#0ca678', '#66a80f', '#099268', '#5c940d', '#12b886'];
const GRID_COLOR = '#868e96';

interface Provider {
  id?: string;
  planName: string;
  providerName: string;
  energyType: string;
  price: string;
  price_is_average?: boolean;
  allocation: string;
  cost: string;
}

interface Overview {
  settled: boolean;
  runId?: number;
  total_cost?: number;
  cfe_score?: string;
  gap_hours?: number;
  traded?: { allocation: string; cost: string; providers: Provider[] };
  energy_load?: {
    allocation: string;
    cost: string;
    providers: Provider[];
    bill_lines: {
      name?: string;
      chargeClass?: string;
      quantityKey?: string;
      quantity?: string | null;
      rateAmount?: string | null;
      amount?: string;
    }[];
  };
}

interface DayRow {
  day: string;
  traded: { allocation: string; cost: string };
  grid: { allocation: string; cost: string };
  load: string;
  cost: string;
  cfe_score: string;
}

export interface ConsumerHour {
  startDate: string;
  endDate: string;
  localHour: string;
  load: string;
  cfe_share: string;
  traded: { id: string; name: string; price: string; allocation: string; cost: string }[];
  grid: { allocation: string; cost: string; price?: string };
}

interface Props {
  id: string;
  name: string;
  currency: string;
  zone: string;
}

function consumerCrumbs(id: string, month: string, day?: string, hourLabel?: string) {
  const items: { label: string; href?: string }[] = [
    { label: monthTitle(month), href: participantHref('consumer', id, month) },
  ];
  if (day) items.push({ label: dayTitle(day), href: dayHref('consumer', id, day) });
  if (hourLabel) items.push({ label: hourLabel });
  return items;
}

const percent = (ratio: string | undefined) =>
  `${formatNumber(new Dec(ratio ?? 0).times(100).toFixed(2), 1)} %`;

/** The settlement part of a consumer's month, shown above its hourly energy. */
export function ConsumerMonthSection({ id, name, currency, zone, month }: Props & { month: string }) {
  const client = useClient();
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const overview = useResult(`overview:${id}:${month}`, async () => {
    const result = await client['consumer:overview']({
      consumerId: id,
      month: monthNumber,
      year,
      meterType: METER_TYPE,
    });
    return result.ok ? { ok: true as const, value: (result.value as { data: Overview }).data } : result;
  });
  const days = useResult(`days:${id}:${month}`, async () => {
    const result = await client['consumer:days']({
      consumerId: id,
      month: monthNumber,
      year,
      meterType: METER_TYPE,
    });
    return result.ok
      ? { ok: true as const, value: (result.value as { data: { days?: DayRow[] } }).data.days ?? [] }
      : result;
  });
  const hours = useResult(`consumer-hours:${id}:${month}`, async () => {
    const result = await client['consumer:hours']({
      consumerId: id,
      month: monthNumber,
      year,
      meterType: METER_TYPE,
    });
    return result.ok
      ? {
          ok: true as const,
          value:
            (result.value as { data: { hours?: { localHour: string; load: string; traded: string }[] } }).data
              .hours ?? [],
        }
      : result;
  });
  const hourly = useMemo<EChartsCoreOption | null>(() => {
    if (hours.status !== 'ok' || hours.value.length === 0) return null;
    const labels = hours.value.map((h) => `${h.localHour.slice(8, 10)} ${h.localHour.slice(11, 16)}`);
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 64, right: 24, top: 40, bottom: 72 },
      xAxis: { type: 'category', data: labels, name: 'local day and hour' },
      yAxis: { type: 'value', name: 'kWh' },
      dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 8 }],
      series: [
        {
          name: 'Load',
          type: 'line',
          showSymbol: false,
          sampling: 'lttb',
          itemStyle: { color: '#a8521a' },
          data: hours.value.map((h) => Number(h.load)),
        },
        {
          name: '24/7 CFE supply',
          type: 'line',
          showSymbol: false,
          sampling: 'lttb',
          areaStyle: { opacity: 0.35 },
          itemStyle: { color: '#2f9e44' },
          data: hours.value.map((h) => Number(h.traded)),
        },
      ],
    };
  }, [hours]);
  const o = overview.status === 'ok' ? overview.value : null;
  const pie = useMemo<EChartsCoreOption | null>(() => {
    if (!o?.settled || !o.traded || !o.energy_load) return null;
    return {
      animation: false,
      tooltip: { trigger: 'item', formatter: '{b}: {c} kWh ({d}%)' },
      legend: { orient: 'vertical', right: 0, top: 'middle' },
      series: [
        {
          type: 'pie',
          radius: ['35%', '70%'],
          center: ['35%', '50%'],
          label: { show: false },
          data: [
            ...o.traded.providers.map((p, i) => ({
              name: p.providerName,
              value: Number(p.allocation),
              itemStyle: { color: PALETTE[i % PALETTE.length] },
            })),
            { name: 'Grid', value: Number(o.energy_load.allocation), itemStyle: { color: GRID_COLOR } },
          ],
        },
      ],
    };
  }, [o]);
  usePainted('month', pie !== null);
  const money = moneyFoot(currency);
  const providers = o?.traded && o.energy_load ? [...o.traded.providers, ...o.energy_load.providers] : [];
  return (
    <>
      {overview.status === 'loading' ? <Loading>Loading the month’s settlement…</Loading> : null}
      {overview.status === 'error' ? (
        <ErrorLine title="Could not load the overview" error={overview.error} />
      ) : null}
      {o && !o.settled ? <NotSettled month={month} /> : null}
      {o?.settled && o.traded && o.energy_load ? (
        <>
          <div className="cards" data-testid="consumer-cards">
            <div className="card stat stat-traded">
              <h2>24/7 CFE bought</h2>
              <p className="stat-value">{formatEnergy(o.traded.allocation)}</p>
              <p>{formatMoney(o.traded.cost, currency)}</p>
            </div>
            <div className="card stat">
              <h2>From the grid</h2>
              <p className="stat-value">{formatEnergy(o.energy_load.allocation)}</p>
              <p>{formatMoney(o.energy_load.cost, currency)}</p>
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
                {percent(o.cfe_score)}
              </p>
              <p className="muted">share of the load met hour by hour</p>
            </div>
          </div>
          <LineageButton participantId={id} month={month} runId={o.runId} currency={currency} />
          <div className="card">
            <h2>
              Where {name}’s energy came from in {monthTitle(month)}
            </h2>
            {pie ? (
              <EChart
                option={pie}
                className="pie-chart"
                testId="supply-pie"
                label="24/7 CFE by provider and grid energy of the month"
              />
            ) : null}
            <table className="table" data-testid="providers-table">
              <thead>
                <tr>
                  <th scope="col">Provider</th>
                  <th scope="col">Plan</th>
                  <th scope="col">Energy type</th>
                  <th scope="col" className="num">
                    Price / kWh
                  </th>
                  <th scope="col" className="num">
                    kWh
                  </th>
                  <th scope="col" className="num">
                    Cost
                  </th>
                </tr>
              </thead>
              <tbody>
                {providers.map((p) => (
                  <tr key={`${p.providerName}/${p.planName}`}>
                    <th scope="row">{p.providerName}</th>
                    <td>{p.planName}</td>
                    <td>{p.energyType}</td>
                    <td className="num">
                      {formatMoney(p.price, currency)}
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
            {o.energy_load.bill_lines.length > 0 ? (
              <table className="table compact" data-testid="bill-lines">
                <caption>The grid bill’s monthly lines</caption>
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Class</th>
                    <th scope="col">Quantity</th>
                    <th scope="col">Rate</th>
                    <th scope="col">Amount</th>
                  </tr>
                </thead>
                <tbody>
                  {o.energy_load.bill_lines.map((line, i) => (
                    <tr key={`${line.name ?? 'line'}-${i}`}>
                      <th scope="row">{line.name ?? 'line'}</th>
                      <td>{line.chargeClass ?? ''}</td>
                      <td className="num">
                        {line.quantity
                          ? `${line.quantity} ${QUANTITY_UNITS[line.quantityKey ?? ''] ?? ''}`
                          : ''}
                      </td>
                      <td className="num">{line.rateAmount ?? ''}</td>
                      <td className="num">{formatMoney(line.amount ?? '0', currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {o.energy_load.bill_lines.length === 0 ? (
              <p className="muted">
                The grid bill is its hourly lines (the tariff engine’s monthly lines come with the tariffs).
              </p>
            ) : null}
          </div>
        </>
      ) : null}
      {hourly ? (
        <div className="card">
          <h2>Hourly load and 24/7 CFE supply, {monthTitle(month)}</h2>
          <p className="muted chart-note">Local times in {zone}. Drag or scroll on the chart to zoom.</p>
          <EChart
            option={hourly}
            testId="consumer-hourly-chart"
            lazy
            className="energy-chart"
            label={`Hourly load of ${name} and the 24/7 CFE that met it, ${monthTitle(month)}`}
          />
          {hours.status === 'ok' ? (
            <DataTable
              compact
              testId="consumer-month-hours"
              caption={`${hours.value.length} hours`}
              fileName={`${id}-${month}-hours`}
              rows={hours.value}
              rowKey={(h) => h.localHour}
              columns={[
                {
                  key: 'hour',
                  label: 'Local hour',
                  header: true,
                  value: (h) => h.localHour,
                  render: (h) => h.localHour.slice(0, 16).replace('T', ' '),
                },
                {
                  key: 'load',
                  label: 'Load (kWh)',
                  numeric: true,
                  value: (h) => h.load,
                  render: (h) => h.load,
                },
                {
                  key: 'traded',
                  label: '24/7 CFE (kWh)',
                  numeric: true,
                  value: (h) => h.traded,
                  render: (h) => h.traded,
                },
                {
                  key: 'grid',
                  label: 'Grid (kWh)',
                  numeric: true,
                  value: (h) => new Dec(h.load).minus(h.traded).toFixed(),
                  render: (h) => new Dec(h.load).minus(h.traded).toFixed(),
                },
              ]}
            />
          ) : null}
        </div>
      ) : null}
      {days.status === 'ok' && days.value.length > 0 ? (
        <div className="card">
          <h2>Days of {monthTitle(month)}</h2>
          <p className="muted chart-note">Local days in {zone}. Open a day to see it hour by hour.</p>
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
              {
                key: 'grid',
                label: 'Grid (kWh)',
                value: (d) => d.grid.allocation,
                foot: energyFoot,
              },
              {
                key: 'cfe',
                label: 'CFE score',
                numeric: true,
                value: (d) => d.cfe_score,
                render: (d) => percent(d.cfe_score),
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

function useConsumerDay(id: string, day: string) {
  const client = useClient();
  return useResult(
    `consumer-day:${id}:${day}`,
    async () =>
      (await client['consumer:daily-tracking']({
        consumerId: id,
        date: day,
        meterType: METER_TYPE,
      })) as Result<{
        settled: boolean;
        data: { hours: ConsumerHour[] };
      }>,
  );
}

export function ConsumerDayPage({ id, name, currency, zone, day }: Props & { day: string }) {
  const tracking = useConsumerDay(id, day);
  const hours = tracking.status === 'ok' && tracking.value.settled ? tracking.value.data.hours : null;
  const labels = useMemo(() => (hours ? hourLabels(hours as never) : []), [hours]);
  const option = useMemo<EChartsCoreOption | null>(() => {
    if (!hours) return null;
    const providers = consumersOf(hours);
    return {
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 64, right: 24, top: 48, bottom: 40 },
      xAxis: { type: 'category', data: labels.map((l) => l.label), name: 'local hour' },
      yAxis: { type: 'value', name: 'kWh' },
      series: [
        ...providers.map((p, i) => ({
          name: p.name,
          type: 'bar',
          stack: 'supply',
          itemStyle: { color: PALETTE[i % PALETTE.length] },
          data: hours.map((h) => Number(h.traded.find((l) => l.id === p.id)?.allocation ?? 0)),
        })),
        {
          name: 'Grid',
          type: 'bar',
          stack: 'supply',
          itemStyle: { color: GRID_COLOR },
          data: hours.map((h) => Number(h.grid.allocation)),
        },
        {
          name: 'Load',
          type: 'line',
          itemStyle: { color: '#a8521a' },
          data: hours.map((h) => Number(h.load)),
        },
      ],
    };
  }, [hours, labels]);
  usePainted('day', option !== null);
  return (
    <section className="page" aria-labelledby="page-title">
      <Breadcrumbs items={consumerCrumbs(id, day.slice(0, 7), day)} />
      <div className="page-head">
        <h1 id="page-title">{name}</h1>
        <span className="muted">hourly load and 24/7 CFE supply, {dayTitle(day)}</span>
      </div>
      <div className="card">
        {tracking.status === 'loading' ? <Loading>Loading {dayTitle(day)}…</Loading> : null}
        {tracking.status === 'error' ? (
          <ErrorLine title="Could not load the day" error={tracking.error} />
        ) : null}
        {tracking.status === 'ok' && !tracking.value.settled ? <NotSettled month={day.slice(0, 7)} /> : null}
        {option && hours ? (
          <>
            <p className="muted chart-note">
              {hours.length} local hours in {zone}. Click an hour for its lines.
            </p>
            <EChart
              option={option}
              testId="consumer-day-chart"
              label={`Each local hour of ${dayTitle(day)}: load, 24/7 CFE from each provider and grid energy`}
              onClick={(index) => {
                const label = labels[index];
                if (label) {
                  markDrill();
                  window.location.hash = hourHref(
                    'consumer',
                    id,
                    day,
                    label.hour,
                    label.ambiguous ? label.offset : undefined,
                  );
                }
              }}
            />
            <DataTable
              compact
              testId="consumer-hours-table"
              fileName={`${id}-${day}-hours`}
              rows={hours.map((h, i) => ({ h, label: labels[i]! }))}
              rowKey={({ h }) => h.localHour}
              rowAttributes={({ label }) => ({ 'data-hour': label.hour })}
              columns={[
                {
                  key: 'hour',
                  label: 'Hour',
                  header: true,
                  value: ({ h }) => h.localHour,
                  render: ({ label }) => (
                    <a
                      href={hourHref(
                        'consumer',
                        id,
                        day,
                        label.hour,
                        label.ambiguous ? label.offset : undefined,
                      )}
                      onClick={markDrill}
                    >
                      {label.label}
                    </a>
                  ),
                },
                {
                  key: 'load',
                  label: 'Load (kWh)',
                  testId: 'hour-load',
                  value: ({ h }) => h.load,
                  foot: energyFoot,
                },
                {
                  key: 'cfe',
                  label: '24/7 CFE (kWh)',
                  value: ({ h }) => new Dec(h.load).minus(h.grid.allocation).toFixed(),
                  foot: energyFoot,
                },
                {
                  key: 'grid',
                  label: 'Grid (kWh)',
                  value: ({ h }) => h.grid.allocation,
                  foot: energyFoot,
                },
                {
                  key: 'share',
                  label: 'CFE share',
                  numeric: true,
                  value: ({ h }) => h.cfe_share,
                  render: ({ h }) => percent(h.cfe_share),
                },
              ]}
            />
          </>
        ) : null}
      </div>
      <p className="muted">Costs are in {currency}.</p>
    </section>
  );
}

export function ConsumerHourPage({
  id,
  name,
  currency,
  zone,
  day,
  hour,
  offset,
}: Props & { day: string; hour: string; offset?: string }) {
  const tracking = useConsumerDay(id, day);
  const hours = tracking.status === 'ok' && tracking.value.settled ? tracking.value.data.hours : null;
  const match = hours?.find(
    (h) => h.localHour.slice(0, 13) === `${day}T${hour}` && (!offset || h.localHour.endsWith(offset)),
  );
  usePainted('hour', match !== undefined);
  const label = `${hour}:00${offset ? ` (${offset})` : ''}`;
  const money = moneyFoot(currency);
  return (
    <section className="page" aria-labelledby="page-title">
      <Breadcrumbs items={consumerCrumbs(id, day.slice(0, 7), day, label)} />
      <div className="page-head">
        <h1 id="page-title">{name}</h1>
        <span className="muted">
          {dayTitle(day)}, {label} local time ({zone})
        </span>
      </div>
      <div className="card">
        {tracking.status === 'loading' ? <Loading>Loading the hour…</Loading> : null}
        {tracking.status === 'error' ? (
          <ErrorLine title="Could not load the hour" error={tracking.error} />
        ) : null}
        {hours && !match ? (
          <ErrorLine error={`${dayTitle(day)} has no local hour ${label} in ${zone}.`} />
        ) : null}
        {match ? (
          <table className="table" data-testid="consumer-hour-lines">
            <caption>
              Lines, {match.startDate} – {match.endDate} UTC
            </caption>
            <thead>
              <tr>
                <th scope="col">Supplier</th>
                <th scope="col" className="num">
                  kWh
                </th>
                <th scope="col" className="num">
                  Price / kWh
                </th>
                <th scope="col" className="num">
                  Cost
                </th>
              </tr>
            </thead>
            <tbody>
              {[
                ...match.traded.map((l) => ({ key: l.id, who: `${l.name} (24/7 CFE)`, line: l })),
                { key: 'grid', who: 'Grid', line: match.grid },
              ].map(({ key, who, line }) => (
                <tr key={key} data-line={key}>
                  <th scope="row">{who}</th>
                  <td className="num">{showFooted(energyFoot, line.allocation)}</td>
                  <td className="num">{line.price ? formatMoney(line.price, currency) : '—'}</td>
                  <td className="num">{showFooted(money, line.cost)}</td>
                </tr>
              ))}
            </tbody>
            <TableFoot
              label="Load"
              cells={[
                footed(
                  energyFoot,
                  [...match.traded, match.grid].map((l) => l.allocation),
                  'consumer-hour-total',
                ),
                null,
                footed(
                  money,
                  [...match.traded, match.grid].map((l) => l.cost),
                  'consumer-hour-total-cost',
                ),
              ]}
            />
          </table>
        ) : null}
        {match ? (
          <LineageButton
            participantId={id}
            month={day.slice(0, 7)}
            hour={match.startDate}
            currency={currency}
          />
        ) : null}
      </div>
    </section>
  );
}

/** The unit of a bill line's quantity, by what the tariff engine priced. */
const QUANTITY_UNITS: Record<string, string> = {
  consumption: 'kWh',
  demand: 'kW',
  fixed: '',
  percentage: '(base)',
  minimum: '',
};
