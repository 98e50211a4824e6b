/**
 * Hostile and damaged files are answered, never hung on (issue 16, items 6, 7 and 10): real
 * files written to a temporary folder and imported through `imports:file` into real workspace
 * files. XLSX: a valid 3,000-row workbook (made with exceljs) with 3 NUL bytes inserted at
 * seeded positions, cut short, a zip that is not a workbook, a workbook whose sheet XML is
 * corrupt, a part declaring a huge size and one inflating past its declared size: each is
 * invalid input naming the file, and the workspace is unchanged (every table). XML 40,000 and
 * 300,000 levels deep, as cost & consumption and as Green Button: refused by line. The corrupt
 * workbook gets an answer over the loopback server and from the CLI too; and the reading
 * thread's own bounds (no progress, memory) end it with a clear refusal. No timings are
 * asserted: the tests' timeouts bound them.
 */
import { createReadStream, writeFileSync } from 'node:fs';
import http from 'node:http';
import { PassThrough, Readable } from 'node:stream';

import ExcelJS from 'exceljs';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import { startServer } from '../../main/http/server';
import { xlsxRecords, type XlsxLimits } from '../../main/importers/xlsx-rows';
import { Workspace } from '../../main/store/workspace';
import { runCli } from '../helpers/cli';
import { databaseSnapshot } from '../helpers/db-snapshot';
import { smallWorkspace, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
afterAll(() => temp.cleanup());

const ROWS = 3_000;
let valid: Buffer;
let workspace: Workspace;
let before: Record<string, string[]>;

/** A valid workbook of ROWS hourly readings of con-b-main, written by exceljs. */
async function validWorkbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Readings');
  sheet.addRow(['meter_id', 'interval_start', 'interval_minutes', 'energy_kwh']);
  for (let i = 0; i < ROWS; i++) {
    const utc = new Date(Date.UTC(2022, 0, 1) + i * 3_600_000).toISOString().slice(0, 19);
    sheet.addRow(['con-b-main', `${utc}+07:00`, 60, 1.25]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A seeded generator of numbers in [0, 1) (a linear congruential one: the same positions every run). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

function withNulBytes(bytes: Buffer, seed: number): Buffer {
  const random = seeded(seed);
  let out = bytes;
  for (let i = 0; i < 3; i++) {
    const at = Math.floor(random() * out.length);
    out = Buffer.concat([out.subarray(0, at), Buffer.from([0]), out.subarray(at)]);
  }
  return out;
}

/** The parts of the valid workbook, with some replaced, zipped again. */
function rezipped(replace: Record<string, string | Uint8Array>): Buffer {
  const parts: Zippable = unzipSync(valid);
  for (const [name, content] of Object.entries(replace))
    parts[name] = typeof content === 'string' ? strToU8(content) : content;
  return Buffer.from(zipSync(parts));
}

/** Rewrites the uncompressed size one part declares, in its directory entry and its local header. */
function declareSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  const end = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = out.readUInt32LE(end + 16);
  for (let i = 0; i < out.readUInt16LE(end + 10); i++) {
    const nameLength = out.readUInt16LE(at + 28);
    if (out.toString('latin1', at + 46, at + 46 + nameLength) === name) {
      out.writeUInt32LE(size, at + 24);
      out.writeUInt32LE(size, out.readUInt32LE(at + 42) + 22);
      return out;
    }
    at += 46 + nameLength + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
  }
  throw new Error(`no part ${name}`);
}

async function importFile(fileName: string, bytes: Buffer | string, extra: Record<string, unknown> = {}) {
  const file = temp.file(fileName);
  writeFileSync(file, bytes);
  return callOperation({ workspace, upload: () => createReadStream(file) }, 'imports:file', {
    fileName,
    ...extra,
  });
}

/** The refusal of an unreadable workbook: invalid input naming the file and what to do; nothing changed. */
async function expectUnreadable(fileName: string, bytes: Buffer, reason: RegExp): Promise<void> {
  const result = await importFile(fileName, bytes);
  expect(result.ok, fileName).toBe(false);
  if (result.ok) return;
  expect(result.error.code, result.error.message).toBe('invalid_input');
  expect(result.error.message).toMatch(
    new RegExp(`^${fileName.replace('.', '\\.')}: is not a readable XLSX workbook: `),
  );
  expect(result.error.message).toMatch(reason);
  expect(result.error.message).toContain(
    'save it again as .xlsx, or export the sheet as CSV, and import that',
  );
  expect(result.error.message).toMatch(/Nothing was stored\.$/);
  expect(Object.keys(result.error.fields ?? {})).toEqual([fileName]);
  expect(await databaseSnapshot(workspace)).toEqual(before);
}

beforeAll(async () => {
  valid = await validWorkbook();
  workspace = await smallWorkspace(temp.file('hostile.sqlite'));
  before = await databaseSnapshot(workspace);
}, 60_000);
afterAll(async () => {
  await workspace.close();
});

describe('a damaged or hostile XLSX workbook', () => {
  it('is read when whole: the valid workbook (dry run) would store its 3,000 readings', async () => {
    const result = await importFile('valid.xlsx', valid, { dryRun: true });
    expect(result).toMatchObject({ ok: true, value: { status: 'dry-run', rowsStored: ROWS } });
    expect(await databaseSnapshot(workspace)).toEqual(before);
  });

  it('with 3 NUL bytes inserted at seeded positions is refused at once, for every seed', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      await expectUnreadable(
        `nul-${seed}.xlsx`,
        withNulBytes(valid, seed),
        /it is cut short or damaged \(.*\); bytes were added, removed or changed/,
      );
    }
  });

  it('with a NUL byte before its first entry, or encrypted, is refused as a workbook, not read as text', async () => {
    await expectUnreadable(
      'nul-first.xlsx',
      Buffer.concat([Buffer.from([0]), valid]),
      /it is cut short or damaged \(it does not start with a zip entry\)/,
    );
    // A password-protected workbook is an OLE2 compound file, not a zip.
    const ole = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    await expectUnreadable(
      'locked.xlsx',
      ole,
      /it is an encrypted \(password-protected\) workbook or an old \.xls file, not a zip/,
    );
  });

  it('cut short is refused: its zip directory is missing', async () => {
    await expectUnreadable(
      'truncated.xlsx',
      valid.subarray(0, Math.floor(valid.length / 2)),
      /the zip directory that ends every workbook is missing/,
    );
    // Cut inside the directory itself, too.
    await expectUnreadable('cut-late.xlsx', valid.subarray(0, valid.length - 30), /cut short or damaged/);
  });

  it('that is a zip but not a workbook is refused, naming what it lacks', async () => {
    const notWorkbook = Buffer.from(zipSync({ 'readme.txt': strToU8('not a workbook') }));
    await expectUnreadable('archive.xlsx', notWorkbook, /it is a zip archive but not a workbook/);
  });

  it('whose sheet XML is corrupt is refused, naming the part and the line', async () => {
    const sheet = Buffer.from(unzipSync(valid)['xl/worksheets/sheet1.xml']!).toString('utf8');
    await expectUnreadable(
      'two-roots.xlsx',
      rezipped({ 'xl/worksheets/sheet1.xml': `${sheet}<worksheet/>` }),
      /its part xl\/worksheets\/sheet1\.xml is not well-formed XML \(line \d+\): documents may contain only one root/,
    );
    // Cut in half inside the part: exceljs alone would have read the first half as the whole sheet.
    await expectUnreadable(
      'half-sheet.xlsx',
      rezipped({ 'xl/worksheets/sheet1.xml': sheet.slice(0, sheet.length / 2) }),
      /its part xl\/worksheets\/sheet1\.xml is not well-formed XML \(line \d+\)/,
    );
    await expectUnreadable(
      'not-a-sheet.xlsx',
      rezipped({ 'xl/worksheets/sheet1.xml': '<html><body/></html>' }),
      /its part xl\/worksheets\/sheet1\.xml is not what it should be: its root element is <html>, not <worksheet>/,
    );
    // Bytes changed inside the compressed sheet: it no longer inflates, or not to what its CRC says.
    const damaged = Buffer.from(valid);
    const sheetAt = damaged.indexOf('xl/worksheets/sheet1.xml') + 200;
    for (let i = 0; i < 8; i++) damaged[sheetAt + i] = damaged[sheetAt + i]! ^ 0x5a;
    await expectUnreadable('flipped.xlsx', damaged, /its part xl\/worksheets\/sheet1\.xml is damaged/);
  }, 60_000);

  it('whose part declares a huge size (a zip bomb) is refused before anything is inflated', async () => {
    await expectUnreadable(
      'bomb.xlsx',
      declareSize(valid, 'xl/worksheets/sheet1.xml', 0xf000_0000),
      /its part xl\/worksheets\/sheet1\.xml declares 3\.8 GiB uncompressed; at most 1\.0 GiB per part is read/,
    );
  });

  it('whose part inflates past the size it declares is refused when it passes it', async () => {
    // 16 MiB of spaces deflate to ~16 KiB; the part says it is 1,000 bytes.
    const padded = new Uint8Array(16 * 1024 * 1024).fill(0x20);
    await expectUnreadable(
      'inflating.xlsx',
      declareSize(rezipped({ 'xl/styles.xml': padded }), 'xl/styles.xml', 1_000),
      /its part xl\/styles\.xml inflates to more than the 1000 bytes its directory declares/,
    );
  });

  it('gets an answer over the loopback server: invalid input (422) naming the file, not a hang or a 500', async () => {
    const server = await startServer({ workspace, port: 0, token: 'hostile' });
    try {
      const post = (fileName: string, body: Buffer) =>
        new Promise<{ status: number; body: Record<string, string[]> }>((resolve, reject) => {
          const request = http.request(
            {
              host: '127.0.0.1',
              port: server.port,
              path: `/api/imports?fileName=${fileName}`,
              method: 'POST',
              headers: {
                host: `127.0.0.1:${server.port}`,
                authorization: 'Bearer hostile',
                'content-type': 'application/octet-stream',
                'content-length': String(body.length),
              },
            },
            (response) => {
              const chunks: Buffer[] = [];
              response.on('data', (chunk: Buffer) => chunks.push(chunk));
              response.on('end', () =>
                resolve({
                  status: response.statusCode ?? 0,
                  body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
                }),
              );
            },
          );
          request.on('error', reject);
          request.end(body);
        });
      const sheet = Buffer.from(unzipSync(valid)['xl/worksheets/sheet1.xml']!).toString('utf8');
      const cases: [string, Buffer, RegExp][] = [
        ['x.xlsx', withNulBytes(valid, 1), /cut short or damaged/],
        ['y.xlsx', rezipped({ 'xl/worksheets/sheet1.xml': `${sheet}<extra/>` }), /only one root/],
      ];
      // Invalid input over HTTP is 422 with the field errors (docs/api.md): here under the file's name.
      for (const [fileName, body, reason] of cases) {
        const answer = await post(fileName, body);
        expect(answer.status, JSON.stringify(answer.body)).toBe(422);
        expect(Object.keys(answer.body)).toEqual([fileName]);
        const [message] = answer.body[fileName]!;
        expect(message).toMatch(/^is not a readable XLSX workbook: /);
        expect(message).toMatch(reason);
        expect(message).toContain('save it again as .xlsx, or export the sheet as CSV, and import that');
      }
      expect(await databaseSnapshot(workspace)).toEqual(before);
    } finally {
      await server.close();
    }
  });

  it('gets an answer from the CLI: exit code 2 and the message, not a silent exit', async () => {
    const file = temp.file('cli.sqlite');
    const cliWorkspace = await smallWorkspace(file);
    const snapshot = await databaseSnapshot(cliWorkspace);
    await cliWorkspace.close();
    const workbook = temp.file('cli-nul.xlsx');
    writeFileSync(workbook, withNulBytes(valid, 3));
    const printed: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    let code: number;
    try {
      ({ code } = await runCli(['import', '--db', file, workbook]));
    } finally {
      process.stderr.write = write;
    }
    expect(code).toBe(2);
    expect(printed.join('')).toContain(
      'cli-nul.xlsx: is not a readable XLSX workbook: it is cut short or damaged',
    );
    const reopened = await Workspace.open(file);
    expect(await databaseSnapshot(reopened)).toEqual(snapshot);
    await reopened.close();
  });
});

