/**
 * Exports of a run's raw lines (issue 10): CSV streamed a day of packs at a
 * time (memory stays flat however long the month or large the pool), or XLSX
 * through exceljs's streaming writer, split across sheets before Excel's
 * 1,048,576 rows. Units are in the headers; every hour carries its UTC start
 * (the seeds' form) and its local start with offset.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

import ExcelJS from 'exceljs';

import { csvRow, xlsxCell } from '../../shared/csv';
import { formatSeedUtc, isoWithOffset } from '../../shared/time';
import { Dec } from '../../shared/units';
import { ApiError, notFound } from '../errors';
import {
  latestPublishedRun,
  linePacksBetween,
  runById,
  type LinePack,
  type RunRow,
} from '../store/settlement-repository';
import type { Workspace } from '../store/workspace';

/** Excel's row limit, less the header row. */
export const EXCEL_DATA_ROWS = 1_048_575;

export function lineHeaders(currency: string): string[] {
  return [
    'run_id',
    'hour_start_utc',
    'hour_start_local',
    'meter_type',
    'kind',
    'generator_id',
    'consumer_id',
    'energy_kWh',
    `price_${currency}_per_kWh`,
    `amount_${currency}`,
    'on_gap',
  ];
}

/** The run a month's export uses: the one named, else the month's latest published run. */
export async function runToExport(
  workspace: Workspace,
  spec: { runId?: number; month?: string },
): Promise<RunRow> {
  if (spec.runId !== undefined) {
    const run = await runById(workspace.db, spec.runId);
    if (!run) throw notFound(`run ${spec.runId} does not exist`);
    if (run.status !== 'published')
      throw new ApiError('conflict', `run ${run.id} was refused; it has no lines to export`);
    return run;
  }
  const run = await latestPublishedRun(workspace.db, spec.month ?? '');
  if (!run)
    throw new ApiError(
      'conflict',
      `${spec.month} is not settled: settle it first (energy-ledger settle --month ${spec.month})`,
    );
  return run;
}

/**
 * The runs of several months, in month order: each month's run in force. Refused, naming
 * them, when a month in the range is not settled.
 */
export async function runsToExport(workspace: Workspace, months: string[]): Promise<RunRow[]> {
  const runs: RunRow[] = [];
  const unsettled: string[] = [];
  for (const month of months) {
    const run = await latestPublishedRun(workspace.db, month);
    if (run) runs.push(run);
    else unsettled.push(month);
  }
  if (unsettled.length > 0)
    throw new ApiError(
      'conflict',
      `${unsettled.join(', ')} ${unsettled.length === 1 ? 'is' : 'are'} not settled: settle ${unsettled.length === 1 ? 'it' : 'them'} first (energy-ledger settle --from … --to …)`,
    );
  return runs;
}

/** Every line of a run, a day of packs at a time, in hour order. */
async function* runLines(
  workspace: Workspace,
  run: RunRow,
  zone: string,
): AsyncGenerator<(string | number)[]> {
  const kwh = (mWh: number) => new Dec(mWh).dividedBy(1_000_000).toFixed();
  const money = (e4: number) => new Dec(e4).dividedBy(10_000).toFixed(4);
  for (let from = run.period_start_utc; from < run.period_end_utc; from += 86_400) {
    const packs = await linePacksBetween(
      workspace.db,
      run.id,
      from,
      Math.min(from + 86_400, run.period_end_utc),
    );
    for (const pack of packs) {
      const utc = formatSeedUtc(pack.hour_start_utc);
      const local = isoWithOffset(pack.hour_start_utc, zone);
      for (const [kind, consumerId, energy, price, cost] of JSON.parse(pack.lines_json) as LinePack['lines'])
        yield [
          run.id,
          utc,
          local,
          pack.meter_type,
          kind,
          pack.generator_id ?? '',
          consumerId ?? '',
          kwh(energy),
          price,
          money(cost),
          pack.has_gap ? 'yes' : '',
        ];
    }
  }
}

/**
 * Writes the lines of one run, or of several (a year: one header, month after month), as
 * CSV to `out`, respecting backpressure. Returns the number of lines.
 */
export async function writeLinesCsv(
  workspace: Workspace,
  runs: RunRow | RunRow[],
  out: Writable,
): Promise<number> {
  const { timezone, currency } = await workspace.settings();
  let count = 0;
  let buffer = `${csvRow(lineHeaders(currency))}\n`;
  for (const run of Array.isArray(runs) ? runs : [runs])
    for await (const row of runLines(workspace, run, timezone)) {
      buffer += `${csvRow(row)}\n`;
      count++;
      if (buffer.length > 1 << 16) {
        if (!out.write(buffer)) await once(out, 'drain');
        buffer = '';
      }
    }
  if (buffer) out.write(buffer);
  return count;
}

/** Writes the lines of one run or several as XLSX (streamed), a new sheet every `rowsPerSheet` lines. */
export async function writeLinesXlsx(
  workspace: Workspace,
  runs: RunRow | RunRow[],
  file: string,
  rowsPerSheet = EXCEL_DATA_ROWS,
): Promise<{ lines: number; sheets: number }> {
  const list = Array.isArray(runs) ? runs : [runs];
  const label = list.length === 1 ? list[0]!.month : `${list[0]?.month ?? ''} to ${list.at(-1)?.month ?? ''}`;
  const { timezone, currency } = await workspace.settings();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: false,
    useStyles: false,
  });
  const headers = lineHeaders(currency);
  let sheet: ExcelJS.Worksheet | null = null;
  let inSheet = 0;
  let sheets = 0;
  let lines = 0;
  for (const run of list)
    for await (const row of runLines(workspace, run, timezone)) {
      if (!sheet || inSheet >= rowsPerSheet) {
        if (sheet) sheet.commit();
        sheets++;
        sheet = book.addWorksheet(`Lines ${label} (${sheets})`);
        sheet.addRow(headers.map(xlsxCell)).commit();
        inSheet = 0;
      }
      // Numbers as numbers where Excel should add them up; exact text is in the CSV. Text is
      // text, never a formula (neutralised like the CSV's cells).
      sheet.addRow(row.map((v, i) => xlsxCell(i === 7 || i === 8 || i === 9 ? Number(v) : v))).commit();
      inSheet++;
      lines++;
    }
  if (!sheet) {
    sheet = book.addWorksheet(`Lines ${label} (1)`);
    sheet.addRow(headers.map(xlsxCell)).commit();
    sheets = 1;
  }
  sheet.commit();
  await book.commit();
  return { lines, sheets };
}
