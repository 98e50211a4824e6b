/**
 * One local hour of a generator: its allocation lines (each buying consumer,
 * the open market at the hour's market price, unsold at the offer's feed-in
 * price), footed to the hour's production and earnings; why energy went unsold,
 * from the run's inputs (the hour's market price, the offer's floor and whether
 * it sells leftovers to the market); links to the hours before and after.
 */
import { consumersOf } from '../../charts/drill-charts';
import { ColumnHeads, numeric } from '../../components/ColumnHeads';
import { LineageButton } from '../../components/LineagePanel';
import { energyFoot, footed, moneyFoot, showFooted, TableFoot } from '../../components/TableFoot';
import { formatPrice, formatUpTo } from '../../format';
import { HourSpan } from '../drill/common';
import { DrillPageFrame, framePage, useRouteHour, type HourRoute } from '../drill/DrillPageFrame';

import { prosumerCrumbs, useDailyTracking, type ProsumerProps, type UnsoldReason } from './prosumer-shared';

/** Why energy went unsold, in words, its prices in the currency (the API's own words for anything else). */
export function unsoldReasonText(reason: UnsoldReason, currency: string): string {
  const price = (value: string | null) => (value === null ? 'none' : `${formatPrice(value, currency)}/kWh`);
  switch (reason.code) {
    case 'below_floor':
      return `the market price ${price(reason.market_price)} is below the offer’s floor of ${price(reason.floor)}`;
    case 'no_market_price':
      return 'no market price that hour';
    case 'not_offered_to_market':
      return 'the offer does not sell leftovers to the market';
    default:
      return reason.text;
  }
}

export function ProsumerHourPage({ id, name, currency, zone, day, hour, offset }: ProsumerProps & HourRoute) {
  const tracking = useDailyTracking(id, day);
  const hours = tracking.status === 'ok' && tracking.value.settled ? tracking.value.data.transactions : null;
  const match = useRouteHour(hours, { day, hour, offset });
  const money = moneyFoot(currency);
  const reason = match?.unsold_reason ? unsoldReasonText(match.unsold_reason, currency) : null;
  const marketPrice = match?.open_market.price ?? match?.market_price ?? null;
  const lines = match
    ? [
        ...match.traded.map((l) => ({
          key: l.id,
          who: l.name,
          kind: '24/7 CFE',
          line: l,
          price: formatPrice(l.price, currency),
        })),
        {
          key: 'open_market',
          who: 'Open market',
          kind: 'open market',
          line: match.open_market,
          price: marketPrice === null ? 'no market price' : formatPrice(marketPrice, currency),
        },
        {
          key: 'unsold',
          who: 'Unsold',
          kind: reason ? `unsold: ${reason}` : 'unsold',
          line: match.unsold,
          price: match.unsold.price
            ? `${formatPrice(match.unsold.price, currency)} feed-in`
            : 'no unsold energy',
        },
      ]
    : [];
  return (
    <DrillPageFrame
      page={framePage('prosumer', prosumerCrumbs, { id, name, zone }, { day, hour, offset })}
      hourMissing={hours !== null && !match}
      tracking={tracking}
    >
      {match ? (
        <table className="table" data-testid="hour-lines">
          <caption>
            Allocation lines, <HourSpan start={match.startDate} zone={zone} />
          </caption>
          <ColumnHeads
            columns={[
              'Buyer',
              'Sale',
              numeric('kWh'),
              numeric('Price / kWh'),
              numeric('Amount'),
              numeric('RECs'),
            ]}
          />
          <tbody>
            {lines.map(({ key, who, kind, line, price }) => (
              <tr key={key} data-line={key}>
                <th scope="row">{who}</th>
                <td data-testid={key === 'unsold' ? 'unsold-kind' : undefined}>{kind}</td>
                <td className="num" data-testid="line-kwh">
                  {showFooted(energyFoot, line.allocation)}
                </td>
                <td
                  className="num"
                  data-testid={`price-${key === 'open_market' || key === 'unsold' ? key : 'traded'}`}
                >
                  {price}
                </td>
                <td className="num">{showFooted(money, line.cost)}</td>
                <td className="num">{formatUpTo(line.rec, 3)}</td>
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
      {match && reason ? (
        <p className="unsold-reason" data-testid="unsold-reason">
          {showFooted(energyFoot, match.unsold.allocation)} kWh unsold: {reason}.
        </p>
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
