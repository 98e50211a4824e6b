/**
 * The tariff engine's answer in seed 001's shape, key for key and type for type: money and
 * quantities as JSON numbers whose text is the exact decimal (the engine's figures are cut to 6
 * decimals, so every one of them round-trips through a JSON number below 10⁹), each result and
 * item with the exact strings beside them under `exact` (what the screen and an auditor add
 * up), a `requestId` per request, the result's `accuracy` (the share of the range's hours with
 * usage) and `summary.ELECTRICITY`. The assumptions say which tariff version applied when, as
 * the seed's `tariffId` assumptions do, with a display name and a description.
 */
import { randomUUID } from 'node:crypto';

import { Dec } from '../../shared/units';
import type { CalculatedCost, CalculatedItem, UsageInterval } from '../engine/tariff';

/** A decimal string as a JSON number (exact for the engine's figures: at most 15 significant digits). */
export function seedNumber(decimal: string): number {
  const value = Number(decimal);
  if (!Number.isFinite(value)) throw new Error(`not a finite decimal: ${decimal}`);
  return value;
}

const nullableNumber = (decimal: string | null) => (decimal === null ? null : seedNumber(decimal));

/**
 * The share of the range's hours in which the account had usage, 0 to 1 to 4 decimals: 1 when
 * every hour of the bill is metered (or settled, for grid usage), as the seed's example has it.
 */
export function usageAccuracy(usage: readonly UsageInterval[], from: number, to: number): number {
  const hours = Math.ceil((to - from) / 3600);
  if (hours <= 0) return 0;
  const covered = new Set<number>();
  for (const interval of usage)
    if (interval.startUtc >= from && interval.startUtc < to)
      covered.add(Math.floor((interval.startUtc - from) / 3600));
  return seedNumber(new Dec(covered.size).dividedBy(hours).toDecimalPlaces(4, Dec.ROUND_HALF_UP).toFixed());
}

/** The integer ids of a tariff and of its rates (by rate code), from the workspace's registry. */
export interface TariffNumbers {
  tariff: number;
  versions: ReadonlyMap<string, number>;
  rates: ReadonlyMap<string, number>;
}

/**
 * A band's place within its rate, 0 to 2,800, from the engine's band text: 0 a rate's only
 * band, (period + 1) × 100 + tier for a TOU period's tier (a single tier is tier 1), 2,500 +
 * tier for flat demand, 2,600 + tier for a capacity tag, 2,700 + tier for a transmission tag,
 * 2,800 the annual minimum. Tiers number at most 99 (shared/tariff.ts), so every band of a
 * rate has its own ordinal, and `tariffRateBandId = tariffRateId × 10,000 + ordinal` is an
 * integer no other band of any rate has, stable as long as the rate keeps its bands.
 */
export function bandOrdinal(band: string | undefined): number {
  if (band === undefined) return 0;
  if (band === 'annual') return 2800;
  const match = /^(period (\d+)|flat|capacity-tag|transmission-tag)(?: tier (\d+))?$/.exec(band);
  if (!match) throw new Error(`unknown tariff rate band "${band}"`);
  const tier = match[3] === undefined ? 1 : Number(match[3]);
  if (tier < 1 || tier > 99) throw new Error(`tariff rate band "${band}" has a tier outside 1–99`);
  if (match[2] !== undefined) return (Number(match[2]) + 1) * 100 + tier;
  return { flat: 2500, 'capacity-tag': 2600, 'transmission-tag': 2700 }[match[1] as 'flat'] + tier;
}

function seedItem(item: CalculatedItem, masterTariffCode: string, numbers: TariffNumbers) {
  // A merged item (CHARGE_TYPE, TOTAL) has no one rate: ids 0, as the seed's tax line has.
  let rate = 0;
  if (item.tariffRateId !== '') {
    const found = numbers.rates.get(item.tariffRateId);
    if (found === undefined)
      throw new Error(`rate ${item.tariffRateId} of tariff ${masterTariffCode} has no integer id`);
    rate = found;
  }
  return {
    ...item,
    tariffRateId: rate,
    tariffRateCode: item.tariffRateId === '' ? null : item.tariffRateId,
    tariffRateBandId: rate === 0 ? 0 : rate * 10_000 + bandOrdinal(item.tariffRateBandId),
    tariffRateBandCode: item.tariffRateBandId ?? null,
    rateAmount: nullableNumber(item.rateAmount),
    itemQuantity: seedNumber(item.itemQuantity),
    cost: seedNumber(item.cost),
    exact: { rateAmount: item.rateAmount, itemQuantity: item.itemQuantity, cost: item.cost },
  };
}

/**
 * An assumption as the seed writes it. The `tariffId` assumption names the tariff version that
 * priced a span by its integer id, as the seed does (`dataType: "INTEGER"`, the number as
 * text in `dataValue`), the version's code beside it in `dataValueCode`.
 */
function seedAssumption(
  a: CalculatedCost['assumptions'][number],
  masterTariffCode: string,
  numbers: TariffNumbers,
) {
  const version = a.keyName === 'tariffId' ? numbers.versions.get(a.dataValue) : undefined;
  if (a.keyName === 'tariffId' && version === undefined)
    throw new Error(`version ${a.dataValue} of tariff ${masterTariffCode} has no integer id`);
  return {
    keyName: a.keyName,
    displayName: a.keyName === 'tariffId' ? 'Tariff version' : a.keyName,
    description:
      a.keyName === 'tariffId'
        ? `The version ${a.dataValue} of tariff ${masterTariffCode} priced this span`
        : a.keyName,
    dataType: version === undefined ? a.dataType : 'INTEGER',
    fromDateTime: a.fromDateTime,
    toDateTime: a.toDateTime,
    dataValue: version === undefined ? a.dataValue : String(version),
    ...(version === undefined ? {} : { dataValueCode: a.dataValue }),
    accuracy: 100,
  };
}

export function calculatedCostAnswer(result: CalculatedCost, accuracy: number, numbers: TariffNumbers) {
  const { summary } = result;
  return {
    status: 'success',
    count: 1,
    type: 'CalculatedCost',
    requestId: randomUUID(),
    results: [
      {
        masterTariffId: numbers.tariff,
        masterTariffCode: result.masterTariffId,
        tariffName: result.tariffName,
        totalCost: seedNumber(result.totalCost),
        fromDateTime: result.fromDateTime,
        toDateTime: result.toDateTime,
        currency: result.currency,
        summary: {
          ELECTRICITY: { kWh: seedNumber(summary.kWh), kW: seedNumber(summary.kW) },
          subTotalCost: seedNumber(summary.subTotalCost),
          taxCost: seedNumber(summary.taxCost),
          totalCost: seedNumber(summary.totalCost),
          adjustedTotalCost: seedNumber(summary.adjustedTotalCost),
          kWh: seedNumber(summary.kWh),
          kW: seedNumber(summary.kW),
          exact: { ...summary },
        },
        accuracy,
        items: result.items.map((item) => seedItem(item, result.masterTariffId, numbers)),
        assumptions: result.assumptions.map((a) => seedAssumption(a, result.masterTariffId, numbers)),
        // totalCost's own text (rounded to cents); the exact sum it comes from is summary.exact.totalCost.
        exact: { totalCost: result.totalCost },
      },
    ],
  };
}
