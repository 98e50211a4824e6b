/**
 * Accounts as seed 002 serves them (`POST /api/v1/accounts`, `GET` and `PATCH
 * /api/v1/accounts/{id}`), the reference data they are checked against, load
 * profiles, and intervalization: an account's summary usages turned into hourly
 * estimated readings by its load profile, in the background.
 */
import { DateTime } from 'luxon';
import type { z } from 'zod';

import {
  AccountCreate,
  AccountUpdate,
  ReferenceData,
  SeedDate,
  type AccountDto,
  type IntervalizationStatus,
  type SummaryUsage,
  type Tag,
} from '../../shared/account';
import { addFieldError, fieldPath, zodFieldErrors, type FieldErrors } from '../../shared/definition';
import { decimalProblem, NOT_A_DECIMAL, shortValue } from '../../shared/units';
import {
  checkProfile,
  intervalizePeriod,
  IntervalizationError,
  scaledWeights,
  type SummaryPeriod,
} from '../engine/intervalize';
import { invalidInput, notFound, refuseFields as refuse } from '../errors';
import {
  ACCOUNT_COLUMNS,
  ensureShippedProfiles,
  kwhNumber,
  latestIntervalization,
  listProfiles,
  milliWhOf,
  readAccountRecord,
  readAccountRecords,
  readProfile,
  readReference,
  readTags,
  readUsages,
  replaceTags,
  replaceUsages,
  sha256Of,
  writeAccountRecord,
  writeReference,
  type AccountRecord,
  type StoredTag,
  type StoredUsage,
} from '../store/account-repository';
import { numbersOf } from '../store/code-numbers';
import { readingsBetween } from '../store/readings-repository';
import type { Workspace } from '../store/workspace';

import type { Handlers } from './context';
import { latestRtLmpPrice } from './shadow-prices';

type AccountHandlers = Pick<
  Handlers,
  | 'reference:get'
  | 'reference:save'
  | 'load-profiles:list'
  | 'load-profiles:save'
  | 'accounts:create'
  | 'accounts:get'
  | 'accounts:update'
  | 'accounts:intervalize'
