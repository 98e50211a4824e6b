/**
 * Readings and imports: meters and their readings, market prices, and the imports that bring them
 * in (importing a file, listing and undoing imports, saved column mappings).
 */
import { z } from 'zod';

import { Day, Id } from '../definition';
import { ImportMapping } from '../import-mapping';

import { Flag, IntegerParam, output } from './common';
import type { ImportReportDto } from './import-report';

export interface MeterDto {
  id: string;
  participantId: string;
  name: string | null;
  meterType: number;
  direction: 'consumption' | 'generation';
  settles: boolean;
  /** What it measures; a meter of another commodity than electricity never settles. */
  commodity: string;
  /** Wh for electricity; therm, m3, ft3, … otherwise. */
  unit: string;
}

export interface ReadingDto {
  /** Interval start, UTC, `YYYY-MM-DD HH:mm:ss`. */
  startDate: string;
  /** Interval end − 1 second, UTC (spec §2: the seeds' inclusive form). */
  endDate: string;
  /** kWh; for a meter of another commodity, its quantity in the ReadingsDto's `unit`. */
  kWh: string;
  minutes: number;
  estimated: boolean;
  /** The cost the utility's file gave (Green Button), in `fileCurrency`; absent when it gave none. */
  fileCost?: string;
}

export interface ReadingsDto {
  meterId: string;
  timezone: string;
  from: string;
  to: string;
  resolution: 'interval' | 'hour';
  /** `kWh` for electricity; a meter of another commodity gives its quantities in its own unit (e.g. `therm`). */
  unit: string;
  totalKWh: string;
  readings: ReadingDto[];
  /** Summary usage (a day or longer, e.g. daily Green Button data) starting in the range; kept apart from interval data (spec §1). */
  summaryReadings: ReadingDto[];
  /** The sum of the file costs of the readings listed, and their currency, when the files gave costs. */
  fileCostTotal?: string;
  fileCurrency?: string;
}

export interface MarketPriceDto {
  startDate: string;
  endDate: string;
  pricePerKwh: string;
}

export interface MarketPricesDto {
  priceZone: string;
  currency: string;
  prices: MarketPriceDto[];
}

export interface ImportRemovalDto {
  importId: number;
  fileName: string;
  readingsRemoved: number;
  readingsRestored: number;
  pricesRemoved: number;
  pricesRestored: number;
  paymentsRemoved: number;
  /** Meters the import had created, removed with it; and those kept because something else now uses them. */
  metersRemoved: string[];
  metersKept: string[];
  affectedRuns: { id: number; month: string }[];
  /** Undoing a workspace definition import: the name of the definition restored. */
  definitionRestored?: string;
  message: string;
}

export interface ImportProfileDto {
  name: string;
  mapping: unknown;
  savedAt: string;
}

export interface ImportProgress {
  fileName: string;
  bytesRead: number;
  rowsRead: number;
  /** The file's size when the transport knows it (CLI, desktop dialog, HTTP Content-Length). */
  bytesTotal?: number;
  rowsPerSecond?: number;
  /** Estimated from the bytes still to read at the rate so far; absent when the size is unknown. */
  secondsLeft?: number;
}

export const readingOperations = {
  'meters:list': {
    input: z.object({ participantId: Id.optional() }),
    http: 'GET /api/meters',
    output: output<MeterDto[]>(),
  },
  'meters:readings': {
    input: z
      .object({
        meterId: Id,
        from: Day,
        to: Day,
        resolution: z
          .enum(['interval', 'hour'], { error: () => 'must be one of interval, hour' })
          .default('interval'),
      })
      .refine((v) => v.from <= v.to, { path: ['to'], message: 'must not be before from' }),
    http: 'GET /api/meters/:meterId/readings',
    output: output<ReadingsDto>(),
  },
  'market-prices:list': {
    input: z
      .object({ from: Day, to: Day })
      .refine((v) => v.from <= v.to, { path: ['to'], message: 'must not be before from' }),
    http: 'GET /api/market-prices',
    output: output<MarketPricesDto>(),
  },
  'imports:list': {
    input: z.object({ limit: IntegerParam.pipe(z.number().min(1).max(1000)).default(100) }),
    http: 'GET /api/imports',
    output: output<ImportReportDto[]>(),
  },
  /**
   * Imports one file. The bytes come from the transport: the HTTP request body
   * (streamed), a file chosen in the desktop's open dialog, or a CLI path.
   */
  'imports:file': {
    input: z.object({
      fileName: z.string().min(1, 'must not be empty').max(500),
      kind: z
        .enum(
          ['auto', 'workspace', 'readings', 'green-button', 'cost-consumption', 'market-prices', 'payments'],
          {
            error: () =>
              'must be one of auto, workspace, readings, green-button, cost-consumption, market-prices, payments',
          },
        )
        .default('auto'),
      mode: z.enum(['strict', 'partial'], { error: () => 'must be strict or partial' }).default('strict'),
      onConflict: z
        .enum(['reject', 'replace', 'keep'], { error: () => 'must be one of reject, replace, keep' })
        .default('reject'),
      dryRun: Flag.default(false),
      /** A column mapping (object, or its JSON text in a query string); detected from the header when absent. */
      mapping: z
        .preprocess(
          (value) => {
            if (typeof value !== 'string') return value;
            try {
              return JSON.parse(value) as unknown;
            } catch {
              return value;
            }
          },
          z.record(z.string(), z.unknown(), {
            error: () => 'must be a mapping object (see docs/formats.md)',
          }),
        )
        .optional(),
    }),
    http: 'POST /api/imports',
    output: output<ImportReportDto>(),
  },
  'imports:remove': {
    input: z.object({ importId: IntegerParam.pipe(z.number().min(1, 'must be an import id')) }),
    http: 'DELETE /api/imports/:importId',
    output: output<ImportRemovalDto>(),
  },
  'import-profiles:list': {
    input: z.object({}),
    http: 'GET /api/import-profiles',
    output: output<ImportProfileDto[]>(),
  },
  'import-profiles:save': {
    input: z.object({ name: z.string().min(1, 'must not be empty').max(100), mapping: ImportMapping }),
    http: 'PUT /api/import-profiles/:name',
    output: output<ImportProfileDto>(),
  },
} as const;
