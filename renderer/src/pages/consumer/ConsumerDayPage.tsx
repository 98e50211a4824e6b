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
import { useClient } from '../../client-context';
import { energyFoot, moneyFoot } from '../../components/TableFoot';
import { formatPercent } from '../../format';
import { useResult } from '../../hooks';
import { dayTitle } from '../../router';
import { METER_TYPE, usePainted } from '../drill/common';
import { DayHours } from '../drill/DayHours';
import { DrillPageFrame, framePage } from '../drill/DrillPageFrame';

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
  const option = useMemo(() => (hours ? consumerDayOption(hours) : null), [hours]);
  usePainted('day', option !== null);
  return (
    <DrillPageFrame
      page={framePage('consumer', consumerCrumbs, { id, name, zone }, { day })}
      subtitle={`hourly load and 24/7 CFE supply, ${dayTitle(day)}`}
      tracking={tracking}
    >
      {option && hours ? (
        <DayHours
          role="consumer"
          id={id}
          day={day}
          hours={hours}
          note={
            <>
              {hours.length} local hours in {zone}. Click an hour for its lines.
            </>
          }
          option={option}
          chartTestId="consumer-day-chart"
          chartLabel={`Each local hour of ${dayTitle(day)}: load, 24/7 CFE from each provider and grid energy`}
          tableTestId="consumer-hours-table"
          columns={[
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
      ) : null}
    </DrillPageFrame>
  );
}
