/**
 * Market prices CSV: `interval_start,price_per_kwh`, one row per hour,
 * `interval_start` ISO 8601 with its UTC offset and on an hour boundary, the
 * price an exact decimal in the workspace currency (it may be negative).
 * Stored for the workspace's price zone, with the readings importers' rules:
 * strict (default) or partial, a dry run, and hours already priced by another
 * import rejected (default, each listed), replaced (the old price kept as
 * superseded; undo restores it) or kept.
 */
import type { ImportReportDto } from '../../shared/contract';
import { parseInstantWithOffset } from '../../shared/time';
import { canonicalDecimal } from '../../shared/units';
import { beginImport, finishImport } from '../store/imports-repository';
import {
  insertMarketPrices,
  pricedHours,
  supersedePrices,
  type MarketPriceRow,
} from '../store/market-prices-repository';
import type { Store, WriteTransaction } from '../store/store';

import { countingHasher, csvRecords } from './csv-source';
import type { ImportOptions } from './readings-csv';
import type { ConflictRule } from './readings-sink';
import { DryRunFinished, refuseRejectedRows, refuseRepeatedFile, RowErrors } from './row-errors';

export interface MarketPricesImportOptions extends ImportOptions {
  mode?: 'strict' | 'partial';
  onConflict?: ConflictRule;
  dryRun?: boolean;
}

export async function importMarketPricesCsv(
  db: Store,
  priceZone: string,
  options: MarketPricesImportOptions,
): Promise<ImportReportDto> {
  const { fileName } = options;
  const mode = options.mode ?? 'strict';
  const onConflict = options.onConflict ?? 'reject';
  const errors = new RowErrors(fileName);
  const { transform, counter } = countingHasher();
  let rowsRead = 0;
  try {
    return await db.write(async (tx) => {
      const importId = await beginImport(tx, 'market-prices', fileName);
      let columns: { start: number; price: number } | null = null;
      let rows: MarketPriceRow[] = [];
      const lines = new Map<string, { line: number; text: string; field?: string }>();
      const seen = new Set<number>();
      try {
        for await (const record of csvRecords(options.source, transform)) {
          if (!columns) {
            const header = record.fields.map((name) => name.trim().toLowerCase());
            const start = header.indexOf('interval_start');
            const price = header.indexOf('price_per_kwh');
            if (start < 0 || price < 0) {
              errors.add(
                record.line,
                '(header)',
                header.join(','),
                'must have the columns interval_start,price_per_kwh',
              );
              break;
            }
            columns = { start, price };
            continue;
          }
          rowsRead++;
          const startText = record.fields[columns.start] ?? '';
          const priceText = record.fields[columns.price] ?? '';
          const start = parseInstantWithOffset(startText);
          const before = errors.count;
          if (start === null) {
            errors.add(
              record.line,
              'interval_start',
              startText,
              'must be an ISO 8601 time with its UTC offset, e.g. 2022-01-01T00:00:00+07:00',
              'bad-time',
            );
          } else if (start % 3600 !== 0) {
            errors.add(record.line, 'interval_start', startText, 'must start on a whole hour', 'bad-time');
          } else if (seen.has(start)) {
            errors.add(
              record.line,
              'interval_start',
              startText,
              `repeats the hour of line ${lines.get(`${priceZone}|${start}`)!.line}`,
              'duplicate',
            );
          }
          errors.checkDecimal(record.line, 'price_per_kwh', priceText);
          if (start !== null && errors.count === before) {
            seen.add(start);
            lines.set(`${priceZone}|${start}`, { line: record.line, text: startText });
            rows.push([priceZone, start, start + 3600, canonicalDecimal(priceText), importId]);
          }
          if (rowsRead % 10_000 === 0)
            options.onProgress?.({ fileName, bytesRead: counter.bytesRead, rowsRead });
        }
      } catch (error) {
        errors.addCsvError(error);
      }
      if (!columns && errors.count === 0) errors.add(1, '(header)', '', 'the file is empty', 'empty');
      if (columns && rowsRead === 0 && errors.count === 0)
        errors.add(2, '(rows)', '', 'the file has a header but no prices', 'empty');
      await refuseRepeatedFile(tx, counter.sha256(), importId);

      const stored = await storeMarketPrices(tx, { rows, lines, errors, mode, onConflict, importId });
      rows = stored.rows;
      const { kept, replaced } = stored;
      options.onProgress?.({ fileName, bytesRead: counter.bytesRead, rowsRead });
      const report = marketPricesReport({
        importId,
        fileName,
        sha256: counter.sha256(),
        dryRun: options.dryRun ?? false,
        rowsRead,
        stored: { rows: rows.length, kept, replaced },
        errors,
        sizeBytes: counter.bytesRead,
        mode,
        onConflict,
        what: `hourly market prices for price zone ${priceZone}`,
      });
      if (options.dryRun) throw new DryRunFinished(report);
      await finishImport(tx, report);
      return report;
    });
  } catch (error) {
    return errors.failedImport(
      error,
      db,
      { kind: 'market-prices', sha256: counter.sha256(), rowsRead, mode, onConflict },
      options.dryRun ? { dryRun: true } : {},
    );
  }
}

