/**
 * Accounts as seed 002 names them (`account_number`, `load_zone`, `utility`,
 * `load_profile`, `rate_class`, `voltage`, summary usages, capacity and
 * transmission tags, `flow_start` / `flow_end`, `status`), and the workspace's
 * reference data they are checked against. Dates arrive as `YYYY-M-D` (leading
 * zeros optional) and leave as `YYYY-MM-DD`; kWh and kW as numbers or decimal
 * strings, kept exactly (energy in mWh).
 */
import { z } from 'zod';

import { required } from './definition';
import { decimalProblem, parseEnergy, shortValue } from './units';

/** `YYYY-M-D` or `YYYY-MM-DD`, a real calendar day, normalized to `YYYY-MM-DD`. */
export const SeedDate = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a date YYYY-M-D') })
  .regex(/^\d{4}-\d{1,2}-\d{1,2}$/, 'must be a date YYYY-M-D')
  .transform((text, ctx) => {
    const [y, m, d] = text.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
      ctx.addIssue({ code: 'custom', message: 'is not a calendar day' });
      return z.NEVER;
    }
    return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  });

/**
 * A non-negative decimal given as a number or a string, kept as exact decimal text, within the
 * bounded parser's bounds (shared/units.ts; the value named when out of them).
 */
export const Quantity = z
  .union([z.number(), z.string()], required('must be a number'))
  .transform((value, ctx) => {
    const text = typeof value === 'number' ? String(value) : value.trim();
    if (!/^\d+(\.\d+)?$/.test(text) || (typeof value === 'number' && !Number.isFinite(value))) {
      ctx.addIssue({ code: 'custom', message: 'must be a number ≥ 0' });
      return z.NEVER;
    }
    const problem = decimalProblem(text);
    if (problem !== null) {
      ctx.addIssue({ code: 'custom', message: `"${shortValue(text)}" ${problem}` });
      return z.NEVER;
    }
    return text;
  });

/** kWh that fit the store: whole mWh within the safe integer range. */
const EnergyQuantity = Quantity.superRefine((text, ctx) => {
  try {
    parseEnergy(text, 'kWh');
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

export const SummaryUsage = z.object({
  starts_on: SeedDate,
  ends_on: SeedDate,
  volume_kwh: EnergyQuantity,
});
export type SummaryUsage = z.output<typeof SummaryUsage>;

export const Tag = z.object({
  start_date: SeedDate,
  end_date: SeedDate,
  value_kw: Quantity,
});
export type Tag = z.output<typeof Tag>;

const UsageList = z.array(SummaryUsage, required('must be a list of summary usages'));
const TagList = z.array(Tag, required('must be a list of tags'));

const Text = z.string(required('must be text')).trim().min(1, "can't be blank").max(200);
const OptionalText = z
  .string({ error: () => 'must be text' })
  .max(200)
  .nullable()
  .optional();

/** Every field an account may be given; which are required depends on create or update. */
export const AccountFields = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1–64 letters, digits, dot, dash or underscore')
    .optional(),
  account_number: Text,
  location: Text,
  city: Text,
  state: z
    .string(required('must be text'))
    .regex(/^[A-Za-z]{2}$/, "must be the state's 2-letter abbreviation")
    .transform((s) => s.toUpperCase()),
  load_zone: Text,
  utility: Text,
  load_profile: Text,
  rate_class: Text,
  voltage: Text,
  rep: OptionalText,
  flow_start: SeedDate.nullable().optional(),
  flow_end: SeedDate.nullable().optional(),
  status: z.enum(['active', 'inactive'], { error: () => 'must be "active" or "inactive"' }).optional(),
  summary_usages_attributes: UsageList.optional(),
  capacity_tags_attributes: TagList.optional(),
  transmission_tags_attributes: TagList.optional(),
  // Energy Ledger's own links: the participant it belongs to, the tariff it is billed on,
  // the meter whose empty hours its estimated readings fill, a display name.
  participant_id: z.string().min(1).nullable().optional(),
  master_tariff_id: z.string().min(1).nullable().optional(),
  meter_id: z.string().min(1).nullable().optional(),
  name: OptionalText,
});

/** POST: seed 002's required fields, the two lists of tags among them (present, but may be empty). */
export const AccountCreate = AccountFields.extend({
  capacity_tags_attributes: TagList,
  transmission_tags_attributes: TagList,
});
/** PATCH: any subset; the seed's example also sends `capacity_tags` / `transmission_tags` without the suffix. */
export const AccountUpdate = AccountFields.partial().extend({
  capacity_tags: TagList.optional(),
  transmission_tags: TagList.optional(),
  summary_usages: UsageList.optional(),
});
export type AccountCreate = z.output<typeof AccountCreate>;
export type AccountUpdate = z.output<typeof AccountUpdate>;

export const IntervalizationStatus = z.enum([
  'usageless',
  'awaiting_intervalization',
  'intervalizing',
  'intervalized',
  'intervalization_error',
]);
export type IntervalizationStatus = z.infer<typeof IntervalizationStatus>;

/** The latest day's shadow price components of the account's load zone (seed 002's `rt_lmp_price`). */
export interface RtLmpPrice {
  id: number;
  starts_on: string;
  ends_on: string;
  [component: string]: string | number;
}

/** An account as the API answers it (seed 002's shape, plus Energy Ledger's links). */
export interface AccountDto {
  /** The account's stable integer id (seed 002); requests take it or the code. */
  id: number;
  /** The account's readable code, as Energy Ledger's screens and files name it. */
  account_code: string;
  account_number: string | null;
  location: string | null;
  city: string | null;
  state: string | null;
  load_zone: string | null;
  utility: string | null;
  load_profile: string | null;
  rate_class: string | null;
  voltage: string | null;
  rep: string | null;
  flow_end: string | null;
  flow_start: string | null;
  intervalization_status: IntervalizationStatus;
  intervalization_error?: string;
  status: 'active' | 'inactive';
  rt_lmp_price: RtLmpPrice | null;
  capacity_tags: { start_date: string; end_date: string; value_kw: number }[];
  transmission_tags: { start_date: string; end_date: string; value_kw: number }[];
  summary_usages: { starts_on: string; ends_on: string; volume_kwh: number }[];
  participant_id: string | null;
  master_tariff_id: string | null;
  meter_id: string | null;
  name: string | null;
  /** The intervalization behind the status: its id, progress and counts. */
  intervalization: {
    id: number;
    periods: number;
    periods_done: number;
    readings: number;
    metered_hours: number;
  } | null;
}

/** The workspace's reference data: utilities with their load zones, rate classes, voltages, load profiles. */
export const ReferenceData = z.object({
  utilities: z.array(
    z.object({
      code: Text,
      name: Text,
      load_zones: z.array(Text).default([]),
      rate_classes: z.array(Text).default([]),
      voltages: z.array(Text).default([]),
      load_profiles: z.array(Text).default([]),
    }),
  ),
});
export type ReferenceData = z.output<typeof ReferenceData>;
