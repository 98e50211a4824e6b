/**
 * Shadow prices (seed 002): hourly price components per MWh for a load zone,
 * as the seed's JSON (an array of `{price_date, hour, lmp_price, …,
 * total_price_per_mwh}` objects, optionally with `load_zone` and `currency`) or
 * as CSV by load zone (`load_zone,price_date,hour,<components…>,total_price_per_mwh`
 * and optionally `currency`). Hours are hour-ending in the market timezone (hour 1
 * = 00:00–01:00 local; DST days have 23 or 25, numbered in order).
 *
 * Each hour's `total_price_per_mwh` must be the exact sum of its components; its
 * market price is `total / 1000` per kWh (exact), stored for the hour's zone with
 * the market-price rules (strict or partial, dry run, conflicts rejected, kept or
 * replaced, undo), the components beside it. A currency other than the
 * workspace's rejects the file.
 */
import type { Readable } from 'node:stream';

import { DateTime } from 'luxon';

import type { ImportReportDto } from '../../shared/contract';
import { canonicalDecimal, Dec, parseDecimal } from '../../shared/units';
import { beginImport, finishImport } from '../store/imports-repository';
import {
  insertShadowPriceComponents,
  type MarketPriceRow,
  type ShadowComponentRow,
} from '../store/market-prices-repository';
import type { Store } from '../store/store';

import type { CsvRecord } from './csv-record';
import { countingHasher, readWholeText } from './csv-source';
import { tokenizeCsvBatches } from './csv-tokenizer';
import { JsonNumberError, parseBoundedJson } from './json-text';
import { marketPricesReport, storeMarketPrices } from './market-prices-csv';
import type { ConflictRule } from './readings-sink';
import { DryRunFinished, ImportRejected, refuseRepeatedFile, RowErrors } from './row-errors';

/** The components seed 002 names, in its order; other `*_price` fields are kept as components too. */
export const SHADOW_COMPONENTS = [
  'lmp_price',
  'ancillaries_price',
  'capacity_price',
  'losses_price',
  'rps_price',
  'transmission_price',
  'transmission_ancillaries_price',
] as const;

export interface ShadowPricesImportOptions {
  fileName: string;
  source: Readable;
  timezone: string;
  currency: string;
  /** The zone of rows that name none (the seed's JSON does not): the workspace's price zone. */
  priceZone: string;
  mode?: 'strict' | 'partial';
  onConflict?: ConflictRule;
  dryRun?: boolean;
}

interface ShadowRow {
  line: number;
  zone: string;
  priceDate: string;
  hour: string;
  components: Record<string, string>;
  total: string;
  currency: string | null;
}

export function looksLikeShadowPrices(head: Buffer): boolean {
  return head.toString('utf8').includes('total_price_per_mwh');
}

function rowsOfJson(text: string, errors: RowErrors, zone: string): ShadowRow[] {
  let parsed: unknown;
  try {
    parsed = parseBoundedJson(text);
  } catch (error) {
    // A number out of range is named by its line in the file and its path (e.g. [3].lmp_price).
    if (error instanceof JsonNumberError)
      errors.add(error.line, error.field, error.value, error.problem, 'bad-number');
    else errors.add(1, '(file)', '', `is not JSON: ${(error as Error).message}`, 'not-json');
    return [];
  }
  const list = Array.isArray(parsed)
    ? parsed
    : Array.isArray((parsed as { shadow_prices?: unknown }).shadow_prices)
      ? (parsed as { shadow_prices: unknown[] }).shadow_prices
      : null;
  if (!list) {
    errors.add(1, '(file)', '', 'must be an array of hourly shadow prices (seed 002)', 'not-shadow-prices');
    return [];
  }
  return list.map((item, i) => {
    const o = (item ?? {}) as Record<string, unknown>;
    const components: Record<string, string> = {};
    for (const [key, value] of Object.entries(o))
      if (key.endsWith('_price') && key !== 'total_price_per_mwh') components[key] = String(value);
    return {
      line: i + 1,
      zone: typeof o.load_zone === 'string' ? o.load_zone : zone,
      priceDate: String(o.price_date ?? ''),
      hour: String(o.hour ?? ''),
      components,
      total: String(o.total_price_per_mwh ?? ''),
      currency: typeof o.currency === 'string' ? o.currency : null,
    };
  });
}

