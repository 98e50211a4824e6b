/**
 * Reading the shape of a tabular utility export before importing it: the
 * encoding, delimiter and header row (portals often put an account preamble
 * above the table), the columns (by their header names), and from the first
 * rows what the header cannot say: a date and a time in separate columns, the
 * time format (month/day or day/month is refused as ambiguous rather than
 * guessed), a column naming each row's unit, or a wide table of interval
 * columns. What is detected is shown by `--dry-run` and can be saved as a
 * profile; what a mapping says always wins.
 */
import { DateTime } from 'luxon';

import { normaliseHeader, type ImportMappingInput } from '../../shared/import-mapping';
import type { EnergyUnit } from '../../shared/units';

import { readTime } from './local-time';
import { detectDelimiter, detectEncoding, looksBinary, type Delimiter, type Encoding } from './text-decoding';

export const unitFromHeader = (header: string): EnergyUnit | null => {
  const text = header.toLowerCase();
  if (/(^|[^a-z])mwh([^a-z]|$)|energy_mwh/.test(text)) return 'MWh';
  if (/(^|[^a-z])kwh([^a-z]|$)|energy_kwh/.test(text)) return 'kWh';
  if (/(^|[^a-z])wh([^a-z]|$)|energy_wh/.test(text)) return 'Wh';
  return null;
};

/** A unit written in a cell (`kWh`, `Wh`, `MWh`, any case), or null. */
export function unitFromCell(text: string): EnergyUnit | null {
  const unit = text.trim().toLowerCase();
  return unit === 'kwh' ? 'kWh' : unit === 'wh' ? 'Wh' : unit === 'mwh' ? 'MWh' : null;
}

const METER_NAMES = [
  'meterid',
  'meter',
  'meternumber',
  'meterno',
  'device',
  'deviceid',
  'channel',
  'channelid',
  'servicepoint',
  'mpan',
  'esiid',
  'nmi',
  'serialnumber',
];
const DATE_NAMES = ['date', 'day', 'readdate', 'readingdate', 'usagedate', 'intervaldate', 'startdate'];
const UNIT_NAMES = ['unit', 'units', 'uom', 'unitofmeasure', 'unitofmeasurement'];
const START_NAMES = [
  'intervalstart',
  'start',
  'starttime',
  'startdate',
  'timestamp',
  'datetime',
  'date/time',
  'time',
  'readingtime',
  'intervalbegin',
  'from',
];
const END_NAMES = ['intervalend', 'end', 'endtime', 'enddate', 'to', 'readingend'];
const MINUTE_NAMES = [
  'intervalminutes',
  'minutes',
  'duration',
  'durationminutes',
  'intervallength',
  'interval',
];
const ENERGY_NAMES = [
  'energykwh',
  'energywh',
  'energymwh',
  'kwh',
  'wh',
  'mwh',
  'energy',
  'value',
  'usage',
  'consumption',
  'reading',
  'quantity',
  'energy(kwh)',
  'usage(kwh)',
  'consumption(kwh)',
];

function detectLong(header: string[]): ImportMappingInput | null {
  const names = header.map(normaliseHeader);
  const find = (candidates: string[]) => {
    for (const candidate of candidates) {
      const index = names.indexOf(candidate);
      if (index >= 0) return header[index]!;
    }
    return undefined;
  };
  const canonical = ['meter_id', 'interval_start', 'interval_minutes'].every((n) =>
    header.map((h) => h.trim().toLowerCase()).includes(n),
  );
  const energy = find(ENERGY_NAMES) ?? header.find((h) => unitFromHeader(h) !== null);
  const start = find(START_NAMES);
  const end = start ? undefined : find(END_NAMES);
  if (!energy || (!start && !end)) return null;
  return {
    layout: canonical ? 'canonical' : 'long',
    ...(find(METER_NAMES) ? { meterColumn: find(METER_NAMES)! } : {}),
    timeColumn: (start ?? end)!,
    timestamp: start ? 'start' : 'end',
    ...(find(MINUTE_NAMES) ? { minutesColumn: find(MINUTE_NAMES)! } : {}),
    energyColumn: energy,
    ...(unitFromHeader(energy) ? { unit: unitFromHeader(energy)! } : {}),
  };
}

/** Interval column names of a wide table: H01, HE1, Hour 1, Interval 96, 00:15, 0:00-0:15, 1 … */
const INTERVAL_NAME =
  /^(?:(?:h|he|hr|hour|int|interval|i|p|period|kwh|value|v)\s*[_-]?\s*\d{1,3}|\d{1,3}|\d{1,2}:\d{2}(?:\s*-\s*\d{1,2}:\d{2})?)$/i;

