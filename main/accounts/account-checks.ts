/**
 * An account body checked before anything is stored (seed 002): each field parsed on its own,
 * then the whole account checked against the workspace's reference data, participants, meters
 * and tariffs, with its summary usages' and tags' date ranges (each ends after it starts; none
 * overlaps another of its list); and the reference data checked against the accounts that use
 * it. Every check adds to one set of field errors, so one 422 names every field at once.
 */
import type { z } from 'zod';

import { SeedDate, type ReferenceData } from '../../shared/account';
import { addFieldError, fieldPath, type FieldErrors } from '../../shared/definition';
import {
  listProfiles,
  readAccountRecords,
  readProfile,
  readReference,
  tariffExists,
  type AccountRecord,
  type StoredTag,
} from '../store/account-repository';
import { meterOwnerAndKind } from '../store/meter-repository';
import { participantExists } from '../store/participant-directory';
import type { Workspace } from '../store/workspace';

/** Ranges given as inclusive dates that overlap each other, by index. */
function overlaps<T>(list: T[], from: (t: T) => string, to: (t: T) => string): [number, number][] {
  const order = list
    .map((item, i) => ({ i, from: from(item), to: to(item) }))
    .sort((a, b) => (a.from < b.from ? -1 : 1));
  const out: [number, number][] = [];
  for (let k = 1; k < order.length; k++)
    if (order[k]!.from <= order[k - 1]!.to) out.push([order[k - 1]!.i, order[k]!.i]);
  return out;
}

/** An item of a list of date ranges, by its index in the list sent. */
interface DatedItem {
  index: number;
  from: string;
  to: string;
}

/**
 * A list of date ranges as the body sent it: `field` is the key actually sent
 * (`summary_usages_attributes`, or `summary_usages` in a PATCH like the seed's), `fromKey` /
 * `toKey` its items' date fields, so an error names the very value to change.
 */
export interface RangeList {
  field: string;
  fromKey: string;
  toKey: string;
  noun: string;
  list: DatedItem[];
}

function checkRanges(errors: FieldErrors, { field, fromKey, toKey, noun, list }: RangeList): void {
  for (const r of list)
    if (r.to < r.from)
      addFieldError(errors, `${field}[${r.index}].${toKey}`, `ends before it starts (${r.from} … ${r.to})`);
  for (const [a, b] of overlaps(
    list,
    (r) => r.from,
    (r) => r.to,
  ))
    addFieldError(
      errors,
      `${field}[${list[b]!.index}].${fromKey}`,
      `overlaps ${noun} ${list[a]!.index} (${list[a]!.from} … ${list[a]!.to})`,
    );
}

/**
 * A list's date ranges, from the items whose two dates parse: a list refused for one item's
 * kWh still has its dates checked, so an overlap comes in the same answer.
 */
export function rangeList(
  field: string,
  [fromKey, toKey, noun]: readonly [string, string, string],
  items: unknown,
): RangeList {
  const list: DatedItem[] = [];
  if (Array.isArray(items))
    items.forEach((item: unknown, index) => {
      if (typeof item !== 'object' || item === null) return;
      const from = SeedDate.safeParse((item as Record<string, unknown>)[fromKey]);
      const to = SeedDate.safeParse((item as Record<string, unknown>)[toKey]);
      if (from.success && to.success) list.push({ index, from: from.data, to: to.data });
    });
  return { field, fromKey, toKey, noun, list };
}
export const USAGE_DATES = ['starts_on', 'ends_on', 'summary usage'] as const;
export const tagDates = (kind: StoredTag['kind']) => ['start_date', 'end_date', `${kind} tag`] as const;

/**
 * The account as it would be stored, checked whole against the reference data and the
 * workspace. A field that did not parse is null in `record` and absent from `ranges`, so
 * only what parsed is checked (and nothing is said twice about one field).
 */
