/**
 * The consumer's and the generator's views (seed 000 and the drill-down), each computed by
 * main/reports/consumer-views.ts and main/reports/prosumer-views.ts from the run in force.
 */

import {
  consumerDailyTracking,
  consumerDays,
  consumerHours,
  consumerOverview,
  consumerYear,
} from '../reports/consumer-views';
import {
  prosumerBreakdown,
  prosumerDailyTracking,
  prosumerDistribution,
  prosumerPayments,
  prosumerRevenue,
  prosumerTransactions,
} from '../reports/prosumer-views';

import type { Handlers } from './context';

export const viewHandlers: Pick<
  Handlers,
  | 'consumer:overview'
  | 'consumer:days'
  | 'consumer:hours'
  | 'consumer:daily-tracking'
  | 'consumer:year'
  | 'prosumer:transactions'
  | 'prosumer:distribution'
  | 'prosumer:breakdown'
  | 'prosumer:revenue'
  | 'prosumer:payments'
  | 'prosumer:daily-tracking'
> = {
  'consumer:overview': ({ workspace }, input) => consumerOverview(workspace, input),

  'consumer:days': ({ workspace }, input) => consumerDays(workspace, input),

  'consumer:hours': ({ workspace }, input) => consumerHours(workspace, input),

  'consumer:daily-tracking': ({ workspace }, input) => consumerDailyTracking(workspace, input),

  'consumer:year': ({ workspace }, input) => consumerYear(workspace, input),

  'prosumer:transactions': ({ workspace }, input) => prosumerTransactions(workspace, input),

  'prosumer:distribution': ({ workspace }, input) => prosumerDistribution(workspace, input),

  'prosumer:breakdown': ({ workspace }, input) => prosumerBreakdown(workspace, input),

  'prosumer:revenue': ({ workspace }, input) => prosumerRevenue(workspace, input),

  'prosumer:payments': ({ workspace }, input) => prosumerPayments(workspace, input),

  'prosumer:daily-tracking': ({ workspace }, input) => prosumerDailyTracking(workspace, input),
};
