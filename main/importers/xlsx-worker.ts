/**
 * The thread that reads an XLSX workbook for xlsx-rows.ts (which starts it with a heap limit and
 * ends it when it stalls), so a damaged or hostile workbook costs a bounded thread, never the
 * app's event loop or memory. Given the file's bytes and its checked zip directory, it:
 *
 * 1. inflates each part exceljs reads (the workbook, its relationships, shared strings, styles
 *    and worksheets), refusing one that inflates past its declared size (a zip bomb) or to
 *    another size, whose CRC-32 differs, that is not well-formed XML, nests elements more than
 *    MAX_XML_DEPTH deep or has another root element, naming the part and the line;
 * 2. hands exceljs those parts alone, still compressed (views of the file's bytes), as a clean
 *    archive in the order it reads best (relationships, workbook, shared strings, styles, then
 *    the sheets in the file's order), with their sizes in every header and an empty
 *    shared-strings part when there is none, so that exceljs never scans for a data descriptor
 *    nor spools a sheet to a temporary file;
 * 3. streams the rows of the sheet asked for with exceljs, in batches of BATCH_ROWS, one batch
 *    per credit the importer gives (XLSX_CREDITS ahead).
 *
 * It reports progress while it works, so that only a reader that is stuck goes silent.
 */
import { Readable } from 'node:stream';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import zlib from 'node:zlib';

import ExcelJS from 'exceljs';
import { SaxesParser } from 'saxes';

import type { CsvRecord } from './csv-record';
import { MAX_XML_DEPTH, xmlTooDeep } from './espi-reader';

// What xlsx-rows.ts and the reading thread share. This module starts reading only in a worker
// given an `xlsxJob`: xlsx-rows.ts imports it for these definitions alone.

const MiB = 1024 * 1024;

export interface XlsxLimits {
  /** The workbook file (held in memory while it is read). */
  fileBytes: number;
  /** Entries in its zip directory. */
  entries: number;
  /** Any one part, uncompressed: as its directory declares it, and as it inflates. */
  partBytes: number;
  /** The parts the reader inflates (worksheets, shared strings, styles, workbook), together. */
  totalBytes: number;
  /** The reader's heap (V8 old generation), in MB: past it the worker is ended. */
  memoryMb: number;
  /** The longest the reader may go without a word (rows, progress) while it is waited for. */
  stallMs: number;
}

/** Excel's last row: a sheet past it is not a workbook Excel wrote. */
export const EXCEL_MAX_ROWS = 1_048_576;

/** The parts exceljs reads, each with the root element it must have; the reader passes it only these. */
export const WORKBOOK_PARTS: readonly { pattern: RegExp; root: string }[] = [
  { pattern: /^xl\/_rels\/workbook\.xml\.rels$/, root: 'Relationships' },
  { pattern: /^xl\/workbook\.xml$/, root: 'workbook' },
  { pattern: /^xl\/sharedStrings\.xml$/, root: 'sst' },
  { pattern: /^xl\/styles\.xml$/, root: 'styleSheet' },
  { pattern: /^xl\/worksheets\/sheet\d+\.xml$/, root: 'worksheet' },
];

/** One entry of a checked zip directory. */
export interface ZipPart {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  crc: number;
  compressedSize: number;
  /** Uncompressed size, as declared. */
  size: number;
  /** Where its local header starts, and where its data starts. */
  localOffset: number;
  dataStart: number;
}

/** What the reading thread is given. */
export interface XlsxJob {
  bytes: Uint8Array;
  parts: ZipPart[];
  sheet: number | string;
  limits: XlsxLimits;
}

/**
 * What the reading thread sends: that it started (loaded, about to read), rows (a batch per
 * credit), progress while it works, the end, or a refusal.
 */
export type FromXlsxWorker =
  | { type: 'started' }
  | { type: 'rows'; rows: CsvRecord[] }
  | { type: 'progress' }
  | { type: 'done' }
  | { type: 'refused'; reason: string };

/** What the reading thread is sent: one more batch of rows may be sent. */
export interface ToXlsxWorker {
  type: 'more';
}

/** Batches the reader may send ahead of the importer. */
export const XLSX_CREDITS = 4;

/** A problem of the workbook (its zip or its XML), in words that complete "is not a readable XLSX workbook: …". */
export class XlsxProblem extends Error {}

export const sizeText = (bytes: number): string =>
  bytes >= 1024 * MiB
    ? `${(bytes / (1024 * MiB)).toFixed(1)} GiB`
    : bytes >= MiB
      ? `${(bytes / MiB).toFixed(1)} MiB`
      : `${bytes} bytes`;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A date cell (exceljs gives a Date whose UTC fields are the wall clock) as `YYYY-MM-DDTHH:mm:ss`. */
