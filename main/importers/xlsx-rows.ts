/**
 * Rows of an XLSX workbook, turned into the same text records the CSV path yields, so every
 * layout and mapping works on both. Excel keeps no timezone: a date cell is its wall-clock
 * time, written out without an offset and read in the mapping's timezone like a CSV time.
 *
 * A workbook is a zip of XML parts, and a damaged or hostile one must never hang or exhaust
 * the app (issue 16, item 6). So it is read in two steps, each bounded:
 *
 * 1. Here, on the caller's thread: the file is read whole (at most XLSX_LIMITS.fileBytes) and
 *    its zip directory checked without inflating anything: the end-of-central-directory
 *    record where the file ends, every entry's local header where the directory says, no
 *    overlapping or repeated entries, only stored or deflated parts, declared sizes within
 *    XLSX_LIMITS, and the parts a workbook needs present. A file with bytes inserted, cut
 *    short or not a workbook is refused here, at once.
 * 2. In a worker thread (xlsx-worker.ts) with a heap limit (XLSX_LIMITS.memoryMb): the parts
 *    exceljs reads are inflated and checked (sizes as declared, CRC-32, well-formed XML at
 *    most MAX_XML_DEPTH deep, the expected root element), then the rows are streamed with
 *    exceljs (SheetJS's npm release carries unfixed advisories) from a clean copy of the
 *    archive, in batches the importer asks for. A worker that sends nothing for
 *    XLSX_LIMITS.stallMs while it is waited for is ended; so is one that runs out of memory.
 *
 * Every refusal is an XlsxUnreadable (invalid_input) naming the file, what is wrong and what
 * to do, thrown before or inside the import's transaction: nothing is stored or logged.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Readable, Transform } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import { ApiError } from '../errors';

import type { CsvRecord } from './csv-record';
import {
  sizeText,
  wallClockText,
  WORKBOOK_PARTS,
  XlsxProblem,
  type FromXlsxWorker,
  type ToXlsxWorker,
  type XlsxJob,
  type XlsxLimits,
  type ZipPart,
} from './xlsx-worker';

export { wallClockText, type XlsxLimits } from './xlsx-worker';

const MiB = 1024 * 1024;

/** The bounds of reading one workbook (docs/formats.md). */
export const XLSX_LIMITS: Readonly<XlsxLimits> = Object.freeze({
  fileBytes: 256 * MiB,
  entries: 10_000,
  partBytes: 1024 * MiB,
  totalBytes: 2048 * MiB,
  memoryMb: 512,
  stallMs: 30_000,
});

const XLSX_ADVICE =
  'open it in Excel or LibreOffice and save it again as .xlsx, or export the sheet as CSV, and import that';

/**
 * A workbook that cannot be read: invalid input naming the file, the reason and what to do, in
 * the message and in the field errors under the file's name (what HTTP answers, with 422).
 */
export class XlsxUnreadable extends ApiError {
  constructor(
    fileName: string,
    readonly reason: string,
  ) {
    super(
      'invalid_input',
      `${fileName}: is not a readable XLSX workbook: ${reason}. ${XLSX_ADVICE[0]!.toUpperCase()}${XLSX_ADVICE.slice(1)}. Nothing was stored.`,
      { [fileName]: [`is not a readable XLSX workbook: ${reason}; ${XLSX_ADVICE}; nothing was stored`] },
    );
    this.name = 'XlsxUnreadable';
  }
}

