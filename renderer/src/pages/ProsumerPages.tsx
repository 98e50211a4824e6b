/**
 * A generator's drill-down: monthly revenue › a month (sales cards,
 * distribution by buying consumer, the month's days) › one local day hour by
 * hour › one hour's allocation lines. Every figure is the API's (the seed-000
 * views); each level links to the one below, and the totals of a level equal
 * the bar or row it came from one level up.
 */
import { useEffect, useMemo, useState } from 'react';

import type { Result } from '../../../shared/contract';
import { Dec } from '../../../shared/units';
import {
  breakdownChartOption,
  breakdownPlaces,
  consumersOf,
  dailyTrackingOption,
  distributionPieOption,
  hourLabels,
  revenueChartOption,
  revenueRows,
  type BreakdownDay,
  type RevenueMonth,
  type SaleLine,
  type TrackedHour,
} from '../charts/drill-charts';
import { hourTotal, sumLines } from '../charts/drill-sums';
import { useClient } from '../client-context';
import { DataTable } from '../components/DataTable';
import { EChart } from '../components/EChart';
import { LineageButton } from '../components/LineagePanel';
import { StatementFiles } from '../components/StatementFiles';
import { ErrorLine, Loading } from '../components/Status';
import { energyFoot, footed, moneyFoot, showFooted, TableFoot } from '../components/TableFoot';
import { formatEnergy, formatMoney } from '../format';
import { useResult } from '../hooks';
import { dayHref, dayTitle, hourHref, monthTitle, participantHref } from '../router';

const METER_TYPE = 1;

interface ProsumerProps {
  id: string;
  name: string;
  currency: string;
  zone: string;
}

/** Marks the click that starts a drill-down step (measured until the next level is painted). */
export function markDrill(): void {
  performance.clearMarks('drill-click');
  performance.mark('drill-click');
}

/** Once `ready`, measures click → painted for this level (and the first chart after the page opened). */
export function usePainted(level: string, ready: boolean): void {
  useEffect(() => {
    if (!ready) return;
    const frame = requestAnimationFrame(() => {
      if (performance.getEntriesByName('drill-click', 'mark').length > 0) {
        performance.measure(`drill:${level}`, 'drill-click');
        performance.clearMarks('drill-click');
      }
      if (performance.getEntriesByName('first-chart', 'measure').length === 0)
        performance.measure('first-chart', { start: 0, end: performance.now() });
    });
    return () => cancelAnimationFrame(frame);
  }, [level, ready]);
}

