/**
 * Readings from tabular text files: the canonical CSV
 * (`meter_id,interval_start,interval_minutes,energy_kwh`, times with offsets)
 * and any "long" layout (one reading per row, columns named by a mapping,
 * detected from the header when none is given).
 *
 * Streamed and exact: bytes are decoded (UTF-8, UTF-16, Windows-1252),
 * parsed, and each value goes from text to integer mWh through Decimal. Rows
 * go through the ReadingsSink inside ONE transaction. Strict (default): any
 * rejected row rolls the whole file back. Partial: valid rows land, rejected
 * ones are listed with the import. The same bytes imported again are
 * reported as already imported and store nothing. A dry run checks
 * everything and stores nothing.
 */
import type { Readable } from 'node:stream';

import { DateTime } from 'luxon';

import type { ImportProgress, ImportReportDto } from '../../shared/contract';
import { ImportMapping, normaliseHeader, type ImportMappingInput } from '../../shared/import-mapping';
import { formatSeedUtc } from '../../shared/time';
import { milliWhToKwh, parseEnergy, shortValue, type EnergyUnit } from '../../shared/units';
import { ApiError } from '../errors';
import type { Database } from '../store/database';
import { beginImport, finishImport, importFileNames } from '../store/imports-repository';

import type { CsvRecord } from './csv-record';
import { countingHasher, peekBytes } from './csv-source';
import {
  detectFromSamples,
  detectMapping,
  textShape,
  unitFromCell,
  unitFromHeader,
  type TextShape,
} from './layout-detection';
import { FoldResolver, instantWithOffset, readTime, type TimeReading } from './local-time';
import { previewOf, ReadingsSink, type ConflictRule } from './readings-sink';
import { DryRunFinished, refuseRejectedRows, refuseRepeatedFile, RowErrors } from './row-errors';
import { decodedRecords } from './text-decoding';
import { excelSerialText, xlsxRecords, XlsxUnreadable } from './xlsx-rows';

const allowedMinutes = new Set([5, 15, 30, 60]);
const PROGRESS_EVERY_ROWS = 10_000;
/** The first bytes read for detection (header row, delimiter, encoding, samples). */
const PEEK_BYTES = 65_536;