export function wallClockText(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

const BATCH_ROWS = 500;
/** Progress is reported every this many bytes inflated, and every PROGRESS_ROWS rows read. */
const PROGRESS_BYTES = 4 * 1024 * 1024;
const PROGRESS_ROWS = 10_000;
const SLICE = 1024 * 1024;
/** A reader given no credit for this long was abandoned by its import, and ends itself. */
const ABANDONED_MS = 5 * 60_000;

const EMPTY_SHARED_STRINGS = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
);

const send = (message: FromXlsxWorker) => parentPort!.postMessage(message);

let credits = XLSX_CREDITS;
let creditGiven: (() => void) | null = null;

async function sendRows(rows: CsvRecord[]): Promise<void> {
  while (credits === 0) {
    // An import that stops asking for rows (its reader abandoned) does not keep this thread.
    const abandoned = setTimeout(() => {
      send({ type: 'refused', reason: `the import asked for no rows for ${ABANDONED_MS / 60_000} minutes` });
      process.exit(0);
    }, ABANDONED_MS);
    await new Promise<void>((resolve) => (creditGiven = resolve));
    clearTimeout(abandoned);
  }
  creditGiven = null;
  credits--;
  send({ type: 'rows', rows });
}

function* slices(data: Uint8Array): Generator<Buffer> {
  for (let at = 0; at < data.length; at += SLICE)
    yield Buffer.from(data.buffer, data.byteOffset + at, Math.min(SLICE, data.length - at));
}

/** A part's bytes, inflated (stored parts as they are), in chunks. */
async function* inflated(bytes: Uint8Array, part: ZipPart): AsyncGenerator<Buffer> {
  const data = bytes.subarray(part.dataStart, part.dataStart + part.compressedSize);
  if (part.method === 0) {
    yield* slices(data);
    return;
  }
  const inflater = zlib.createInflateRaw();
  Readable.from(slices(data)).pipe(inflater);
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } catch (error) {
    throw new XlsxProblem(
      `its part ${part.name} is damaged: it does not inflate (${(error as Error).message})`,
    );
  }
}

/** Inflates one part the reader needs, checking its size, its CRC-32 and its XML. */
async function checkPart(bytes: Uint8Array, part: ZipPart, root: string): Promise<void> {
  const parser = new SaxesParser({ position: true });
  let depth = 0;
  const where = () => `(line ${parser.line})`;
  parser.on('opentag', (tag) => {
    depth++;
    if (depth > MAX_XML_DEPTH) throw new XlsxProblem(`its part ${part.name} ${xmlTooDeep(parser.line)}`);
    const name = tag.name.slice(tag.name.indexOf(':') + 1);
    if (depth === 1 && name !== root)
      throw new XlsxProblem(
        `its part ${part.name} is not what it should be: its root element is <${tag.name}>, not <${root}>`,
      );
  });
  parser.on('closetag', () => {
    depth--;
  });
  parser.on('error', (error) => {
    throw new XlsxProblem(
      `its part ${part.name} is not well-formed XML ${where()}: ${error.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '')}`,
    );
  });
  const text = new TextDecoder('utf-8');
  let size = 0;
  let crc = 0;
  let sinceProgress = 0;
  for await (const chunk of inflated(bytes, part)) {
    size += chunk.length;
    if (size > part.size)
      throw new XlsxProblem(
        `its part ${part.name} inflates to more than the ${sizeText(part.size)} its directory declares`,
      );
    crc = zlib.crc32(chunk, crc);
    parser.write(text.decode(chunk, { stream: true }));
    sinceProgress += chunk.length;
    if (sinceProgress >= PROGRESS_BYTES) {
      sinceProgress = 0;
      send({ type: 'progress' });
    }
  }
  if (size !== part.size)
    throw new XlsxProblem(
      `its part ${part.name} is damaged: it inflates to ${sizeText(size)}, not the ${sizeText(part.size)} its directory declares`,
    );
  if (crc >>> 0 !== part.crc >>> 0)
    throw new XlsxProblem(
      `its part ${part.name} is damaged: its CRC-32 checksum does not match its contents`,
    );
  parser.write(text.decode());
  parser.close();
  if (depth !== 0) throw new XlsxProblem(`its part ${part.name} is cut short ${where()}`);
}

interface Entry {
  name: Buffer;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  data: Uint8Array;
}

