/**
 * Readings from tabular text files: the canonical CSV
 * (`meter_id,interval_start,interval_minutes,energy_kwh`, times with offsets)
 * and any "long" layout (one reading per row, columns named by a mapping,
 * detected from the header when none is given).
 *
 * Streamed and exact: bytes are decoded (UTF-8, UTF-16, Windows-1252),
 * parsed, and each value goes from text to integer mWh through Decimal. Rows
 * go through the ReadingsSink inside ONE transaction. Strict (default): any
 * rejected row rolls the whole file back. Partial: valid rows land, rejected
 * ones are listed with the import. The same bytes imported again are
 * reported as already imported and store nothing. A dry run checks
 * everything and stores nothing.
 *
 * This file holds the import loop (the transaction, the header, the report); the file is opened
 * and its mapping and columns found by readings-columns.ts, each row read by readings-rows.ts
 * (wide and cumulative layouts by readings-layouts.ts).
 */
import type { Readable } from 'node:stream';

import type { ImportProgress, ImportReportDto } from '../../shared/contract';
import type { ImportMappingInput } from '../../shared/import-mapping';
import { formatSeedUtc } from '../../shared/time';
import { milliWhToKwh } from '../../shared/units';
import { ApiError } from '../errors';
import { beginImport, finishImport, importFileNames } from '../store/imports-repository';
import { meterIds } from '../store/meter-repository';
import { participantRole } from '../store/participant-directory';
import type { Store } from '../store/store';

import { countingHasher, peekBytes } from './csv-source';
import { FoldResolver } from './local-time';
import { mappingOf, openReadings, PEEK_BYTES, resolveColumns } from './readings-columns';
import type { RowContext } from './readings-layouts';
import { readRow } from './readings-rows';
import { previewOf, ReadingsSink, type ConflictRule } from './readings-sink';
import { DryRunFinished, refuseRejectedRows, refuseRepeatedFile, RowErrors } from './row-errors';

const PROGRESS_EVERY_ROWS = 10_000;

