/**
 * One local day of a generator hour by hour (24/7 CFE daily tracking): energy
 * allocated to each consumer, the open market and unsold against production
 * (a chart, each hour a link to its lines), a table that foots to the day's row
 * of its month, and links to the days before and after.
 */
import { useMemo } from 'react';

import { dailyTrackingOption, hourLabels } from '../../charts/drill-charts';
import { hourTotal, sumLines } from '../../charts/drill-sums';
import { DataTable } from '../../components/DataTable';
import { EChart } from '../../components/EChart';
import { ErrorLine, Loading } from '../../components/Status';
import { energyFoot, moneyFoot } from '../../components/TableFoot';
import { dayTitle, hourHref } from '../../router';
import { Breadcrumbs, markDrill, NotSettled, RunNote, usePainted } from '../drill/common';
import { DaySteps } from '../drill/StepNav';

import { prosumerCrumbs, useDailyTracking, type ProsumerProps } from './prosumer-shared';

export function ProsumerDayPage({ id, name, currency, zone, day }: ProsumerProps & { day: string }) {
  const tracking = useDailyTracking(id, day);
  const settled = tracking.status === 'ok' && tracking.value.settled ? tracking.value : null;
  const hours = settled ? settled.data.transactions : null;
  const option = useMemo(() => (hours ? dailyTrackingOption(hours) : null), [hours]);
  usePainted('day', option !== null);
  const labels = useMemo(() => (hours ? hourLabels(hours) : []), [hours]);
  const hrefOf = (label: (typeof labels)[number]) =>
    hourHref('prosumer', id, day, label.hour, label.ambiguous ? label.offset : undefined);
  return (
    <section className="page" aria-labelledby="page-title">
      <Breadcrumbs items={prosumerCrumbs(id, day.slice(0, 7), day)} />
      <div className="page-head">
        <h1 id="page-title">{name}</h1>
        <span className="muted">24/7 CFE daily tracking, {dayTitle(day)}</span>
      </div>
      <DaySteps role="prosumer" id={id} day={day} />
      <div className="card">
        {tracking.status === 'loading' ? <Loading>Loading {dayTitle(day)}…</Loading> : null}
        {tracking.status === 'error' ? (
          <ErrorLine title="Could not load the day" error={tracking.error} />
        ) : null}
        {tracking.status === 'ok' && !tracking.value.settled ? <NotSettled month={day.slice(0, 7)} /> : null}
        {settled ? <RunNote month={day.slice(0, 7)} runId={settled.runId} /> : null}
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
                  window.location.hash = hrefOf(label);
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
                    <a href={hrefOf(label)} onClick={markDrill}>
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
