/**
 * XLSX workbooks through the same layouts and mappings as CSV: a sheet
 * picked by name, date cells (wall-clock times in the mapping's timezone),
 * an Excel serial number and text times, numbers as cells.
 */
import path from 'node:path';

import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import { smallWorkspace, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
afterAll(() => temp.cleanup());

async function workbook(file: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Notes').addRow(['Exported from the utility portal']);
  const sheet = book.addWorksheet('Readings');
  sheet.addRow(['Meter', 'Start', 'kWh']);
  // Excel has no timezones: a date cell is a wall-clock time (exceljs writes the Date's UTC fields).
  sheet.addRow(['con-b-main', new Date(Date.UTC(2022, 0, 1, 0, 0)), 1.25]);
  sheet.addRow(['con-b-main', 44562.041666666664, 0.75]); // 2022-01-01 01:00 as a bare serial
  sheet.addRow(['con-b-main', '2022-01-01 02:00', '0.5']);
  sheet.getColumn(2).numFmt = 'yyyy-mm-dd hh:mm';
  sheet.getCell('B3').numFmt = 'General';
  await book.xlsx.writeFile(file);
}

describe('XLSX readings', () => {
  it('reads the picked sheet, its date cells, serials and text times, exactly', async () => {
    const workspace = await smallWorkspace(temp.file('xlsx.sqlite'));
    const file = temp.file('portal.xlsx');
    await workbook(file);
    const { createReadStream } = await import('node:fs');
    const result = await callOperation({ workspace, upload: () => createReadStream(file) }, 'imports:file', {
      fileName: path.basename(file),
      mapping: {
        sheet: 'Readings',
        meterColumn: 'Meter',
        timeColumn: 'Start',
        energyColumn: 'kWh',
        timezone: 'Asia/Bangkok',
      },
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        status: 'stored',
        rowsStored: 3,
        encoding: 'xlsx',
        meters: [
          { meterId: 'con-b-main', totalKWh: '2.5', from: '2021-12-31 17:00:00', to: '2021-12-31 19:59:59' },
        ],
      },
    });
    const stored = await workspace.db.all<{ start_utc: number; energy_milliwh: number }>(
      'SELECT start_utc, energy_milliwh FROM readings ORDER BY start_utc',
    );
    expect(stored.map((r) => r.energy_milliwh)).toEqual([1_250_000, 750_000, 500_000]);
    await workspace.close();
  });

  it('finds the header below a preamble and reads day-first text times, detected from the rows', async () => {
    const workspace = await smallWorkspace(temp.file('xlsx-preamble.sqlite'));
    const file = temp.file('preamble.xlsx');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Usage');
    sheet.addRow(['Customer', 'Consumer B']);
    sheet.addRow(['Account', '000123']);
    sheet.addRow([]);
    sheet.addRow(['Meter', 'Interval Start', 'Usage (kWh)']);
    sheet.addRow(['con-b-main', '13/01/2022 00:00', '1.5']);
    sheet.addRow(['con-b-main', '13/01/2022 01:00', '2.25']);
    await book.xlsx.writeFile(file);
    const { createReadStream } = await import('node:fs');
    const result = await callOperation({ workspace, upload: () => createReadStream(file) }, 'imports:file', {
      fileName: path.basename(file),
      kind: 'auto',
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        status: 'stored',
        rowsStored: 2,
        mapping: { headerRow: 4, timeFormat: 'd/M/yyyy H:mm', unit: 'kWh', meterColumn: 'Meter' },
        meters: [
          { meterId: 'con-b-main', totalKWh: '3.75', from: '2022-01-12 17:00:00', to: '2022-01-12 18:59:59' },
        ],
      },
    });
    await workspace.close();
  });

  it('names a missing sheet and a broken workbook, storing nothing', async () => {
    const workspace = await smallWorkspace(temp.file('xlsx-bad.sqlite'));
    const file = temp.file('portal.xlsx');
    await workbook(file);
    const { createReadStream, writeFileSync, readFileSync } = await import('node:fs');
    const missing = await callOperation({ workspace, upload: () => createReadStream(file) }, 'imports:file', {
      fileName: 'portal.xlsx',
      mapping: {
        sheet: 'Usage',
        meterColumn: 'Meter',
        timeColumn: 'Start',
        energyColumn: 'kWh',
        unit: 'kWh',
      },
    });
    expect(missing.ok ? '' : missing.error.message).toContain('the sheet Usage is empty or missing');
    const broken = temp.file('broken.xlsx');
    writeFileSync(broken, readFileSync(file).subarray(0, 600));
    const result = await callOperation(
      { workspace, upload: () => createReadStream(broken) },
      'imports:file',
      { fileName: 'broken.xlsx' },
    );
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.code).toBe('invalid_input');
    expect(await workspace.db.all('SELECT * FROM readings')).toEqual([]);
    await workspace.close();
  });
});