/**
 * A zip archive of `entries` as they are (still compressed), sizes in every local header: its
 * pieces in order, the parts' data as views of the file's bytes (nothing is copied).
 */
function* archive(entries: Entry[]): Generator<Buffer> {
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x800, 6);
    header.writeUInt16LE(entry.method, 8);
    header.writeUInt32LE(entry.crc >>> 0, 14);
    header.writeUInt32LE(entry.compressedSize, 18);
    header.writeUInt32LE(entry.size, 22);
    header.writeUInt16LE(entry.name.length, 26);
    yield header;
    yield entry.name;
    yield* slices(entry.data);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(0x800, 8);
    record.writeUInt16LE(entry.method, 10);
    record.writeUInt32LE(entry.crc >>> 0, 16);
    record.writeUInt32LE(entry.compressedSize, 20);
    record.writeUInt32LE(entry.size, 24);
    record.writeUInt16LE(entry.name.length, 28);
    record.writeUInt32LE(offset, 42);
    central.push(record, entry.name);
    offset += 30 + entry.name.length + entry.data.length;
  }
  const directorySize = central.reduce((sum, b) => sum + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  yield* central;
  yield end;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return wallClockText(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

async function read(job: XlsxJob): Promise<void> {
  send({ type: 'started' });
  const { bytes, sheet } = job;
  const rank = (name: string) => WORKBOOK_PARTS.findIndex(({ pattern }) => pattern.test(name));
  // In the file's order within each kind: sheets are numbered by the order exceljs meets them.
  const parts = job.parts
    .filter((part) => rank(part.name) >= 0)
    .sort((a, b) => rank(a.name) - rank(b.name) || a.localOffset - b.localOffset);
  for (const part of parts) await checkPart(bytes, part, WORKBOOK_PARTS[rank(part.name)]!.root);
  send({ type: 'progress' });

  const entries: Entry[] = parts.map((part) => ({
    name: Buffer.from(part.name),
    method: part.method,
    crc: part.crc,
    compressedSize: part.compressedSize,
    size: part.size,
    data: bytes.subarray(part.dataStart, part.dataStart + part.compressedSize),
  }));
  if (!parts.some((part) => part.name === 'xl/sharedStrings.xml')) {
    const at = parts.findIndex((part) => rank(part.name) > rank('xl/sharedStrings.xml'));
    entries.splice(at < 0 ? entries.length : at, 0, {
      name: Buffer.from('xl/sharedStrings.xml'),
      method: 0,
      crc: zlib.crc32(EMPTY_SHARED_STRINGS),
      compressedSize: EMPTY_SHARED_STRINGS.length,
      size: EMPTY_SHARED_STRINGS.length,
      data: EMPTY_SHARED_STRINGS,
    });
  }

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(archive(entries)), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let index = 0;
  let batch: CsvRecord[] = [];
  let rowsRead = 0;
  for await (const worksheet of reader) {
    index++;
    const name = (worksheet as unknown as { name?: string }).name;
    const wanted = typeof sheet === 'number' ? index === sheet : name === sheet;
    for await (const row of worksheet as unknown as AsyncIterable<ExcelJS.Row>) {
      if (++rowsRead % PROGRESS_ROWS === 0) send({ type: 'progress' });
      if (row.number > EXCEL_MAX_ROWS)
        throw new XlsxProblem(
          `its sheet ${name ?? index} has a row numbered ${row.number}, past Excel's last row ${EXCEL_MAX_ROWS}`,
        );
      if (!wanted) continue;
      const values = row.values as ExcelJS.CellValue[];
      const fields: string[] = [];
      for (let column = 1; column < values.length; column++) fields.push(cellText(values[column]).trim());
      if (fields.every((field) => field === '')) continue;
      batch.push({ line: row.number, fields });
      if (batch.length >= BATCH_ROWS) {
        await sendRows(batch);
        batch = [];
      }
    }
    if (wanted) break;
  }
  if (batch.length > 0) await sendRows(batch);
  send({ type: 'done' });
}

const job = isMainThread ? undefined : (workerData as { xlsxJob?: XlsxJob } | null)?.xlsxJob;
if (job) {
  parentPort!.on('message', (message: ToXlsxWorker) => {
    if (message.type !== 'more') return;
    credits++;
    creditGiven?.();
  });
  read(job).catch((error: unknown) => {
    send({
      type: 'refused',
      reason:
        error instanceof XlsxProblem
          ? error.message
          : `it could not be read (${(error as Error).message ?? String(error)})`,
    });
  });
}