describe("the XLSX reader's own bounds", () => {
  async function readAll(bytes: Buffer, limits: Partial<XlsxLimits>): Promise<number> {
    let rows = 0;
    for await (const _record of xlsxRecords(Readable.from([bytes]), new PassThrough(), 1, {
      fileName: 'bounded.xlsx',
      limits,
    }))
      rows++;
    return rows;
  }

  it('reads the valid workbook within the default bounds', async () => {
    expect(await readAll(valid, {})).toBe(ROWS + 1);
  });

  it('ends a reader that makes no progress for the time allowed', async () => {
    // Allowed 1 ms, the thread cannot even start: it is ended and the file refused.
    await expect(readAll(valid, { stallMs: 1 })).rejects.toThrow(
      /^bounded\.xlsx: is not a readable XLSX workbook: reading it made no progress for 0\.001 s and was stopped/,
    );
  });

  it('ends a reader that needs more memory than allowed', async () => {
    // 10,000 shared strings of 2,000 characters: 20 MB the reader would hold, allowed 16.
    const strings = Array.from({ length: 10_000 }, (_, i) => `<si><t>${'x'.repeat(2_000)} ${i}</t></si>`);
    const greedy = rezipped({
      'xl/sharedStrings.xml': `<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="10000" uniqueCount="10000">${strings.join('')}</sst>`,
    });
    await expect(readAll(greedy, { memoryMb: 16 })).rejects.toThrow(
      /^bounded\.xlsx: is not a readable XLSX workbook: reading it needed more than 16 MB of memory and was stopped/,
    );
  }, 60_000);

  it('refuses a workbook larger than the file limit without reading it further', async () => {
    await expect(readAll(valid, { fileBytes: 10_000 })).rejects.toThrow(
      /is larger than 10000 bytes, the most a workbook may be/,
    );
  });
});

