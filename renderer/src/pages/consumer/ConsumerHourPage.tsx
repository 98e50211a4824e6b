/**
 * One local hour of a consumer: each provider's 24/7 CFE line and the grid's,
 * with price and cost, footed to the hour's load and cost; links to the hours
 * before and after, and where the figures come from.
 */
import { ColumnHeads, numeric } from '../../components/ColumnHeads';
import { LineageButton } from '../../components/LineagePanel';
import { energyFoot, footed, moneyFoot, showFooted, TableFoot } from '../../components/TableFoot';
import { formatPrice } from '../../format';
import { HourSpan } from '../drill/common';
import { DrillPageFrame, framePage, useRouteHour, type HourRoute } from '../drill/DrillPageFrame';

import { consumerCrumbs, type ConsumerProps } from './consumer-shared';
import { useConsumerDay } from './ConsumerDayPage';

export function ConsumerHourPage({ id, name, currency, zone, day, hour, offset }: ConsumerProps & HourRoute) {
  const tracking = useConsumerDay(id, day);
  const hours = tracking.status === 'ok' && tracking.value.settled ? tracking.value.data.hours : null;
  const match = useRouteHour(hours, { day, hour, offset });
  const money = moneyFoot(currency);
  const lines = match
    ? [
        ...match.traded.map((l) => ({ key: l.id, who: `${l.name} (24/7 CFE)`, line: l })),
        { key: 'grid', who: 'Grid', line: match.grid },
      ]
    : [];
  return (
    <DrillPageFrame
      page={framePage('consumer', consumerCrumbs, { id, name, zone }, { day, hour, offset })}
      hourMissing={hours !== null && !match}
      tracking={tracking}
    >
      {match ? (
        <table className="table" data-testid="consumer-hour-lines">
          <caption>
            Lines, <HourSpan start={match.startDate} zone={zone} />
          </caption>
          <ColumnHeads columns={['Supplier', numeric('kWh'), numeric('Price / kWh'), numeric('Cost')]} />
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
    </DrillPageFrame>
  );
}