/** A wide table: a date column, then 24, 48 or 96 (up to one hour more) interval columns to the end of the row. */
function detectWide(header: string[]): ImportMappingInput | null {
  const names = header.map(normaliseHeader);
  const date = names.findIndex((name) => DATE_NAMES.includes(name));
  if (date < 0) return null;
  let first = header.length;
  while (first > date + 1 && INTERVAL_NAME.test(header[first - 1]!.trim())) first--;
  const count = header.length - first;
  const perDay = ([24, 48, 96] as const).find((n) => count >= n - n / 24 && count <= n + n / 24);
  if (!perDay) return null;
  const meter = names.findIndex((name, i) => i < first && METER_NAMES.includes(name));
  const unitHeader = header.slice(first).find((h) => unitFromHeader(h));
  return {
    layout: 'wide',
    ...(meter >= 0 ? { meterColumn: header[meter]! } : {}),
    timeColumn: header[date]!,
    energyColumn: header[first]!,
    intervalsPerDay: perDay,
    ...(unitHeader ? { unit: unitFromHeader(unitHeader)! } : {}),
  };
}

export interface TextShape {
  encoding: Encoding;
  bomLength: number;
  delimiter: Delimiter;
  header: string[];
  /** 1-based line of the header: lines above it are the export's preamble. */
  headerLine: number;
  /** Records after the header in the first bytes of the file, for detection. */
  samples: string[][];
  binary: boolean;
}

/** Splits one line of delimited text (quotes honoured, no line breaks inside fields): enough for detection. */
export function splitLine(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === delimiter) {
      fields.push(field.trim());
      field = '';
    } else field += c;
  }
  fields.push(field.trim());
  return fields;
}

/**
 * The encoding, delimiter, header row and first records of a text file's
 * first bytes. The header is the first of the first 50 lines that names a
 * time and an energy column (or a wide table); line 1 when none does.
 */
export function textShape(
  head: Buffer,
  mapping?: { encoding?: Encoding; delimiter?: Delimiter; headerRow?: number },
  complete = false,
): TextShape {
  const detected = detectEncoding(head);
  const encoding = mapping?.encoding ?? detected.encoding;
  const bomLength = mapping?.encoding && mapping.encoding !== detected.encoding ? 0 : detected.bomLength;
  const text = new TextDecoder(encoding).decode(head.subarray(bomLength));
  const lines = text.split(/\r\n|\n|\r/);
  // The last line of a file's first bytes may be cut short: not a sample unless the file ended there.
  if (!complete && lines.length > 1) lines.pop();
  let headerIndex = mapping?.headerRow ? mapping.headerRow - 1 : -1;
  if (headerIndex < 0) {
    for (let i = 0; i < Math.min(50, lines.length) && headerIndex < 0; i++) {
      const fields = splitLine(lines[i]!, mapping?.delimiter ?? detectDelimiter(lines[i]!));
      if (detectMapping(fields) || detectWide(fields)) headerIndex = i;
    }
    if (headerIndex < 0) headerIndex = 0;
  }
  const headerText = lines[headerIndex] ?? '';
  const delimiter = mapping?.delimiter ?? detectDelimiter(headerText);
  const header = splitLine(headerText, delimiter);
  const samples = lines
    .slice(headerIndex + 1, headerIndex + 201)
    .filter((line) => line.trim() !== '')
    .map((line) => splitLine(line, delimiter));
  return {
    encoding,
    bomLength,
    delimiter,
    header,
    headerLine: headerIndex + 1,
    samples,
    binary: looksBinary(head, encoding),
  };
}

/** Formats tried on times that are not ISO 8601, by the order of their date parts. */
const TIME_FORMATS: { order: 'month-first' | 'day-first' | 'year-first'; format: string }[] = [
  ...['M/d/yyyy', 'M/d/yy', 'M-d-yyyy'].flatMap((date) =>
    ['H:mm', 'H:mm:ss', 'h:mm a', 'h:mm:ss a'].map((time) => ({
      order: 'month-first' as const,
      format: `${date} ${time}`,
    })),
  ),
  ...['d/M/yyyy', 'd/M/yy', 'd.M.yyyy', 'd.M.yy', 'd-M-yyyy'].flatMap((date) =>
    ['H:mm', 'H:mm:ss'].map((time) => ({ order: 'day-first' as const, format: `${date} ${time}` })),
  ),
  ...['yyyy/M/d', 'yyyy.M.d'].flatMap((date) =>
    ['H:mm', 'H:mm:ss'].map((time) => ({ order: 'year-first' as const, format: `${date} ${time}` })),
  ),
  { order: 'day-first', format: 'dd-MMM-yyyy HH:mm' },
  { order: 'day-first', format: 'dd MMM yyyy HH:mm' },
  { order: 'year-first', format: 'yyyyMMddHHmm' },
];
const DATE_FORMATS: { order: 'month-first' | 'day-first' | 'year-first'; format: string }[] = [
  { order: 'month-first', format: 'M/d/yyyy' },
  { order: 'month-first', format: 'M/d/yy' },
  { order: 'day-first', format: 'd/M/yyyy' },
  { order: 'day-first', format: 'd.M.yyyy' },
  { order: 'day-first', format: 'd-M-yyyy' },
  { order: 'day-first', format: 'dd-MMM-yyyy' },
  { order: 'year-first', format: 'yyyy/M/d' },
  { order: 'year-first', format: 'yyyyMMdd' },
];