/**
 * Stores hourly market prices (rows `[zone, start, end, price, importId]`) with the import
 * rules: an hour another import already priced in the same zone is rejected (each listed,
 * naming that import), kept, or replaced (the old price kept as superseded; undo restores
 * it). Refuses the whole file in strict mode when any row was rejected.
 */
/** The report of a market-price import (CSV or shadow prices): what was stored, superseded and kept. */
export function marketPricesReport(r: {
  importId: number;
  fileName: string;
  sha256: string;
  dryRun: boolean;
  rowsRead: number;
  stored: { rows: number; kept: number; replaced: number };
  errors: RowErrors;
  sizeBytes: number;
  mode: ImportReportDto['mode'];
  onConflict: ConflictRule;
  /** What was stored, after the count: "hourly market prices for price zone TH". */
  what: string;
}): ImportReportDto {
  const { stored } = r;
  return {
    importId: r.importId,
    kind: 'market-prices',
    fileName: r.fileName,
    sha256: r.sha256,
    status: r.dryRun ? 'dry-run' : 'stored',
    rowsRead: r.rowsRead,
    rowsStored: stored.rows,
    valuesRounded: 0,
    ...r.errors.facts,
    sizeBytes: r.sizeBytes,
    mode: r.mode,
    onConflict: r.onConflict,
    pricesKept: stored.kept,
    pricesReplaced: stored.replaced,
    message: `${r.fileName}: ${r.dryRun ? 'dry run, nothing stored: would store' : 'stored'} ${stored.rows} ${r.what}${stored.replaced ? `; ${stored.replaced} earlier price(s) superseded (kept; undo restores them)` : ''}${stored.kept ? `; ${stored.kept} hour(s) already priced kept as stored` : ''}${r.errors.note()}`,
  };
}

export async function storeMarketPrices(
  tx: WriteTransaction,
  options: {
    rows: MarketPriceRow[];
    lines: Map<string, { line: number; text: string; field?: string }>;
    errors: RowErrors;
    mode: 'strict' | 'partial';
    onConflict: ConflictRule;
    importId: number;
  },
): Promise<{ rows: MarketPriceRow[]; kept: number; replaced: number }> {
  const { lines, errors, mode, onConflict, importId } = options;
  let rows = options.rows;
  const key = (zone: string, start: number) => `${zone}|${start}`;
  const zones = [...new Set(rows.map((row) => row[0]))];
  const stored = new Map<
    string,
    { startUtc: number; endUtc: number; importId: number | null; fileName: string | null }
  >();
  for (const zone of zones) {
    const starts = rows.filter((row) => row[0] === zone).map((row) => row[1]);
    for (let i = 0; i < starts.length; i += 5_000) {
      const found = await pricedHours(tx, zone, starts.slice(i, i + 5_000));
      for (const row of found)
        stored.set(key(zone, row.start_utc), {
          startUtc: row.start_utc,
          endUtc: row.end_utc,
          importId: row.import_id,
          fileName: row.file_name,
        });
    }
  }
  let kept = 0;
  if (stored.size > 0 && onConflict !== 'replace') {
    rows = rows.filter((row) => {
      const earlier = stored.get(key(row[0], row[1]));
      if (!earlier) return true;
      if (onConflict === 'keep') {
        kept++;
        return false;
      }
      const { line, text, field } = lines.get(key(row[0], row[1]))!;
      errors.addConflict(
        {
          line,
          column: field ?? 'interval_start',
          value: text,
          startUtc: Number(row[1]),
          endUtc: Number(row[2]),
        },
        { priceZone: String(row[0]) },
        earlier,
      );
      return false;
    });
  }
  refuseRejectedRows(errors, mode, rows.length);
  // Prices this file replaces are kept as superseded (undo brings them back), then replaced.
  let replaced = 0;
  if (onConflict === 'replace') {
    for (const zone of zones) {
      const starts = rows.filter((row) => row[0] === zone).map((row) => row[1]);
      for (let i = 0; i < starts.length; i += 5_000) {
        replaced += await supersedePrices(
          tx,
          zone,
          starts.slice(i, i + 5_000),
          importId,
          Math.floor(Date.now() / 1000),
        );
      }
    }
  }
  await insertMarketPrices(tx, rows);
  return { rows, kept, replaced };
}
