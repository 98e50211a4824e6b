/**
 * A tariff checked whole before anything stores it: one that does not hold together
 * (shared/tariff's checkTariff) is refused, naming its first error, with every error by field.
 */
import { checkTariff, type Tariff } from '../../shared/tariff';
import { invalidInput } from '../errors';

/** Refuses a tariff that does not hold together (shared/tariff's checkTariff), naming its first error. */
export function refuseInvalidTariff(tariff: Tariff): void {
  const errors = checkTariff(tariff);
  const keys = Object.keys(errors);
  if (keys.length > 0)
    throw invalidInput(
      `tariff ${tariff.masterTariffId}: ${keys[0]} ${errors[keys[0]!]![0]}${keys.length > 1 ? ` (and ${keys.length - 1} more)` : ''}; nothing was stored`,
      Object.fromEntries(Object.entries(errors).map(([k, v]) => [`tariff.${k}`, v])),
    );
}
