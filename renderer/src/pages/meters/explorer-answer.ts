/**
 * The resolution explorer's answer (seed 004's consumption:device), as the screen reads it: the
 * whole span's totals and each period's, with its rate keys when the meter has a tariff.
 */

export interface RateKey {
  '@peak': boolean;
  '@rateKey': string;
  cost: string | null;
  consumption: number;
}
export interface Component {
  '@actualReadingsCount': number;
  '@fromDate': string;
  '@toDate': string;
  /** null without a tariff (consumption only). */
  cost: string | null;
  fileCost?: string;
  consumption: number;
  /** null without a tariff (no rate keys). */
  componentList: { component: RateKey[] } | null;
}
export interface Answer {
  '@deviceId': string;
  '@fromDate': string;
  '@toDate': string;
  '@currency'?: string;
  '@fileCurrency'?: string;
  /** null without a tariff (consumption only). */
  cost: string | null;
  fileCost?: string;
  consumption: number;
  componentList: { component: Component[] };
}
