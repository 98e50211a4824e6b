/**
 * Market prices CSV: `interval_start,price_per_kwh`, one row per hour,
 * `interval_start` ISO 8601 with its UTC offset and on an hour boundary, the
 * price an exact decimal in the workspace currency (it may be negative).
 * Stored for the workspace's price zone; strict and atomic like readings.
 */
import type { ImportReportDto } from '../../shared/contract';
import { parseInstantWithOffset } from '../../shared/time';
import { canonicalDecimal, isDecimalText } from '../../shared/units';
import type { Database, SqlValue } from '../store/database';
import { beginImport, finishImport } from '../store/imports-repository';

import { countingHasher, csvRecords } from './csv-source';
import type { ImportOptions } from './readings-csv';
import { ImportRejected, refuseRepeatedFile, RowErrors } from './row-errors';

export async function importMarketPricesCsv(
  db: Database,
  priceZone: string,
  options: ImportOptions,
): Promise<ImportReportDto> {
  const { fileName } = options;
  const errors = new RowErrors(fileName);
  const { transform, counter } = countingHasher();
  let rowsRead = 0;
  try {
    return await db.write(async (tx) => {
      const importId = await beginImport(tx, 'market-prices', fileName);
      let columns: { start: number; price: number } | null = null;
      const rows: SqlValue[][] = [];
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
          if (start === null) {
            errors.add(
              record.line,
              'interval_start',
              startText,
              'must be an ISO 8601 time with its UTC offset, e.g. 2022-01-01T00:00:00+07:00',
            );
          } else if (start % 3600 !== 0) {
            errors.add(record.line, 'interval_start', startText, 'must start on a whole hour');
          } else if (seen.has(start)) {
            errors.add(record.line, 'interval_start', startText, 'repeats an earlier row');
          }
          if (!isDecimalText(priceText))
            errors.add(record.line, 'price_per_kwh', priceText, 'must be a decimal number');
          if (start !== null && errors.count === 0) {
            seen.add(start);
            rows.push([priceZone, start, start + 3600, canonicalDecimal(priceText), importId]);
          }
          if (rowsRead % 10_000 === 0)
            options.onProgress?.({ fileName, bytesRead: counter.bytesRead, rowsRead });
        }
      } catch (error) {
        errors.addCsvError(error);
      }
      if (!columns && errors.count === 0) errors.add(1, '(header)', '', 'the file is empty');
      await refuseRepeatedFile(tx, counter.sha256(), importId);
      if (errors.count > 0) throw new ImportRejected();
      // Prices this file replaces are kept as superseded (undo brings them back), then replaced.
      let replaced = 0;
      for (let i = 0; i < rows.length; i += 5_000) {
        const starts = JSON.stringify(rows.slice(i, i + 5_000).map((row) => row[1]));
        const moved = await tx.run(
          `INSERT INTO superseded_market_prices (price_zone, start_utc, end_utc, price_per_kwh, import_id, superseded_by_import_id, superseded_utc)
           SELECT price_zone, start_utc, end_utc, price_per_kwh, import_id, ?, ? FROM market_prices
           WHERE price_zone = ? AND start_utc IN (SELECT value FROM json_each(?))`,
          [importId, Math.floor(Date.now() / 1000), priceZone, starts],
        );
        replaced += moved.changes;
      }
      await tx.insertMany(
        'market_prices',
        ['price_zone', 'start_utc', 'end_utc', 'price_per_kwh', 'import_id'],
        rows,
        { orReplace: true },
      );
      options.onProgress?.({ fileName, bytesRead: counter.bytesRead, rowsRead });
      const report: ImportReportDto = {
        importId,
        kind: 'market-prices',
        fileName,
        sha256: counter.sha256(),
        status: 'stored',
        rowsRead,
        rowsStored: rows.length,
        valuesRounded: 0,
        rejectedRows: [],
        message: `${fileName}: stored ${rows.length} hourly market prices for price zone ${priceZone}${replaced ? `; ${replaced} earlier price(s) superseded (kept; undo restores them)` : ''}`,
      };
      await finishImport(tx, report);
      return report;
    });
  } catch (error) {
    return errors.failedImport(error, db, { kind: 'market-prices', sha256: counter.sha256(), rowsRead });
  }
}
