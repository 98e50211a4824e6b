/**
 * Formula injection (issue 16, item 11): names, references and ids a spreadsheet could take
 * for a formula (`=HYPERLINK(…)`, `+cmd|…`, `-…`, `@SUM(…)`, a leading tab) are written
 * neutralised (`'` before them, quoted) in every CSV and XLSX export — statements (the
 * statements:file operation and the CLI), run lines (CSV and XLSX), readings, the audit log
 * (CLI and the audit page's Export CSV), receivables (the page's Export CSV), and the audit
 * pack's CSV files — while decimal numbers, negative amounts among them, stay plain numbers.
 * Real SQLite workspace files; the CSV is read back with csv-parse, the XLSX with exceljs.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Workspace } from '../../main/store/workspace';
import { toCsv } from '../../renderer/src/csv';
import type { AuditListDto, ReceivablesDto, StatementFileDto } from '../../shared/contract';
import { runCli } from '../helpers/cli';
import { goldenWorkspace, importGoldenMonth } from '../helpers/golden';
import { callOk, tempFolder } from '../helpers/temp-workspace';

const PARTICIPANT = '=HYPERLINK("http://x","y")';
const WORKSPACE = "+cmd|' /C calc'!A0";
const REFERENCE = '@SUM(1+1)';
const GENERATOR = "-2+3+cmd|' /C calc'!A0";
const PLAN = '@SUM(A1:A9)';
const PROVIDER = '\t=1+1';
const TARIFF = "=cmd|' /C notepad'!A0";

/** What a spreadsheet could take for the start of a formula (OWASP), and a plain decimal number. */
const FORMULA_START = /^[=+\-@\t\r\n]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

const temp = tempFolder();
const db = temp.file('injection.sqlite');
let workspace: Workspace;
const call = (name: string, input: unknown) => callOk(workspace, name, input);

/** Every export made, by name: its cells as a spreadsheet reads them. */
const csvs: Record<string, string[][]> = {};
const readCsv = (text: string): string[][] => parse(text, { relax_column_count: true });
const cellsOf = (name: string) => {
  const cells = csvs[name];
  if (!cells) throw new Error(`${name} was not exported`);
  return cells.flat();
};
let xlsxFile = '';

/** Cells that begin like a formula and are not plain numbers: none is allowed. */
function dangerous(rows: string[][]): string[] {
  return rows.flat().filter((cell) => FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell));
}

