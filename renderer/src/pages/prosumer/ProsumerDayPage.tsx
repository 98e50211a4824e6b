/**
 * One local day of a generator hour by hour (24/7 CFE daily tracking): energy
 * allocated to each consumer, the open market and unsold against production
 * (a chart, each hour a link to its lines), a table that foots to the day's row
 * of its month, and links to the days before and after.
 */
import { useMemo } from 'react';

import { dailyTrackingOption } from '../../charts/drill-charts';
import { hourTotal, sumLines } from '../../charts/drill-sums';
import { energyFoot, moneyFoot } from '../../components/TableFoot';
import { formatNumber } from '../../format';
import { dayTitle } from '../../router';
import { usePainted } from '../drill/common';
import { DayHours } from '../drill/DayHours';
import { DrillPageFrame, framePage } from '../drill/DrillPageFrame';

import { prosumerCrumbs, useDailyTracking, type ProsumerProps } from './prosumer-shared';

export function ProsumerDayPage({ id, name, currency, zone, day }: ProsumerProps & { day: string }) {
  const tracking = useDailyTracking(id, day);
  const settled = tracking.status === 'ok' && tracking.value.settled ? tracking.value : null;
  const hours = settled ? settled.data.transactions : null;
  const option = useMemo(() => (hours ? dailyTrackingOption(hours) : null), [hours]);
  usePainted('day', option !== null);
  return (
    <DrillPageFrame
      page={framePage('prosumer', prosumerCrumbs, { id, name, zone }, { day })}
      subtitle={`24/7 CFE daily tracking, ${dayTitle(day)}`}
      tracking={tracking}
    >
      {option && hours ? (
        <DayHours
          role="prosumer"
          id={id}
          day={day}
          hours={hours}
          note={
            <>
              {hours.length} local hours in {zone}
              {hours.length !== 24 ? ' (a daylight-saving change)' : ''}. Click an hour for its allocation
              lines.
            </>
          }
          option={option}
          chartTestId="day-chart"
          chartLabel={`Each local hour of ${dayTitle(day)}: energy allocated to each consumer, open market and unsold, and production`}
          tableTestId="hours-table"
          columns={[
            {
              key: 'consumers',
              label: 'Consumers',
              numeric: true,
              value: ({ h }) => String(h.numberOfProviders),
              render: ({ h }) => formatNumber(h.numberOfProviders, 0),
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
      ) : null}
    </DrillPageFrame>
  );
}
