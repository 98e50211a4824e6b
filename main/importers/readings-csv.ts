/**
 * Canonical readings CSV: `meter_id,interval_start,interval_minutes,energy_kwh`
 * (or `energy_wh`, or `energy_mwh` meaning megawatt-hours). `interval_start`
 * is ISO 8601 with its UTC offset. One row, one interval of one meter.
 *
 * Streamed and exact: each value goes from text to integer mWh through
 * Decimal, rows are written in batches inside ONE transaction, and any
 * rejected row rolls the whole file back (strict): the file lands whole or
 * not at all, and the report names every rejected row's line, column and value.
 */
import type { Readable } from 'node:stream';

import type { ImportProgress, ImportReportDto } from '../../shared/contract';
import { parseInstantWithOffset } from '../../shared/time';
import { parseEnergy, type EnergyUnit } from '../../shared/units';
import type { Database, SqlValue, WriteTransaction } from '../store/database';
import { beginImport, finishImport } from '../store/imports-repository';

import { countingHasher, csvRecords } from './csv-source';
import { ImportRejected, RowErrors } from './row-errors';

const energyColumns: Record<string, EnergyUnit> = { energy_kwh: 'kWh', energy_wh: 'Wh', energy_mwh: 'MWh' };
const allowedMinutes = new Set([5, 15, 30, 60]);
const BATCH_ROWS = 2_000;
const PROGRESS_EVERY_ROWS = 10_000;

export interface ImportOptions {
  fileName: string;
  source: Readable;
  onProgress?: (progress: ImportProgress) => void;
}

export async function importReadingsCsv(db: Database, options: ImportOptions): Promise<ImportReportDto> {
  const { fileName } = options;
  const errors = new RowErrors(fileName);
  const { transform, counter } = countingHasher();
  let rowsRead = 0;
  let rowsStored = 0;
  let valuesRounded = 0;

  try {
    return await db.write(async (tx) => {
      const importId = await beginImport(tx, 'readings', fileName);
      const meters = new Set((await tx.all<{ id: string }>('SELECT id FROM meters')).map((m) => m.id));
      const seen = new Map<string, Set<number>>();
      let columns: {
        meter: number;
        start: number;
        minutes: number;
        energy: number;
        unit: EnergyUnit;
      } | null = null;
      let header: string[] = [];
      let batch: SqlValue[][] = [];
      const touched = new Map<string, { min: number; max: number }>();

      const flush = async (tx: WriteTransaction) => {
        if (batch.length === 0 || errors.count > 0) {
          batch = [];
          return;
        }
        await upsertReadings(tx, batch);
        rowsStored += batch.length;
        batch = [];
      };

      for await (const record of csvRecords(options.source, transform)) {
        if (!columns) {
          header = record.fields.map((name) => name.trim().toLowerCase());
          columns = resolveColumns(header, errors, record.line);
          if (!columns) break;
          continue;
        }
        rowsRead++;
        const cell = (index: number) => record.fields[index] ?? '';
        const meterId = cell(columns.meter);
        const startText = cell(columns.start);
        const minutesText = cell(columns.minutes);
        const energyText = cell(columns.energy);
        const rowErrorsBefore = errors.count;

        if (!meters.has(meterId)) {
          errors.add(
            record.line,
            'meter_id',
            meterId,
            meterId === '' ? 'is empty' : 'is not a meter of this workspace',
          );
        }
        const start = parseInstantWithOffset(startText);
        if (start === null) {
          errors.add(
            record.line,
            'interval_start',
            startText,
            'must be an ISO 8601 time with its UTC offset, e.g. 2022-01-01T00:00:00+07:00',
          );
        }
        const minutes = /^\d+$/.test(minutesText) ? Number(minutesText) : NaN;
        if (!allowedMinutes.has(minutes)) {
          errors.add(record.line, 'interval_minutes', minutesText, 'must be 5, 15, 30 or 60');
        }
        if (start !== null && allowedMinutes.has(minutes) && start % (minutes * 60) !== 0) {
          errors.add(record.line, 'interval_start', startText, `must start on a ${minutes}-minute boundary`);
        }
        let energy = 0;
        try {
          const parsed = parseEnergy(energyText, columns.unit);
          energy = parsed.milliWh;
          if (parsed.wasRounded) valuesRounded++;
        } catch (error) {
          errors.add(record.line, header[columns.energy] ?? 'energy', energyText, (error as Error).message);
        }
        if (errors.count === rowErrorsBefore && start !== null) {
          const starts = seen.get(meterId) ?? new Set<number>();
          if (starts.has(start)) {
            errors.add(
              record.line,
              'interval_start',
              startText,
              `repeats an earlier row of meter ${meterId}`,
            );
          } else {
            starts.add(start);
            seen.set(meterId, starts);
            batch.push([meterId, start, start + minutes * 60, energy, 0, importId]);
            const span = touched.get(meterId) ?? { min: start, max: start };
            span.min = Math.min(span.min, start);
            span.max = Math.max(span.max, start);
            touched.set(meterId, span);
          }
        }
        if (batch.length >= BATCH_ROWS) await flush(tx);
        if (rowsRead % PROGRESS_EVERY_ROWS === 0) {
          options.onProgress?.({ fileName, bytesRead: counter.bytesRead, rowsRead });
        }
      }
      await flush(tx);
      if (!columns && errors.count === 0) errors.add(1, '(header)', '', 'the file is empty');
      if (errors.count === 0 && rowsRead === 0)
        errors.add(2, '(rows)', '', 'the file has a header but no readings');
      if (errors.count === 0) await rejectOverlaps(tx, touched, errors);
      options.onProgress?.({ fileName, bytesRead: counter.bytesRead, rowsRead });
      if (errors.count > 0) throw new ImportRejected();

      const report: ImportReportDto = {
        importId,
        kind: 'readings',
        fileName,
        sha256: counter.sha256(),
        status: 'stored',
        rowsRead,
        rowsStored,
        valuesRounded,
        rejectedRows: [],
        message: `${fileName}: stored ${rowsStored} readings for ${touched.size} meter(s)${valuesRounded ? `; ${valuesRounded} value(s) finer than 1 mWh rounded half-even` : ''}`,
      };
      await finishImport(tx, report);
      return report;
    });
  } catch (error) {
    if (!(error instanceof ImportRejected)) throw error;
    return errors.rejectedReport(db, { kind: 'readings', sha256: counter.sha256(), rowsRead, valuesRounded });
  }
}

