/**
 * URDB (OpenEI Utility Rate Database) rate JSON → an Energy Ledger tariff.
 * Accepts one rate, the API's `{ "items": [...] }` wrapper (its first rate)
 * or an array, and both generations of URDB's field names
 * (`fixedchargefirstmeter` + `fixedchargeunits`, `mincharge` +
 * `minchargeunits`, or the older `fixedmonthlycharge`, `minmonthlycharge`,
 * `annualmincharge`). Rates are `rate + adj` as NREL SAM reads them. What
 * Energy Ledger cannot price (coincident demand, ratchets, demand-dependent
 * energy tiers, …) is named in `unsupported`, never silently dropped. Every number goes
 * through the bounded parser (shared/units.ts): one out of range (1e309, which JSON.parse
 * makes Infinity, a thousand digits, …) is a field error naming it. Given the rate's JSON
 * text, its numbers are checked on their text first (1e-100000000 would otherwise be a
 * silent 0), naming the line. The rate's values (numbers, tiers, schedules) are read by
 * urdb-fields.ts; a tariff is written back as a URDB rate by urdb-export.ts.
 */
import { zodFieldErrors } from '../../shared/definition';
import type { Rate, Tariff } from '../../shared/tariff';
import { Tariff as TariffSchema } from '../../shared/tariff';
import { shortValue } from '../../shared/units';

import { JsonNumberError, parseBoundedJson } from './json-text';
import { decimal, isSchedule, tiersInOrder, tiersOf, zeros, type UrdbTier } from './urdb-fields';

export class UrdbError extends Error {
  constructor(
    message: string,
    readonly fields: Record<string, string[]>,
  ) {
    super(message);
    this.name = 'UrdbError';
  }
}

export interface UrdbImport {
  tariff: Tariff;
  /** URDB features present in the file that Energy Ledger does not price. */
  unsupported: string[];
  notes: string[];
  /**
   * The integer ids the rate carried from the workspace that exported it (its `energy_ledger`
   * block): the tariff's and its rates' by code, kept where still free in this workspace.
   */
  ids: { tariff?: number; versions?: Record<string, number>; rates?: Record<string, number> };
}

/** The ids block an exported rate carries beside URDB's own keys (ignored by URDB's readers). */
export interface EnergyLedgerIds {
  masterTariffId: number;
  masterTariffCode: string;
  /** The exported version's integer id and code (URDB's `label` is the code). */
  tariffId: number;
  tariffCode: string;
  rates: { tariffRateId: number; tariffRateCode: string }[];
}

const isId = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
const isCode = (value: unknown): value is string =>
  typeof value === 'string' && value.length >= 1 && value.length <= 200;

/** The `energy_ledger` block of a rate, what of it is well formed (anything else is ignored). */
function keptIds(rate: Json): { code?: string; ids: UrdbImport['ids'] } {
  const block = rate.energy_ledger;
  if (!block || typeof block !== 'object' || Array.isArray(block)) return { ids: {} };
  const { masterTariffId, masterTariffCode, tariffId, tariffCode, rates } = block as Json;
  const kept: Record<string, number> = {};
  if (Array.isArray(rates))
    for (const one of rates.slice(0, 1000)) {
      const { tariffRateId, tariffRateCode } = (one ?? {}) as Json;
      if (isId(tariffRateId) && isCode(tariffRateCode)) kept[tariffRateCode] = tariffRateId;
    }
  return {
    ...(isCode(masterTariffCode) ? { code: masterTariffCode } : {}),
    ids: {
      ...(isId(masterTariffId) ? { tariff: masterTariffId } : {}),
      ...(isId(tariffId) && isCode(tariffCode) ? { versions: { [tariffCode]: tariffId } } : {}),
      rates: kept,
    },
  };
}

type Json = Record<string, unknown>;