const TIME_ONLY = /^\d{1,2}:\d{2}(:\d{2})?(\s*[ap]\.?m\.?)?$/i;

export interface SampleFindings {
  /** Mapping fields the samples settle (never overriding what the mapping says). */
  mapping: Partial<ImportMappingInput>;
  /** Why the samples cannot settle the time format (e.g. 03/04/2022 is month/day or day/month). */
  ambiguity?: string;
}

/**
 * What the first rows say that the header cannot: a date column beside a
 * time-only column, the format of times that are not ISO 8601 (refused as
 * ambiguous when both month/day and day/month read every sample), and a
 * column naming each row's unit.
 */
export function detectFromSamples(
  header: string[],
  mapping: Partial<ImportMappingInput>,
  samples: string[][],
): SampleFindings {
  const names = header.map(normaliseHeader);
  const index = (column: string | undefined) =>
    column === undefined ? -1 : names.indexOf(normaliseHeader(column));
  const found: Partial<ImportMappingInput> = {};
  const time = index(mapping.timeColumn);
  if (time < 0 || samples.length === 0) return { mapping: found };
  const values = (column: number) =>
    samples.map((row) => row[column] ?? '').filter((value) => value.trim() !== '');
  let texts = values(time);
  let dateColumn = mapping.dateColumn;
  if (!dateColumn && texts.length > 0 && texts.every((t) => TIME_ONLY.test(t.trim()))) {
    const date = names.findIndex((name, i) => i !== time && DATE_NAMES.includes(name));
    if (date >= 0) {
      dateColumn = header[date]!;
      found.dateColumn = dateColumn;
    }
  }
  if (dateColumn) {
    const date = index(dateColumn);
    texts = samples
      .filter((row) => (row[date] ?? '').trim() !== '')
      .map((row) => `${(row[date] ?? '').trim()} ${(row[time] ?? '').trim()}`);
  }
  const energy = index(mapping.energyColumn);
  if (!mapping.unit && !mapping.unitColumn && (energy < 0 || !unitFromHeader(header[energy]!))) {
    const unit = names.findIndex((name) => UNIT_NAMES.includes(name));
    if (unit >= 0 && values(unit).length > 0 && values(unit).every((u) => unitFromCell(u)))
      found.unitColumn = header[unit]!;
  }
  if (mapping.timeFormat || texts.length === 0) return { mapping: found };
  const wide = mapping.layout === 'wide';
  const iso = texts.every((text) =>
    wide ? DateTime.fromISO(text.trim().slice(0, 10)).isValid : readTime(text, 'UTC').kind !== 'invalid',
  );
  if (iso) return { mapping: found };
  const candidates = (wide ? DATE_FORMATS : TIME_FORMATS).filter(({ format }) =>
    texts.every((text) => DateTime.fromFormat(text.trim(), format, { zone: 'UTC' }).isValid),
  );
  const orders = new Set(candidates.map((c) => c.order));
  if (orders.has('month-first') && orders.has('day-first')) {
    const monthFirst = candidates.find((c) => c.order === 'month-first')!.format;
    const dayFirst = candidates.find((c) => c.order === 'day-first')!.format;
    return {
      mapping: found,
      ambiguity: `times like "${texts[0]!.trim()}" read as month/day and as day/month: name the timeFormat ("${monthFirst}" or "${dayFirst}")`,
    };
  }
  if (candidates[0]) found.timeFormat = candidates[0].format;
  return { mapping: found };
}

/** A mapping guessed from the header names (long, canonical or wide), for the preview; null when the columns cannot be told apart. */
export function detectMapping(header: string[]): ImportMappingInput | null {
  return detectLong(header) ?? detectWide(header);
}