export interface ImportOptions {
  fileName: string;
  source: Readable;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ReadingsImportOptions extends ImportOptions {
  mode?: 'strict' | 'partial';
  onConflict?: ConflictRule;
  dryRun?: boolean;
  /** Some or all of a column mapping; what it leaves out is detected from the header. */
  mapping?: Partial<ImportMappingInput> | Record<string, unknown>;
  /** Workspace timezone, for times without an offset when the mapping names none. */
  timezone: string;
}

export async function importReadingsCsv(db: Store, options: ReadingsImportOptions): Promise<ImportReportDto> {
  const { fileName } = options;
  const mode = options.mode ?? 'strict';
  const onConflict = options.onConflict ?? 'reject';
  const errors = new RowErrors(fileName);
  const { transform, counter } = countingHasher();
  const { head, stream } = await peekBytes(options.source, PEEK_BYTES);
  const hints = (options.mapping ?? {}) as Partial<ImportMappingInput>;
  const { isXlsx, shape, records, xlsxRows } = await openReadings(
    fileName,
    hints,
    head,
    stream,
    transform,
    errors,
  );
  const mapping = await mappingOf(fileName, options.mapping, hints, head, shape, errors, xlsxRows);
  const timezone = mapping.timezone ?? options.timezone;
  const canonical = mapping.layout === 'canonical';
  const counts = { rowsRead: 0, valuesRounded: 0 };
  const folds = new FoldResolver();
  const dstNotes: string[] = [];
  let sink: ReadingsSink | null = null;
  const metersCreated: string[] = [];

  const facts = () => ({
    kind: 'readings' as const,
    sha256: counter.sha256(),
    rowsRead: counts.rowsRead,
    valuesRounded: counts.valuesRounded,
    sizeBytes: counter.bytesRead,
    mode,
    onConflict,
    mapping,
    timezone,
    encoding: isXlsx ? 'xlsx' : shape.encoding,
    dstFoldsResolved: folds.resolved,
    dstNotes: dstNotes.slice(0, 50),
    ...errors.facts,
  });

  try {
    return await db.write(async (tx) => {
      const importId = await beginImport(tx, 'readings', fileName);
      sink = new ReadingsSink(tx, importId, onConflict, errors, await importFileNames(tx));
      const meters = new Set(await meterIds(tx));
      if (mapping.createMeters) {
        const role = await participantRole(tx, mapping.createMeters.participantId);
        if (role === undefined)
          throw new ApiError(
            'invalid_input',
            `${fileName}: mapping.createMeters names unknown participant "${mapping.createMeters.participantId}"`,
            { 'mapping.createMeters.participantId': ['is not a participant of this workspace'] },
          );
        if (role === 'consumer' && mapping.createMeters.direction === 'generation') {
          throw new ApiError('invalid_input', `${fileName}: generation meters belong to prosumers`, {
            'mapping.createMeters.direction': ['generation meters belong to prosumers'],
          });
        }
      }
      let row: RowContext | null = null;
      const progress = () => {
        if (counts.rowsRead % PROGRESS_EVERY_ROWS === 0)
          options.onProgress?.({ fileName, bytesRead: counter.bytesRead, rowsRead: counts.rowsRead });
      };

      if (errors.count === 0) {
        try {
          rows: for await (const batch of records) {
            for (const record of batch) {
              if (!row) {
                if (record.line < (mapping.headerRow ?? 1)) continue; // the export's preamble
                const header = record.fields;
                const columns = resolveColumns(header, mapping, errors, record.line);
                if (!columns) break rows;
                row = {
                  tx,
                  mapping,
                  timezone,
                  canonical,
                  isXlsx,
                  delimiter: shape.delimiter,
                  header,
                  columns,
                  errors,
                  sink,
                  folds,
                  dstNotes,
                  meters,
                  metersCreated,
                  lastRead: new Map(),
                  counts,
                  progress,
                };
                continue;
              }
              counts.rowsRead++;
              await readRow(row, record);
            }
          }
        } catch (error) {
          errors.addCsvError(error);
        }
      }
      await sink.finish();
      if (errors.count === 0 && !row) errors.add(1, '(header)', '', 'the file has no header', 'empty');
      if (errors.count === 0 && counts.rowsRead === 0)
        errors.add(2, '(rows)', '', 'the file has a header but no readings', 'empty');
      options.onProgress?.({ fileName, bytesRead: counter.bytesRead, rowsRead: counts.rowsRead });
      // The same bytes as an earlier stored import: say so, whatever else the rows would say.
      const sha256 = counter.sha256();
      await refuseRepeatedFile(tx, sha256, importId);
      refuseRejectedRows(errors, mode, sink.stored);

      const meterFigures = [...sink.meters.values()]
        .sort((a, b) => (a.meterId < b.meterId ? -1 : 1))
        .map((m) => ({
          meterId: m.meterId,
          readings: m.readings,
          from: formatSeedUtc(m.firstStartUtc),
          to: formatSeedUtc(m.lastEndUtc - 1),
          totalKWh: milliWhToKwh(m.totalMilliWh),
        }));
      const report: ImportReportDto = {
        importId,
        fileName,
        status: options.dryRun ? 'dry-run' : 'stored',
        rowsStored: sink.stored,
        readingsKept: sink.kept,
        metersCreated,
        readingsReplaced: sink.replaced,
        meters: meterFigures,
        ...(options.dryRun ? { preview: previewOf(sink.firstRead) } : {}),
        message: `${fileName}: ${options.dryRun ? 'dry run, nothing stored: would store' : 'stored'} ${sink.stored} readings for ${sink.meters.size} meter(s)${counts.valuesRounded ? `; ${counts.valuesRounded} value(s) finer than 1 mWh rounded half-even` : ''}${sink.replaced ? `; ${sink.replaced} stored reading(s) superseded` : ''}${sink.kept ? `; ${sink.kept} kept as stored` : ''}${folds.resolved ? `; ${folds.resolved} time(s) in a repeated DST hour resolved by order` : ''}${errors.note('row')}`,
        ...facts(),
      };
      if (options.dryRun) throw new DryRunFinished(report);
      await finishImport(tx, report);
      return report;
    });
  } catch (error) {
    return errors.failedImport(error, db, facts(), options.dryRun ? { dryRun: true } : {});
  } finally {
    await xlsxRows?.return(undefined);
  }
}