beforeAll(async () => {
  workspace = await goldenWorkspace(db, (definition) => {
    definition.settings.name = WORKSPACE;
    for (const p of definition.participants) {
      if (p.id === 'c1') p.name = PARTICIPANT;
      if (p.id === 'gA') p.name = GENERATOR;
    }
    for (const plan of definition.offerPlans) if (plan.id === 'gA-offer') plan.planName = PLAN;
    for (const plan of definition.utilityPlans) plan.providerName = PROVIDER;
  });
  await importGoldenMonth(workspace, temp.dir, '2022-11', {
    'gA-pv@2022-11-12T10': '6.25',
    'gB-pv@2022-11-12T10': '3',
    'c1-main@2022-11-12T10': '5',
    'c2-main@2022-11-12T10': '5',
    'c1-main@2022-11-13T20': '2.125',
    'gA-pv@2022-11-14T11': '4',
  });
  await call('settlement:settle', { month: '2022-11' });
  await call('payments:record', {
    participantId: 'c1',
    month: '2022-11',
    paidOn: '2022-12-10',
    amount: '10.5',
    reference: REFERENCE,
  });
  await call('payments:record', {
    participantId: 'gA',
    month: '2022-11',
    paidOn: '2022-12-12',
    amount: '1.25',
    reference: '-cmd',
  });
  const flat = Array.from({ length: 12 }, () => Array.from({ length: 24 }, () => 0));
  await call('tariffs:save', {
    tariff: {
      masterTariffId: TARIFF,
      tariffName: 'Flat',
      currency: 'THB',
      versions: [
        {
          tariffId: 't1-1',
          effectiveFrom: '2022-01-01',
          energyWeekdaySchedule: flat,
          energyWeekendSchedule: flat,
          rates: [
            {
              tariffRateId: 'e',
              rateGroupName: 'Energy',
              rateName: 'Energy',
              chargeClass: 'SUPPLY',
              rateSequenceNumber: 1,
              type: 'COST_PER_UNIT',
              periods: [{ period: 0, tiers: [{ rate: '4' }] }],
            },
          ],
        },
      ],
    },
  });

  // Through the API as the app does: statements:file, and the pages' Export CSV (toCsv).
  for (const participantId of ['c1', 'c2', 'gA', 'gB']) {
    const file = (await call('statements:file', {
      participantId,
      month: '2022-11',
      format: 'csv',
      asOf: '2023-01-15',
    })) as StatementFileDto;
    expect(file.mediaType).toBe('text/csv');
    csvs[`statements:file ${participantId}`] = readCsv(Buffer.from(file.base64, 'base64').toString('utf8'));
  }
  const receivables = (await call('receivables:list', { asOf: '2023-01-15' })) as ReceivablesDto;
  type Month = ReceivablesDto['participants'][number]['months'][number] & {
    participantId: string;
    name: string;
  };
  // The receivables page's statements table (its columns' exact values), and the names it shows.
  csvs['receivables page'] = readCsv(
    toCsv<Month>(
      [
        { label: 'Participant', value: (r) => r.participantId },
        { label: 'Name', value: (r) => r.name },
        { label: 'Month', value: (r) => r.month },
        { label: 'Direction', value: (r) => r.direction },
        { label: 'Statement', value: (r) => r.amount },
        { label: 'Paid', value: (r) => r.paid },
        { label: 'Outstanding', value: (r) => r.outstanding },
        { label: 'Status', value: (r) => r.status },
        { label: 'Balance carried', value: (r) => r.balanceCarried },
        { label: 'Statement files', value: () => '' },
      ],
      receivables.participants.flatMap((p) =>
        p.months.map((m) => ({ ...m, participantId: p.participantId, name: p.name })),
      ),
    ),
  );
  const log = (await call('audit:list', {})) as AuditListDto;
  csvs['audit page'] = readCsv(
    toCsv<AuditListDto['entries'][number]>(
      [
        { label: '#', value: (e) => String(e.id) },
        { label: 'Local time', value: (e) => e.atLocal },
        { label: 'UTC', value: (e) => e.at },
        { label: 'Kind', value: (e) => e.kind },
        { label: 'Subject', value: (e) => e.subject },
        { label: 'What happened', value: (e) => e.description },
      ],
      log.entries,
    ),
  );
  await workspace.close();

  // Through the CLI (the workspace file is not open elsewhere while it runs).
  const cli = async (...args: string[]) => {
    const result = await runCli(args);
    expect(result.code, args.join(' ')).toBe(0);
    return result.stdout;
  };
  const statementsDir = temp.file('statements');
  mkdirSync(statementsDir);
  await cli('statements', '--db', db, '--month', '2022-11', '--format', 'csv', '--out', statementsDir);
  for (const name of readdirSync(statementsDir))
    csvs[`statements ${name}`] = readCsv(readFileSync(path.join(statementsDir, name), 'utf8'));
  await cli('export', '--lines', '--db', db, '--month', '2022-11', '--out', temp.file('lines.csv'));
  csvs['export --lines'] = readCsv(readFileSync(temp.file('lines.csv'), 'utf8'));
  xlsxFile = temp.file('lines.xlsx');
  await cli('export', '--lines', '--db', db, '--month', '2022-11', '--format', 'xlsx', '--out', xlsxFile);
  csvs['export --readings'] = readCsv(
    await cli('export', '--readings', '--db', db, '--from', '2022-11-01', '--to', '2022-11-30'),
  );
  csvs['audit --csv'] = readCsv(await cli('audit', '--db', db, '--csv'));
  await cli('audit-pack', '--db', db, '--month', '2022-11', '--out', temp.file('pack.zip'));
  const pack = unzipSync(readFileSync(temp.file('pack.zip')));
  for (const [name, bytes] of Object.entries(pack))
    if (name.endsWith('.csv')) csvs[`audit pack ${name}`] = readCsv(strFromU8(bytes));
}, 120_000);
afterAll(() => temp.cleanup());