function resolveColumns(header: string[], errors: RowErrors, line: number) {
  const index = (name: string) => header.indexOf(name);
  const energyName = Object.keys(energyColumns).find((name) => header.includes(name));
  const missing = ['meter_id', 'interval_start', 'interval_minutes'].filter((name) => index(name) < 0);
  if (!energyName) missing.push('energy_kwh (or energy_wh, energy_mwh)');
  if (missing.length > 0) {
    errors.add(
      line,
      '(header)',
      header.join(','),
      `is missing column(s) ${missing.join(', ')}; expected meter_id,interval_start,interval_minutes,energy_kwh`,
    );
    return null;
  }
  return {
    meter: index('meter_id'),
    start: index('interval_start'),
    minutes: index('interval_minutes'),
    energy: index(energyName!),
    unit: energyColumns[energyName!]!,
  };
}

async function upsertReadings(tx: WriteTransaction, rows: SqlValue[][]): Promise<void> {
  // A metered reading replaces what was stored for the same interval start; an interval of another length is caught by rejectOverlaps.
  const perStatement = 400;
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    await tx.run(
      `INSERT INTO readings (meter_id, start_utc, end_utc, energy_milliwh, is_estimated, import_id)
       VALUES ${chunk.map(() => '(?,?,?,?,?,?)').join(',')}
       ON CONFLICT (meter_id, start_utc) DO UPDATE SET end_utc = excluded.end_utc,
         energy_milliwh = excluded.energy_milliwh, is_estimated = excluded.is_estimated, import_id = excluded.import_id`,
      chunk.flat(),
    );
  }
}

/** Two readings of one meter whose intervals overlap would count the same energy twice. */
async function rejectOverlaps(
  tx: WriteTransaction,
  touched: Map<string, { min: number; max: number }>,
  errors: RowErrors,
) {
  for (const [meterId, span] of touched) {
    const overlaps = await tx.all<{ start_utc: number; next_start: number }>(
      `SELECT start_utc, next_start FROM (
         SELECT start_utc, end_utc, LEAD(start_utc) OVER (ORDER BY start_utc) AS next_start
         FROM readings WHERE meter_id = ? AND start_utc BETWEEN ? AND ?)
       WHERE next_start < end_utc LIMIT 20`,
      [meterId, span.min - 3600, span.max + 3600],
    );
    for (const overlap of overlaps) {
      errors.addFileError(
        `meter ${meterId}: the interval starting ${new Date(overlap.start_utc * 1000).toISOString()} overlaps the one starting ${new Date(overlap.next_start * 1000).toISOString()} (stored or in this file)`,
      );
    }
  }
}
