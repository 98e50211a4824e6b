/**
 * Rows of an XLSX workbook, streamed with exceljs (SheetJS's npm release
 * carries unfixed advisories), turned into the same text records the CSV
 * path yields, so every layout and mapping works on both. Excel keeps no
 * timezone: a date cell is its wall-clock time, written out without an
 * offset and read in the mapping's timezone like a CSV time.
 */
import type { Readable, Transform } from 'node:stream';

import ExcelJS from 'exceljs';

import type { CsvRecord } from './csv-source';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A date cell (exceljs gives a Date whose UTC fields are the wall clock) as `YYYY-MM-DDTHH:mm:ss`. */
export function wallClockText(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/** An Excel serial date (days since 1899-12-30, the 1900 date system) as wall-clock text, to the second. */
export function excelSerialText(serial: number): string {
  const seconds = Math.round((serial - 25_569) * 86_400);
  return wallClockText(new Date(seconds * 1000));
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

/** Records of one sheet (1-based `sheet` index or its name; the first sheet by default). */
export async function* xlsxRecords(
  source: Readable,
  counter: Transform,
  sheet: number | string = 1,
): AsyncGenerator<CsvRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source.pipe(counter), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let index = 0;
  for await (const worksheet of reader) {
    index++;
    const name = (worksheet as unknown as { name?: string }).name;
    const wanted = typeof sheet === 'number' ? index === sheet : name === sheet;
    for await (const row of worksheet as unknown as AsyncIterable<ExcelJS.Row>) {
      if (!wanted) continue;
      const values = row.values as ExcelJS.CellValue[];
      const fields: string[] = [];
      for (let column = 1; column < values.length; column++) fields.push(cellText(values[column]).trim());
      if (fields.every((field) => field === '')) continue;
      yield { line: row.number, fields };
    }
    if (wanted) return;
  }
}