describe('formula injection in exports', () => {
  it('made every export, and none has a cell a spreadsheet would run as a formula', () => {
    expect(Object.keys(csvs)).toEqual(
      expect.arrayContaining([
        'statements:file c1',
        'statements:file gA',
        'export --lines',
        'export --readings',
        'audit --csv',
        'audit page',
        'receivables page',
        'audit pack lines.csv',
        'audit pack inputs/readings.csv',
        'audit pack inputs/market-prices.csv',
      ]),
    );
    expect(Object.keys(csvs).filter((k) => k.startsWith('statements ')).length).toBe(4);
    expect(Object.keys(csvs).filter((k) => k.startsWith('audit pack statements/')).length).toBe(4);
    for (const [name, rows] of Object.entries(csvs)) {
      expect(rows.length, name).toBeGreaterThan(1);
      expect(dangerous(rows), name).toEqual([]);
    }
  });

  it('statements carry the names, workspace name, plan names and references neutralised, amounts as numbers', async () => {
    const statements = Object.keys(csvs).filter((k) => /statement/.test(k));
    expect(statements).toHaveLength(12);
    for (const name of statements) {
      const cells = cellsOf(name);
      expect(cells, name).toContain(`'${WORKSPACE}`);
      // Who bought from Generator A (or is it), and who pays the grid, name them neutralised.
      const starts = (text: string) => cells.some((c) => c.startsWith(`'${text}`));
      if (/c1|c2/.test(name)) expect(starts(PROVIDER), name).toBe(true);
      if (/c1|c2|gA/.test(name)) expect(starts(GENERATOR), name).toBe(true);
    }
    const c1 = cellsOf('statements:file c1');
    expect(c1).toContain(`'${PARTICIPANT} (c1, consumer)`);
    expect(c1).toContain(`'${REFERENCE}`);
    expect(c1).toContain(`'${GENERATOR}`);
    expect(c1).toContain(`'${PLAN}`);
    expect(c1).toContain(`'${PROVIDER}`);
    const gA = cellsOf('statements:file gA');
    expect(gA).toContain(`'${GENERATOR} (gA, prosumer)`);
    expect(gA).toContain("'-cmd");
    expect(gA).toContain(`'${PARTICIPANT}`);

    // The figures are the statement's exact decimals, negative ones included, unquoted in the file.
    const statement = await withWorkspace((w) =>
      callOk(w, 'statements:get', { participantId: 'c1', month: '2022-11', asOf: '2023-01-15' }),
    );
    const rows = csvs['statements:file c1']!;
    const amount = rows[0]!.indexOf('amount_THB');
    const account = (item: string) => rows.find((r) => r[0] === 'account' && r[1] === item)?.[amount];
    expect(account('this statement')).toBe(statement.thisMonth);
    expect(account('balance carried')).toBe(statement.balanceCarried);
    expect(account('payment')).toBe(statement.payments[0].amount);
    const negatives = Object.keys(csvs)
      .filter((k) => /statement/.test(k))
      .flatMap((k) => cellsOf(k))
      .filter((c) => c.startsWith('-'));
    expect(negatives.length).toBeGreaterThan(0);
    for (const n of negatives) expect(n).toMatch(PLAIN_NUMBER);
    // In the file itself a negative amount is a bare number, the neutralised cells quoted.
    const file = readFileSync(
      path.join(
        temp.file('statements'),
        readdirSync(temp.file('statements')).find((f) => f.includes('c1'))!,
      ),
      'utf8',
    );
    expect(file).toContain(`,${statement.balanceCarried},`);
    expect(file).toContain(`"'=HYPERLINK(""http://x"",""y"") (c1, consumer)"`);
    expect(file).toContain(`"'${REFERENCE}"`);
  });

  it('the audit log (CLI and page) and the receivables page keep references inside their cell and neutralise ids', () => {
    for (const name of ['audit --csv', 'audit page']) {
      const cells = cellsOf(name);
      expect(cells, name).toContain(`'${TARIFF}`);
      expect(
        cells.some((c) => c.startsWith('payment of 10.50 for c1') && c.endsWith(`reference ${REFERENCE}`)),
        name,
      ).toBe(true);
    }
    const receivables = csvs['receivables page']!;
    expect(receivables.flat()).toContain(`'${PARTICIPANT}`);
    expect(receivables.flat()).toContain(`'${GENERATOR}`);
    const figures = ['Statement', 'Paid', 'Outstanding', 'Balance carried'].flatMap((column) => {
      const i = receivables[0]!.indexOf(column);
      return receivables.slice(1).map((r) => r[i]!);
    });
    for (const f of figures) expect(f).toMatch(PLAIN_NUMBER);
    expect(figures.some((f) => f.startsWith('-'))).toBe(true);
  });

  it('run lines and readings stay numbers (CSV) and the XLSX keeps numbers numbers and text text', async () => {
    const lines = csvs['export --lines']!;
    const header = lines[0]!;
    for (const column of ['energy_kWh', 'price_THB_per_kWh', 'amount_THB']) {
      const i = header.indexOf(column);
      for (const row of lines.slice(1)) expect(row[i], column).toMatch(PLAIN_NUMBER);
    }
    for (const row of csvs['export --readings']!.slice(1)) expect(row[3]).toMatch(PLAIN_NUMBER);

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsxFile);
    let rows = 0;
    for (const sheet of book.worksheets)
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        rows++;
        for (const i of [8, 9, 10]) expect(typeof row.getCell(i).value).toBe('number');
        for (const i of [2, 3, 5, 6, 7]) {
          const value = row.getCell(i).value;
          if (value === null) continue;
          expect(typeof value).toBe('string');
          expect(value as string).not.toMatch(FORMULA_START);
        }
        row.eachCell((cell) => expect(cell.formula).toBeFalsy());
      });
    expect(rows).toBe(lines.length - 1);
  });

  it('neutralises ids a spreadsheet could take for a formula in the run lines, CSV and XLSX (a file edited outside the app)', async () => {
    await withWorkspace((w) =>
      w.db.write(async (tx) => {
        await tx.run("UPDATE settlement_line_packs SET generator_id = ? WHERE generator_id = 'gA'", [TARIFF]);
      }),
    );
    const csv = temp.file('tampered.csv');
    const xlsx = temp.file('tampered.xlsx');
    expect((await runCli(['export', '--lines', '--db', db, '--month', '2022-11', '--out', csv])).code).toBe(
      0,
    );
    expect(
      (
        await runCli([
          'export',
          '--lines',
          '--db',
          db,
          '--month',
          '2022-11',
          '--format',
          'xlsx',
          '--out',
          xlsx,
        ])
      ).code,
    ).toBe(0);
    const rows = readCsv(readFileSync(csv, 'utf8'));
    expect(dangerous(rows)).toEqual([]);
    const generator = rows[0]!.indexOf('generator_id');
    expect(rows.filter((r) => r[generator] === `'${TARIFF}`).length).toBeGreaterThan(0);

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    let neutralised = 0;
    for (const sheet of book.worksheets)
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        const id = row.getCell(6).value;
        if (id === `'${TARIFF}`) neutralised++;
        expect(id).not.toBe(TARIFF);
        expect(row.getCell(6).type).not.toBe(ExcelJS.ValueType.Formula);
        for (const i of [8, 9, 10]) expect(typeof row.getCell(i).value).toBe('number');
      });
    expect(neutralised).toBe(rows.filter((r) => r[generator] === `'${TARIFF}`).length);
  });
});

/** Opens the workspace file for one step (the CLI must not find it open), then closes it. */
async function withWorkspace<T>(step: (w: Workspace) => Promise<T>): Promise<T> {
  const w = await Workspace.open(db);
  try {
    return await step(w);
  } finally {
    await w.close();
  }
}