/** An Excel serial date (days since 1899-12-30, the 1900 date system) as wall-clock text, to the second. */
export function excelSerialText(serial: number): string {
  const seconds = Math.round((serial - 25_569) * 86_400);
  return wallClockText(new Date(seconds * 1000));
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const NO_32 = 0xffffffff;

/**
 * The entries of a zip archive, checked without inflating anything (O(entries)); throws
 * XlsxProblem saying what is wrong. Strict where a workbook allows it: nothing before the first
 * entry nor between the directory and its end record, every entry where the directory says.
 */
export function readZipDirectory(bytes: Uint8Array, limits: XlsxLimits = XLSX_LIMITS): ZipPart[] {
  try {
    return zipDirectory(bytes, limits);
  } catch (error) {
    // A length or offset that points outside the file, wherever it is read.
    if (error instanceof RangeError)
      throw new XlsxProblem(
        'it is cut short or damaged (its zip directory points outside the file); bytes were added, removed or changed',
      );
    throw error;
  }
}

function zipDirectory(bytes: Uint8Array, limits: XlsxLimits): ZipPart[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => {
    const value = view.getBigUint64(at, true);
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
  };
  const damaged = (what: string) =>
    new XlsxProblem(`it is cut short or damaged (${what}); bytes were added, removed or changed`);

  // A workbook starts with its first entry. An encrypted workbook is an OLE2 file, as is an old .xls.
  if (bytes.length >= 4 && u32(0) === 0xe011cfd0)
    throw new XlsxProblem('it is an encrypted (password-protected) workbook or an old .xls file, not a zip');
  if (bytes.length < 4 || u32(0) !== LOCAL) throw damaged('it does not start with a zip entry');

  // The end-of-central-directory record: 22 bytes and a comment that ends the file.
  let end = -1;
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 0xffff; at--) {
    if (u32(at) === EOCD && at + 22 + u16(at + 20) === bytes.length) {
      end = at;
      break;
    }
  }
  if (end < 0) throw damaged('the zip directory that ends every workbook is missing');
  if (u16(end + 4) !== 0 || u16(end + 6) !== 0)
    throw new XlsxProblem('it is a zip archive split across disks');
  let count = u16(end + 10);
  let directorySize = u32(end + 12);
  let directoryOffset = u32(end + 16);
  let directoryEnd = end;
  if (end >= 20 && u32(end - 20) === ZIP64_LOCATOR) {
    const at = u64(end - 12);
    if (at + 56 > end - 20 || u32(at) !== ZIP64_EOCD)
      throw damaged('its zip64 directory record is not where it says');
    count = u64(at + 32);
    directorySize = u64(at + 40);
    directoryOffset = u64(at + 48);
    directoryEnd = at;
  } else if (count === 0xffff || directorySize === NO_32 || directoryOffset === NO_32) {
    throw damaged('its zip64 directory record is missing');
  }
  if (directoryOffset + directorySize !== directoryEnd)
    throw damaged('its zip directory does not end where the file says');
  if (count > limits.entries)
    throw new XlsxProblem(`it lists ${count} parts; at most ${limits.entries} are read`);

  const parts: ZipPart[] = [];
  const names = new Set<string>();
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directoryEnd || u32(at) !== CENTRAL) throw damaged(`entry ${i + 1} of its zip directory`);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    let compressedSize = u32(at + 20);
    let size = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    let localOffset = u32(at + 42);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > directoryEnd) throw damaged(`entry ${i + 1} of its zip directory`);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(nameBytes);
    // Sizes and offset that do not fit 32 bits are in the zip64 extra field, in this order.
    for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength;) {
      const id = u16(x);
      const length = u16(x + 2);
      if (id === 0x0001) {
        let field = x + 4;
        const next64 = () => {
          if (field + 8 > Math.min(x + 4 + length, at + 46 + nameLength + extraLength))
            throw damaged(`the zip64 sizes of entry ${i + 1}`);
          field += 8;
          return u64(field - 8);
        };
        if (size === NO_32) size = next64();
        if (compressedSize === NO_32) compressedSize = next64();
        if (localOffset === NO_32) localOffset = next64();
      }
      x += 4 + length;
    }
    at = next;
    if (names.has(name)) throw new XlsxProblem(`it lists the part ${name} twice`);
    names.add(name);
    if (flags & 0x41) throw new XlsxProblem(`its part ${name} is encrypted`);
    if (method !== 0 && method !== 8)
      throw new XlsxProblem(
        `its part ${name} is compressed with zip method ${method}; only stored and deflated parts are read`,
      );
    if (method === 0 && compressedSize !== size) throw damaged(`the stored part ${name} has two sizes`);
    if (size > limits.partBytes)
      throw new XlsxProblem(
        `its part ${name} declares ${sizeText(size)} uncompressed; at most ${sizeText(limits.partBytes)} per part is read`,
      );
    // The entry's local header must be where the directory says, name the same part, and agree.
    if (localOffset + 30 > directoryOffset || u32(localOffset) !== LOCAL)
      throw damaged(`the part ${name} is not where its directory says`);
    const localFlags = u16(localOffset + 6);
    const localNameLength = u16(localOffset + 26);
    const localName = bytes.subarray(localOffset + 30, localOffset + 30 + localNameLength);
    if (u16(localOffset + 8) !== method || Buffer.compare(localName, nameBytes) !== 0)
      throw damaged(`the part ${name} does not match its directory entry`);
    if (!(localFlags & 0x8)) {
      const localCrc = u32(localOffset + 14);
      const localCompressed = u32(localOffset + 18);
      const localSize = u32(localOffset + 22);
      if (
        localCrc !== crc ||
        (localCompressed !== NO_32 && localCompressed !== compressedSize) ||
        (localSize !== NO_32 && localSize !== size)
      )
        throw damaged(`the part ${name} does not match its directory entry`);
    }
    const dataStart = localOffset + 30 + localNameLength + u16(localOffset + 28);
    if (dataStart + compressedSize > directoryOffset) throw damaged(`the part ${name} runs past its end`);
    parts.push({ name, method, crc, compressedSize, size, localOffset, dataStart });
  }
  if (at !== directoryEnd) throw damaged('its zip directory is longer than its entries');

  // No two parts share bytes (overlapping entries are how zip bombs multiply themselves).
  const byOffset = [...parts].sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const before = byOffset[i - 1]!;
    if (before.dataStart + before.compressedSize > byOffset[i]!.localOffset)
      throw damaged(`the parts ${before.name} and ${byOffset[i]!.name} overlap`);
  }

  if (!names.has('xl/workbook.xml') || !names.has('[Content_Types].xml'))
    throw new XlsxProblem(
      `it is a zip archive but not a workbook: it has no ${names.has('[Content_Types].xml') ? 'xl/workbook.xml' : '[Content_Types].xml'}`,
    );
  if (!names.has('xl/_rels/workbook.xml.rels'))
    throw new XlsxProblem('it has no xl/_rels/workbook.xml.rels, which says where its sheets are');
  const read = parts.filter((part) => WORKBOOK_PARTS.some(({ pattern }) => pattern.test(part.name)));
  if (!read.some((part) => /^xl\/worksheets\/sheet\d+\.xml$/.test(part.name)))
    throw new XlsxProblem('it has no worksheet (xl/worksheets/sheet1.xml)');
  const total = read.reduce((sum, part) => sum + part.size, 0);
  if (total > limits.totalBytes)
    throw new XlsxProblem(
      `its sheets and the parts read with them declare ${sizeText(total)} uncompressed; at most ${sizeText(limits.totalBytes)} is read`,
    );
  return parts;
}

