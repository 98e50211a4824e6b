/**
 * A generator's month broken down by the hours of one of its days, its days
 * (the default) or the months of its year (prosumer:breakdown, whose periods
 * keep the seed's D / W / Y): energy or earnings, a chart and a table that
 * foots, each bar and row a link one level down.
 */
import { useMemo, useState } from 'react';

import { Dec } from '../../../../shared/units';
import {
  breakdownChartOption,
  breakdownPlaces,
  PERIOD_LABELS,
  type BreakdownDay,
} from '../../charts/drill-charts';
import { useClient } from '../../client-context';
import { DataTable } from '../../components/DataTable';
import { EChart } from '../../components/EChart';
import { dayInput } from '../../components/LocalTime';
import { ErrorLine } from '../../components/Status';
import { energyFoot, moneyFoot } from '../../components/TableFoot';
import { useResult } from '../../hooks';
import { dayHref, dayTitle, hourHref, monthTitle, participantHref } from '../../router';
import { markDrill, METER_TYPE, unwrap, usePainted } from '../drill/common';

type Period = 'D' | 'W' | 'Y';

const PERIOD_TITLES: Record<Period, string> = {
  D: 'the hours of a day',
  W: 'the days of the month',
  Y: 'the months of the year',
};
const SALE_LABELS = { traded: 'Traded', open_market: 'Open market', unsold: 'Unsold' } as const;

export function ProsumerBreakdown({
  id,
  currency,
  zone,
  month,
}: {
  id: string;
  currency: string;
  zone: string;
  month: string;
}) {
  const client = useClient();
  const [measure, setMeasure] = useState<'usage' | 'bill'>('usage');
  const [period, setPeriod] = useState<Period>('W');
  const [pickedDay, setPickedDay] = useState(`${month}-01`);
  /** What is typed in the day field; the breakdown follows once it is a day of the month. */
  const [dayText, setDayText] = useState(pickedDay);
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
  const rows = breakdown.status === 'ok' && breakdown.value.settled ? breakdown.value.data : null;
  const places = useMemo(() => (rows ? breakdownPlaces(rows, zone, period) : []), [rows, zone, period]);
  const option = useMemo(
    () => (rows && rows.length > 0 ? breakdownChartOption(rows, zone, measure, currency, period) : null),
    [rows, zone, measure, currency, period],
  );
  usePainted('month', option !== null);
  // A year's months without a published run: named, never shown as zeros.
  const unsettled = (rows ?? []).flatMap((d, i) => (d.settled === false ? [i] : []));
  const placeHref = (i: number) => {
    const place = places[i]!;
    if (period === 'Y') return participantHref('prosumer', id, place.month);
    if (period === 'D')
      return hourHref('prosumer', id, place.day, place.hour, place.ambiguous ? place.offset : undefined);
    return dayHref('prosumer', id, place.day);
  };
  const title =
    period === 'W'
      ? `Days of ${monthTitle(month)}`
      : period === 'D'
        ? `Hours of ${dayTitle(pickedDay)}`
        : `Months of ${month.slice(0, 4)}`;
  return (
    <div className="card">
      <div className="card-head">
        <h2>{title}</h2>
        <div className="segmented" role="group" aria-label="Breakdown">
          {(['D', 'W', 'Y'] as const).map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={period === p}
              title={PERIOD_TITLES[p]}
              onClick={() => setPeriod(p)}
            >
              {PERIOD_LABELS[p]}
            </button>
          ))}
        </div>
        {period === 'D' ? (
          <input
            {...dayInput}
            aria-label="Day to break down"
            value={dayText}
            onChange={(event) => {
              const text = event.target.value;
              setDayText(text);
              if (
                /^\d{4}-\d{2}-\d{2}$/.test(text) &&
                text.startsWith(`${month}-`) &&
                !Number.isNaN(Date.parse(text))
              )
                setPickedDay(text);
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
      {breakdown.status === 'error' ? (
        <ErrorLine title="Could not load the breakdown" error={breakdown.error} />
      ) : null}
      {option && rows ? (
        <>
          <p className="muted chart-note">
            Local times in {zone}.{' '}
            {period === 'D'
              ? 'Click an hour for its lines.'
              : period === 'W'
                ? 'Click a day to see it hour by hour.'
                : 'Click a month to open it.'}
          </p>
          <EChart
            option={option}
            testId="days-chart"
            label={`${measure === 'usage' ? 'Energy' : 'Earnings'} of ${title.toLowerCase()}`}
            onClick={(index) => {
              if (places[index]) {
                markDrill();
                window.location.hash = placeHref(index);
              }
            }}
          />
          {unsettled.length > 0 ? (
            <p className="muted" data-testid="breakdown-not-settled">
              Not settled: {unsettled.map((i) => monthTitle(places[i]!.month)).join(', ')}.
            </p>
          ) : null}
          <DataTable
            compact
            testId="days-table"
            fileName={`${id}-${breakdownDate}-${PERIOD_LABELS[period].toLowerCase()}`}
            rows={rows.map((d, i) => ({ ...d, index: i })).filter((d) => d.settled !== false)}
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
                label: `${SALE_LABELS[key]} (kWh)`,
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
        </>
      ) : null}
    </div>
  );
}
