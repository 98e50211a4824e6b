/**
 * Exports of a run's raw lines (issue 10): the CSV re-read sums to the views'
 * totals exactly; the XLSX splits across sheets at the row limit (a small limit
 * here) and holds every line; an unsettled month says so.
 */
import { createWriteStream, readFileSync } from 'node:fs';

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runToExport, runsToExport, writeLinesCsv, writeLinesXlsx } from '../../main/settlement/run-export';
import { type Workspace } from '../../main/store/workspace';
import { Dec } from '../../shared/units';
import { goldenWorkspace } from '../helpers/golden';
import { writeMonthPrices, writeMonthReadings } from '../helpers/month-files';
import { callOk, importFileOk, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
const TZ = 'Asia/Bangkok';
let workspace: Workspace;

const call = (name: string, input: unknown) => callOk(workspace, name, input);
const importFile = (file: string, extra: Record<string, unknown> = {}) =>
  importFileOk(workspace, file, extra);

beforeAll(async () => {
  workspace = await goldenWorkspace(temp.file('export.sqlite'));
  const values: Record<string, string> = {};
  for (let d = 1; d <= 30; d++)
    for (const h of [9, 10, 11, 12, 13, 14]) {
      const key = `2022-11-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}`;
      values[`gA-pv@${key}`] = `${(d % 7) + h / 10}`;
      values[`gB-pv@${key}`] = `${(d % 3) + 0.333}`;
      values[`c1-main@${key}`] = `${(d % 5) + 1.111}`;
      values[`c2-main@${key}`] = '2.5';
    }
  writeMonthReadings(temp.file('nov.csv'), '2022-11', TZ, ['gA-pv', 'gB-pv', 'c1-main', 'c2-main'], values);
  await importFile(temp.file('nov.csv'));
  writeMonthPrices(temp.file('prices.csv'), '2022-11', TZ, {});
  await importFile(temp.file('prices.csv'));
  await call('settlement:settle', { month: '2022-11' });
});
afterAll(async () => {
  await workspace.close();
  temp.cleanup();
});

/** kWh and amount per participant, side and kind, from the run's daily sums (what every view adds up). */
async function viewTotals() {
  const rows = await workspace.db.all<{
    participant_id: string;
    side: string;
    kind: string;
    e: number;
    c: number;
  }>(
    `SELECT participant_id, side, kind, SUM(energy_milliwh) AS e, SUM(cost_ten_thousandths) AS c FROM settlement_daily
      WHERE run_id = (SELECT MAX(id) FROM settlement_runs WHERE month = '2022-11') GROUP BY participant_id, side, kind`,
  );
  return Object.fromEntries(
    rows.map((r) => [
      `${r.participant_id}/${r.side}/${r.kind}`,
      [new Dec(r.e).dividedBy(1e6).toFixed(), new Dec(r.c).dividedBy(1e4).toFixed(4)],
    ]),
  );
}

function sumLines(rows: string[][]) {
  const sums = new Map<string, [InstanceType<typeof Dec>, InstanceType<typeof Dec>]>();
  const add = (key: string, kwh: string, amount: string) => {
    const s = sums.get(key) ?? [new Dec(0), new Dec(0)];
    sums.set(key, [s[0].plus(kwh), s[1].plus(amount)]);
  };
  for (const [, , , , kind, generator, consumer, kwh, , amount] of rows) {
    if (generator) add(`${generator}/generator/${kind}`, kwh!, amount!);
    if (consumer && (kind === 'traded' || kind === 'grid'))
      add(`${consumer}/consumer/${kind}`, kwh!, amount!);
  }
  return Object.fromEntries([...sums].map(([k, [e, c]]) => [k, [e.toFixed(), c.toFixed(4)]]));
}

describe('exporting a run’s lines', () => {
  it('writes CSV with units and both timestamps that, re-read, sums exactly to the views’ totals', async () => {
    const run = await runToExport(workspace, { month: '2022-11' });
    const out = createWriteStream(temp.file('lines.csv'));
    const count = await writeLinesCsv(workspace, run, out);
    await new Promise<void>((resolve) => out.end(() => resolve()));
    const [header, ...rows] = readFileSync(temp.file('lines.csv'), 'utf8').trim().split('\n');
    expect(header).toBe(
      'run_id,hour_start_utc,hour_start_local,meter_type,kind,generator_id,consumer_id,energy_kWh,price_THB_per_kWh,amount_THB,on_gap',
    );
    expect(rows).toHaveLength(count);
    // Hours without energy have no lines: the first is 09:00 local on the 1st.
    expect(rows[0]).toMatch(/^\d+,2022-11-01 02:00:00,2022-11-01T09:00:00\+07:00,1,/);
    expect(sumLines(rows.map((r) => r.split(',')))).toEqual(await viewTotals());
    // And Generator A's month on the seed view.
    const transactions = await call('prosumer:transactions', {
      prosumerId: 'gA',
      month: 11,
      year: 2022,
      meterType: 1,
    });
    const totals = await viewTotals();
    expect(totals['gA/generator/open_market']![0]).toBe(
      new Dec(transactions.data.open_market.allocation).toFixed(),
    );
  });

  it('writes XLSX split across sheets at the row limit, every line kept', async () => {
    const run = await runToExport(workspace, { month: '2022-11' });
    const { lines, sheets } = await writeLinesXlsx(workspace, run, temp.file('lines.xlsx'), 500);
    expect(sheets).toBe(Math.ceil(lines / 500));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(temp.file('lines.xlsx'));
    expect(book.worksheets).toHaveLength(sheets);
    let rows = 0;
    let kwh = new Dec(0);
    for (const sheet of book.worksheets) {
      expect(sheet.getRow(1).getCell(8).value).toBe('energy_kWh');
      expect(sheet.rowCount).toBeLessThanOrEqual(501);
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        rows++;
        kwh = kwh.plus(String(row.getCell(8).value));
      });
    }
    expect(rows).toBe(lines);
    const totals = Object.entries(await viewTotals())
      .filter(([k]) => k.includes('/generator/') || k.endsWith('/grid'))
      .reduce((s, [, [e]]) => s.plus(e!), new Dec(0));
    expect(kwh.toFixed()).toBe(totals.toFixed());
  });

  it('says so when the month is not settled', async () => {
    await expect(runToExport(workspace, { month: '2022-12' })).rejects.toThrow(
      '2022-12 is not settled: settle it first (energy-ledger settle --month 2022-12)',
    );
    await expect(runsToExport(workspace, ['2022-10', '2022-11', '2022-12'])).rejects.toThrow(
      '2022-10, 2022-12 are not settled: settle them first',
    );
  });

  it('writes several months as one CSV, one header, every run’s lines in month order', async () => {
    const [nov] = await runsToExport(workspace, ['2022-11']);
    const one = temp.file('one.csv');
    const oneCount = await writeLinesCsv(workspace, nov!, createWriteStream(one));
    const both = temp.file('both.csv');
    const stream = createWriteStream(both);
    const count = await writeLinesCsv(workspace, [nov!, nov!], stream);
    await new Promise<void>((resolve) => stream.end(() => resolve()));
    expect(count).toBe(2 * oneCount);
    const lines = readFileSync(both, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1 + count);
    expect(lines.filter((l) => l.startsWith('run_id,'))).toHaveLength(1);
  });
});