async function rowsOfCsv(text: string, errors: RowErrors, zone: string): Promise<ShadowRow[]> {
  const records: CsvRecord[] = [];
  try {
    for await (const batch of tokenizeCsvBatches(
      (async function* () {
        yield text;
      })(),
      ',',
    ))
      records.push(...batch);
  } catch (error) {
    // A stray or unclosed quote: the file is refused naming the line, as the other CSV importers do.
    errors.addCsvError(error);
    throw new ImportRejected();
  }
  const header = (records[0]?.fields ?? []).map((f) => f.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  for (const required of ['price_date', 'hour', 'total_price_per_mwh'])
    if (col(required) < 0) {
      errors.add(1, '(header)', header.join(','), `must have the column ${required}`, 'bad-header');
      return [];
    }
  const componentColumns = header
    .map((name, i) => ({ name, i }))
    .filter(({ name }) => name.endsWith('_price') && name !== 'total_price_per_mwh');
  return records.slice(1).map((record) => {
    const field = (name: string) => (col(name) >= 0 ? (record.fields[col(name)] ?? '').trim() : '');
    return {
      line: record.line,
      zone: field('load_zone') || zone,
      priceDate: field('price_date'),
      hour: field('hour'),
      components: Object.fromEntries(
        componentColumns.map(({ name, i }) => [name, (record.fields[i] ?? '').trim()]),
      ),
      total: field('total_price_per_mwh'),
      currency: field('currency') || null,
    };
  });
}

export async function importShadowPrices(
  db: Store,
  options: ShadowPricesImportOptions,
): Promise<ImportReportDto> {
  const { fileName, timezone } = options;
  const mode = options.mode ?? 'strict';
  const onConflict = options.onConflict ?? 'reject';
  const errors = new RowErrors(fileName);
  const { transform, counter } = countingHasher();
  let rowsRead = 0;
  try {
    const text = await readWholeText(options.source, transform).catch((error) => errors.refuseText(error));
    return await db.write(async (tx) => {
      const importId = await beginImport(tx, 'market-prices', fileName);
      const isJson = /^\s*[[{]/.test(text);
      const parsed = isJson
        ? rowsOfJson(text, errors, options.priceZone)
        : await rowsOfCsv(text, errors, options.priceZone);
      rowsRead = parsed.length;
      const rows: MarketPriceRow[] = [];
      const componentRows: ShadowComponentRow[] = [];
      const lines = new Map<string, { line: number; text: string; field?: string }>();
      const currencies = new Set<string>();
      for (const row of parsed) {
        const before = errors.count;
        const day = DateTime.fromFormat(row.priceDate, 'yyyy-M-d', { zone: timezone });
        const hour = Number(row.hour);
        let start: number | null = null;
        if (!day.isValid)
          errors.add(row.line, 'price_date', row.priceDate, 'must be a date YYYY-M-D', 'bad-time');
        else {
          const dayStart = day.startOf('day').toSeconds();
          const hours = (day.plus({ days: 1 }).startOf('day').toSeconds() - dayStart) / 3600;
          if (!Number.isInteger(hour) || hour < 1 || hour > hours)
            errors.add(
              row.line,
              'hour',
              row.hour,
              `must be an hour ending 1–${hours} (${row.priceDate} has ${hours} hours in ${timezone})`,
              'bad-time',
            );
          else start = dayStart + (hour - 1) * 3600;
        }
        let sum = new Dec(0);
        for (const [name, value] of Object.entries(row.components))
          if (errors.checkDecimal(row.line, name, value)) sum = sum.plus(parseDecimal(value));
        if (
          errors.checkDecimal(row.line, 'total_price_per_mwh', row.total) &&
          Object.keys(row.components).length > 0 &&
          errors.count === before &&
          !sum.equals(parseDecimal(row.total))
        )
          errors.add(
            row.line,
            'total_price_per_mwh',
            row.total,
            `must be the exact sum of the components (${sum.toFixed()})`,
            'bad-sum',
          );
        if (row.currency !== null) {
          currencies.add(row.currency);
          if (row.currency !== options.currency)
            errors.add(
              row.line,
              'currency',
              row.currency,
              `is not the workspace's currency (${options.currency}); convert the prices first`,
              'currency',
            );
        }
        const key = `${row.zone}|${start}`;
        if (start !== null && lines.has(key) && errors.count === before)
          errors.add(
            row.line,
            'hour',
            row.hour,
            `repeats the hour of line ${lines.get(key)!.line}`,
            'duplicate',
          );
        if (start === null || errors.count !== before) continue;
        lines.set(key, { line: row.line, text: `${row.priceDate} hour ${row.hour}`, field: 'hour' });
        const perKwh = parseDecimal(row.total).dividedBy(1000).toFixed();
        rows.push([row.zone, start, start + 3600, perKwh, importId]);
        componentRows.push([
          row.zone,
          start,
          JSON.stringify(row.components),
          canonicalDecimal(row.total),
          importId,
        ]);
      }
      // A file in another currency is refused whole, whatever the mode.
      const foreign = [...currencies].some((c) => c !== options.currency);
      if (rowsRead === 0 && errors.count === 0)
        errors.add(1, '(file)', '', 'the file has no shadow prices', 'empty');
      await refuseRepeatedFile(tx, counter.sha256(), importId);
      const stored = await storeMarketPrices(tx, {
        rows,
        lines,
        errors,
        mode: foreign ? 'strict' : mode,
        onConflict,
        importId,
      });
      const storedKeys = new Set(stored.rows.map((r) => `${String(r[0])}|${String(r[1])}`));
      await insertShadowPriceComponents(
        tx,
        componentRows.filter((r) => storedKeys.has(`${String(r[0])}|${String(r[1])}`)),
      );
      const zones = [...new Set(stored.rows.map((r) => String(r[0])))].sort();
      const report = marketPricesReport({
        importId,
        fileName,
        sha256: counter.sha256(),
        dryRun: options.dryRun ?? false,
        rowsRead,
        stored: { rows: stored.rows.length, kept: stored.kept, replaced: stored.replaced },
        errors,
        sizeBytes: counter.bytesRead,
        mode,
        onConflict,
        what: `hourly shadow prices (market price = total_price_per_mwh / 1000 per kWh) for ${zones.join(', ') || 'no zone'}`,
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
