/**
 * How the columns of a tabular utility export map onto readings. Detected
 * from the header where possible (detectMapping in main/importers), shown in a
 * preview, and saved by name as a profile for the next file from the same
 * source. Columns are named by their header text (case and spaces ignored).
 */
import { z } from 'zod';

import { boundedDecimal, Id } from './definition';
import { isValidTimezone } from './time';

export const ImportMapping = z.object({
  /**
   * canonical: the documented CSV; long: one reading per row; wide: one row per meter and local day
   * with 24, 48 or 96 interval columns; cumulative: register readings, energy = consecutive differences.
   */
  layout: z
    .enum(['canonical', 'long', 'wide', 'cumulative'], {
      error: () => 'must be one of canonical, long, wide, cumulative',
    })
    .default('long'),
  /** Column holding the meter id; or `meterId` for a file of one meter. */
  meterColumn: z.string().min(1).optional(),
  meterId: Id.optional(),
  /** The file's meter names → workspace meter ids, where they differ. */
  meterMap: z.record(z.string(), Id).default({}),
  /** Meters the file names that the workspace lacks are created for this participant (else they are rejected). */
  createMeters: z
    .object({
      participantId: Id,
      direction: z
        .enum(['consumption', 'generation'], { error: () => 'must be consumption or generation' })
        .default('consumption'),
      meterType: z.number().int().min(1).default(1),
    })
    .optional(),
  timeColumn: z.string().min(1),
  /** When the date and the time of day are in separate columns: the date's (the time is read as "date time"). */
  dateColumn: z.string().min(1).optional(),
  /** Whether the time marks the start (default) or the end of the interval. */
  timestamp: z.enum(['start', 'end'], { error: () => 'must be start or end' }).default('start'),
  /** A luxon format such as `dd/MM/yyyy HH:mm`; ISO 8601 when absent. */
  timeFormat: z.string().min(1).optional(),
  /** Timezone of times written without an offset; the workspace's when absent. */
  timezone: z.string().refine(isValidTimezone, 'must be an IANA timezone name').optional(),
  minutesColumn: z.string().min(1).optional(),
  intervalMinutes: z
    .union([z.literal(5), z.literal(15), z.literal(30), z.literal(60)], {
      error: () => 'must be 5, 15, 30 or 60',
    })
    .optional(),
  /** long and cumulative: the value (or register) column; wide: the first interval column. */
  energyColumn: z.string().min(1),
  /** wide: intervals per (24-hour) day: 24, 48 or 96; a 23-hour day leaves its last columns empty, a 25-hour day fills one more. */
  intervalsPerDay: z
    .union([z.literal(24), z.literal(48), z.literal(96)], { error: () => 'must be 24, 48 or 96' })
    .optional(),
  /** cumulative: the register's largest value before it rolls over to zero (e.g. "99999.99"); without it a decrease is a reset. */
  rolloverAt: z
    .string()
    .regex(/^\d+(\.\d+)?$/, { error: 'must be a decimal number written as a string', abort: true })
    .superRefine(boundedDecimal())
    .optional(),
  unit: z.enum(['Wh', 'kWh', 'MWh'], { error: () => 'must be Wh, kWh or MWh' }).optional(),
  /** A column naming each row's unit (Wh, kWh or MWh), when the energy column's header does not. */
  unitColumn: z.string().min(1).optional(),
  /** 1-based line of the header; the lines above it (an export's account preamble) are skipped. Detected when absent. */
  headerRow: z.number().int().min(1).max(1000).optional(),
  decimalSeparator: z.enum(['.', ',']).default('.'),
  thousandsSeparator: z.enum(['', ',', '.', ' ', "'"]).default(''),
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
  encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']).optional(),
  /** XLSX: the sheet to read, by 1-based position or name (the first sheet by default). */
  sheet: z.union([z.number().int().min(1), z.string().min(1)]).optional(),
});

export type ImportMapping = z.output<typeof ImportMapping>;
export type ImportMappingInput = z.input<typeof ImportMapping>;

/** Header text normalised for matching: lower case, no spaces, underscores or punctuation around units. */
export function normaliseHeader(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_\-.]+/g, '');
}