export interface ImportOptions {
  fileName: string;
  source: Readable;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ReadingsImportOptions extends ImportOptions {
  mode?: 'strict' | 'partial';
  onConflict?: ConflictRule;
  dryRun?: boolean;
  /** Some or all of a column mapping; what it leaves out is detected from the header. */
  mapping?: Partial<ImportMappingInput> | Record<string, unknown>;
  /** Workspace timezone, for times without an offset when the mapping names none. */
  timezone: string;
}

interface ResolvedColumns {
  meter: number | null;
  time: number;
  /** The date's column when date and time of day are apart. */
  date: number | null;
  minutes: number | null;
  energy: number;
  /** The file's unit, or null when a unit column names each row's. */
  unit: EnergyUnit | null;
  unitColumn: number | null;
}

function resolveColumns(
  header: string[],
  mapping: ImportMapping,
  errors: RowErrors,
  line: number,
): ResolvedColumns | null {
  const names = header.map(normaliseHeader);
  const index = (column: string | undefined) =>
    column === undefined ? -1 : names.indexOf(normaliseHeader(column));
  const missing: string[] = [];
  const time = index(mapping.timeColumn);
  if (time < 0) missing.push(`${mapping.timeColumn} (time)`);
  const energy = index(mapping.energyColumn);
  if (energy < 0) missing.push(`${mapping.energyColumn} (energy)`);
  const meter = mapping.meterColumn ? index(mapping.meterColumn) : null;
  if (meter !== null && meter < 0) missing.push(`${mapping.meterColumn} (meter)`);
  if (meter === null && !mapping.meterId)
    missing.push('a meter column (or a meterId for a file of one meter)');
  const minutes = mapping.minutesColumn ? index(mapping.minutesColumn) : null;
  if (minutes !== null && minutes < 0) missing.push(`${mapping.minutesColumn} (minutes)`);
  const date = mapping.dateColumn ? index(mapping.dateColumn) : null;
  if (date !== null && date < 0) missing.push(`${mapping.dateColumn} (date)`);
  const unitColumn = mapping.unitColumn && !mapping.unit ? index(mapping.unitColumn) : null;
  if (unitColumn !== null && unitColumn < 0) missing.push(`${mapping.unitColumn} (unit)`);
  const unit = mapping.unit ?? (energy >= 0 ? unitFromHeader(header[energy]!) : null);
  if (missing.length > 0) {
    errors.add(line, '(header)', header.join(','), `is missing column(s) ${missing.join(', ')}`, 'header');
    return null;
  }
  if (!unit && unitColumn === null) {
    errors.add(
      line,
      header[energy]!,
      header[energy]!,
      'does not say its unit: name it in the mapping (unit Wh, kWh or MWh, or a unitColumn)',
      'header',
    );
    return null;
  }
  return { meter, time, date, minutes, energy, unit: unit ?? null, unitColumn };
}

/** A record's field, '' when the column is absent or the row is short. */
function cellOf(fields: string[], index: number | null): string {
  return index === null ? '' : (fields[index] ?? '');
}

function normaliseNumber(text: string, decimal: '.' | ',', thousands: string): string {
  let value = text.trim();
  if (thousands !== '') value = value.split(thousands).join('');
  if (decimal === ',') value = value.replace(',', '.');
  return value;
}

export async function importReadingsCsv(
  db: Database,
  options: ReadingsImportOptions,
): Promise<ImportReportDto> {
  const { fileName } = options;
  const mode = options.mode ?? 'strict';
  const onConflict = options.onConflict ?? 'reject';
  const errors = new RowErrors(fileName);
  const { transform, counter } = countingHasher();
  const { head, stream } = await peekBytes(options.source, PEEK_BYTES);
  const hints = (options.mapping ?? {}) as Partial<ImportMappingInput>;
  // A zip; or, named .xlsx, binary (a NUL byte): a damaged or encrypted workbook, refused as one.
  const isXlsx =
    head.length >= 4 &&
    (head.readUInt32BE(0) === 0x504b0304 || (/\.xlsx$/i.test(fileName) && head.includes(0)));
  let shape: TextShape;
  let records: AsyncGenerator<CsvRecord[]>;
  // A workbook is read by a worker thread, ended when the import is over however it ends.
  let xlsxRows: AsyncGenerator<CsvRecord> | null = null;
  if (isXlsx) {
    // The first rows are read now, to find the header (a sheet may have a preamble above its table)
    // and sample the values; then they are handed on in front of the rest. A workbook that cannot
    // be read is refused (XlsxUnreadable, invalid input) before the import's transaction begins.
    const rows = xlsxRecords(stream, transform, hints.sheet ?? 1, { fileName });
    xlsxRows = rows;
    const firstRows: CsvRecord[] = [];
    let unreadable: string | null = null;
    let exhausted = false;
    try {
      while (firstRows.length < 250) {
        const next = await rows.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        firstRows.push(next.value);
      }
    } catch (error) {
      if (error instanceof XlsxUnreadable) throw error;
      unreadable = (error as Error).message;
    }
    const headerAt = hints.headerRow
      ? Math.max(
          0,
          firstRows.findIndex((row) => row.line === hints.headerRow),
        )
      : Math.max(
          0,
          firstRows.findIndex((row, i) => i < 50 && detectMapping(row.fields) !== null),
        );
    const headerRecord = firstRows[headerAt];
    shape = {
      encoding: 'utf-8',
      bomLength: 0,
      delimiter: ',',
      header: headerRecord?.fields ?? [],
      headerLine: headerRecord?.line ?? 1,
      samples: firstRows.slice(headerAt + 1, headerAt + 201).map((row) => row.fields),
      binary: false,
    };
    if (unreadable) errors.addFileError(`is not a readable XLSX workbook: ${unreadable}`, 'xlsx');
    else if (!headerRecord)
      errors.addFileError(`the sheet ${String(hints.sheet ?? 1)} is empty or missing`, 'empty');
    records = (async function* () {
      if (firstRows.length > 0) yield firstRows;
      if (unreadable || exhausted) return;
      for await (const row of rows) yield [row];
    })();
  } else {
    shape = textShape(
      head,
      {
        ...(hints.encoding ? { encoding: hints.encoding } : {}),
        ...(hints.delimiter ? { delimiter: hints.delimiter } : {}),
        ...(hints.headerRow ? { headerRow: hints.headerRow } : {}),
      },
      head.length < PEEK_BYTES,
    );
    if (head.length === 0) errors.addFileError('the file is empty', 'empty');
    else if (shape.binary)
      errors.addFileError(`is not a text file (binary data; read as ${shape.encoding})`, 'binary');
    records = decodedRecords(stream, transform, shape);
  }
  // What the mapping leaves out is detected from the header and the first rows; what it says wins.
  const fromHeader = { ...(detectMapping(shape.header) ?? {}), ...hints };
  const fromSamples = detectFromSamples(shape.header, fromHeader, shape.samples);
  const merged = {
    ...fromHeader,
    ...fromSamples.mapping,
    ...(shape.headerLine > 1 ? { headerRow: shape.headerLine } : {}),
    ...hints,
  };
  if (fromSamples.ambiguity && !hints.timeFormat)
    errors.add(shape.headerLine + 1, merged.timeColumn ?? '(time)', '', fromSamples.ambiguity, 'time-format');
  const parsedMapping = ImportMapping.safeParse(merged);
  if (!parsedMapping.success && head.length > 0 && !shape.binary && shape.header.length > 0) {
    if (options.mapping) {
      await xlsxRows?.return(undefined);
      throw new ApiError(
        'invalid_input',
        `${fileName}: the mapping is not complete or not valid: ${parsedMapping.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
        Object.fromEntries(
          parsedMapping.error.issues.map((i) => [`mapping.${i.path.join('.')}`, [i.message]]),
        ),
      );
    }
    errors.add(
      1,
      '(header)',
      shape.header.join(shape.delimiter),
      'has no recognisable time and energy columns: a mapping must name them',
      'header',
    );
  }
  const mapping = parsedMapping.success
    ? parsedMapping.data
    : ImportMapping.parse({
        timeColumn: 'interval_start',
        energyColumn: 'energy_kwh',
        meterColumn: 'meter_id',
      });
  const timezone = mapping.timezone ?? options.timezone;
  const canonical = mapping.layout === 'canonical';
  let rowsRead = 0;
  let valuesRounded = 0;
  const folds = new FoldResolver();
  const dstNotes: string[] = [];
  let sink: ReadingsSink | null = null;
  const metersCreated: string[] = [];

  const facts = () => ({
    kind: 'readings' as const,
    sha256: counter.sha256(),
    rowsRead,
    valuesRounded,
    sizeBytes: counter.bytesRead,
    mode,
    onConflict,
    mapping,
    timezone,
    encoding: isXlsx ? 'xlsx' : shape.encoding,
    dstFoldsResolved: folds.resolved,
    dstNotes: dstNotes.slice(0, 50),
    ...errors.facts,
  });

  try {
    return await db.write(async (tx) => {
      const importId = await beginImport(tx, 'readings', fileName);
      sink = new ReadingsSink(tx, importId, onConflict, errors, await importFileNames(tx));
      const meters = new Set((await tx.all<{ id: string }>('SELECT id FROM meters')).map((m) => m.id));
      if (mapping.createMeters) {
        const owner = await tx.all<{ role: string }>('SELECT role FROM participants WHERE id = ?', [
          mapping.createMeters.participantId,
        ]);
        if (!owner[0])
          throw new ApiError(
            'invalid_input',
            `${fileName}: mapping.createMeters names unknown participant "${mapping.createMeters.participantId}"`,
            { 'mapping.createMeters.participantId': ['is not a participant of this workspace'] },
          );
        if (owner[0].role === 'consumer' && mapping.createMeters.direction === 'generation') {
          throw new ApiError('invalid_input', `${fileName}: generation meters belong to prosumers`, {
            'mapping.createMeters.direction': ['generation meters belong to prosumers'],
          });
        }
      }
      let columns: ResolvedColumns | null = null;
      let header: string[] = [];

      const parseValue = (line: number, column: string, text: string, unit: EnergyUnit): number | null => {
        try {
          const parsed = parseEnergy(
            normaliseNumber(text, mapping.decimalSeparator, mapping.thousandsSeparator),
            unit,
          );
          if (parsed.wasRounded) valuesRounded++;
          return parsed.milliWh;
        } catch (error) {
          errors.add(
            line,
            column,
            shortValue(text.trim()),
            (error as Error).message.replace(/^".*?" /, ''),
            'bad-number',
          );
          return null;
        }
      };

      // Wide: one row per meter and local day; interval j starts j intervals after the day's start,
      // so a 23-hour day has fewer values and a 25-hour day one more (spec §2).
      const wideRow = async (
        line: number,
        fields: string[],
        meterId: string,
        timeColumn: string,
        timeText: string,
        unit: EnergyUnit,
        before: number,
      ) => {
        const day = mapping.timeFormat
          ? DateTime.fromFormat(timeText.trim(), mapping.timeFormat, { zone: timezone })
          : DateTime.fromISO(timeText.trim().slice(0, 10), { zone: timezone });
        if (!day.isValid) {
          errors.add(
            line,
            timeColumn,
            timeText,
            mapping.timeFormat
              ? `does not match the date format ${mapping.timeFormat}`
              : 'is not a date (YYYY-MM-DD, or name the format)',
            'bad-time',
          );
          return;
        }
        const start = day.startOf('day');
        const dayStart = start.toSeconds();
        const dayEnd = start.plus({ days: 1 }).startOf('day').toSeconds();
        const valueColumns = header.length - columns!.energy;
        const perDay =
          mapping.intervalsPerDay ??
          [24, 48, 96].find((n) => valueColumns >= n && valueColumns <= n + n / 24) ??
          24;
        const minutes = 1440 / perDay;
        const count = (dayEnd - dayStart) / (minutes * 60);
        const records = [];
        for (let j = 0; j < valueColumns; j++) {
          const column = header[columns!.energy + j]!;
          const text = (fields[columns!.energy + j] ?? '').trim();
          if (j >= count) {
            if (text !== '')
              errors.add(
                line,
                column,
                text,
                `is past the end of ${start.toISODate()}, which has ${count} intervals of ${minutes} minutes in ${timezone}`,
                'dst-extra-value',
              );
            continue;
          }
          if (text === '') {
            errors.add(
              line,
              column,
              text,
              `is empty: ${start.toISODate()} has ${count} intervals of ${minutes} minutes in ${timezone}`,
              'missing-value',
            );
            continue;
          }
          const energy = parseValue(line, column, text, unit);
          if (energy !== null)
            records.push({
              meterId,
              startUtc: dayStart + j * minutes * 60,
              endUtc: dayStart + (j + 1) * minutes * 60,
              energyMilliWh: energy,
              isEstimated: false,
              line,
              column: timeColumn,
              value: `${timeText} ${column}`,
            });
        }
        if (count > valueColumns)
          errors.add(
            line,
            '(row)',
            timeText,
            `${start.toISODate()} has ${count} intervals of ${minutes} minutes in ${timezone} but the row has ${valueColumns} value columns`,
            'dst-missing-column',
          );
        if (errors.count !== before) return;
        for (const reading of records) if (sink!.add(reading)) await sink!.flush();
      };

      // Cumulative registers: each read closes the interval since the meter's previous read.
      const lastRead = new Map<string, { utc: number; register: number; line: number }>();
      const cumulativeRow = async (
        line: number,
        meterId: string,
        timeColumn: string,
        timeText: string,
        registerColumn: string,
        registerText: string,
        unit: EnergyUnit,
        before: number,
      ) => {
        const reading = readTime(timeText, timezone, mapping.timeFormat);
        let stamp: number | null = null;
        if (reading.kind === 'instant') stamp = reading.utc;
        else if (reading.kind === 'ambiguous') stamp = folds.resolve(meterId, reading);
        else
          errors.add(
            line,
            timeColumn,
            timeText,
            reading.kind === 'gap'
              ? `does not exist in ${timezone} (the clocks skip it when summer time starts)`
              : reading.reason,
            reading.kind === 'gap' ? 'dst-gap' : 'bad-time',
          );
        const register = parseValue(line, registerColumn, registerText, unit);
        if (stamp === null || register === null || errors.count !== before) return;
        const previous = lastRead.get(meterId);
        lastRead.set(meterId, { utc: stamp, register, line });
        if (!previous) return; // the meter's first read is the baseline of the next interval
        const minutes = (stamp - previous.utc) / 60;
        if (!allowedMinutes.has(minutes)) {
          errors.add(
            line,
            timeColumn,
            timeText,
            `is ${minutes} minutes after the previous read of ${meterId} (line ${previous.line}); reads must be 5, 15, 30 or 60 minutes apart`,
            'register-interval',
          );
          return;
        }
        let energy = register - previous.register;
        const rollover = mapping.rolloverAt ? parseEnergy(mapping.rolloverAt, unit).milliWh : null;
        if (energy < 0) {
          if (rollover !== null && previous.register > rollover / 2 && register < rollover / 2) {
            energy = rollover - previous.register + register;
            if (dstNotes.length < 50)
              dstNotes.push(
                `line ${line}: register of ${meterId} rolled over at ${mapping.rolloverAt}; counted ${milliWhToKwh(energy)} kWh`,
              );
          } else {
            errors.add(
              line,
              registerColumn,
              registerText,
              `is lower than the previous read of ${meterId} (line ${previous.line}): the register was reset or the meter replaced; the interval is not stored`,
              'register-reset',
            );
            return;
          }
        }
        const full = sink!.add({
          meterId,
          startUtc: previous.utc,
          endUtc: stamp,
          energyMilliWh: energy,
          isEstimated: false,
          line,
          column: timeColumn,
          value: timeText,
        });
        if (full) await sink!.flush();
      };

      if (errors.count === 0) {
        try {
          rows: for await (const batch of records) {
            for (const record of batch) {
              if (!columns) {
                if (record.line < (mapping.headerRow ?? 1)) continue; // the export's preamble
                header = record.fields;
                columns = resolveColumns(header, mapping, errors, record.line);
                if (!columns) break rows;
                continue;
              }
              rowsRead++;
              const fields = record.fields;
              const before: number = errors.count;
              if (record.fields.length < header.length) {
                errors.add(
                  record.line,
                  '(row)',
                  record.fields.join(shape.delimiter),
                  `has ${record.fields.length} field(s) where the header has ${header.length}`,
                  'ragged',
                );
                continue;
              }
              const sourceMeter = columns.meter === null ? mapping.meterId! : cellOf(fields, columns.meter);
              const meterId = mapping.meterMap[sourceMeter] ?? sourceMeter;
              if (
                !meters.has(meterId) &&
                mapping.createMeters &&
                /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(meterId)
              ) {
                // Created in this import's transaction: if the file is rejected, the meter goes with it.
                await tx.run(
                  'INSERT INTO meters (id, participant_id, meter_type, direction, is_virtual, settles) VALUES (?, ?, ?, ?, 0, 1)',
                  [
                    meterId,
                    mapping.createMeters.participantId,
                    mapping.createMeters.meterType,
                    mapping.createMeters.direction,
                  ],
                );
                meters.add(meterId);
                metersCreated.push(meterId);
              }
              if (!meters.has(meterId)) {
                errors.add(
                  record.line,
                  columns.meter === null ? 'meterId' : header[columns.meter]!,
                  sourceMeter,
                  sourceMeter === '' ? 'is empty' : 'is not a meter of this workspace',
                  'unknown-meter',
                );
              }
              const timeColumn = header[columns.time]!;
              // An XLSX time cell without a date format arrives as its serial number (days since 1899-12-30).
              const rawTime = cellOf(fields, columns.time);
              const cellTime =
                isXlsx && /^\d{4,6}(\.\d+)?$/.test(rawTime) ? excelSerialText(Number(rawTime)) : rawTime;
              const timeText =
                columns.date === null ? cellTime : `${cellOf(fields, columns.date)} ${cellTime}`;
              let unit = columns.unit;
              if (unit === null) {
                const unitText = cellOf(fields, columns.unitColumn);
                unit = unitFromCell(unitText);
                if (!unit) {
                  errors.add(
                    record.line,
                    header[columns.unitColumn!]!,
                    unitText,
                    'is not a unit of energy (Wh, kWh or MWh)',
                    'bad-unit',
                  );
                  continue;
                }
              }
              if (mapping.layout === 'wide') {
                await wideRow(record.line, record.fields, meterId, timeColumn, timeText, unit, before);
                continue;
              }
              if (mapping.layout === 'cumulative') {
                await cumulativeRow(
                  record.line,
                  meterId,
                  timeColumn,
                  timeText,
                  header[columns.energy]!,
                  cellOf(fields, columns.energy),
                  unit,
                  before,
                );
                continue;
              }
              let minutes: number = mapping.intervalMinutes ?? 60;
              if (columns.minutes !== null) {
                const text = cellOf(fields, columns.minutes);
                minutes = /^\d+$/.test(text) ? Number(text) : NaN;
                if (!allowedMinutes.has(minutes))
                  errors.add(
                    record.line,
                    header[columns.minutes]!,
                    text,
                    'must be 5, 15, 30 or 60',
                    'bad-minutes',
                  );
              }
              let stamp: number | null = null;
              // Canonical times carry their offset: read those straight away, anything else through luxon.
              const fastStamp = canonical && !mapping.timeFormat ? instantWithOffset(timeText) : null;
              const reading: TimeReading =
                fastStamp !== null
                  ? { kind: 'instant', utc: fastStamp }
                  : readTime(timeText, timezone, mapping.timeFormat);
              if (canonical && reading.kind !== 'instant') {
                errors.add(
                  record.line,
                  timeColumn,
                  timeText,
                  'must be an ISO 8601 time with its UTC offset, e.g. 2022-01-01T00:00:00+07:00',
                  'bad-time',
                );
              } else if (canonical && fastStamp === null && !/(Z|[+-]\d{2}:?\d{2})$/i.test(timeText.trim())) {
                errors.add(
                  record.line,
                  timeColumn,
                  timeText,
                  'must be an ISO 8601 time with its UTC offset, e.g. 2022-01-01T00:00:00+07:00',
                  'bad-time',
                );
              } else if (reading.kind === 'instant') {
                stamp = reading.utc;
              } else if (reading.kind === 'ambiguous') {
                stamp = folds.resolve(meterId, reading);
                if (stamp === null)
                  errors.add(
                    record.line,
                    timeColumn,
                    timeText,
                    `occurs more than twice for meter ${meterId} in ${timezone}'s repeated hour; the file's order cannot resolve it`,
                    'dst-fold',
                  );
                else if (dstNotes.length < 50)
                  dstNotes.push(
                    `line ${record.line}: ${timeText} (${timezone}) is in the repeated hour; read as ${formatSeedUtc(stamp)} UTC by its order in the file`,
                  );
              } else if (reading.kind === 'gap') {
                errors.add(
                  record.line,
                  timeColumn,
                  timeText,
                  `does not exist in ${timezone} (the clocks skip it when summer time starts)`,
                  'dst-gap',
                );
              } else {
                errors.add(record.line, timeColumn, timeText, reading.reason, 'bad-time');
              }
              let startUtc = 0;
              if (stamp !== null && allowedMinutes.has(minutes)) {
                startUtc = mapping.timestamp === 'end' ? stamp - minutes * 60 : stamp;
                // Aligned in UTC to the interval, or to 15 minutes for hours of markets whose offset is not whole (+05:30, +05:45).
                if (startUtc % (Math.min(minutes, 15) * 60) !== 0) {
                  errors.add(
                    record.line,
                    timeColumn,
                    timeText,
                    `must start on a ${minutes}-minute boundary`,
                    'bad-time',
                  );
                }
              }
              const energyText = cellOf(fields, columns.energy);
              let energy = 0;
              try {
                const parsed = parseEnergy(
                  normaliseNumber(energyText, mapping.decimalSeparator, mapping.thousandsSeparator),
                  unit,
                );
                energy = parsed.milliWh;
                if (parsed.wasRounded) valuesRounded++;
              } catch (error) {
                errors.add(
                  record.line,
                  header[columns.energy]!,
                  shortValue(energyText.trim()),
                  (error as Error).message.replace(/^".*?" /, ''),
                  'bad-number',
                );
              }
              if (errors.count === before && stamp !== null) {
                const full = sink.add({
                  meterId,
                  startUtc,
                  endUtc: startUtc + minutes * 60,
                  energyMilliWh: energy,
                  isEstimated: false,
                  line: record.line,
                  column: timeColumn,
                  value: timeText,
                });
                if (full) await sink.flush();
              }
              if (rowsRead % PROGRESS_EVERY_ROWS === 0)
                options.onProgress?.({ fileName, bytesRead: counter.bytesRead, rowsRead });
            }
          }
        } catch (error) {
          errors.addCsvError(error);
        }
      }
      await sink.finish();
      if (errors.count === 0 && !columns) errors.add(1, '(header)', '', 'the file has no header', 'empty');
      if (errors.count === 0 && rowsRead === 0)
        errors.add(2, '(rows)', '', 'the file has a header but no readings', 'empty');
      options.onProgress?.({ fileName, bytesRead: counter.bytesRead, rowsRead });
      // The same bytes as an earlier stored import: say so, whatever else the rows would say.
      const sha256 = counter.sha256();
      await refuseRepeatedFile(tx, sha256, importId);
      refuseRejectedRows(errors, mode, sink.stored);

      const meterFigures = [...sink.meters.values()]
        .sort((a, b) => (a.meterId < b.meterId ? -1 : 1))
        .map((m) => ({
          meterId: m.meterId,
          readings: m.readings,
          from: formatSeedUtc(m.firstStartUtc),
          to: formatSeedUtc(m.lastEndUtc - 1),
          totalKWh: milliWhToKwh(m.totalMilliWh),
        }));
      const report: ImportReportDto = {
        importId,
        fileName,
        status: options.dryRun ? 'dry-run' : 'stored',
        rowsStored: sink.stored,
        readingsKept: sink.kept,
        metersCreated,
        readingsReplaced: sink.replaced,
        meters: meterFigures,
        ...(options.dryRun ? { preview: previewOf(sink.firstRead) } : {}),
        message: `${fileName}: ${options.dryRun ? 'dry run, nothing stored: would store' : 'stored'} ${sink.stored} readings for ${sink.meters.size} meter(s)${valuesRounded ? `; ${valuesRounded} value(s) finer than 1 mWh rounded half-even` : ''}${sink.replaced ? `; ${sink.replaced} stored reading(s) superseded` : ''}${sink.kept ? `; ${sink.kept} kept as stored` : ''}${folds.resolved ? `; ${folds.resolved} time(s) in a repeated DST hour resolved by order` : ''}${errors.note('row')}`,
        ...facts(),
      };
      if (options.dryRun) throw new DryRunFinished(report);
      await finishImport(tx, report);
      return report;
    });
  } catch (error) {
    return errors.failedImport(error, db, facts(), options.dryRun ? { dryRun: true } : {});
  } finally {
    await xlsxRows?.return(undefined);
  }
}