/** Fields that change a bill and that the engine does not model. */
const UNSUPPORTED: Record<string, string> = {
  coincidentratestructure: 'coincident demand charges (coincidentratestructure)',
  demandratchetpercentage: 'demand ratchets (demandratchetpercentage)',
  lookbackmonths: 'demand look-back (lookbackmonths)',
  lookbackpercent: 'demand look-back (lookbackpercent)',
  demandreactivepowercharge: 'reactive power charges (demandreactivepowercharge)',
  fueladjustmentsmonthly: 'monthly fuel adjustments (fueladjustmentsmonthly)',
  demandwindow: 'a demand window other than the interval length (demandwindow)',
  minmonthlydemand: 'minimum monthly demand (minmonthlydemand)',
};

/**
 * A URDB rate as an Energy Ledger tariff. `input` is the parsed rate (object, array or
 * `{items}`), or its JSON text, whose numbers are then checked on their text before parsing.
 */
export function fromUrdb(input: unknown, options: { currency?: string } = {}): UrdbImport {
  if (typeof input === 'string') input = parseRateText(input);
  const candidate = Array.isArray(input)
    ? input[0]
    : input && typeof input === 'object' && Array.isArray((input as Json).items)
      ? ((input as Json).items as unknown[])[0]
      : input;
  if (!candidate || typeof candidate !== 'object' || Array.isArray(candidate))
    throw new UrdbError(
      'is not a URDB rate (expected a rate object, an array of rates or {"items": [...]})',
      {
        '(file)': ['is not a URDB rate'],
      },
    );
  const rate = candidate as Json;
  const hasRate = [
    'energyratestructure',
    'flatdemandstructure',
    'demandratestructure',
    'fixedchargefirstmeter',
    'fixedmonthlycharge',
  ].some((key) => key in rate);
  if (!hasRate)
    throw new UrdbError(
      'is not a URDB rate: it has no energyratestructure, demand structures or fixed charge',
      {
        '(file)': [
          'has none of energyratestructure, flatdemandstructure, demandratestructure, fixedchargefirstmeter',
        ],
      },
    );
  const errors: Record<string, string[]> = {};
  const unsupported: string[] = [];
  const notes: string[] = [];
  for (const [key, description] of Object.entries(UNSUPPORTED)) {
    const value = rate[key];
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0) && value !== 0)
      unsupported.push(description);
  }
  const rates: Rate[] = [];
  let sequence = 1;

  // Energy: one COST_PER_UNIT rate with a tier structure per TOU period.
  const energyStructure = rate.energyratestructure as UrdbTier[][] | undefined;
  if (energyStructure !== undefined) {
    if (!Array.isArray(energyStructure) || energyStructure.some((p) => !Array.isArray(p) || p.length === 0)) {
      errors.energyratestructure = ['must be an array of periods, each an array of tiers'];
    } else {
      for (const key of ['energyweekdayschedule', 'energyweekendschedule'])
        if (!isSchedule(rate[key])) errors[key] = ['must be 12 months × 24 hours of period numbers'];
      const units = new Set(energyStructure.flat().map((t) => t.unit ?? 'kWh'));
      if ([...units].some((u) => u !== 'kWh' && u !== 'kWh daily')) {
        unsupported.push(
          `energy tiers in ${[...units].filter((u) => u !== 'kWh' && u !== 'kWh daily').join(', ')} (demand-dependent tiers)`,
        );
      }
      if (units.has('kWh') && units.has('kWh daily'))
        unsupported.push('energy tiers mixing monthly and daily limits');
      const periods = energyStructure.map((tiers, period) => {
        const parsed = tiersOf(tiers, `energyratestructure[${period}]`, errors);
        if (!tiersInOrder(parsed))
          (errors[`energyratestructure[${period}]`] ??= []).push('tiers must rise, the last without max');
        return { period, tiers: parsed };
      });
      for (const key of ['energyweekdayschedule', 'energyweekendschedule']) {
        const schedule = rate[key];
        if (isSchedule(schedule) && schedule.flat().some((p) => p >= energyStructure.length))
          (errors[key] ??= []).push(
            `names a period the energyratestructure does not define (it has ${energyStructure.length})`,
          );
      }
      rates.push({
        tariffRateId: 'energy',
        rateGroupName: 'Energy',
        rateName: 'Energy charge',
        chargeClass: 'SUPPLY',
        rateSequenceNumber: sequence++,
        type: 'COST_PER_UNIT',
        periods,
        tierLimit: units.has('kWh daily') && !units.has('kWh') ? 'day' : 'month',
      });
    }
  }

  // Fixed charge: the newer pair, or the older monthly field.
  const fixed =
    typeof rate.fixedchargefirstmeter === 'number' ? rate.fixedchargefirstmeter : rate.fixedmonthlycharge;
  if (typeof fixed === 'number' && fixed !== 0) {
    const units = typeof rate.fixedchargeunits === 'string' ? rate.fixedchargeunits : '$/month';
    if (units !== '$/month' && units !== '$/day') unsupported.push(`a fixed charge in ${units}`);
    else
      rates.push({
        tariffRateId: 'fixed',
        rateGroupName: 'Fixed',
        rateName: 'Fixed charge',
        chargeClass: 'DISTRIBUTION',
        rateSequenceNumber: sequence++,
        type: 'FIXED_PRICE',
        amount:
          decimal(
            fixed,
            typeof rate.fixedchargefirstmeter === 'number' ? 'fixedchargefirstmeter' : 'fixedmonthlycharge',
            errors,
          ) ?? '0',
        per: units === '$/day' ? 'day' : 'month',
      });
  }

  // Demand by TOU period.
  const demandStructure = rate.demandratestructure as UrdbTier[][] | undefined;
  if (Array.isArray(demandStructure) && demandStructure.length > 0) {
    for (const key of ['demandweekdayschedule', 'demandweekendschedule'])
      if (!isSchedule(rate[key])) errors[key] = ['must be 12 months × 24 hours of period numbers'];
    rates.push({
      tariffRateId: 'demand-tou',
      rateGroupName: 'Demand',
      rateName: 'TOU demand charge',
      chargeClass: 'DISTRIBUTION',
      rateSequenceNumber: sequence++,
      type: 'DEMAND',
      basis: 'metered',
      periods: demandStructure.map((tiers, period) => ({
        period,
        tiers: tiersOf(tiers, `demandratestructure[${period}]`, errors),
      })),
    });
  }

  // Flat demand: one rate per flat period, in the months flatdemandmonths gives it.
  const flatStructure = rate.flatdemandstructure as UrdbTier[][] | undefined;
  if (Array.isArray(flatStructure) && flatStructure.length > 0) {
    const months = rate.flatdemandmonths as number[] | undefined;
    if (!Array.isArray(months) || months.length !== 12)
      errors.flatdemandmonths = ['must give a flat demand period for each of the 12 months'];
    flatStructure.forEach((tiers, period) => {
      const inMonths = (months ?? []).map((p, m) => (p === period ? m + 1 : 0)).filter((m) => m > 0);
      if (inMonths.length === 0) return;
      rates.push({
        tariffRateId: `demand-flat-${period}`,
        rateGroupName: 'Demand',
        rateName: 'Flat demand charge',
        chargeClass: 'DISTRIBUTION',
        rateSequenceNumber: sequence++,
        type: 'DEMAND',
        basis: 'metered',
        flat: { tiers: tiersOf(tiers, `flatdemandstructure[${period}]`, errors), months: inMonths },
      });
    });
  }

  // Minimum: the newer pair, or the older monthly / annual fields.
  const minimum = typeof rate.mincharge === 'number' ? rate.mincharge : rate.minmonthlycharge;
  const minimumUnits = typeof rate.minchargeunits === 'string' ? rate.minchargeunits : '$/month';
  const minimumRate = (value: number, field: string, per: 'month' | 'year') => {
    const amount = decimal(value, field, errors);
    if (amount === null) return;
    rates.push({
      tariffRateId: per === 'month' ? 'minimum' : 'annual-minimum',
      rateGroupName: 'Minimum Charge',
      rateName: per === 'month' ? 'Minimum Charge' : 'Annual Minimum Charge',
      chargeClass: 'OTHER',
      rateSequenceNumber: per === 'month' ? 999 : 1000,
      type: 'MINIMUM',
      amount,
      per,
    });
  };
  const minimumField = typeof rate.mincharge === 'number' ? 'mincharge' : 'minmonthlycharge';
  if (typeof minimum === 'number' && minimum > 0) {
    if (minimumUnits === '$/month') minimumRate(minimum, minimumField, 'month');
    else if (minimumUnits === '$/year') minimumRate(minimum, minimumField, 'year');
    else unsupported.push(`a minimum charge in ${minimumUnits}`);
  }
  // The older annual field, unless the newer pair already gave an annual minimum.
  if (
    typeof rate.annualmincharge === 'number' &&
    rate.annualmincharge > 0 &&
    !(typeof minimum === 'number' && minimum > 0 && minimumUnits === '$/year')
  )
    minimumRate(rate.annualmincharge, 'annualmincharge', 'year');

  // Dates in epoch seconds that a Date can hold (JSON.parse makes 1e309 Infinity).
  for (const key of ['startdate', 'enddate'])
    if (typeof rate[key] === 'number' && !(Math.abs(rate[key]) < 8.64e12))
      (errors[key] ??= []).push(
        `"${shortValue(String(rate[key]))}" is out of range: not a date in epoch seconds`,
      );

  if (Object.keys(errors).length > 0)
    throw new UrdbError(
      `is not a rate Energy Ledger can read: ${Object.entries(errors)
        .map(([k, v]) => `${k} ${v.join('; ')}`)
        .join('; ')}`,
      errors,
    );

  const startDay = (seconds: unknown, fallback: string) =>
    typeof seconds === 'number' ? new Date(seconds * 1000).toISOString().slice(0, 10) : fallback;
  const label = String(rate.label ?? rate.eiaid ?? rate.name ?? 'urdb');
  if (rates.length === 0) notes.push('the rate has no charges Energy Ledger prices');
  // A rate Energy Ledger exported names the tariff it came from: its code and integer ids.
  const kept = keptIds(rate);
  const parsed = TariffSchema.safeParse({
    masterTariffId: kept.code ?? label,
    tariffName: String(rate.name ?? label),
    ...(typeof rate.utility === 'string' ? { providerName: rate.utility } : {}),
    currency: options.currency ?? 'USD',
    versions: [
      {
        tariffId: label,
        effectiveFrom: startDay(rate.startdate, '1970-01-01'),
        ...(typeof rate.enddate === 'number' ? { effectiveTo: startDay(rate.enddate, '') } : {}),
        energyWeekdaySchedule: isSchedule(rate.energyweekdayschedule) ? rate.energyweekdayschedule : zeros(),
        energyWeekendSchedule: isSchedule(rate.energyweekendschedule) ? rate.energyweekendschedule : zeros(),
        ...(isSchedule(rate.demandweekdayschedule)
          ? { demandWeekdaySchedule: rate.demandweekdayschedule }
          : {}),
        ...(isSchedule(rate.demandweekendschedule)
          ? { demandWeekendSchedule: rate.demandweekendschedule }
          : {}),
        rates:
          rates.length > 0
            ? rates
            : [
                {
                  tariffRateId: 'none',
                  rateGroupName: 'None',
                  rateName: 'No charge',
                  chargeClass: 'OTHER',
                  rateSequenceNumber: 1,
                  type: 'FIXED_PRICE',
                  amount: '0',
                  per: 'month',
                },
              ],
      },
    ],
  });
  // A value the file gives out of the tariff's bounds (a rate's period number past 2^53, a date
  // outside the calendar): refused by field, never an internal error.
  if (!parsed.success) {
    const fields = zodFieldErrors(parsed.error);
    throw new UrdbError(
      `is not a rate Energy Ledger can read: ${Object.entries(fields)
        .slice(0, 3)
        .map(([k, v]) => `${k} ${v.join('; ')}`)
        .join('; ')}`,
      fields,
    );
  }
  return { tariff: parsed.data, unsupported, notes, ids: kept.ids };
}

/** A rate's JSON text, parsed once every number was checked on its text. */
function parseRateText(text: string): unknown {
  try {
    return parseBoundedJson(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    if (error instanceof JsonNumberError)
      throw new UrdbError(`has a number out of range: ${error.message}`, {
        [error.field]: [`"${error.value}" ${error.problem} (line ${error.line})`],
      });
    throw new UrdbError(`is not a URDB rate: it is not JSON (${(error as Error).message})`, {
      '(file)': ['is not JSON'],
    });
  }
}
