/**
 * Settlement's allocation stage: the pure engine (settlePeriod) allocates every hour of the
 * month's nets to pools, offers, the market and the grid with each participant's terms of the
 * hour's day, giving the month's lines and any invariant it found broken.
 */
import { settlePeriod, type PeriodResult } from '../engine/settle-period';

import type { Inputs } from './gather-inputs';
import type { Terms } from './price';

/** The engine's lines and problems for the month's inputs on their terms. */
export function allocate(inputs: Inputs, terms: Terms): PeriodResult {
  const { participantIds, hours } = inputs;
  const { memberships, offers, gridRates, hourDay, localHours } = terms;
  return settlePeriod({
    hours,
    participantIds,
    meterTypes: inputs.meterTypes,
    nets: inputs.nets,
    gaps: inputs.gaps,
    membership: (p, h) => memberships[p]![hourDay[h]!]!,
    offer: (p, h) => offers[p]![hourDay[h]!]!,
    gridPrice: (p, h) => {
      const rates = gridRates[p]![hourDay[h]!];
      if (!rates) return null;
      return rates.length === 1 ? rates[0]! : rates[localHours[h]!]!;
    },
    marketPrice: inputs.marketPrices,
  });
}