describe('deeply nested XML', () => {
  const nested = (open: string, close: string, inner: string, depth: number) =>
    `${open}${'<x>'.repeat(depth)}${inner}${'</x>'.repeat(depth)}${close}`;

  /**
   * Every table as before, but for the import log (and its audit entry) listing the rejected
   * file, as for any malformed XML: no reading, meter or anything else.
   */
  async function expectNothingStored(fileName: string): Promise<void> {
    const after = await databaseSnapshot(workspace);
    expect({ ...after, imports: before.imports, audit_log: before.audit_log }).toEqual(before);
    const logged = after.imports!.filter((row) => !before.imports!.includes(row));
    expect(logged.map((row) => JSON.parse(row))).toEqual([
      expect.objectContaining({ file_name: fileName, status: 'rejected', rows_stored: 0 }),
    ]);
    const audited = after.audit_log!.filter((row) => !before.audit_log!.includes(row));
    expect(audited.map((row) => JSON.parse(row).description)).toEqual([
      expect.stringMatching(
        new RegExp(`^import #\\d+ ${fileName.replaceAll('.', '\\.')} \\(readings\\): rejected`),
      ),
    ]);
    before = after;
  }

  for (const depth of [40_000, 300_000]) {
    it(`${depth.toLocaleString('en')} levels deep is refused by line, as cost & consumption`, async () => {
      const fileName = `deep-${depth}-cost.xml`;
      const xml = nested(
        '<?xml version="1.0" encoding="UTF-8"?>\n<deviceCostAndConsumption deviceId="con-b-main">\n',
        '\n</deviceCostAndConsumption>\n',
        '<consumption>1</consumption>',
        depth,
      );
      const result = await importFile(fileName, xml);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('invalid_input');
      expect(result.error.message).toContain(
        `${fileName}: the file: is not a seed-004 cost and consumption document: nests elements more than 64 levels deep (line 3)`,
      );
      await expectNothingStored(fileName);
    }, 15_000);

    it(`${depth.toLocaleString('en')} levels deep is refused by line, as Green Button`, async () => {
      const fileName = `deep-${depth}-green-button.xml`;
      const xml = nested(
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<entry>\n<content>\n',
        '\n</content>\n</entry>\n</feed>\n',
        '',
        depth,
      );
      const result = await importFile(fileName, xml);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('invalid_input');
      expect(result.error.message).toContain(
        `${fileName}: line 5, column (file): nests elements more than 64 levels deep (line 5)`,
      );
      expect(Object.keys(result.error.fields ?? {})).toEqual([`${fileName}:5:(file)`]);
      await expectNothingStored(fileName);
    }, 15_000);
  }
});