>;

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
interface RangeList {
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
function rangeList(
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
const USAGE_DATES = ['starts_on', 'ends_on', 'summary usage'] as const;
const tagDates = (kind: StoredTag['kind']) => ['start_date', 'end_date', `${kind} tag`] as const;

/**
 * The account as it would be stored, checked whole against the reference data and the
 * workspace. A field that did not parse is null in `record` and absent from `ranges`, so
 * only what parsed is checked (and nothing is said twice about one field).
 */
async function checkAccount(
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
    const participant = await workspace.db.get('SELECT id FROM participants WHERE id = ?', [
      record.participant_id,
    ]);
    if (!participant) addFieldError(errors, 'participant_id', 'is not a participant of this workspace');
  }
  if (record.meter_id !== null) {
    const meter = await workspace.db.get<{ participant_id: string; direction: string; commodity: string }>(
      'SELECT participant_id, direction, commodity FROM meters WHERE id = ?',
      [record.meter_id],
    );
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
    const tariff = await workspace.db.get('SELECT master_tariff_id FROM tariffs WHERE master_tariff_id = ?', [
      record.master_tariff_id,
    ]);
    if (!tariff) addFieldError(errors, 'master_tariff_id', 'is not a tariff of this workspace');
  }
  return errors;
}

const tagOut = (t: StoredTag) => ({
  start_date: t.start_date,
  end_date: t.end_date,
  value_kw: Number(t.value_kw),
});

export async function accountDto(workspace: Workspace, record: AccountRecord): Promise<AccountDto> {
  const usages = await readUsages(workspace.db, record.id);
  const tags = await readTags(workspace.db, record.id);
  const latest = await latestIntervalization(workspace.db, record.id);
  let status: IntervalizationStatus;
  if (usages.length === 0) status = 'usageless';
  else status = latest?.status ?? 'awaiting_intervalization';
  const number = (await numbersOf(workspace.db, 'account', [record.id])).get(record.id);
  if (number === undefined) throw new Error(`account ${record.id} has no integer id`);
  return {
    id: number,
    account_code: record.id,
    account_number: record.account_number,
    location: record.location,
    city: record.city,
    state: record.state,
    load_zone: record.load_zone,
    utility: record.utility,
    load_profile: record.load_profile,
    rate_class: record.rate_class,
    voltage: record.voltage,
    rep: record.rep,
    flow_end: record.flow_end,
    flow_start: record.flow_start,
    intervalization_status: status,
    ...(status === 'intervalization_error' && latest?.error ? { intervalization_error: latest.error } : {}),
    status: record.status,
    rt_lmp_price: record.load_zone ? await latestRtLmpPrice(workspace, record.load_zone) : null,
    capacity_tags: tags.filter((t) => t.kind === 'capacity').map(tagOut),
    transmission_tags: tags.filter((t) => t.kind === 'transmission').map(tagOut),
    summary_usages: usages.map((u) => ({
      starts_on: u.starts_on,
      ends_on: u.ends_on,
      volume_kwh: kwhNumber(u.volume_milliwh),
    })),
    participant_id: record.participant_id,
    master_tariff_id: record.master_tariff_id,
    meter_id: record.meter_id,
    name: record.name,
    intervalization: latest
      ? {
          id: latest.id,
          periods: latest.periods,
          periods_done: latest.periods_done,
          readings: latest.readings,
          metered_hours: latest.metered_hours,
        }
      : null,
  };
}

/**
 * An account body parsed field by field: what parsed, the errors of what did not (named by
 * the key sent, `summary_usages_attributes[0].volume_kwh`), and the keys that failed. The
 * whole-account checks then run on what parsed, so one 422 names every field at once.
 */
function parseAccount<T extends z.ZodObject>(
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

const usageRows = (usages: SummaryUsage[]): StoredUsage[] =>
  usages.map((u) => ({
    starts_on: u.starts_on,
    ends_on: u.ends_on,
    volume_milliwh: milliWhOf(u.volume_kwh),
  }));
const tagRows = (kind: StoredTag['kind'], tags: Tag[]): StoredTag[] =>
  tags.map((t) => ({ kind, start_date: t.start_date, end_date: t.end_date, value_kw: t.value_kw }));

// ------------------------------------------------------------------ intervalization

interface IntervalizationInputs {
  periods: SummaryPeriod[];
  profileCode: string | null;
  profileSha: string | null;
  meterId: string | null;
  zone: string;
  metered: Map<number, bigint>;
  sha256: string;
}

/** What an account's estimates are made from, and its digest (equal digests, equal estimates). */
async function intervalizationInputs(
  workspace: Workspace,
  record: AccountRecord,
): Promise<IntervalizationInputs> {
  const { timezone: zone } = await workspace.settings();
  const usages = await readUsages(workspace.db, record.id);
  const profile = record.load_profile ? await readProfile(workspace.db, record.load_profile) : null;
  const metered = new Map<number, bigint>();
  if (record.meter_id)
    for (const u of usages) {
      const from = DateTime.fromISO(u.starts_on, { zone }).toSeconds();
      const to = DateTime.fromISO(u.ends_on, { zone }).plus({ days: 1 }).toSeconds();
      for (const r of await readingsBetween(workspace.db, record.meter_id, from, to)) {
        const hour = r.startUtc - ((((r.startUtc - from) % 3600) + 3600) % 3600);
        metered.set(hour, (metered.get(hour) ?? 0n) + BigInt(r.energyMilliWh));
      }
    }
  const periods = usages.map((u) => ({
    startsOn: u.starts_on,
    endsOn: u.ends_on,
    volumeMilliWh: BigInt(u.volume_milliwh),
  }));
  const profileSha = profile ? sha256Of([profile.shape, profile.weights]) : null;
  const sha256 = sha256Of({
    periods: usages,
    profile: record.load_profile,
    profileSha,
    meter: record.meter_id,
    zone,
    metered: [...metered.entries()].sort((a, b) => a[0] - b[0]).map(([t, e]) => [t, e.toString()]),
  });
  return {
    periods,
    profileCode: record.load_profile,
    profileSha,
    meterId: record.meter_id,
    zone,
    metered,
    sha256,
  };
}

/**
 * Queues an intervalization when what the estimates are made from changed: a row
 * `awaiting_intervalization` now (inside the caller's view of the account), the work in
 * the background. Returns whether one was queued.
 */
async function queueIntervalization(
  workspace: Workspace,
  accountId: string,
  force = false,
): Promise<boolean> {
  const record = await readAccountRecord(workspace.db, accountId);
  if (!record) return false;
  const inputs = await intervalizationInputs(workspace, record);
  if (inputs.periods.length === 0) return false;
  const latest = await latestIntervalization(workspace.db, accountId);
  if (!force && latest && latest.inputs_sha256 === inputs.sha256 && latest.status !== 'intervalization_error')
    return false;
  const id = await workspace.db.write(async (tx) => {
    const result = await tx.run(
      `INSERT INTO intervalizations (account_id, status, inputs_sha256, profile_code, meter_id, periods, started_utc)
       VALUES (?, 'awaiting_intervalization', ?, ?, ?, ?, ?)`,
      [
        accountId,
        inputs.sha256,
        inputs.profileCode,
        inputs.meterId,
        inputs.periods.length,
        Math.floor(Date.now() / 1000),
      ],
    );
    return result.lastID;
  });
  workspace.background(() => runIntervalization(workspace, id, inputs));
  return true;
}

/**
 * After readings changed (an import landed on `meterIds`, or one was undone): accounts whose meter's metered
 * hours fall in their summary periods are intervalized again when what their estimates are
 * made from changed. Returns the accounts queued.
 */
export async function refreshIntervalizations(workspace: Workspace, meterIds?: string[]): Promise<string[]> {
  if (meterIds && meterIds.length === 0) return [];
  const accounts = await workspace.db.all<{ id: string }>(
    `SELECT a.id FROM accounts a WHERE a.meter_id IS NOT NULL AND a.status = 'active'
       AND EXISTS (SELECT 1 FROM account_summary_usages u WHERE u.account_id = a.id)
       ${meterIds ? `AND a.meter_id IN (SELECT value FROM json_each(?))` : ''} ORDER BY a.id`,
    meterIds ? [JSON.stringify(meterIds)] : [],
  );
  const queued: string[] = [];
  for (const { id } of accounts) if (await queueIntervalization(workspace, id)) queued.push(id);
  return queued;
}

/** The background job: each period in turn, its estimates stored, progress kept on the row. */
async function runIntervalization(
  workspace: Workspace,
  id: number,
  inputs: IntervalizationInputs,
): Promise<void> {
  const db = workspace.db;
  await db.write((tx) => tx.run("UPDATE intervalizations SET status = 'intervalizing' WHERE id = ?", [id]));
  try {
    if (!inputs.profileCode) throw new IntervalizationError('the account has no load profile');
    const profile = await readProfile(db, inputs.profileCode);
    if (!profile) throw new IntervalizationError(`load profile ${inputs.profileCode} does not exist`);
    const weights = scaledWeights(profile);
    let readings = 0;
    let meteredHours = 0;
    for (const [index, period] of inputs.periods.entries()) {
      const result = intervalizePeriod(period, profile, weights, inputs.zone, inputs.metered);
      readings += result.estimates.length;
      meteredHours += result.meteredHours;
      await db.write(async (tx) => {
        for (const e of result.estimates)
          await tx.run(
            'INSERT INTO estimated_readings (intervalization_id, start_utc, energy_milliwh) VALUES (?, ?, ?)',
            [id, e.startUtc, Number(e.energyMilliWh)],
          );
        await tx.run(
          'UPDATE intervalizations SET periods_done = ?, readings = ?, metered_hours = ? WHERE id = ?',
          [index + 1, readings, meteredHours, id],
        );
      });
    }
    await db.write((tx) =>
      tx.run("UPDATE intervalizations SET status = 'intervalized', finished_utc = ? WHERE id = ?", [
        Math.floor(Date.now() / 1000),
        id,
      ]),
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.write(async (tx) => {
      await tx.run('DELETE FROM estimated_readings WHERE intervalization_id = ?', [id]);
      await tx.run(
        "UPDATE intervalizations SET status = 'intervalization_error', error = ?, readings = 0, finished_utc = ? WHERE id = ?",
        [message, Math.floor(Date.now() / 1000), id],
      );
    });
  }
}

// ------------------------------------------------------------------ handlers

export const accountHandlers: AccountHandlers = {
  async 'reference:get'({ workspace }) {
    await ensureShippedProfiles(workspace.db);
    return { ...(await readReference(workspace.db)), load_profiles: await listProfiles(workspace.db) };
  },

  async 'reference:save'({ workspace }, input) {
    await ensureShippedProfiles(workspace.db);
    const parsed = ReferenceData.safeParse(input.reference);
    if (!parsed.success) refuse('the reference data', zodFieldErrors(parsed.error));
    const reference = parsed.data;
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
    if (Object.keys(errors).length > 0) refuse('the reference data', errors);
    await workspace.db.write((tx) => writeReference(tx, reference));
    return { ...(await readReference(workspace.db)), load_profiles: await listProfiles(workspace.db) };
  },

  async 'load-profiles:list'({ workspace }) {
    await ensureShippedProfiles(workspace.db);
    return listProfiles(workspace.db);
  },

  async 'load-profiles:save'({ workspace }, input) {
    await ensureShippedProfiles(workspace.db);
    // Refusals name the profile and where its CSV came from (the CLI says `imported from FILE`).
    const weights = readProfileText(input.csv, input.shape, `load profile ${input.code} (${input.source})`);
    let checked;
    try {
      checked = checkProfile({ shape: input.shape, weights }, input.normalize);
    } catch (error) {
      if (error instanceof IntervalizationError)
        throw invalidInput(`load profile ${input.code}: ${error.message}; nothing was stored`, {
          csv: [error.message],
        });
      throw error;
    }
    await workspace.db.write((tx) =>
      tx.run(
        `INSERT INTO load_profiles (code, name, shape, weights_json, source, saved_utc) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, shape = excluded.shape, weights_json = excluded.weights_json,
           source = excluded.source, saved_utc = excluded.saved_utc`,
        [
          input.code,
          input.name,
          input.shape,
          JSON.stringify(checked.weights),
          input.source,
          Math.floor(Date.now() / 1000),
        ],
      ),
    );
    // Accounts on this profile are intervalized again.
    const accounts = (await readAccountRecords(workspace.db)).filter((a) => a.load_profile === input.code);
    for (const a of accounts) await queueIntervalization(workspace, a.id);
    return {
      code: input.code,
      name: input.name,
      shape: input.shape,
      weights: checked.weights.length,
      sum: checked.sum,
      normalized: checked.normalized,
      accountsRequeued: accounts.map((a) => a.id),
    };
  },

  async 'accounts:create'({ workspace }, input) {
    await ensureShippedProfiles(workspace.db);
    const { data: body, errors } = parseAccount(AccountCreate, input.account);
    const id = body.id ?? (await nextAccountId(workspace));
    if (await readAccountRecord(workspace.db, id)) addFieldError(errors, 'id', 'has already been taken');
    const record: AccountRecord = {
      id,
      participant_id: body.participant_id ?? null,
      master_tariff_id: body.master_tariff_id ?? null,
      name: body.name ?? null,
      meter_id: body.meter_id ?? null,
      account_number: body.account_number ?? null,
      location: body.location ?? null,
      city: body.city ?? null,
      state: body.state ?? null,
      load_zone: body.load_zone ?? null,
      utility: body.utility ?? null,
      load_profile: body.load_profile ?? null,
      rate_class: body.rate_class ?? null,
      voltage: body.voltage ?? null,
      rep: body.rep ?? null,
      flow_start: body.flow_start ?? null,
      flow_end: body.flow_end ?? null,
      status: body.status ?? 'active',
      created_utc: Math.floor(Date.now() / 1000),
    };
    const usages = body.summary_usages_attributes ?? [];
    const tags = {
      capacity: body.capacity_tags_attributes ?? [],
      transmission: body.transmission_tags_attributes ?? [],
    };
    const sent = input.account;
    addFieldErrors(
      errors,
      await checkAccount(workspace, record, [
        rangeList('summary_usages_attributes', USAGE_DATES, sent.summary_usages_attributes),
        rangeList('capacity_tags_attributes', tagDates('capacity'), sent.capacity_tags_attributes),
        rangeList(
          'transmission_tags_attributes',
          tagDates('transmission'),
          sent.transmission_tags_attributes,
        ),
      ]),
    );
    if (Object.keys(errors).length > 0) refuse(`account ${id}`, errors);
    await workspace.db.write(async (tx) => {
      await writeAccountRecord(tx, record);
      await replaceUsages(tx, id, usageRows(usages));
      await replaceTags(tx, id, 'capacity', tagRows('capacity', tags.capacity));
      await replaceTags(tx, id, 'transmission', tagRows('transmission', tags.transmission));
    });
    const queued = await queueIntervalization(workspace, id);
    return withQueued(await accountDto(workspace, record), queued);
  },

  async 'accounts:get'({ workspace }, input) {
    const record = await readAccountRecord(workspace.db, input.id);
    if (!record) throw notFound(`account "${input.id}" does not exist`);
    return accountDto(workspace, record);
  },

  async 'accounts:update'({ workspace }, input) {
    await ensureShippedProfiles(workspace.db);
    const existing = await readAccountRecord(workspace.db, input.id);
    if (!existing) throw notFound(`account "${input.id}" does not exist`);
    const { data: body, errors, failed } = parseAccount(AccountUpdate, input.account);
    if (body.id !== undefined && body.id !== input.id) addFieldError(errors, 'id', 'cannot be changed');
    const record: AccountRecord = { ...existing };
    const fields = ACCOUNT_COLUMNS.filter((c) => c !== 'id' && c !== 'created_utc');
    for (const field of fields) {
      const value = (body as Record<string, unknown>)[field];
      if (value !== undefined) (record as unknown as Record<string, unknown>)[field] = value;
      // What did not parse is unknown: not checked against the stored utility's lists.
      else if (failed.has(field) && field !== 'status')
        (record as unknown as Record<string, unknown>)[field] = null;
    }
    // The seed's PATCH example sends the lists without `_attributes`: an error names the key sent.
    const sent = input.account;
    const keyOf = <K extends string>(name: K) =>
      ([`${name}_attributes`, name] as const).find((key) => sent[key] !== undefined);
    const usagesKey = keyOf('summary_usages');
    const capacityKey = keyOf('capacity_tags');
    const transmissionKey = keyOf('transmission_tags');
    const usagesGiven = usagesKey && (body[usagesKey] as SummaryUsage[] | undefined);
    const capacityGiven = capacityKey && (body[capacityKey] as Tag[] | undefined);
    const transmissionGiven = transmissionKey && (body[transmissionKey] as Tag[] | undefined);
    // A list not sent stays as stored; its dates are checked with the rest all the same.
    const storedTags = await readTags(workspace.db, input.id);
    const ranges = [
      rangeList(
        usagesKey ?? 'summary_usages_attributes',
        USAGE_DATES,
        usagesKey ? sent[usagesKey] : await readUsages(workspace.db, input.id),
      ),
      ...(['capacity', 'transmission'] as const).map((kind) => {
        const key = kind === 'capacity' ? capacityKey : transmissionKey;
        return rangeList(
          key ?? `${kind}_tags_attributes`,
          tagDates(kind),
          key ? sent[key] : storedTags.filter((t) => t.kind === kind),
        );
      }),
    ];
    addFieldErrors(errors, await checkAccount(workspace, record, ranges));
    if (Object.keys(errors).length > 0) refuse(`account ${input.id}`, errors);
    await workspace.db.write(async (tx) => {
      await writeAccountRecord(tx, record);
      if (usagesGiven) await replaceUsages(tx, input.id, usageRows(usagesGiven));
      if (capacityGiven) await replaceTags(tx, input.id, 'capacity', tagRows('capacity', capacityGiven));
      if (transmissionGiven)
        await replaceTags(tx, input.id, 'transmission', tagRows('transmission', transmissionGiven));
    });
    const queued = await queueIntervalization(workspace, input.id);
    return withQueued(await accountDto(workspace, record), queued);
  },

  async 'accounts:intervalize'({ workspace }, input) {
    const record = await readAccountRecord(workspace.db, input.id);
    if (!record) throw notFound(`account "${input.id}" does not exist`);
    await queueIntervalization(workspace, input.id, input.force);
    if (input.wait) await workspace.idle();
    return accountDto(workspace, (await readAccountRecord(workspace.db, input.id))!);
  },
};

function addFieldErrors(errors: FieldErrors, more: FieldErrors): void {
  for (const [field, messages] of Object.entries(more))
    for (const m of messages) addFieldError(errors, field, m);
}

/** The answer to a change that queued an intervalization says so, whether or not the job has begun. */
function withQueued(dto: AccountDto, queued: boolean): AccountDto {
  return queued ? { ...dto, intervalization_status: 'awaiting_intervalization' } : dto;
}

async function nextAccountId(workspace: Workspace): Promise<string> {
  const ids = new Set((await readAccountRecords(workspace.db)).map((a) => a.id));
  let n = ids.size + 1;
  while (ids.has(`acc-${n}`)) n++;
  return `acc-${n}`;
}

/**
 * A profile's CSV: one weight per line (a year: 8,760), or `month,day_type,hour,weight`
 * rows for typical days (day_type `weekday` or `weekend`, hour 0–23). A header line is
 * skipped when its first field is not a number. Each weight goes through the bounded
 * parser (shared/units.ts) before any sum: one out of range is refused naming its line
 * and value (shortened).
 */
export function readProfileText(
  text: string,
  shape: 'year' | 'typical-days',
  what = 'the load profile',
): string[] {
  const lines = text
    .split(/\r?\n/)
    .map((l, i) => ({ text: l.trim(), number: i + 1 }))
    .filter((l) => l.text !== '');
  if (lines.length > 0 && !/^[-+.\d]/.test(lines[0]!.text)) lines.shift();
  const errors: FieldErrors = {};
  const weightOf = (weight: string, line: number): string => {
    const problem = decimalProblem(weight);
    if (problem !== null)
      addFieldError(
        errors,
        'csv',
        `line ${line}: weight "${shortValue(weight)}" ${problem === NOT_A_DECIMAL ? 'is not a number' : problem}`,
      );
    return weight;
  };
  if (shape === 'year') {
    const weights = lines.map((l) =>
      weightOf(
        l.text
          .split(/[,;\t]/)
          .pop()!
          .trim(),
        l.number,
      ),
    );
    if (Object.keys(errors).length > 0) refuse(what, errors);
    return weights;
  }
  const weights: string[] = Array.from({ length: 576 }, () => '');
  lines.forEach(({ text: line, number }) => {
    const [month, dayType, hour, weight] = line.split(/[,;\t]/).map((f) => f.trim());
    const m = Number(month);
    const h = Number(hour);
    const d = dayType === 'weekday' ? 0 : dayType === 'weekend' ? 1 : -1;
    if (
      !Number.isInteger(m) ||
      m < 1 ||
      m > 12 ||
      d < 0 ||
      !Number.isInteger(h) ||
      h < 0 ||
      h > 23 ||
      !weight
    )
      addFieldError(
        errors,
        `csv`,
        `line ${number}: expected month (1–12), weekday|weekend, hour (0–23), weight`,
      );
    else weights[((m - 1) * 2 + d) * 24 + h] = weightOf(weight, number);
  });
  if (Object.keys(errors).length > 0) refuse(what, errors);
  const missing = weights.findIndex((w) => w === '');
  if (missing >= 0)
    refuse(what, {
      csv: [
        `has no weight for month ${Math.floor(missing / 48) + 1}, ${Math.floor(missing / 24) % 2 ? 'weekend' : 'weekday'}, hour ${missing % 24}`,
      ],
    });
  return weights;
}
