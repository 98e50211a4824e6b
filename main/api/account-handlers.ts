/**
 * Accounts as seed 002 serves them (`POST /api/v1/accounts`, `GET` and `PATCH
 * /api/v1/accounts/{id}`), the reference data they are checked against, and load
 * profiles. The checks are in main/accounts/account-checks.ts, a profile's CSV is read
 * by main/accounts/load-profile-csv.ts, and a change that alters what an account's
 * estimates are made from queues an intervalization (main/accounts/intervalization.ts).
 */
import {
  AccountCreate,
  AccountUpdate,
  ReferenceData,
  type AccountDto,
  type IntervalizationStatus,
  type SummaryUsage,
  type Tag,
} from '../../shared/account';
import { addFieldError, zodFieldErrors } from '../../shared/definition';
import {
  addFieldErrors,
  checkAccount,
  checkReference,
  parseAccount,
  rangeList,
  tagDates,
  USAGE_DATES,
} from '../accounts/account-checks';
import { kwhNumber, milliWhOf } from '../accounts/account-quantities';
import { queueIntervalization } from '../accounts/intervalization';
import { readProfileText } from '../accounts/load-profile-csv';
import { checkProfile, IntervalizationError } from '../engine/intervalize';
import { invalidInput, notFound, refuseFields as refuse } from '../errors';
import {
  ACCOUNT_COLUMNS,
  ensureShippedProfiles,
  latestIntervalization,
  listProfiles,
  readAccountRecord,
  readAccountRecords,
  readReference,
  readTags,
  readUsages,
  replaceTags,
  replaceUsages,
  saveLoadProfile,
  writeAccountRecord,
  writeReference,
  type AccountRecord,
  type StoredTag,
  type StoredUsage,
} from '../store/account-repository';
import { numbersOf } from '../store/code-numbers';
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

const usageRows = (usages: SummaryUsage[]): StoredUsage[] =>
  usages.map((u) => ({
    starts_on: u.starts_on,
    ends_on: u.ends_on,
    volume_milliwh: milliWhOf(u.volume_kwh),
  }));
const tagRows = (kind: StoredTag['kind'], tags: Tag[]): StoredTag[] =>
  tags.map((t) => ({ kind, start_date: t.start_date, end_date: t.end_date, value_kw: t.value_kw }));

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
    const errors = await checkReference(workspace, reference);
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
      saveLoadProfile(
        tx,
        {
          code: input.code,
          name: input.name,
          shape: input.shape,
          weights: checked.weights,
          source: input.source,
        },
        Math.floor(Date.now() / 1000),
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