export async function checkAccount(
  workspace: Workspace,
  record: AccountRecord,
  ranges: RangeList[],
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const reference = await readReference(workspace.db);
  const utility = reference.utilities.find((u) => u.code === record.utility);
  if (record.utility !== null && !utility)
    addFieldError(errors, 'utility', 'is not a utility of this workspace (see its reference data)');
  if (utility) {
    const lists: [keyof AccountRecord, string[], string][] = [
      ['load_zone', utility.load_zones, "is not included in the utility's load zones"],
      ['rate_class', utility.rate_classes, "is not included in the utility's rate classes"],
      ['voltage', utility.voltages, "is not included in the utility's voltages"],
      ['load_profile', utility.load_profiles, "is not included in the utility's load profiles"],
    ];
    for (const [field, allowed, message] of lists) {
      const value = record[field];
      if (value !== null && !allowed.includes(String(value))) addFieldError(errors, field, message);
    }
  }
  if (
    record.load_profile !== null &&
    !errors.load_profile &&
    !(await readProfile(workspace.db, record.load_profile))
  )
    addFieldError(errors, 'load_profile', 'is not a load profile of this workspace');
  if (record.flow_start && record.flow_end && record.flow_end < record.flow_start)
    addFieldError(errors, 'flow_end', 'must not be before flow_start');
  for (const range of ranges) checkRanges(errors, range);
  if (record.participant_id !== null) {
    if (!(await participantExists(workspace.db, record.participant_id)))
      addFieldError(errors, 'participant_id', 'is not a participant of this workspace');
  }
  if (record.meter_id !== null) {
    const meter = await meterOwnerAndKind(workspace.db, record.meter_id);
    if (!meter) addFieldError(errors, 'meter_id', 'is not a meter of this workspace');
    else if (meter.direction !== 'consumption' || meter.commodity !== 'electricity')
      addFieldError(errors, 'meter_id', 'must be an electricity consumption meter');
    else if (record.participant_id !== null && meter.participant_id !== record.participant_id)
      addFieldError(
        errors,
        'meter_id',
        `belongs to ${meter.participant_id}, not to ${record.participant_id}`,
      );
  }
  if (record.master_tariff_id !== null) {
    if (!(await tariffExists(workspace.db, record.master_tariff_id)))
      addFieldError(errors, 'master_tariff_id', 'is not a tariff of this workspace');
  }
  return errors;
}

/**
 * An account body parsed field by field: what parsed, the errors of what did not (named by
 * the key sent, `summary_usages_attributes[0].volume_kwh`), and the keys that failed. The
 * whole-account checks then run on what parsed, so one 422 names every field at once.
 */
export function parseAccount<T extends z.ZodObject>(
  schema: T,
  body: Record<string, unknown>,
): { data: Partial<z.output<T>>; errors: FieldErrors; failed: Set<string> } {
  const data: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  const failed = new Set<string>();
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const parsed = field.safeParse(body[key]);
    if (parsed.success) {
      if (parsed.data !== undefined) data[key] = parsed.data;
      continue;
    }
    failed.add(key);
    for (const issue of parsed.error.issues)
      addFieldError(errors, fieldPath([key, ...issue.path]), issue.message);
  }
  return { data: data as Partial<z.output<T>>, errors, failed };
}

export function addFieldErrors(errors: FieldErrors, more: FieldErrors): void {
  for (const [field, messages] of Object.entries(more))
    for (const m of messages) addFieldError(errors, field, m);
}

/**
 * The reference data as it would be stored, checked: no utility twice, every load profile one
 * of the workspace's, and nothing removed that an account still uses.
 */
export async function checkReference(workspace: Workspace, reference: ReferenceData): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const profiles = new Set((await listProfiles(workspace.db)).map((p) => p.code));
  const codes = new Set<string>();
  reference.utilities.forEach((u, i) => {
    if (codes.has(u.code)) addFieldError(errors, `utilities[${i}].code`, `repeats utility ${u.code}`);
    codes.add(u.code);
    u.load_profiles.forEach((p, k) => {
      if (!profiles.has(p))
        addFieldError(
          errors,
          `utilities[${i}].load_profiles[${k}]`,
          'is not a load profile of this workspace',
        );
    });
  });
  // An account may not be left pointing at something removed.
  for (const account of await readAccountRecords(workspace.db)) {
    if (account.utility === null) continue;
    const u = reference.utilities.find((x) => x.code === account.utility);
    const index = reference.utilities.findIndex((x) => x.code === account.utility);
    if (!u) {
      addFieldError(
        errors,
        'utilities',
        `must keep utility ${account.utility}: account ${account.id} uses it`,
      );
      continue;
    }
    const keep: [string | null, string[], string][] = [
      [account.load_zone, u.load_zones, 'load_zones'],
      [account.rate_class, u.rate_classes, 'rate_classes'],
      [account.voltage, u.voltages, 'voltages'],
      [account.load_profile, u.load_profiles, 'load_profiles'],
    ];
    for (const [value, list, field] of keep)
      if (value !== null && !list.includes(value))
        addFieldError(
          errors,
          `utilities[${index}].${field}`,
          `must keep ${value}: account ${account.id} uses it`,
        );
  }
  return errors;
}
