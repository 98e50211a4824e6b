/**
 * A Green Button file's series (a usage point's MeterReading with its ReadingType) as Energy
 * Ledger reads it: its unit, multiplier, direction, commodity and currency, or why it cannot be
 * stored; and the meter its readings go to (mapped, found by the id Energy Ledger gives it, or
 * created for `createMeters.participantId`).
 */
import { z } from 'zod';

import { Id } from '../../shared/definition';
import { isValidTimezone } from '../../shared/time';
import { Dec } from '../../shared/units';
import { createGreenButtonMeter } from '../store/meter-repository';
import type { WriteTransaction } from '../store/store';

import { COMMODITIES, CURRENCIES, INTEGER, POWER_UNITS, SERVICE_KINDS, UNITS } from './espi-codes';
import type { RawReading } from './espi-reader';
import type { RowErrors } from './row-errors';

export const GreenButtonMapping = z.object({
  /** The file's series (`UsagePoint/1/MeterReading/1`, `UsagePoint/1` or a usage point's title) → workspace meter ids. */
  meterMap: z.record(z.string(), Id).default({}),
  /** Every series of the file to this one meter. */
  meterId: Id.optional(),
  /** Series the workspace lacks become meters of this participant (direction from flowDirection). */
  createMeters: z.object({ participantId: Id }).optional(),
  /** The zone of daily readings' local days when the file has no LocalTimeParameters (the workspace's otherwise). */
  timezone: z.string().refine(isValidTimezone, 'must be an IANA timezone name').optional(),
  /**
   * The ReadingType of series whose file gives none (a bare IntervalBlock document fetched on its
   * own): its ESPI fields, e.g. {"uom": 72, "powerOfTenMultiplier": 0, "flowDirection": 1}.
   */
  readingType: z.record(z.string(), z.union([z.number().int(), z.string().regex(/^-?\d+$/)])).optional(),
});
export type GreenButtonMapping = z.output<typeof GreenButtonMapping>;

export interface Series {
  key: string;
  usagePoint: string;
  readingType: string | null;
  meterId: string | null;
  /** Why the series cannot be stored (its readings are counted against it), or null. */
  refusal: string | null;
  commodity: string;
  unit: string;
  multiplier: number;
  direction: 'consumption' | 'generation';
  currency: string | null;
  readings: number;
  /** Σ value, in units of 10^multiplier of the unit, exact: integers (ESPI's form) and, apart, any written with decimals. */
  valueSum: bigint;
  decimalValueSum: Dec;
  costSum: bigint;
  costs: number;
  intervalSeconds: Set<number>;
  firstLine: number;
}

/** What settling a series needs of its import: the mapping, the workspace's meters, where to say what is wrong. */
export interface SeriesContext {
  tx: WriteTransaction;
  mapping: GreenButtonMapping;
  errors: RowErrors;
  note: (text: string) => void;
  /** The workspace's meters, by id (meters created by the import added). */
  meters: Map<string, { id: string; commodity: string; unit: string; direction: string }>;
  /** The participant of `mapping.createMeters`. */
  owner: { role: string } | undefined;
  usagePoints: Map<string, { title: string; serviceKind?: string }>;
  metersCreated: string[];
}

