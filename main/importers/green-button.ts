/**
 * Green Button (NAESB ESPI) XML: how North American utilities export interval
 * data and bills. Streamed (espi-reader.ts) into the same machinery as every
 * readings import: one transaction, strict or partial, dry run, the same file
 * twice reported, conflicts rejected / replaced / kept, undo.
 *
 * Each usage point's MeterReading (with its ReadingType) becomes a meter:
 * mapped (`meterMap` by `UsagePoint/1/MeterReading/1`, `UsagePoint/1` or the
 * usage point's title; `meterId` for all), found by the id Energy Ledger gives
 * it (`gb-up1-mr1`), or created for `createMeters.participantId`. A reading's
 * energy is `value × 10^powerOfTenMultiplier` in the ReadingType's `uom`, kept
 * exactly in mWh (electricity) or thousandths of the unit (gas in therms,
 * water, …: stored with their unit, never settled). Readings of an hour or
 * less are interval data; a day or longer is summary usage (spec §1). Costs
 * (1/100,000 of the currency), reading quality and TOU tier are stored with
 * each reading. The file's UsageSummary totals are compared, in the report,
 * with the totals of the stored readings for the same billing period; a
 * difference is reported, never "fixed".
 */
import type { Readable } from 'node:stream';

import { DateTime } from 'luxon';
import { z } from 'zod';

import type { GreenButtonReportDto, ImportReportDto } from '../../shared/contract';
import { Id } from '../../shared/definition';
import { formatSeedUtc, isValidTimezone } from '../../shared/time';
import { decimalProblem, Dec, scaledDecimal, shortValue } from '../../shared/units';
import { ApiError } from '../errors';
import type { Database, WriteTransaction } from '../store/database';
import { beginImport, finishImport, importFileNames } from '../store/imports-repository';

import { countingHasher, peekBytes } from './csv-source';
import { readEspi, EspiSyntaxError, type RawReading, type UsageSummaryFacts } from './espi-reader';
import { INTERVAL_TABLE, previewOf, ReadingsSink, SUMMARY_TABLE, type ConflictRule } from './readings-sink';
import { DryRunFinished, refuseRejectedRows, refuseRepeatedFile, RowErrors } from './row-errors';
import { decoder, detectEncoding, InvalidTextError } from './text-decoding';

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

export interface GreenButtonImportOptions {
  fileName: string;
  source: Readable;
  mode?: 'strict' | 'partial';
  onConflict?: ConflictRule;
  dryRun?: boolean;
  mapping?: Record<string, unknown>;
  /** The workspace's timezone. */
  timezone?: string;
  onProgress?: (progress: { fileName: string; bytesRead: number; rowsRead: number }) => void;
}

/** ESPI UnitSymbolKind codes read as quantities Energy Ledger can store (others are refused by name). */
const UNITS: Record<string, { unit: string; energy: boolean }> = {
  '72': { unit: 'Wh', energy: true },
  '169': { unit: 'therm', energy: false },
  '42': { unit: 'm3', energy: false },
  '119': { unit: 'ft3', energy: false },
};
const POWER_UNITS: Record<string, string> = {
  '38': 'W (power, not energy)',
  '61': 'VA (apparent power)',
  '63': 'VAr (reactive power)',
  '71': 'VAh (apparent energy)',
  '73': 'VArh (reactive energy)',
};
/** ESPI CommodityKind → the meter's commodity. */
const COMMODITIES: Record<string, string> = {
  '1': 'electricity',
  '2': 'electricity',
  '7': 'natural-gas',
  '8': 'propane',
  '9': 'water',
  '10': 'steam',
  '11': 'water',
  '14': 'water',
};
/** UsagePoint ServiceCategory kind → commodity. */
const SERVICE_KINDS: Record<string, string> = { '0': 'electricity', '1': 'natural-gas', '2': 'water' };
/** ISO 4217 numeric codes ESPI uses for `currency`. */
const CURRENCIES: Record<string, string> = {
  '840': 'USD',
  '124': 'CAD',
  '978': 'EUR',
  '826': 'GBP',
  '764': 'THB',
  '036': 'AUD',
  '36': 'AUD',
  '392': 'JPY',
  '484': 'MXN',
};
/** ESPI QualityOfReading codes that mean an estimate: reference day, linear interpolation, projected. */
const ESTIMATED_QUALITIES = new Set(['8', '9', '12']);

