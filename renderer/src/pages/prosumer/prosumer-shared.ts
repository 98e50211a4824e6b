/** What the generator's drill-down pages share: their props, breadcrumbs, the views' shapes and one day's hours. */
import type { SaleLine, TrackedHour } from '../../charts/drill-charts';
import { useClient } from '../../client-context';
import { useResult } from '../../hooks';
import { dayHref, dayTitle, monthTitle, participantHref } from '../../router';
import { METER_TYPE, unwrap, type Crumb } from '../drill/common';

export interface ProsumerProps {
  id: string;
  name: string;
  currency: string;
  zone: string;
}

/** Revenue › month › day › hour: each level above the page a link up. */
export function prosumerCrumbs(id: string, month?: string, day?: string, hourLabel?: string): Crumb[] {
  const items: Crumb[] = [{ label: 'Revenue', href: participantHref('prosumer', id, null) }];
  if (month) items.push({ label: monthTitle(month), href: participantHref('prosumer', id, month) });
  if (day) items.push({ label: dayTitle(day), href: dayHref('prosumer', id, day) });
  if (hourLabel) items.push({ label: hourLabel });
  return items;
}

/** Why an hour's leftover went unsold, as prosumer:daily-tracking gives it (from the run's inputs). */
export interface UnsoldReason {
  code: 'not_offered_to_market' | 'no_market_price' | 'below_floor' | 'no_offer' | 'unexplained' | string;
  text: string;
  market_price: string | null;
  floor: string | null;
  feed_in: string | null;
  sells_to_market: boolean | null;
}

/** An hour of a generator's day, with its market price and (when energy went unsold) why. */
export type DayHour = TrackedHour & {
  market_price?: string | null;
  unsold_reason?: UnsoldReason;
  open_market: SaleLine & { price?: string | null };
  unsold: SaleLine & { price?: string | null };
};

/** One local day of a generator (prosumer:daily-tracking), shared by the day and hour pages. */
export function useDailyTracking(id: string, day: string) {
  const client = useClient();
  return useResult(`tracking:${id}:${day}`, async () =>
    unwrap<{
      settled: boolean;
      runId?: number;
      data: {
        transactions: DayHour[];
        bill: { traded: SaleLine; open_market: SaleLine; unsold: SaleLine }[];
      };
    }>(await client['prosumer:daily-tracking']({ prosumerId: id, date: day, meterType: METER_TYPE })),
  );
}