/** Reads the whole stream (through the counting hasher), refusing one larger than `limit`. */
async function readAllBytes(
  source: Readable,
  counter: Transform,
  limit: number,
  refuse: (reason: string) => Error,
): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of source.pipe(counter)) {
    length += (chunk as Buffer).length;
    if (length > limit) {
      source.destroy();
      throw refuse(`it is larger than ${sizeText(limit)}, the most a workbook may be`);
    }
    chunks.push(chunk as Buffer);
  }
  // One ArrayBuffer of its own (never Buffer's shared pool): it is handed over to the worker.
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/** tsx's ESM API (its `import` export: the `require` one loads a file that is not there). */
function tsxApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return pathToFileURL(path.join(path.dirname(manifest), exports['./esm/api']!.import.default)).href;
}

/**
 * The reading thread. The Electron bundle carries it as xlsx-worker.cjs beside main.mjs
 * (scripts/build-electron.mjs builds it); from the TypeScript source (tsx, vitest) the worker
 * registers tsx first and then loads xlsx-worker.ts beside this module.
 */
function startWorker(job: XlsxJob): Worker {
  const options = {
    workerData: { xlsxJob: job },
    transferList: [job.bytes.buffer as ArrayBuffer],
    resourceLimits: { maxOldGenerationSizeMb: job.limits.memoryMb, maxYoungGenerationSizeMb: 32 },
    stdout: false,
    stderr: false,
  };
  const bundled = new URL('./xlsx-worker.cjs', import.meta.url);
  if (existsSync(fileURLToPath(bundled))) return new Worker(bundled, options);
  const source = new URL('./xlsx-worker.ts', import.meta.url).href;
  const tsx = tsxApi();
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`,
    { ...options, eval: true },
  );
}

/**
 * Records of one sheet (1-based `sheet` index in the order of the archive, or its name; the
 * first sheet by default). Throws XlsxUnreadable when the workbook cannot be read, at the first
 * record asked for or later; stopping early (return) ends the reading thread.
 */
export async function* xlsxRecords(
  source: Readable,
  counter: Transform,
  sheet: number | string = 1,
  options: { fileName: string; limits?: Partial<XlsxLimits> },
): AsyncGenerator<CsvRecord> {
  const limits: XlsxLimits = { ...XLSX_LIMITS, ...options.limits };
  const refuse = (reason: string) => new XlsxUnreadable(options.fileName, reason);
  const bytes = await readAllBytes(source, counter, limits.fileBytes, refuse);
  let parts: ZipPart[];
  try {
    parts = readZipDirectory(bytes, limits);
  } catch (error) {
    if (error instanceof XlsxProblem) throw refuse(error.message);
    throw error;
  }

  const worker = startWorker({ bytes, parts, sheet, limits });
  // The worker never keeps the process alive by itself; while it is waited for, the stall timer does.
  worker.unref();
  const inbox: FromXlsxWorker[] = [];
  let failure: Error | null = null;
  let started = false;
  let wake: (() => void) | null = null;
  const fail = (reason: string | Error) => {
    failure ??= typeof reason === 'string' ? refuse(reason) : reason;
    wake?.();
  };
  worker.on('message', (message: FromXlsxWorker) => {
    if (message.type === 'started') started = true;
    else inbox.push(message);
    wake?.();
  });
  worker.on('error', (error: Error & { code?: string }) =>
    fail(
      error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? `reading it needed more than ${limits.memoryMb} MB of memory and was stopped`
        : started
          ? `its reader stopped: ${error.message}`
          : // Before it has read anything, a failure is the app's (a missing file), not the workbook's.
            new Error(`the XLSX reader could not start: ${error.message}`),
    ),
  );
  worker.on('exit', (code) => fail(`its reader stopped unexpectedly (exit code ${code})`));

  const next = async (): Promise<FromXlsxWorker> => {
    while (inbox.length === 0 && !failure) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(
          () => fail(`reading it made no progress for ${limits.stallMs / 1000} s and was stopped`),
          limits.stallMs,
        );
      });
      clearTimeout(timer);
      wake = null;
    }
    const message = inbox.shift();
    if (message) return message;
    throw failure!;
  };

  try {
    for (;;) {
      const message = await next();
      if (message.type === 'done') return;
      if (message.type === 'refused') throw refuse(message.reason);
      if (message.type === 'rows') {
        // Asked for at once, so the reader works on while these rows are imported.
        worker.postMessage({ type: 'more' } satisfies ToXlsxWorker);
        yield* message.rows;
      }
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
