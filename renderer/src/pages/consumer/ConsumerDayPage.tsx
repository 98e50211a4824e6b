/**
 * One local day of a consumer hour by hour: load against each provider's 24/7
 * CFE and the grid (a chart, each hour a link to its lines), a table whose
 * energy and cost foot to the day's row of its month, and links to the days
 * before and after.
 */
import { useMemo } from 'react';

import type { Result } from '../../../../shared/contract';
import { Dec } from '../../../../shared/units';
import { consumerDayOption, type ConsumerHour } from '../../charts/consumer-charts';
import { hourLabels } from '../../charts/drill-charts';
import { useClient } from '../../client-context';
import { DataTable } from '../../components/DataTable';
import { EChart } from '../../components/EChart';
import { ErrorLine, Loading } from '../../components/Status';
import { energyFoot, moneyFoot } from '../../components/TableFoot';
import { formatPercent } from '../../format';
import { useResult } from '../../hooks';
import { dayTitle, hourHref } from '../../router';
import { Breadcrumbs, markDrill, METER_TYPE, NotSettled, RunNote, usePainted } from '../drill/common';
import { DaySteps } from '../drill/StepNav';

import { consumerCrumbs, type ConsumerProps } from './consumer-shared';

export type { ConsumerHour } from '../../charts/consumer-charts';

/** One local day of a consumer (consumer:daily-tracking), shared by the day and hour pages. */
export function useConsumerDay(id: string, day: string) {
  const client = useClient();
  return useResult(
    `consumer-day:${id}:${day}`,
    async () =>
      (await client['consumer:daily-tracking']({
        consumerId: id,
        date: day,
        meterType: METER_TYPE,
      })) as Result<{ settled: boolean; runId?: number; data: { hours: ConsumerHour[] } }>,
  );
}

/** An hour's cost: its 24/7 CFE lines and its grid line. */
const hourCost = (h: ConsumerHour) =>
  h.traded.reduce((sum, l) => sum.plus(l.cost), new Dec(h.grid.cost)).toFixed();

export function ConsumerDayPage({ id, name, currency, zone, day }: ConsumerProps & { day: string }) {
  const tracking = useConsumerDay(id, day);
  const hours = tracking.status === 'ok' && tracking.value.settled ? tracking.value.data.hours : null;
  const labels = useMemo(() => (hours ? hourLabels(hours as never) : []), [hours]);
  const option = useMemo(() => (hours ? consumerDayOption(hours) : null), [hours]);
  usePainted('day', option !== null);
  const hrefOf = (label: (typeof labels)[number]) =>
    hourHref('consumer', id, day, label.hour, label.ambiguous ? label.offset : undefined);
  return (
    <section className="page" aria-labelledby="page-title">
      <Breadcrumbs items={consumerCrumbs(id, day.slice(0, 7), day)} />
      <div className="page-head">
        <h1 id="page-title">{name}</h1>
        <span className="muted">hourly load and 24/7 CFE supply, {dayTitle(day)}</span>
      </div>
      <DaySteps role="consumer" id={id} day={day} />
      <div className="card">
        {tracking.status === 'loading' ? <Loading>Loading {dayTitle(day)}…</Loading> : null}
        {tracking.status === 'error' ? (
          <ErrorLine title="Could not load the day" error={tracking.error} />
        ) : null}
        {tracking.status === 'ok' && !tracking.value.settled ? <NotSettled month={day.slice(0, 7)} /> : null}
        {tracking.status === 'ok' && tracking.value.settled ? (
          <RunNote month={day.slice(0, 7)} runId={tracking.value.runId} />
        ) : null}
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
                  window.location.hash = hrefOf(label);
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
                    <a href={hrefOf(label)} onClick={markDrill}>
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
                { key: 'grid', label: 'Grid (kWh)', value: ({ h }) => h.grid.allocation, foot: energyFoot },
                {
                  key: 'share',
                  label: 'CFE share',
                  numeric: true,
                  value: ({ h }) => h.cfe_share,
                  render: ({ h }) => formatPercent(h.cfe_share),
                },
                {
                  key: 'cost',
                  label: `Cost (${currency})`,
                  testId: 'hour-cost',
                  value: ({ h }) => hourCost(h),
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