interface Series {
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

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?\d+(\.\d+)?$/;
/** An integer within the bounded parser's bounds (shared/units.ts), safe to hand to Number or BigInt. */
const boundedInteger = (text: string | undefined): text is string =>
  text !== undefined && INTEGER.test(text) && decimalProblem(text) === null;

/** `value × 10^exponent` as an integer, rounded half-even; and whether it was rounded. */
function shiftExact(value: bigint, exponent: number): { result: bigint; rounded: boolean } {
  if (exponent >= 0) return { result: value * 10n ** BigInt(exponent), rounded: false };
  const divisor = 10n ** BigInt(-exponent);
  let quotient = value / divisor;
  const remainder = value % divisor;
  if (remainder === 0n) return { result: quotient, rounded: false };
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  const away = value < 0n ? -1n : 1n;
  if (twice > divisor || (twice === divisor && quotient % 2n !== 0n)) quotient += away;
  return { result: quotient, rounded: true };
}

/** North American standard offsets (seconds) → the zone Green Button files from there keep. */
const ZONES_WITH_DST: Record<string, string> = {
  '-12600': 'America/St_Johns',
  '-14400': 'America/Halifax',
  '-18000': 'America/New_York',
  '-21600': 'America/Chicago',
  '-25200': 'America/Denver',
  '-28800': 'America/Los_Angeles',
  '-32400': 'America/Anchorage',
};
const ZONES_WITHOUT_DST: Record<string, string> = {
  '-25200': 'America/Phoenix',
  '-36000': 'Pacific/Honolulu',
  '-21600': 'America/Regina',
};

/**
 * An IANA zone for ESPI LocalTimeParameters: the standard offset, with North
 * American DST when dstOffset is not 0 (the rules ESPI encodes in
 * dstStartRule/dstEndRule); a fixed offset when nothing better is known.
 */
export function zoneOfLocalTime(fields: Record<string, string>): string | null {
  const offset = fields.tzOffset;
  if (offset === undefined || !/^-?\d+$/.test(offset)) return null;
  const dst = fields.dstOffset !== undefined && fields.dstOffset !== '0';
  const named = (dst ? ZONES_WITH_DST : ZONES_WITHOUT_DST)[offset];
  if (named) return named;
  const minutes = Number(offset) / 60;
  if (!Number.isInteger(minutes)) return null;
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** True when the first bytes look like XML (the importer then says whether it is Green Button). */
export function looksLikeXml(head: Buffer): boolean {
  const { encoding, bomLength } = detectEncoding(head);
  const text = new TextDecoder(encoding).decode(head.subarray(bomLength, bomLength + 512)).trimStart();
  return text.startsWith('<?xml') || /^<[A-Za-z_][\w.:-]*[\s>/]/.test(text);
}

export async function importGreenButton(
  db: Database,
  options: GreenButtonImportOptions,
): Promise<ImportReportDto> {
  const { fileName } = options;
  const mode = options.mode ?? 'strict';
  const onConflict = options.onConflict ?? 'reject';
  const parsed = GreenButtonMapping.safeParse(options.mapping ?? {});
  if (!parsed.success) {
    throw new ApiError(
      'invalid_input',
      `${fileName}: the Green Button mapping is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
      Object.fromEntries(parsed.error.issues.map((i) => [`mapping.${i.path.join('.')}`, [i.message]])),
    );
  }
  const mapping = parsed.data;
  const errors = new RowErrors(fileName);
  const { transform, counter } = countingHasher();
  const { head, stream } = await peekBytes(options.source, 4096);
  let rowsRead = 0;
  let valuesRounded = 0;
  let startsRounded = 0;
  let daysResized = 0;
  let zoneUsed: { zone: string; from: string } | null = null;
  const notes: string[] = [];
  const note = (text: string) => {
    if (!notes.includes(text) && notes.length < 100) notes.push(text);
  };
  const series = new Map<string, Series>();
  const summaries: UsageSummaryFacts[] = [];
  const localTimes: { key: string; fields: Record<string, string> }[] = [];
  const metersCreated: string[] = [];

  const facts = () => ({
    kind: 'readings' as const,
    format: 'green-button' as const,
    sha256: counter.sha256(),
    rowsRead,
    valuesRounded,
    sizeBytes: counter.bytesRead,
    mode,
    onConflict,
    mapping,
    ...errors.facts,
  });

  try {
    return await db.write(async (tx) => {
      const importId = await beginImport(tx, 'readings', fileName);
      const describe = await importFileNames(tx);
      const interval = new ReadingsSink(tx, importId, onConflict, errors, describe, INTERVAL_TABLE);
      const summary = new ReadingsSink(tx, importId, onConflict, errors, describe, SUMMARY_TABLE);
      const meters = new Map(
        (
          await tx.all<{ id: string; commodity: string; unit: string; direction: string }>(
            'SELECT id, commodity, unit, direction FROM meters',
          )
        ).map((m) => [m.id, m]),
      );
      const owner = mapping.createMeters
        ? (
            await tx.all<{ role: string }>('SELECT role FROM participants WHERE id = ?', [
              mapping.createMeters.participantId,
            ])
          )[0]
        : undefined;
      if (mapping.createMeters && !owner)
        throw new ApiError(
          'invalid_input',
          `${fileName}: mapping.createMeters names unknown participant "${mapping.createMeters.participantId}"`,
          { 'mapping.createMeters.participantId': ['is not a participant of this workspace'] },
        );

      const readingTypes = new Map<string, { line: number; fields: Record<string, string> }>();
      const meterReadingTypes = new Map<string, string | undefined>();
      const usagePoints = new Map<string, { title: string; serviceKind?: string }>();
      const pending: RawReading[] = [];

      /** The series of a reading, its meter and units settled the first time its ReadingType is known. */
      const seriesOf = async (reading: RawReading): Promise<Series | null> => {
        const known = series.get(reading.series);
        if (known) return known;
        const typeKey = meterReadingTypes.get(reading.series) ?? reading.readingType;
        const type = typeKey ? readingTypes.get(typeKey) : undefined;
        if (!type) return null;
        const usagePoint = /^(UsagePoint\/[^/]+)/.exec(reading.series)?.[1] ?? 'document';
        const made = await settleSeries(reading, typeKey!, type, usagePoint);
        series.set(reading.series, made);
        return made;
      };

      const settleSeries = async (
        reading: RawReading,
        typeKey: string,
        type: { line: number; fields: Record<string, string> },
        usagePoint: string,
      ): Promise<Series> => {
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
          if (Object.keys(f).length > 0)
            note(`${label}: no powerOfTenMultiplier; read as 0 (ESPI's default)`);
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
          if (Object.keys(f).length > 0)
            note(`${label}: no flowDirection; read as delivered (1), consumption`);
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
          made.meterId = await meterFor(made, point?.title ?? '', label, reading.line);
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
      };

      const meterFor = async (
        made: Series,
        title: string,
        label: string,
        line: number,
      ): Promise<string | null> => {
        const candidates = [made.key, made.usagePoint, title].filter((c) => c !== '');
        const mapped =
          candidates.map((c) => mapping.meterMap[c]).find((m) => m !== undefined) ?? mapping.meterId;
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
        await tx.run(
          'INSERT INTO meters (id, participant_id, name, meter_type, direction, is_virtual, settles, commodity, unit) VALUES (?, ?, ?, 1, ?, 0, ?, ?, ?)',
          [
            meterId,
            mapping.createMeters.participantId,
            title || null,
            made.direction,
            electric ? 1 : 0,
            made.commodity,
            made.unit,
          ],
        );
        meters.set(meterId, {
          id: meterId,
          commodity: made.commodity,
          unit: made.unit,
          direction: made.direction,
        });
        metersCreated.push(meterId);
        return meterId;
      };

      /** The zone of the file's local days: its LocalTimeParameters, else the mapping's or the workspace's timezone. */
      const dayZone = (): string => {
        if (zoneUsed) return zoneUsed.zone;
        const parameters = localTimes[0]?.fields;
        const fromFile = parameters ? zoneOfLocalTime(parameters) : null;
        zoneUsed = fromFile
          ? {
              zone: fromFile,
              from: `LocalTimeParameters (tzOffset ${parameters!.tzOffset}, dstOffset ${parameters!.dstOffset ?? 0})`,
            }
          : mapping.timezone
            ? { zone: mapping.timezone, from: 'the mapping' }
            : { zone: options.timezone ?? 'UTC', from: 'the workspace' };
        return zoneUsed.zone;
      };

      const store = async (reading: RawReading, into: Series) => {
        rowsRead++;
        into.readings++;
        if (rowsRead % 10_000 === 0)
          options.onProgress?.({ fileName, bytesRead: counter.bytesRead, rowsRead });
        if (into.refusal !== null) return;
        const where = `IntervalReading (column ${reading.column + 1})`;
        const before = errors.count;
        const value = reading.value ?? '';
        // Each number through the bounded parser's checks (shared/units.ts) before BigInt or Number sees it.
        const bounded = (column: string, text: string, pattern: RegExp, notNumber: string, rule: string) => {
          if (!pattern.test(text))
            errors.add(reading.line, column, shortValue(text), `${where} of ${into.key}: ${notNumber}`, rule);
          else errors.checkDecimal(reading.line, column, text, notNumber, `${where} of ${into.key}: `, rule);
        };
        bounded('value', value, DECIMAL, 'is not a number', 'bad-number');
        const startText = reading.start ?? '';
        const durationText = reading.duration ?? '';
        bounded('timePeriod/start', startText, DECIMAL, 'is not a time in epoch seconds', 'bad-time');
        if (INTEGER.test(durationText) && Number(durationText) <= 0)
          errors.add(
            reading.line,
            'timePeriod/duration',
            durationText,
            `${where} of ${into.key}: is not a duration in seconds`,
            'bad-time',
          );
        else
          bounded('timePeriod/duration', durationText, INTEGER, 'is not a duration in seconds', 'bad-time');
        const cost = reading.cost;
        if (cost !== undefined)
          bounded('cost', cost, INTEGER, 'is not a cost in 1/100,000 of the currency', 'bad-number');
        if (errors.count !== before) return;
        // Fractional epoch seconds are rounded to the nearest second (and counted).
        const [whole, fraction] = startText.split('.');
        let start = Number(whole);
        if (fraction && /[1-9]/.test(fraction)) {
          startsRounded++;
          if (Number(`0.${fraction}`) >= 0.5) start += start < 0 ? -1 : 1;
        }
        let duration = Number(durationText);
        const table = duration <= 3600 ? 'interval' : duration >= 82_800 ? 'summary' : null;
        if (table === 'summary' && duration <= 90_000) {
          // A day starting at local midnight lasts until the next one: 23 or 25 hours on DST days, even
          // where the file writes every day as 86400 seconds.
          const zone = dayZone();
          const local = DateTime.fromSeconds(start, { zone });
          if (local.isValid && local.startOf('day').toSeconds() === start) {
            const length = local.plus({ days: 1 }).startOf('day').toSeconds() - start;
            if (length !== duration) {
              daysResized++;
              duration = length;
            }
          }
        }
        if (table === null || (table === 'interval' && ![300, 900, 1800, 3600].includes(duration))) {
          errors.add(
            reading.line,
            'timePeriod/duration',
            durationText,
            `${where} of ${into.key}: ${duration} seconds is neither interval data (5, 15, 30 or 60 minutes) nor summary usage (a day or longer)`,
            'bad-interval',
          );
          return;
        }
        if (table === 'interval' && start % Math.min(duration, 900) !== 0) {
          errors.add(
            reading.line,
            'timePeriod/start',
            startText,
            `${where} of ${into.key}: must start on a ${duration / 60}-minute boundary`,
            'bad-time',
          );
          return;
        }
        // value × 10^multiplier in the unit, kept in thousandths (mWh for Wh): × 10^(multiplier + 3).
        let amount: bigint;
        let exponent = into.multiplier + 3;
        if (INTEGER.test(value)) amount = BigInt(value);
        else {
          const [intPart, fracPart = ''] = value.split('.');
          amount = BigInt(`${intPart}${fracPart}`);
          exponent -= fracPart.length;
          note(`${into.key}: values with decimals (e.g. "${value}") read exactly`);
        }
        const shifted = shiftExact(amount, exponent);
        if (shifted.rounded) valuesRounded++;
        if (
          shifted.result > BigInt(Number.MAX_SAFE_INTEGER) ||
          shifted.result < -BigInt(Number.MAX_SAFE_INTEGER)
        ) {
          errors.add(
            reading.line,
            'value',
            value,
            `${where} of ${into.key}: is too large to store`,
            'bad-number',
          );
          return;
        }
        if (INTEGER.test(value)) into.valueSum += amount;
        else into.decimalValueSum = into.decimalValueSum.plus(value);
        if (cost !== undefined) {
          into.costSum += BigInt(cost);
          into.costs++;
        }
        into.intervalSeconds.add(duration);
        const sink = table === 'interval' ? interval : summary;
        const full = sink.add({
          meterId: into.meterId!,
          startUtc: start,
          endUtc: start + duration,
          energyMilliWh: Number(shifted.result),
          isEstimated: reading.qualities.some((q) => ESTIMATED_QUALITIES.has(q)),
          line: reading.line,
          column: 'timePeriod/start',
          value: startText,
          fileCost: cost !== undefined ? Number(cost) : null,
          fileCurrency: cost !== undefined ? into.currency : null,
          quality: boundedInteger(reading.qualities[0]) ? Number(reading.qualities[0]) : null,
          tou: boundedInteger(reading.tou) ? Number(reading.tou) : null,
        });
        if (full) await sink.flush();
      };

      if (head.length === 0) errors.addFileError('the file is empty', 'empty');
      else if (!looksLikeXml(head))
        errors.addFileError('is not XML, so not a Green Button (ESPI) file', 'not-xml');
      let shape = { root: '', espi: false };
      if (errors.count === 0) {
        const { encoding, bomLength } = detectEncoding(head);
        const decode = decoder(encoding, bomLength);
        stream.on('error', (error) => decode.destroy(error));
        stream.pipe(transform).pipe(decode);
        try {
          shape = await readEspi(decode as AsyncIterable<string>, {
            onReadingType: (f) => readingTypes.set(f.key, { line: f.line, fields: f.fields }),
            onUsagePoint: (f) =>
              usagePoints.set(f.key, {
                title: f.title,
                ...(f.serviceKind !== undefined ? { serviceKind: f.serviceKind } : {}),
              }),
            onMeterReading: (key, type) => meterReadingTypes.set(key, type),
            onUsageSummary: (f) => summaries.push(f),
            onLocalTime: (f) => localTimes.push(f),
            onReading: async (reading) => {
              const into = await seriesOf(reading);
              if (into) await store(reading, into);
              else pending.push(reading); // its ReadingType comes later in the file
            },
          });
        } catch (error) {
          if (error instanceof InvalidTextError) errors.addTextError(error);
          else if (!(error instanceof EspiSyntaxError)) throw error;
          else errors.add(error.line, '(file)', '', error.message, 'xml');
        }
        const unreadable = errors.byRule.xml !== undefined || errors.byRule.encoding !== undefined;
        if (!unreadable && !shape.espi) {
          errors.addFileError(
            shape.root === 'feed'
              ? 'is an Atom feed without Green Button (ESPI) content: no UsagePoint, MeterReading, ReadingType or IntervalBlock'
              : `is XML but not Green Button (ESPI): its root element is <${shape.root}>`,
            'not-green-button',
          );
        }
        if (!unreadable) {
          if (mapping.readingType)
            readingTypes.set('mapping.readingType', {
              line: 0,
              fields: Object.fromEntries(Object.entries(mapping.readingType).map(([k, v]) => [k, String(v)])),
            });
          for (const reading of pending) {
            if (mapping.readingType && !meterReadingTypes.get(reading.series) && !reading.readingType)
              reading.readingType = 'mapping.readingType';
            const into = await seriesOf(reading);
            if (into) await store(reading, into);
            else {
              rowsRead++;
              errors.add(
                reading.line,
                'ReadingType',
                reading.series,
                `IntervalReading of ${reading.series}: no ReadingType says its unit and multiplier (give mapping.readingType for a bare document)`,
                'reading-type',
              );
            }
          }
        }
      }
      await interval.finish();
      await summary.finish();
      if (errors.count === 0 && rowsRead === 0 && shape.espi)
        errors.addFileError('has no IntervalReading to import', 'empty');
      options.onProgress?.({ fileName, bytesRead: counter.bytesRead, rowsRead });
      await refuseRepeatedFile(tx, counter.sha256(), importId);
      // A file that is not well formed, or not Green Button, stores nothing in either mode.
      if (['xml', 'not-xml', 'not-green-button', 'empty'].some((rule) => errors.byRule[rule]))
        refuseRejectedRows(errors, 'strict', 0);
      const stored = interval.stored + summary.stored;
      refuseRejectedRows(errors, mode, stored);

      if (zoneUsed)
        notes.push(
          `daily readings read in ${(zoneUsed as { zone: string; from: string }).zone} (from ${(zoneUsed as { zone: string; from: string }).from})${daysResized ? `; ${daysResized} day(s) starting at local midnight stored as long as the local day (23 or 25 hours on DST changes) instead of the stated duration` : ''}`,
        );
      const greenButton = await compareWithFile(tx, series, summaries, localTimes, notes, startsRounded);
      const figures = [...interval.meters.values(), ...summary.meters.values()];
      const report: ImportReportDto = {
        importId,
        fileName,
        status: options.dryRun ? 'dry-run' : 'stored',
        rowsStored: stored,
        readingsKept: interval.kept + summary.kept,
        readingsReplaced: interval.replaced + summary.replaced,
        metersCreated,
        meters: [...new Set(figures.map((m) => m.meterId))].sort().map((meterId) => {
          const mine = figures.filter((m) => m.meterId === meterId);
          const unit = meters.get(meterId)?.unit ?? 'Wh';
          const total = mine.reduce((sum, m) => sum + BigInt(m.totalMilliWh), 0n);
          return {
            meterId,
            readings: mine.reduce((sum, m) => sum + m.readings, 0),
            from: formatSeedUtc(Math.min(...mine.map((m) => m.firstStartUtc))),
            to: formatSeedUtc(Math.max(...mine.map((m) => m.lastEndUtc)) - 1),
            ...(unit === 'Wh'
              ? { totalKWh: scaledDecimal(total, 6) }
              : { total: scaledDecimal(total, 3), unit }),
          };
        }),
        greenButton,
        ...(options.dryRun
          ? {
              preview: previewOf(
                [...interval.firstRead, ...summary.firstRead].slice(0, 20),
                (id) => meters.get(id)?.unit ?? 'Wh',
              ),
            }
          : {}),
        message: `${fileName}: ${options.dryRun ? 'dry run, nothing stored: would store' : 'stored'} ${stored} Green Button reading(s) (${interval.stored} interval, ${summary.stored} daily or longer) for ${figures.length === 0 ? 0 : new Set(figures.map((m) => m.meterId)).size} meter(s)${valuesRounded ? `; ${valuesRounded} value(s) finer than the stored unit rounded half-even` : ''}${metersCreated.length ? `; meter(s) created: ${metersCreated.join(', ')}` : ''}${greenButton.usageSummaries.some((s) => s.differs) ? '; the file’s UsageSummary differs from the stored readings (see the report)' : ''}${errors.note('reading')}`,
        ...facts(),
      };
      if (options.dryRun) throw new DryRunFinished(report);
      await finishImport(tx, report);
      return report;
    });
  } catch (error) {
    return errors.failedImport(error, db, facts(), options.dryRun ? { dryRun: true } : {});
  }
}

/**
 * The per-series figures of the report, and each UsageSummary's stated totals
 * beside those of the stored readings of its usage point for the same billing
 * period (inside the import's transaction, so the readings just written count).
 */
async function compareWithFile(
  tx: WriteTransaction,
  series: Map<string, Series>,
  summaries: UsageSummaryFacts[],
  localTimes: { key: string; fields: Record<string, string> }[],
  notes: string[],
  startsRounded: number,
): Promise<GreenButtonReportDto> {
  const all = [...series.values()];
  const usageSummaries: GreenButtonReportDto['usageSummaries'] = [];
  for (const s of summaries) {
    const f = s.fields;
    const start = f['billingPeriod/start'];
    const duration = f['billingPeriod/duration'];
    const currency = f.currency !== undefined ? (CURRENCIES[f.currency] ?? `ISO-4217-${f.currency}`) : null;
    const uom = f['overallConsumptionLastPeriod/uom'];
    // The stated figures are compared, not stored: one out of the bounded parser's bounds (or a
    // multiplier beyond ±12, as for a ReadingType) is left out rather than read.
    const multiplierText = f['overallConsumptionLastPeriod/powerOfTenMultiplier'] ?? '0';
    const multiplier = boundedInteger(multiplierText) ? Number(multiplierText) : NaN;
    const statedValue = f['overallConsumptionLastPeriod/value'];
    const statedConsumption =
      boundedInteger(statedValue) && Number.isInteger(multiplier) && Math.abs(multiplier) <= 12
        ? shiftExact(BigInt(statedValue), multiplier + 3).result
        : null;
    const unit = uom !== undefined ? (UNITS[uom]?.unit ?? `uom ${uom}`) : 'Wh';
    const bill = boundedInteger(f.billLastPeriod) ? BigInt(f.billLastPeriod) : null;
    const candidates = all.filter(
      (x) =>
        x.usagePoint === s.usagePoint &&
        x.meterId !== null &&
        x.unit === unit &&
        x.direction === 'consumption',
    );
    let computed: { energy: bigint; cost: bigint; readings: number } | null = null;
    if (boundedInteger(start) && boundedInteger(duration) && candidates.length > 0) {
      const from = Number(start);
      const to = from + Number(duration);
      const ids = [...new Set(candidates.map((c) => c.meterId!))];
      const interval = candidates.some((c) => [...c.intervalSeconds].some((d) => d <= 3600));
      const [row] = await tx.all<{ energy: number | null; cost: number | null; n: number }>(
        `SELECT sum(energy_milliwh) AS energy, sum(file_cost) AS cost, count(*) AS n FROM ${interval ? 'readings' : 'summary_readings'}
         WHERE meter_id IN (${ids.map(() => '?').join(',')}) AND start_utc >= ? AND start_utc < ?`,
        [...ids, from, to],
      );
      computed = { energy: BigInt(row?.energy ?? 0), cost: BigInt(row?.cost ?? 0), readings: row?.n ?? 0 };
    }
    const thousandths = (v: bigint) =>
      unit === 'Wh' ? `${scaledDecimal(v, 6)} kWh` : `${scaledDecimal(v, 3)} ${unit}`;
    usageSummaries.push({
      summary: s.key,
      usagePoint: s.usagePoint,
      line: s.line,
      billingPeriod:
        boundedInteger(start) && boundedInteger(duration)
          ? { from: formatSeedUtc(Number(start)), to: formatSeedUtc(Number(start) + Number(duration) - 1) }
          : null,
      currency,
      statedConsumption: statedConsumption !== null ? thousandths(statedConsumption) : null,
      statedBill: bill !== null ? scaledDecimal(bill, 5) : null,
      statedBillToDate: boundedInteger(f.billToDate) ? scaledDecimal(BigInt(f.billToDate), 5) : null,
      computedConsumption: computed ? thousandths(computed.energy) : null,
      computedCost: computed ? scaledDecimal(computed.cost, 5) : null,
      computedFrom: computed
        ? `${computed.readings} stored reading(s) of ${[...new Set(candidates.map((c) => c.meterId))].join(', ')}`
        : 'no stored readings of this usage point in the same unit',
      consumptionDifference:
        computed && statedConsumption !== null ? thousandths(computed.energy - statedConsumption) : null,
      billDifference: computed && bill !== null ? scaledDecimal(computed.cost - bill, 5) : null,
      differs:
        computed !== null &&
        ((statedConsumption !== null && computed.energy !== statedConsumption) ||
          (bill !== null && computed.cost !== bill)),
      lineItems: s.lineItems,
      fields: f,
    });
  }
  for (const x of all)
    if (x.costs > 0 && x.currency === null)
      notes.push(`${x.key}: costs given without a currency in its ReadingType; stored without one`);
  if (startsRounded > 0)
    notes.push(`${startsRounded} start time(s) with fractional seconds rounded to the nearest second`);
  return {
    series: all.map((x) => ({
      series: x.key,
      usagePoint: x.usagePoint,
      readingType: x.readingType,
      meterId: x.meterId,
      commodity: x.commodity,
      unit: x.unit,
      direction: x.direction,
      powerOfTenMultiplier: x.multiplier,
      intervalSeconds: [...x.intervalSeconds].sort((a, b) => a - b),
      readings: x.readings,
      valueSum: `${new Dec(x.valueSum.toString()).plus(x.decimalValueSum).times(new Dec(10).pow(x.multiplier)).toFixed()} ${x.unit}`,
      costSum: x.costs > 0 ? scaledDecimal(x.costSum, 5) : null,
      costCurrency: x.currency,
      refused: x.refusal,
    })),
    usageSummaries,
    localTimeParameters: localTimes.map((t) => ({ key: t.key, ...t.fields })),
    notes,
  };
}
