/** What the consumer's drill-down pages share: their props, breadcrumbs and the views' shapes. */
import { dayHref, dayTitle, monthTitle, participantHref } from '../../router';
import type { Crumb } from '../drill/common';

export interface ConsumerProps {
  id: string;
  name: string;
  currency: string;
  zone: string;
}

/** Year › month › day › hour: each level above the page a link up. */
export function consumerCrumbs(id: string, month: string, day?: string, hourLabel?: string): Crumb[] {
  const items: Crumb[] = [
    { label: month.slice(0, 4), href: participantHref('consumer', id, null) },
    { label: monthTitle(month), href: participantHref('consumer', id, month) },
  ];
  if (day) items.push({ label: dayTitle(day), href: dayHref('consumer', id, day) });
  if (hourLabel) items.push({ label: hourLabel });
  return items;
}

export interface Provider {
  id?: string;
  planName: string;
  providerName: string;
  energyType: string;
  price: string;
  price_is_average?: boolean;
  allocation: string;
  cost: string;
}

export interface BillLine {
  name?: string;
  chargeClass?: string;
  quantityKey?: string;
  quantity?: string | null;
  rateAmount?: string | null;
  amount?: string;
}

export interface Overview {
  settled: boolean;
  runId?: number;
  total_cost?: number;
  cfe_score?: string;
  gap_hours?: number;
  traded?: { allocation: string; cost: string; providers: Provider[] };
  energy_load?: { allocation: string; cost: string; providers: Provider[]; bill_lines: BillLine[] };
}

export interface DayRow {
  day: string;
  traded: { allocation: string; cost: string };
  grid: { allocation: string; cost: string };
  load: string;
  cost: string;
  cfe_score: string;
}

/** The unit of a bill line's quantity, by what the tariff engine priced. */
export const QUANTITY_UNITS: Record<string, string> = {
  consumption: 'kWh',
  demand: 'kW',
  fixed: '',
  percentage: '(base)',
  minimum: '',
};
