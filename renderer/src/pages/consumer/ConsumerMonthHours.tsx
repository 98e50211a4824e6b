/** Every hour of a consumer's month: load against the 24/7 CFE that met it, a zoomable chart and a footed table. */
import { useMemo } from 'react';

import { Dec } from '../../../../shared/units';
import { consumerMonthHoursOption } from '../../charts/consumer-charts';
import { useClient } from '../../client-context';
import { DataTable } from '../../components/DataTable';
import { EChart } from '../../components/EChart';
import { InstantTime } from '../../components/LocalTime';
import { energyFoot } from '../../components/TableFoot';
import { useResult } from '../../hooks';
import { monthTitle } from '../../router';
import { METER_TYPE, unwrap } from '../drill/common';

interface MonthHour {
  localHour: string;
  load: string;
  traded: string;
}

export function ConsumerMonthHours({
  id,
  name,
  zone,
  month,
}: {
  id: string;
  name: string;
  zone: string;
  month: string;
}) {
  const client = useClient();
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const hours = useResult(`consumer-hours:${id}:${month}`, async () => {
    const result = unwrap<{ data: { hours?: MonthHour[] } }>(
      await client['consumer:hours']({ consumerId: id, month: monthNumber, year, meterType: METER_TYPE }),
    );
    return result.ok ? { ok: true as const, value: result.value.data.hours ?? [] } : result;
  });
  const option = useMemo(
    () => (hours.status === 'ok' && hours.value.length > 0 ? consumerMonthHoursOption(hours.value) : null),
    [hours],
  );
  if (!option || hours.status !== 'ok') return null;
  return (
    <div className="card">
      <h2>Hourly load and 24/7 CFE supply, {monthTitle(month)}</h2>
      <p className="muted chart-note">Local times in {zone}. Drag or scroll on the chart to zoom.</p>
      <EChart
        option={option}
        testId="consumer-hourly-chart"
        lazy
        className="energy-chart"
        label={`Hourly load of ${name} and the 24/7 CFE that met it, ${monthTitle(month)}`}
      />
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
            render: (h) => <InstantTime text={h.localHour} zone={zone} />,
          },
          { key: 'load', label: 'Load (kWh)', value: (h) => h.load, foot: energyFoot },
          { key: 'traded', label: '24/7 CFE (kWh)', value: (h) => h.traded, foot: energyFoot },
          {
            key: 'grid',
            label: 'Grid (kWh)',
            value: (h) => new Dec(h.load).minus(h.traded).toFixed(),
            foot: energyFoot,
          },
        ]}
      />
    </div>
  );
}
