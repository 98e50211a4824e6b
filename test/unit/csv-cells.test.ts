/**
 * Formula injection (issue 16, item 11): the shared cell writer of every CSV and XLSX export
 * neutralises text a spreadsheet could take for a formula (a leading `=`, `+`, `-`, `@`, tab,
 * CR or LF gets a `'` before it and the cell is quoted), as OWASP recommends, and leaves plain
 * decimal numbers as numbers. The renderer's "Export CSV" (toCsv) goes through it.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

import { toCsv } from '../../renderer/src/csv';
import { csvCell, csvLine, csvRow, isFormulaLike, neutraliseFormula, xlsxCell } from '../../shared/csv';

const DANGEROUS = [
  '=HYPERLINK("http://x","y")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  '@SUM(1+1)',
  '=1+1',
  '-cmd',
  '+5',
  '-',
  '-1e5',
  '-.5',
  '\t=1+1',
  '\r=1+1',
  '\n=1+1',
];
const NUMBERS = ['-12.3400', '-0.5', '0', '12', '137.238219', '-3'];
const TEXT = ['Consumer One', 'a=b', '1+1', 'gA-pv', '2022-11-01T00:00:00+07:00', "'quoted", ''];

/** The cells of CSV text as a spreadsheet reads them. */
const cells = (text: string): string[][] => parse(text, { relax_column_count: true });

describe('CSV cells against formula injection', () => {
  it('neutralises every text cell a spreadsheet could take for a formula: quote before it, cell quoted', () => {
    for (const text of DANGEROUS) {
      expect(isFormulaLike(text), JSON.stringify(text)).toBe(true);
      expect(neutraliseFormula(text)).toBe(`'${text}`);
      const cell = csvCell(text);
      expect(cell, JSON.stringify(text)).toBe(`"'${text.replace(/"/g, '""')}"`);
      expect(cells(`${cell}\r\n`)).toEqual([[`'${text}`]]);
    }
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell('@SUM(1+1)')).toBe('"\'@SUM(1+1)"');
  });

  it('leaves plain decimal numbers as numbers, strings or not', () => {
    for (const text of NUMBERS) {
      expect(isFormulaLike(text), text).toBe(false);
      expect(csvCell(text)).toBe(text);
      expect(neutraliseFormula(text)).toBe(text);
    }
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(-0.25)).toBe('-0.25');
    expect(csvCell(42)).toBe('42');
  });

  it('writes other text exactly, quoted only where RFC 4180 needs it', () => {
    for (const text of TEXT) expect(csvCell(text), text).toBe(text);
    expect(csvCell('Mall, "Riverside"')).toBe('"Mall, ""Riverside"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('rows and lines go through the same cells', () => {
    const row = ['=1+1', '-12.3400', 'Consumer One', -3, '@x'];
    expect(csvRow(row)).toBe(`"'=1+1",-12.3400,Consumer One,-3,"'@x"`);
    expect(csvLine(row)).toBe(`${csvRow(row)}\r\n`);
    expect(cells(csvLine(row))).toEqual([["'=1+1", '-12.3400', 'Consumer One', '-3', "'@x"]]);
  });
});

describe('XLSX cells against formula injection', () => {
  it('keeps numbers numbers and text text, neutralised like CSV cells', () => {
    expect(xlsxCell(-12.34)).toBe(-12.34);
    expect(xlsxCell(0)).toBe(0);
    expect(xlsxCell('-12.3400')).toBe('-12.3400');
    expect(xlsxCell('Consumer One')).toBe('Consumer One');
    expect(xlsxCell(null)).toBeNull();
    expect(xlsxCell(undefined)).toBeNull();
    for (const text of DANGEROUS) expect(xlsxCell(text)).toBe(`'${text}`);
  });
});

describe("the renderer's Export CSV (toCsv)", () => {
  it('neutralises dangerous text in headers and cells and keeps negative amounts numbers', () => {
    type Row = { name: string; reference: string; amount: string };
    const columns = [
      { label: 'Participant', value: (r: Row) => r.name },
      { label: '=Reference', value: (r: Row) => r.reference },
      { label: 'Amount', value: (r: Row) => r.amount },
    ];
    const text = toCsv(columns, [
      { name: '=HYPERLINK("http://x","y")', reference: '@SUM(1+1)', amount: '-12.3400' },
      { name: "+cmd|' /C calc'!A0", reference: '-cmd', amount: '-0.5' },
      { name: 'Consumer One', reference: 'C1-NOV', amount: '10.5000' },
    ]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(cells(text)).toEqual([
      ['Participant', "'=Reference", 'Amount'],
      ['\'=HYPERLINK("http://x","y")', "'@SUM(1+1)", '-12.3400'],
      ["'+cmd|' /C calc'!A0", "'-cmd", '-0.5'],
      ['Consumer One', 'C1-NOV', '10.5000'],
    ]);
  });
});