/** A series, its meter and units settled from its ReadingType (and its usage point's title and service kind). */
export async function settleSeries(
  ctx: SeriesContext,
  reading: RawReading,
  typeKey: string,
  type: { line: number; fields: Record<string, string> },
  usagePoint: string,
): Promise<Series> {
  const { errors, note, usagePoints } = ctx;
  const f = type.fields;
  const refusals: string[] = [];
  const made: Series = {
    key: reading.series,
    usagePoint,
    readingType: typeKey,
    meterId: null,
    refusal: null,
    commodity: 'electricity',
    unit: 'Wh',
    multiplier: 0,
    direction: 'consumption',
    currency: null,
    readings: 0,
    valueSum: 0n,
    decimalValueSum: new Dec(0),
    costSum: 0n,
    costs: 0,
    intervalSeconds: new Set(),
    firstLine: reading.line,
  };
  const label = `${reading.series} (ReadingType ${typeKey}, line ${type.line})`;
  if (Object.keys(f).length === 0) refusals.push(`its ReadingType is empty (no uom, no multiplier)`);
  const uom = f.uom;
  if (Object.keys(f).length > 0 && uom === undefined) refusals.push('its ReadingType has no uom');
  else if (uom !== undefined && !UNITS[uom])
    refusals.push(
      `its uom ${uom}${POWER_UNITS[uom] ? ` is ${POWER_UNITS[uom]}` : ''} is not a quantity Energy Ledger stores (72 Wh, 169 therm, 42 m3, 119 ft3)`,
    );
  if (uom && UNITS[uom]) made.unit = UNITS[uom].unit;
  const multiplier = f.powerOfTenMultiplier;
  if (multiplier === undefined) {
    if (Object.keys(f).length > 0) note(`${label}: no powerOfTenMultiplier; read as 0 (ESPI's default)`);
  } else if (!INTEGER.test(multiplier) || Math.abs(Number(multiplier)) > 12) {
    refusals.push(`its powerOfTenMultiplier "${multiplier}" is not an integer from -12 to 12`);
  } else made.multiplier = Number(multiplier);
  const accumulation = f.accumulationBehaviour;
  if (accumulation === undefined || accumulation === '0') {
    if (Object.keys(f).length > 0)
      note(`${label}: accumulationBehaviour ${accumulation ?? 'missing'}; read as deltaData (4)`);
  } else if (accumulation !== '4')
    refusals.push(
      `its accumulationBehaviour ${accumulation} is not deltaData (4): register or summation readings are not imported from Green Button`,
    );
  const flow = f.flowDirection;
  if (flow === '19') made.direction = 'generation';
  else if (flow === undefined) {
    if (Object.keys(f).length > 0) note(`${label}: no flowDirection; read as delivered (1), consumption`);
  } else if (flow === '4')
    note(`${label}: flowDirection 4 (net) stored as consumption; exports are negative`);
  else if (flow !== '1')
    refusals.push(`its flowDirection ${flow} is neither delivered (1), net (4) nor received (19)`);
  const point = usagePoints.get(usagePoint);
  const commodity =
    (f.commodity !== undefined ? COMMODITIES[f.commodity] : undefined) ??
    (point?.serviceKind !== undefined ? SERVICE_KINDS[point.serviceKind] : undefined);
  if (commodity) made.commodity = commodity;
  else if (f.commodity !== undefined && f.commodity !== '0') made.commodity = 'other';
  else if (uom === '169') {
    made.commodity = 'natural-gas';
    note(`${label}: no commodity; read as natural gas from its unit (therm)`);
  } else if (uom === '72') note(`${label}: no commodity; read as electricity from its unit (Wh)`);
  if (made.commodity === 'electricity' && uom !== undefined && UNITS[uom] && !UNITS[uom].energy)
    refusals.push(`it is electricity measured in ${made.unit}`);
  if (made.commodity !== 'electricity' && uom === '72') made.commodity = 'electricity';
  if (f.currency !== undefined) made.currency = CURRENCIES[f.currency] ?? `ISO-4217-${f.currency}`;

  if (refusals.length === 0) {
    made.meterId = await meterFor(ctx, made, point?.title ?? '', label, reading.line);
    if (made.meterId === null) made.refusal = 'has no meter';
  } else {
    made.refusal = refusals.join('; ');
    errors.add(
      reading.line,
      'ReadingType',
      typeKey,
      `${label}: ${made.refusal}; its readings are not stored`,
      'reading-type',
    );
  }
  return made;
}

async function meterFor(
  ctx: SeriesContext,
  made: Series,
  title: string,
  label: string,
  line: number,
): Promise<string | null> {
  const { tx, mapping, errors, meters, owner, metersCreated } = ctx;
  const candidates = [made.key, made.usagePoint, title].filter((c) => c !== '');
  const mapped = candidates.map((c) => mapping.meterMap[c]).find((m) => m !== undefined) ?? mapping.meterId;
  const generated = `gb-${made.key
    .replace(/UsagePoint\//, 'up')
    .replace(/\/MeterReading\//, '-mr')
    .replace(/[^A-Za-z0-9._-]+/g, '-')}`.slice(0, 100);
  const meterId = mapped ?? generated;
  const existing = meters.get(meterId);
  if (existing) {
    const commodity = existing.commodity;
    if (commodity !== made.commodity || existing.unit !== made.unit) {
      errors.add(
        line,
        'meter',
        meterId,
        `${label} is ${made.commodity} in ${made.unit} but meter ${meterId} measures ${commodity} in ${existing.unit}`,
        'unknown-meter',
      );
      return null;
    }
    return meterId;
  }
  if (mapped || !mapping.createMeters) {
    errors.add(
      line,
      'meter',
      meterId,
      mapped
        ? `${label}: meter ${meterId} is not a meter of this workspace`
        : `${label} (${made.commodity}, ${made.direction}) is not a meter of this workspace: map it (meterMap {"${made.key}": "<meter id>"}) or create meters (createMeters {"participantId": "…"})`,
      'unknown-meter',
    );
    return null;
  }
  if (made.direction === 'generation' && owner?.role !== 'prosumer') {
    errors.add(
      line,
      'meter',
      meterId,
      `${label} is generation (flowDirection 19); generation meters belong to prosumers`,
      'unknown-meter',
    );
    return null;
  }
  const electric = made.commodity === 'electricity';
  await createGreenButtonMeter(tx, {
    id: meterId,
    participantId: mapping.createMeters.participantId,
    name: title || null,
    direction: made.direction,
    settles: electric,
    commodity: made.commodity,
    unit: made.unit,
  });
  meters.set(meterId, {
    id: meterId,
    commodity: made.commodity,
    unit: made.unit,
    direction: made.direction,
  });
  metersCreated.push(meterId);
  return meterId;
}
