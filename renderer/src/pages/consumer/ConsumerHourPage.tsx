/**
 * One local hour of a consumer: each provider's 24/7 CFE line and the grid's,
 * with price and cost, footed to the hour's load and cost; links to the hours
 * before and after, and where the figures come from.
 */
import { LineageButton } from '../../components/LineagePanel';
import { ErrorLine, Loading } from '../../components/Status';
import { energyFoot, footed, moneyFoot, showFooted, TableFoot } from '../../components/TableFoot';
import { formatPrice } from '../../format';
import { dayTitle } from '../../router';
import { Breadcrumbs, RunNote, usePainted } from '../drill/common';
import { HourSteps } from '../drill/StepNav';

import { consumerCrumbs, type ConsumerProps } from './consumer-shared';
import { useConsumerDay } from './ConsumerDayPage';

export function ConsumerHourPage({
  id,
  name,
  currency,
  zone,
  day,
  hour,
  offset,
}: ConsumerProps & { day: string; hour: string; offset?: string }) {
  const tracking = useConsumerDay(id, day);
  const settled = tracking.status === 'ok' && tracking.value.settled ? tracking.value : null;
  const hours = settled ? settled.data.hours : null;
  const match = hours?.find(
    (h) => h.localHour.slice(0, 13) === `${day}T${hour}` && (!offset || h.localHour.endsWith(offset)),
  );
  usePainted('hour', match !== undefined);
  const label = `${hour}:00${offset ? ` (${offset})` : ''}`;
  const money = moneyFoot(currency);
  const lines = match
    ? [
        ...match.traded.map((l) => ({ key: l.id, who: `${l.name} (24/7 CFE)`, line: l })),
        { key: 'grid', who: 'Grid', line: match.grid },
      ]
    : [];
  return (
    <section className="page" aria-labelledby="page-title">
      <Breadcrumbs items={consumerCrumbs(id, day.slice(0, 7), day, label)} />
      <div className="page-head">
        <h1 id="page-title">{name}</h1>
        <span className="muted">
          {dayTitle(day)}, {label} local time ({zone})
        </span>
      </div>
      <HourSteps role="consumer" id={id} day={day} hour={hour} offset={offset} zone={zone} />
      <div className="card">
        {tracking.status === 'loading' ? <Loading>Loading the hour…</Loading> : null}
        {tracking.status === 'error' ? (
          <ErrorLine title="Could not load the hour" error={tracking.error} />
        ) : null}
        {settled ? <RunNote month={day.slice(0, 7)} runId={settled.runId} /> : null}
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
              {lines.map(({ key, who, line }) => (
                <tr key={key} data-line={key}>
                  <th scope="row">{who}</th>
                  <td className="num">{showFooted(energyFoot, line.allocation)}</td>
                  <td className="num">
                    {line.price ? (
                      formatPrice(line.price, currency)
                    ) : (
                      <span className="muted">no grid energy this hour</span>
                    )}
                  </td>
                  <td className="num">{showFooted(money, line.cost)}</td>
                </tr>
              ))}
            </tbody>
            <TableFoot
              label="Load"
              cells={[
                footed(
                  energyFoot,
                  lines.map(({ line }) => line.allocation),
                  'consumer-hour-total',
                ),
                null,
                footed(
                  money,
                  lines.map(({ line }) => line.cost),
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
