/**
 * The layout of a readings file: the file opened (workbook or text, its header row, delimiter,
 * encoding and sample rows), the column mapping (what the caller gives, the rest detected from
 * the header and the samples) and which column of the header holds the meter, time, minutes,
 * energy and unit of each reading.
 */
import type { Readable, Transform } from 'node:stream';

import { ImportMapping, normaliseHeader, type ImportMappingInput } from '../../shared/import-mapping';
import type { EnergyUnit } from '../../shared/units';
import { ApiError } from '../errors';

import type { CsvRecord } from './csv-record';
import {
  detectFromSamples,
  detectMapping,
  textShape,
  unitFromHeader,
  type TextShape,
} from './layout-detection';
import type { RowErrors } from './row-errors';
import { decodedRecords } from './text-decoding';
import { xlsxRecords, XlsxUnreadable } from './xlsx-rows';

/** The first bytes read for detection (header row, delimiter, encoding, samples). */
export const PEEK_BYTES = 65_536;

/** A readings file opened, ready to be read record by record. */
export interface OpenedReadings {
  isXlsx: boolean;
  shape: TextShape;
  records: AsyncGenerator<CsvRecord[]>;
  /** A workbook is read by a worker thread, ended when the import is over however it ends. */
  xlsxRows: AsyncGenerator<CsvRecord> | null;
}

/**
 * The file opened: a workbook (its header found among its first rows, which are sampled and handed
 * on in front of the rest) or a text file (its encoding, delimiter, header row and samples).
 */
export async function openReadings(
  fileName: string,
  hints: Partial<ImportMappingInput>,
  head: Buffer,
  stream: Readable,
  transform: Transform,
  errors: RowErrors,
): Promise<OpenedReadings> {
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
  return { isXlsx, shape, records, xlsxRows };
}

/**
 * The mapping of a file: what the caller's leaves out detected from the header and the first rows;
 * what it says wins. One that cannot be completed is refused when the caller gave one; otherwise
 * the header is reported and the canonical columns stand in.
 */
export async function mappingOf(
  fileName: string,
  given: Partial<ImportMappingInput> | Record<string, unknown> | undefined,
  hints: Partial<ImportMappingInput>,
  head: Buffer,
  shape: TextShape,
  errors: RowErrors,
  xlsxRows: AsyncGenerator<CsvRecord> | null,
): Promise<ImportMapping> {
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
    if (given) {
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
  return parsedMapping.success
    ? parsedMapping.data
    : ImportMapping.parse({
        timeColumn: 'interval_start',
        energyColumn: 'energy_kwh',
        meterColumn: 'meter_id',
      });
}

export interface ResolvedColumns {
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

export function resolveColumns(
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
export function cellOf(fields: string[], index: number | null): string {
  return index === null ? '' : (fields[index] ?? '');
}

export function normaliseNumber(text: string, decimal: '.' | ',', thousands: string): string {
  let value = text.trim();
  if (thousands !== '') value = value.split(thousands).join('');
  if (decimal === ',') value = value.replace(',', '.');
  return value;
}
