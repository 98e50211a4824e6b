/**
 * Imports one file into a workspace, choosing the importer by the kind asked
 * for or, with `auto`, by the file's name and first line.
 */
import type { Readable } from 'node:stream';

import type { ImportProgress, ImportReportDto } from '../../shared/contract';
import type { ImportMappingInput } from '../../shared/import-mapping';
import { ApiError } from '../errors';
import type { Workspace } from '../store/workspace';

import { importCostAndConsumption, looksLikeCostAndConsumption } from './cost-consumption-import';
import { peekBytes } from './csv-source';
import { importGreenButton, looksLikeXml } from './green-button';
import { detectMapping, textShape } from './layout-detection';
import { importMarketPricesCsv } from './market-prices-csv';
import { importPaymentsCsv } from './payments-csv';
import { importReadingsCsv } from './readings-csv';
import type { ConflictRule } from './readings-sink';
import { importShadowPrices, looksLikeShadowPrices } from './shadow-prices';
import { importDefinitionFile } from './workspace-json';

export type ImportKindRequest =
  'auto' | 'workspace' | 'readings' | 'green-button' | 'cost-consumption' | 'market-prices' | 'payments';

export function detectKind(fileName: string, head: Buffer): Exclude<ImportKindRequest, 'auto'> | null {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  // Seed 004's cost and consumption documents (JSON or XML) are readings of their devices.
  if (looksLikeCostAndConsumption(head)) return 'cost-consumption';
  // Shadow prices (seed 002), JSON or CSV, are market prices with their components.
  if (text.includes('total_price_per_mwh')) return 'market-prices';
  if (/\.json$/i.test(fileName) || text.trimStart().startsWith('{')) return 'workspace';
  // XML goes to the Green Button importer, which says plainly when it is XML of another kind.
  if (/\.xml$/i.test(fileName) || looksLikeXml(head)) return 'green-button';
  // An XLSX workbook (a zip): its rows go through the readings layouts.
  if (/\.xlsx$/i.test(fileName) || (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304))
    return 'readings';
  const firstLine = (text.split(/\r?\n/, 1)[0] ?? '').toLowerCase();
  if (firstLine.includes('price_per_kwh')) return 'market-prices';
  if (firstLine.includes('participant_id') && firstLine.includes('amount')) return 'payments';
  if (firstLine.includes('meter_id')) return 'readings';
  // Any other table whose header (below a preamble, in any encoding) names a time and an energy
  // column, or lays days out in interval columns, is a readings layout.
  if (detectMapping(textShape(head).header)) return 'readings';
  return null;
}

export interface ImportRequest {
  fileName: string;
  kind: ImportKindRequest;
  source: Readable;
  onProgress?: (progress: ImportProgress) => void;
  mode?: 'strict' | 'partial';
  onConflict?: ConflictRule;
  dryRun?: boolean;
  /** Some or all of a mapping; what it leaves out is detected from the header. */
  mapping?: Partial<ImportMappingInput> | Record<string, unknown>;
}

export async function importFile(workspace: Workspace, request: ImportRequest): Promise<ImportReportDto> {
  const { head, stream } = await peekBytes(request.source, 4096);
  const detected = request.kind === 'auto' ? detectKind(request.fileName, head) : null;
  // With a mapping, any table is readings (its header need not be recognisable); XML and JSON stay what they are.
  const kind =
    request.kind !== 'auto'
      ? request.kind
      : request.mapping &&
          detected !== 'workspace' &&
          detected !== 'green-button' &&
          detected !== 'cost-consumption'
        ? 'readings'
        : detected;
  if (kind === null) {
    throw new ApiError(
      'invalid_input',
      `${request.fileName}: the file's kind is not recognised; expected a workspace definition (.json), a readings CSV (meter_id,interval_start,interval_minutes,energy_kwh) or XLSX, Green Button XML, a market prices CSV (interval_start,price_per_kwh) or a payments CSV (participant_id,statement_month,paid_on,amount,reference). Nothing was stored.`,
      // The input that settles it is named; each transport words how to give it (--kind, a Kind select).
      { kind: ['could not be detected from the file'] },
    );
  }
  const options = {
    fileName: request.fileName,
    source: stream,
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
  };
  const modeOptions = {
    ...(request.mode ? { mode: request.mode } : {}),
    ...(request.dryRun ? { dryRun: true } : {}),
  };
  switch (kind) {
    case 'workspace':
      return importDefinitionFile(workspace.db, request.fileName, stream, modeOptions);
    case 'readings':
      return importReadingsCsv(workspace.db, {
        ...options,
        timezone: (await workspace.settings()).timezone,
        ...modeOptions,
        ...(request.onConflict ? { onConflict: request.onConflict } : {}),
        ...(request.mapping ? { mapping: request.mapping } : {}),
      });
    case 'green-button':
      return importGreenButton(workspace.db, {
        ...options,
        timezone: (await workspace.settings()).timezone,
        ...modeOptions,
        ...(request.onConflict ? { onConflict: request.onConflict } : {}),
        ...(request.mapping ? { mapping: request.mapping as Record<string, unknown> } : {}),
      });
    case 'cost-consumption':
      return importCostAndConsumption(workspace.db, {
        ...options,
        currency: (await workspace.settings()).currency,
        ...modeOptions,
        ...(request.onConflict ? { onConflict: request.onConflict } : {}),
        ...(request.mapping ? { mapping: request.mapping as Record<string, unknown> } : {}),
      });
    case 'payments':
      return importPaymentsCsv(workspace.db, { ...options, ...modeOptions });
    case 'market-prices':
      if (looksLikeShadowPrices(head)) {
        const settings = await workspace.settings();
        return importShadowPrices(workspace.db, {
          ...options,
          timezone: settings.timezone,
          currency: settings.currency,
          priceZone: settings.priceZone,
          ...modeOptions,
          ...(request.onConflict ? { onConflict: request.onConflict } : {}),
        });
      }
      return importMarketPricesCsv(workspace.db, (await workspace.settings()).priceZone, {
        ...options,
        ...modeOptions,
        ...(request.onConflict ? { onConflict: request.onConflict } : {}),
      });
  }
}