export function Breadcrumbs({ items }: { items: { label: string; href?: string }[] }) {
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumbs">
      <ol>
        {items.map((item, i) => (
          <li key={item.label}>
            {item.href && i < items.length - 1 ? (
              <a href={item.href} onClick={markDrill}>
                {item.label}
              </a>
            ) : (
              <span aria-current={i === items.length - 1 ? 'page' : undefined}>{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function crumbs(id: string, month?: string, day?: string, hourLabel?: string) {
  const items: { label: string; href?: string }[] = [
    { label: 'Revenue', href: participantHref('prosumer', id, null) },
  ];
  if (month) items.push({ label: monthTitle(month), href: participantHref('prosumer', id, month) });
  if (day) items.push({ label: dayTitle(day), href: dayHref('prosumer', id, day) });
  if (hourLabel) items.push({ label: hourLabel });
  return items;
}

function unwrap<T>(result: Result<unknown>): Result<T> {
  return result as Result<T>;
}

// ---- Monthly revenue --------------------------------------------------------------

export function ProsumerRevenuePage({ id, name, currency }: ProsumerProps) {
  const client = useClient();
  const revenue = useResult(`revenue:${id}`, async () =>
    unwrap<{ settled: boolean; data: RevenueMonth[] }>(
      await client['prosumer:revenue']({ prosumerId: id, meterType: METER_TYPE }),
    ),
  );
  const payments = useResult(`payments:${id}`, async () =>
    unwrap<{
      data: {
        month: string;
        amount_due: string;
        payment: number | string;
        due_date: string;
        payment_status: string;
      }[];
    }>(await client['prosumer:payments']({ prosumerId: id, meterType: METER_TYPE })),
  );
  const rows = revenue.status === 'ok' ? revenueRows(revenue.value.data) : null;
  const option = useMemo(() => (rows ? revenueChartOption(rows, currency) : null), [rows, currency]);
  usePainted('revenue', option !== null);
  return (
    <section className="page" aria-labelledby="page-title">
      <Breadcrumbs items={crumbs(id)} />
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
                  label: `${key === 'traded' ? '24/7 CFE traded' : key === 'open_market' ? 'Open market' : 'Unsold'} (kWh)`,
                  value: (row: RevenueMonth) => row[key].allocation,
                  foot: energyFoot,
                })),
                {
                  key: 'earnings',
                  label: `Net earnings (${currency})`,
                  testId: 'month-earnings',
                  value: (row) => String(row.total_cost),
                  foot: moneyFoot(currency),
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
        {payments.status === 'ok' ? (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col" className="num">
                  Due
                </th>
                <th scope="col">Due date</th>
                <th scope="col" className="num">
                  Paid
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {payments.value.data.map((p) => (
                <tr key={p.month}>
                  <th scope="row">{monthTitle(p.month)}</th>
                  <td className="num">{formatMoney(p.amount_due, currency)}</td>
                  <td>{p.due_date}</td>
                  <td className="num">{formatMoney(p.payment, currency)}</td>
                  <td>
                    <span className={`chip chip-${p.payment_status}`}>{p.payment_status}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </section>
  );
}

// ---- A month --------------------------------------------------------------------

interface Transactions {
  runId?: number;
  settled: boolean;
  net_earnings?: number | string;
  gap_hours?: number;
  traded?: SaleLine;
  open_market?: SaleLine;
  unsold?: SaleLine;
}

interface Distribution {
  settled: boolean;
  traded?: {
    providers: {
      id: string;
      providerName: string;
      allocation: string;
      cost: string;
      price: string;
      price_is_average?: boolean;
    }[];
  };
  open_market?: { total_allocation?: string; allocation?: string };
  unsold?: { total_allocation?: string; allocation?: string };
}

/** The settlement part of a prosumer's month: sales cards, distribution, the month's days. */
export function ProsumerMonthSection({ id, name, currency, zone, month }: ProsumerProps & { month: string }) {
  const client = useClient();
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const [measure, setMeasure] = useState<'usage' | 'bill'>('usage');
  const transactions = useResult(`transactions:${id}:${month}`, async () => {
    const result = await client['prosumer:transactions']({
      prosumerId: id,
      month: monthNumber,
      year,
      meterType: METER_TYPE,
    });
    return result.ok ? { ok: true as const, value: (result.value as { data: Transactions }).data } : result;
  });
  const distribution = useResult(`distribution:${id}:${month}`, async () => {
    const result = await client['prosumer:distribution']({
      prosumerId: id,
      month: monthNumber,
      year,
      meterType: METER_TYPE,
    });
    return result.ok ? { ok: true as const, value: (result.value as { data: Distribution }).data } : result;
  });
  // The breakdown: hours of a day (D), days of the month (W, the default) or months of the year (Y).
  const [period, setPeriod] = useState<'D' | 'W' | 'Y'>('W');
  const [pickedDay, setPickedDay] = useState(`${month}-01`);
  const breakdownDate = period === 'D' ? pickedDay : `${month}-01`;
  const breakdown = useResult(`breakdown:${id}:${period}:${breakdownDate}`, async () =>
    unwrap<{ settled: boolean; data: BreakdownDay[] }>(
      await client['prosumer:breakdown']({
        prosumerId: id,
        period,
        date: breakdownDate,
        meterType: METER_TYPE,
      }),
    ),
  );
  const days = breakdown.status === 'ok' ? breakdown.value.data : null;
  const places = useMemo(() => (days ? breakdownPlaces(days, zone, period) : []), [days, zone, period]);
  const placeHref = (i: number) => {
    const place = places[i]!;
    if (period === 'Y') return participantHref('prosumer', id, place.month);
    if (period === 'D')
      return hourHref('prosumer', id, place.day, place.hour, place.ambiguous ? place.offset : undefined);
    return dayHref('prosumer', id, place.day);
  };
  const dayOption = useMemo(
    () => (days && days.length > 0 ? breakdownChartOption(days, zone, measure, currency, period) : null),
    [days, zone, measure, currency, period],
  );
  const pie = useMemo(() => {
    if (distribution.status !== 'ok' || !distribution.value.settled || !distribution.value.traded)
      return null;
    const d = distribution.value;
    return distributionPieOption(
      d.traded!.providers,
      d.open_market?.total_allocation ?? d.open_market?.allocation ?? '0',
      d.unsold?.total_allocation ?? d.unsold?.allocation ?? '0',
    );
  }, [distribution]);
  usePainted('month', dayOption !== null);
  const t = transactions.status === 'ok' ? transactions.value : null;
  return (
    <>
      {transactions.status === 'loading' ? <Loading>Loading the month’s settlement…</Loading> : null}
      {transactions.status === 'error' ? (
        <ErrorLine title="Could not load the settlement" error={transactions.error} />
      ) : null}
      {t && !t.settled ? <NotSettled month={month} /> : null}
      {t && t.settled && t.traded && t.open_market && t.unsold ? (
        <div className="cards" data-testid="sales-cards">
          <SaleCard title="24/7 CFE traded" line={t.traded} currency={currency} kind="traded" />
          <SaleCard title="Open market" line={t.open_market} currency={currency} kind="open_market" />
          <SaleCard title="Unsold" line={t.unsold} currency={currency} kind="unsold" />
          <div className="card stat">
            <h2>Net earnings</h2>
            <p className="stat-value" data-testid="net-earnings">
              {formatMoney(t.net_earnings ?? 0, currency)}
            </p>
            {t.gap_hours ? <p className="muted">{t.gap_hours} hour(s) without readings</p> : null}
          </div>
        </div>
      ) : null}
      {t && t.settled ? (
        <LineageButton participantId={id} month={month} runId={t.runId} currency={currency} />
      ) : null}
      {pie ? (
        <div className="card">
          <h2>
            Who bought {name}’s 24/7 CFE in {monthTitle(month)}
          </h2>
          <EChart
            option={pie}
            testId="distribution-pie"
            className="pie-chart"
            label="Distribution of the month’s production by buying consumer, open market and unsold"
          />
        </div>
      ) : null}
      {dayOption && days ? (
        <div className="card">
          <div className="card-head">
            <h2>
              {period === 'W'
                ? `Days of ${monthTitle(month)}`
                : period === 'D'
                  ? `Hours of ${dayTitle(pickedDay)}`
                  : `Months of ${month.slice(0, 4)}`}
            </h2>
            <div className="segmented" role="group" aria-label="Breakdown">
              {(['D', 'W', 'Y'] as const).map((p) => (
                <button
                  key={p}
                  type="button"
                  aria-pressed={period === p}
                  title={
                    p === 'D' ? 'hours of a day' : p === 'W' ? 'days of the month' : 'months of the year'
                  }
                  onClick={() => setPeriod(p)}
                >
                  {p}
                </button>
              ))}
            </div>
            {period === 'D' ? (
              <input
                type="date"
                aria-label="Day to break down"
                value={pickedDay}
                min={`${month}-01`}
                max={`${month}-31`}
                onChange={(event) => {
                  if (/^\d{4}-\d{2}-\d{2}$/.test(event.target.value)) setPickedDay(event.target.value);
                }}
              />
            ) : null}
            <div className="segmented" role="group" aria-label="Measure">
              <button type="button" aria-pressed={measure === 'usage'} onClick={() => setMeasure('usage')}>
                Energy
              </button>
              <button type="button" aria-pressed={measure === 'bill'} onClick={() => setMeasure('bill')}>
                Earnings
              </button>
            </div>
          </div>
          <p className="muted chart-note">
            Local times in {zone}.{' '}
            {period === 'D'
              ? 'Click an hour for its lines.'
              : period === 'W'
                ? 'Click a day to see it hour by hour.'
                : 'Click a month to open it.'}
          </p>
          <EChart
            option={dayOption}
            testId="days-chart"
            label={`${measure === 'usage' ? 'Energy' : 'Earnings'} of each day of ${monthTitle(month)}`}
            onClick={(index) => {
              if (places[index]) {
                markDrill();
                window.location.hash = placeHref(index);
              }
            }}
          />
          <DataTable
            compact
            testId="days-table"
            fileName={`${id}-${breakdownDate}-${period}`}
            rows={days.map((d, i) => ({ ...d, index: i }))}
            rowKey={(d) => d.startDate}
            rowAttributes={(d): Record<string, string> =>
              period === 'W' ? { 'data-day': places[d.index]?.day ?? '' } : {}
            }
            columns={[
              {
                key: 'when',
                label: period === 'D' ? 'Hour' : period === 'W' ? 'Day' : 'Month',
                header: true,
                value: (d) => d.startDate,
                render: (d) => (
                  <a href={placeHref(d.index)} onClick={markDrill}>
                    {period === 'W'
                      ? dayTitle(places[d.index]!.day)
                      : period === 'Y'
                        ? monthTitle(places[d.index]!.month)
                        : places[d.index]!.label}
                  </a>
                ),
              },
              ...(['traded', 'open_market', 'unsold'] as const).map((key) => ({
                key,
                label: `${key === 'traded' ? 'Traded' : key === 'open_market' ? 'Open market' : 'Unsold'} (kWh)`,
                value: (d: BreakdownDay) => String(d.usage[key]),
                foot: energyFoot,
              })),
              {
                key: 'earnings',
                label: `Earnings (${currency})`,
                value: (d) => new Dec(d.bill.traded).plus(d.bill.open_market).toFixed(4),
                foot: moneyFoot(currency),
              },
            ]}
          />
        </div>
      ) : null}
    </>
  );
}

function SaleCard({
  title,
  line,
  currency,
  kind,
}: {
  title: string;
  line: SaleLine;
  currency: string;
  kind: string;
}) {
  return (
    <div className={`card stat stat-${kind}`} data-testid={`card-${kind}`}>
      <h2>{title}</h2>
      <p className="stat-value">{formatEnergy(line.allocation)}</p>
      <p>
        {formatMoney(line.cost, currency)} · {line.rec} REC{line.rec === 1 ? '' : 's'}
      </p>
    </div>
  );
}

export function NotSettled({ month }: { month: string }) {
  const client = useClient();
  const [state, setState] = useState<{ busy: boolean; message: string | null }>({
    busy: false,
    message: null,
  });
  return (
    <div className="card" role="status">
      <p>
        {monthTitle(month)} is not settled yet.{' '}
        <button
          type="button"
          disabled={state.busy}
          onClick={async () => {
            setState({ busy: true, message: null });
            const result = await client['settlement:settle']({ month });
            if (result.ok) window.location.reload();
            else setState({ busy: false, message: result.error.message });
          }}
        >
          {state.busy ? 'Settling…' : 'Settle now'}
        </button>
      </p>
      {state.message ? <ErrorLine error={state.message} /> : null}
    </div>
  );
}

// ---- A day, hour by hour ----------------------------------------------------------

function useDailyTracking(id: string, day: string) {
  const client = useClient();
  return useResult(`tracking:${id}:${day}`, async () =>
    unwrap<{
      settled: boolean;
      data: {
        transactions: TrackedHour[];
        bill: { traded: SaleLine; open_market: SaleLine; unsold: SaleLine }[];
      };
    }>(await client['prosumer:daily-tracking']({ prosumerId: id, date: day, meterType: METER_TYPE })),
  );
}

export function ProsumerDayPage({ id, name, currency, zone, day }: ProsumerProps & { day: string }) {
  const tracking = useDailyTracking(id, day);
  const hours = tracking.status === 'ok' && tracking.value.settled ? tracking.value.data.transactions : null;
  const option = useMemo(() => (hours ? dailyTrackingOption(hours) : null), [hours]);
  usePainted('day', option !== null);
  const labels = hours ? hourLabels(hours) : [];
  return (
    <section className="page" aria-labelledby="page-title">
      <Breadcrumbs items={crumbs(id, day.slice(0, 7), day)} />
      <div className="page-head">
        <h1 id="page-title">{name}</h1>
        <span className="muted">24/7 CFE daily tracking, {dayTitle(day)}</span>
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
              {hours.length} local hours in {zone}
              {hours.length !== 24 ? ' (a daylight-saving change)' : ''}. Click an hour for its allocation
              lines.
            </p>
            <EChart
              option={option}
              testId="day-chart"
              label={`Each local hour of ${dayTitle(day)}: energy allocated to each consumer, open market and unsold, and production`}
              onClick={(index) => {
                const label = labels[index];
                if (label) {
                  markDrill();
                  window.location.hash = hourHref(
                    'prosumer',
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
              testId="hours-table"
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
                        'prosumer',
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
                  key: 'consumers',
                  label: 'Consumers',
                  numeric: true,
                  value: ({ h }) => String(h.numberOfProviders),
                  render: ({ h }) => h.numberOfProviders,
                },
                {
                  key: 'traded',
                  label: 'Traded (kWh)',
                  value: ({ h }) => sumLines(h.traded).toFixed(),
                  foot: energyFoot,
                },
                {
                  key: 'open_market',
                  label: 'Open market (kWh)',
                  value: ({ h }) => h.open_market.allocation,
                  foot: energyFoot,
                },
                {
                  key: 'unsold',
                  label: 'Unsold (kWh)',
                  value: ({ h }) => h.unsold.allocation,
                  foot: energyFoot,
                },
                {
                  key: 'production',
                  label: 'Production (kWh)',
                  testId: 'hour-production',
                  value: ({ h }) => hourTotal(h),
                  foot: energyFoot,
                },
                {
                  key: 'earnings',
                  label: `Earnings (${currency})`,
                  testId: 'hour-earnings',
                  value: ({ h }) => String(h.billPerPeriod),
                  foot: moneyFoot(currency),
                },
              ]}
            />
          </>
        ) : null}
      </div>
    </section>
  );
}

// ---- One hour ----------------------------------------------------------------------

export function ProsumerHourPage({
  id,
  name,
  currency,
  zone,
  day,
  hour,
  offset,
}: ProsumerProps & { day: string; hour: string; offset?: string }) {
  const tracking = useDailyTracking(id, day);
  const hours = tracking.status === 'ok' && tracking.value.settled ? tracking.value.data.transactions : null;
  const match = hours?.find(
    (h) => h.localHour.slice(0, 13) === `${day}T${hour}` && (!offset || h.localHour.endsWith(offset)),
  );
  usePainted('hour', match !== undefined);
  const label = `${hour}:00${offset ? ` (${offset})` : ''}`;
  const money = moneyFoot(currency);
  const lines = match
    ? [
        ...match.traded.map((l) => ({ key: l.id, who: l.name, kind: '24/7 CFE', line: l, price: l.price })),
        { key: 'open_market', who: 'Open market', kind: 'open market', line: match.open_market, price: null },
        { key: 'unsold', who: 'Unsold', kind: 'unsold', line: match.unsold, price: null },
      ]
    : [];
  return (
    <section className="page" aria-labelledby="page-title">
      <Breadcrumbs items={crumbs(id, day.slice(0, 7), day, label)} />
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
          <table className="table" data-testid="hour-lines">
            <caption>
              Allocation lines, {match.startDate} – {match.endDate} UTC
            </caption>
            <thead>
              <tr>
                <th scope="col">Buyer</th>
                <th scope="col">Sale</th>
                <th scope="col" className="num">
                  kWh
                </th>
                <th scope="col" className="num">
                  Price / kWh
                </th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col" className="num">
                  RECs
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map(({ key, who, kind, line, price }) => (
                <tr key={key} data-line={key}>
                  <th scope="row">{who}</th>
                  <td>{kind}</td>
                  <td className="num" data-testid="line-kwh">
                    {showFooted(energyFoot, line.allocation)}
                  </td>
                  <td className="num">{price ? formatMoney(price, currency) : '—'}</td>
                  <td className="num">{showFooted(money, line.cost)}</td>
                  <td className="num">{line.rec}</td>
                </tr>
              ))}
            </tbody>
            <TableFoot
              cells={[
                { content: `${consumersOf([match]).length} consumer(s)` },
                footed(
                  energyFoot,
                  lines.map(({ line }) => line.allocation),
                  'hour-total-kwh',
                ),
                null,
                footed(
                  money,
                  lines.map(({ line }) => line.cost),
                  'hour-total-amount',
                ),
                null,
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
