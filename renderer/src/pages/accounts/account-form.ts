/**
 * An account as the accounts screen edits it (seed 002): its text fields, the fields chosen from
 * the reference data, and its summary usages and capacity / transmission tags as rows of text;
 * to and from the API's account, with the words the screen uses for each intervalization status.
 */
import type { AccountDto } from '../../../../shared/account';

export type Row = Record<string, string>;
export interface Form {
  id: string;
  fields: Row;
  usages: Row[];
  capacity: Row[];
  transmission: Row[];
}

export const TEXT_FIELDS = [
  'account_number',
  'location',
  'city',
  'state',
  'rep',
  'flow_start',
  'flow_end',
] as const;
export const CHOSEN_FIELDS = [
  ['utility', 'Utility'],
  ['load_zone', 'Load zone'],
  ['rate_class', 'Rate class'],
  ['voltage', 'Voltage'],
  ['load_profile', 'Load profile'],
] as const;
/** What each reference list holds, as its empty state names it. */
export const LIST_NAMES: Record<string, string> = {
  utility: 'utilities',
  load_zone: 'load zones',
  rate_class: 'rate classes',
  voltage: 'voltages',
  load_profile: 'load profiles',
};

export const emptyForm = (): Form => ({
  id: '',
  fields: { status: 'active' },
  usages: [],
  capacity: [],
  transmission: [],
});

export function formOf(account: AccountDto): Form {
  const fields: Row = {};
  for (const key of [
    ...TEXT_FIELDS,
    ...CHOSEN_FIELDS.map(([k]) => k),
    'status',
    'participant_id',
    'meter_id',
  ])
    fields[key] = String((account as unknown as Record<string, unknown>)[key] ?? '');
  return {
    id: account.account_code,
    fields,
    usages: account.summary_usages.map((u) => ({ ...u, volume_kwh: String(u.volume_kwh) })),
    capacity: account.capacity_tags.map((t) => ({ ...t, value_kw: String(t.value_kw) })),
    transmission: account.transmission_tags.map((t) => ({ ...t, value_kw: String(t.value_kw) })),
  };
}

export const STATUS_LABELS: Record<string, string> = {
  usageless: 'no usage',
  awaiting_intervalization: 'waiting',
  intervalizing: 'intervalizing…',
  intervalized: 'intervalized',
  intervalization_error: 'error',
};

/** The body saved for a form: empty optional fields as null, the id only for a new account, the rows as attributes. */
export function bodyOf(form: Form, editing: string | null): Record<string, unknown> {
  const account: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form.fields))
    account[key] =
      value === ''
        ? ['rep', 'flow_start', 'flow_end', 'participant_id', 'meter_id'].includes(key)
          ? null
          : value
        : value;
  if (!editing && form.id) account.id = form.id;
  account.summary_usages_attributes = form.usages;
  account.capacity_tags_attributes = form.capacity;
  account.transmission_tags_attributes = form.transmission;
  return account;
}
