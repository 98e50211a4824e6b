/**
 * Accounts (seed 002): the list with each account's intervalization status, an
 * editor for seed 002's fields (utility, load zone, rate class, voltage and load
 * profile chosen from the workspace's reference data; summary usages and
 * capacity / transmission tags as rows) that shows main's field errors beside
 * the field they name, and the reference data itself as JSON. A reference list
 * the editor would offer empty says so, with the way to the reference data.
 */
import { useEffect, useRef, useState } from 'react';

import type { AccountDto } from '../../../shared/account';
import type { OperationError } from '../../../shared/contract';
import { useClient } from '../client-context';
import { SeedTime, ZoneNote } from '../components/LocalTime';
import { ErrorLine, Loading } from '../components/Status';
import { energyFoot, showFooted } from '../components/TableFoot';
import { formatNumber, formatPrice, formatUpTo } from '../format';
import { useResult } from '../hooks';

type Row = Record<string, string>;
interface Form {
  id: string;
  fields: Row;
  usages: Row[];
  capacity: Row[];
  transmission: Row[];
}

const TEXT_FIELDS = ['account_number', 'location', 'city', 'state', 'rep', 'flow_start', 'flow_end'] as const;
const CHOSEN_FIELDS = [
  ['utility', 'Utility'],
  ['load_zone', 'Load zone'],
  ['rate_class', 'Rate class'],
  ['voltage', 'Voltage'],
  ['load_profile', 'Load profile'],
] as const;
/** What each reference list holds, as its empty state names it. */
const LIST_NAMES: Record<string, string> = {
  utility: 'utilities',
  load_zone: 'load zones',
  rate_class: 'rate classes',
  voltage: 'voltages',
  load_profile: 'load profiles',
};

const emptyForm = (): Form => ({
  id: '',
  fields: { status: 'active' },
  usages: [],
  capacity: [],
  transmission: [],
});

function formOf(account: AccountDto): Form {
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

const STATUS_LABELS: Record<string, string> = {
  usageless: 'no usage',
  awaiting_intervalization: 'waiting',
  intervalizing: 'intervalizing…',
  intervalized: 'intervalized',
  intervalization_error: 'error',
};

export function AccountsPage() {
  const client = useClient();
  const [generation, setGeneration] = useState(0);
  const accounts = useResult(`accounts:${generation}`, () => client['accounts:list']({}));
  const reference = useResult(`reference:${generation}`, () => client['reference:get']({}));
  // Times are shown in the workspace's zone (UTC until it is known), prices in its currency.
  const summary = useResult('workspace:summary', () => client['workspace:summary']({}));
  const zone = summary.status === 'ok' ? summary.value.timezone : 'UTC';
  const currency = summary.status === 'ok' ? summary.value.currency : 'THB';
  const referenceSection = useRef<HTMLDetailsElement>(null);
  /** Opens the reference data (where utilities and their lists are entered, and load profiles imported). */
  const showReference = () => {
    const section = referenceSection.current;
    if (!section) return;
    section.open = true;
    section.scrollIntoView({ block: 'start' });
    section.querySelector('summary')?.focus();
  };
  const [form, setForm] = useState<Form>(emptyForm);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<OperationError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [referenceText, setReferenceText] = useState<string | null>(null);

  // While an account is being intervalized, look again every second.
  const pending =
    accounts.status === 'ok' &&
    accounts.value.some(
      (a) =>
        a.intervalizationStatus === 'awaiting_intervalization' || a.intervalizationStatus === 'intervalizing',
    );
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => setGeneration((g) => g + 1), 1000);
    return () => clearTimeout(timer);
  }, [pending, generation]);

  const edit = async (id: string) => {
    setError(null);
    setMessage(null);
    const got = await client['accounts:get']({ id });
    if (!got.ok) return setError(got.error);
    setForm(formOf(got.value));
    setEditing(id);
  };

  const body = () => {
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
  };

  const save = async () => {
    setError(null);
    setMessage(null);
    const result = editing
      ? await client['accounts:update']({ id: editing, account: body() })
      : await client['accounts:create']({ account: body() });
    if (!result.ok) return setError(result.error);
    setMessage(
      `Saved account ${result.value.account_code} (${STATUS_LABELS[result.value.intervalization_status]})`,
    );
    setEditing(result.value.account_code);
    setForm(formOf(result.value));
    setGeneration((g) => g + 1);
  };

  const saveReference = async () => {
    setError(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(referenceText ?? '');
    } catch (parseError) {
      return setError({
        code: 'invalid_input',
        message: `the reference data is not JSON: ${(parseError as Error).message}`,
      });
    }
    const saved = await client['reference:save']({ reference: parsed as Record<string, unknown> });
    if (!saved.ok) return setError(saved.error);
    setMessage('Saved the reference data');
    setReferenceText(null);
    setGeneration((g) => g + 1);
  };

  // Main names an error by the key the body sent and the item's field
  // (`summary_usages_attributes[1].starts_on`; `summary_usages[…]` for a PATCH in the seed's
  // words), so a list's errors gather under both names; the first names the test id.
  const fieldError = (...keys: string[]) => {
    const messages = keys.flatMap((key) =>
      Object.entries(error?.fields ?? {})
        .filter(([field]) => field === key || field.startsWith(`${key}[`) || field.startsWith(`${key}.`))
        .map(([field, list]) => `${field === key ? '' : `${field}: `}${list.join('; ')}`),
    );
    return messages.length ? (
      <span className="field-error" role="alert" data-testid={`error-${keys[0]}`}>
        {messages.join('; ')}
      </span>
    ) : null;
  };

  const utility =
    reference.status === 'ok'
      ? reference.value.utilities.find((u) => u.code === form.fields.utility)
      : undefined;
  const choices: Record<string, string[]> = {
    utility: reference.status === 'ok' ? reference.value.utilities.map((u) => u.code) : [],
    load_zone: utility?.load_zones ?? [],
    rate_class: utility?.rate_classes ?? [],
    voltage: utility?.voltages ?? [],
    load_profile: utility?.load_profiles ?? [],
  };
  /**
   * Why a reference list has nothing to offer, or null when it has: the workspace has no
   * utilities, the chosen utility is not in the reference data, or its list is empty. A list
   * that waits for a utility to be chosen is not empty.
   */
  const emptyReason = (key: string, label: string): string | null => {
    if (reference.status !== 'ok' || (choices[key] ?? []).length > 0 || form.fields[key]) return null;
    if (key === 'utility') return 'The reference data has no utilities yet.';
    const code = form.fields.utility;
    if (!code) return null;
    if (!utility)
      return `Utility ${code} is not in the reference data: no ${LIST_NAMES[key]} to choose from.`;
    return `${label}: utility ${code} has no ${LIST_NAMES[key]} in the reference data.`;
  };
  const setField = (key: string, value: string) =>
    setForm((f) => ({ ...f, fields: { ...f.fields, [key]: value } }));

  const rowsTable = (
    list: 'usages' | 'capacity' | 'transmission',
    columns: [string, string][],
    label: string,
    errorKeys: string[],
  ) => (
    <fieldset>
      <legend>{label}</legend>
      <table className="table compact" aria-label={label}>
        <thead>
          <tr>
            {columns.map(([, title]) => (
              <th key={title} scope="col">
                {title}
              </th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {form[list].map((row, i) => (
            <tr key={i}>
              {columns.map(([key, title]) => (
                <td key={key}>
                  <input
                    aria-label={`${label} ${i + 1} ${title}`}
                    value={row[key] ?? ''}
                    onChange={(e) =>
                      setForm((f) => ({
                        ...f,
                        [list]: f[list].map((r, k) => (k === i ? { ...r, [key]: e.target.value } : r)),
                      }))
                    }
                  />
                </td>
              ))}
              <td>
                <button
                  type="button"
                  onClick={() => setForm((f) => ({ ...f, [list]: f[list].filter((_, k) => k !== i) }))}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        onClick={() =>
          setForm((f) => ({ ...f, [list]: [...f[list], Object.fromEntries(columns.map(([k]) => [k, '']))] }))
        }
      >
        Add a row
      </button>
      {fieldError(...errorKeys)}
    </fieldset>
  );

  return (
    <section className="page" data-testid="accounts-page">
      <h1>Accounts</h1>
      <ZoneNote zone={zone} />
      <p className="muted">
        Utility accounts (seed 002): their summary usages become hourly estimates shaped by the load profile
        (intervalization), metered hours always winning; their load zone’s shadow prices value open-market
        sales.
      </p>
      {accounts.status === 'loading' ? <Loading>Reading accounts…</Loading> : null}
      {accounts.status === 'error' ? <ErrorLine error={accounts.error} /> : null}
      {accounts.status === 'ok' ? (
        <table className="table" data-testid="accounts-table">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Number</th>
              <th scope="col">Utility</th>
              <th scope="col">Load zone</th>
              <th scope="col">Status</th>
              <th scope="col">Intervalization</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {accounts.value.map((a) => (
              <tr key={a.accountId} data-account={a.accountId}>
                <th scope="row">{a.name ?? a.accountId}</th>
                <td>{a.accountNumber ?? ''}</td>
                <td>{a.utility ?? ''}</td>
                <td>{a.loadZone ?? ''}</td>
                <td>{a.status}</td>
                <td>
                  <span
                    className={`chip chip-${a.intervalizationStatus}`}
                    data-testid="intervalization-status"
                  >
                    {STATUS_LABELS[a.intervalizationStatus]}
                  </span>
                  {a.intervalizationProgress && a.intervalizationStatus !== 'usageless' ? (
                    <span className="muted"> {a.intervalizationProgress} periods</span>
                  ) : null}
                </td>
                <td>
                  <button type="button" onClick={() => void edit(a.accountId)}>
                    Edit
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form
        className="account-editor"
        data-testid="account-editor"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2>{editing ? `Account ${editing}` : 'New account'}</h2>
        {!editing ? (
          <label className="field">
            <span className="field-label">Id (optional)</span>
            <input
              aria-label="Account id"
              value={form.id}
              onChange={(e) => setForm((f) => ({ ...f, id: e.target.value }))}
            />
            {fieldError('id')}
          </label>
        ) : null}
        {TEXT_FIELDS.map((key) => (
          <label className="field" key={key}>
            <span className="field-label">{key.replace('_', ' ')}</span>
            <input
              aria-label={key}
              value={form.fields[key] ?? ''}
              onChange={(e) => setField(key, e.target.value)}
            />
            {fieldError(key)}
          </label>
        ))}
        {CHOSEN_FIELDS.map(([key, label]) => {
          const empty = emptyReason(key, label);
          if (empty)
            return (
              <div className="field reference-empty" key={key} data-testid={`reference-empty-${key}`}>
                <span className="field-label">{label}</span>
                <p className="muted">
                  {empty}{' '}
                  <button type="button" className="link-button" onClick={showReference}>
                    Enter them in the reference data
                  </button>
                </p>
                {fieldError(key)}
              </div>
            );
          const waiting = key !== 'utility' && !form.fields.utility && !form.fields[key];
          return (
            <label className="field" key={key}>
              <span className="field-label">{label}</span>
              <select
                aria-label={label}
                value={form.fields[key] ?? ''}
                disabled={waiting}
                onChange={(e) => setField(key, e.target.value)}
              >
                <option value="">{waiting ? 'choose a utility first' : '—'}</option>
                {[
                  ...new Set([...(choices[key] ?? []), ...(form.fields[key] ? [form.fields[key]!] : [])]),
                ].map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
              {fieldError(key)}
            </label>
          );
        })}
        <label className="field">
          <span className="field-label">Status</span>
          <select
            aria-label="Status"
            value={form.fields.status ?? 'active'}
            onChange={(e) => setField('status', e.target.value)}
          >
            <option>active</option>
            <option>inactive</option>
          </select>
        </label>
        <label className="field">
          <span className="field-label">Participant</span>
          <input
            aria-label="participant_id"
            value={form.fields.participant_id ?? ''}
            onChange={(e) => setField('participant_id', e.target.value)}
          />
          {fieldError('participant_id')}
        </label>
        <label className="field">
          <span className="field-label">Meter its estimates fill</span>
          <input
            aria-label="meter_id"
            value={form.fields.meter_id ?? ''}
            onChange={(e) => setField('meter_id', e.target.value)}
          />
          {fieldError('meter_id')}
        </label>
        {rowsTable(
          'usages',
          [
            ['starts_on', 'Starts on'],
            ['ends_on', 'Ends on'],
            ['volume_kwh', 'kWh'],
          ],
          'Summary usages',
          ['summary_usages', 'summary_usages_attributes'],
        )}
        {rowsTable(
          'capacity',
          [
            ['start_date', 'From'],
            ['end_date', 'To'],
            ['value_kw', 'kW'],
          ],
          'Capacity tags',
          ['capacity_tags', 'capacity_tags_attributes'],
        )}
        {rowsTable(
          'transmission',
          [
            ['start_date', 'From'],
            ['end_date', 'To'],
            ['value_kw', 'kW'],
          ],
          'Transmission tags',
          ['transmission_tags', 'transmission_tags_attributes'],
        )}
        <div className="row">
          <button type="submit" className="primary">
            {editing ? 'Save account' : 'Create account'}
          </button>
          {editing ? (
            <button
              type="button"
              onClick={() => {
                setEditing(null);
                setForm(emptyForm());
                setError(null);
              }}
            >
              New account
            </button>
          ) : null}
        </div>
        {message ? (
          <p className="status status-ok" data-testid="account-message">
            {message}
          </p>
        ) : null}
        {error ? (
          <div data-testid="account-errors">
            <ErrorLine error={error} />
          </div>
        ) : null}
      </form>
      {editing ? <ShadowPrices accountId={editing} zone={zone} currency={currency} /> : null}
      <details className="reference-data" id="reference-data" ref={referenceSection}>
        <summary>Reference data: utilities, load zones, rate classes, voltages, load profiles</summary>
        {reference.status === 'ok' ? (
          <>
            <p className="muted">
              Load profiles in this workspace:{' '}
              {reference.value.load_profiles.map((p) => `${p.code} (${p.shape})`).join(', ')}
            </p>
            <ProfileUpload
              onSaved={(text) => {
                setMessage(text);
                setGeneration((g) => g + 1);
              }}
              onError={setError}
            />
            <textarea
              aria-label="Reference data JSON"
              rows={12}
              value={referenceText ?? JSON.stringify({ utilities: reference.value.utilities }, null, 2)}
              onChange={(e) => setReferenceText(e.target.value)}
            />
            <button type="button" onClick={() => void saveReference()}>
              Save reference data
            </button>
          </>
        ) : null}
      </details>
    </section>
  );
}

/** A shadow price (per MWh) as the screen writes it: in the currency, `—` when the hour has none. */
function priceCell(value: unknown, currency: string): string {
  return value === null || value === undefined || value === '' ? '—' : formatPrice(String(value), currency);
}

/** One local day of the account's shadow prices (seed 002): components, total and the account's load, hour by hour. */
function ShadowPrices({ accountId, zone, currency }: { accountId: string; zone: string; currency: string }) {
  const client = useClient();
  const [date, setDate] = useState('');
  const [rows, setRows] = useState<Record<string, unknown>[] | null>(null);
  const [error, setError] = useState<OperationError | null>(null);
  const show = async () => {
    setError(null);
    const result = await client['accounts:shadow-prices']({ id: accountId, ...(date ? { date } : {}) });
    if (!result.ok) {
      setRows(null);
      return setError(result.error);
    }
    setRows(result.value);
  };
  const components = rows
    ? [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => k.endsWith('_price'))))]
    : [];
  return (
    <section className="shadow-prices" data-testid="shadow-prices">
      <h2>Shadow prices of the account’s load zone</h2>
      <div className="row">
        <label className="field">
          <span className="field-label">Day (YYYY-M-D; empty = yesterday)</span>
          <input aria-label="Shadow price day" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <button type="button" onClick={() => void show()}>
          Show shadow prices
        </button>
      </div>
      {error ? <ErrorLine error={error} /> : null}
      {rows ? (
        <table className="table compact" aria-label="Shadow prices">
          <thead>
            <tr>
              <th scope="col">Hour ending</th>
              <th scope="col">Start</th>
              {components.map((c) => (
                <th key={c} scope="col" className="num">
                  {c.replace(/_price$/, '').replace(/_/g, ' ')} ({currency}/MWh)
                </th>
              ))}
              <th scope="col" className="num">
                Total ({currency}/MWh)
              </th>
              <th scope="col" className="num">
                Load (kWh)
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={String(r.hour)}>
                <th scope="row">{String(r.hour)}</th>
                <td>
                  <SeedTime text={String(r.startDate)} zone={zone} />
                </td>
                {components.map((c) => (
                  <td key={c} className="num">
                    {priceCell(r[c], currency)}
                  </td>
                ))}
                <td className="num">{priceCell(r.total_price_per_mwh, currency)}</td>
                <td className="num">
                  {r.volume_kwh === null || r.volume_kwh === undefined
                    ? '—'
                    : `${showFooted(energyFoot, String(r.volume_kwh))}${r.volume_estimated ? ' (est.)' : ''}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** A load profile from a CSV file: a year of 8,760 weights, or typical days; refused unless it sums to 1 or is normalized. */
function ProfileUpload({
  onSaved,
  onError,
}: {
  onSaved: (message: string) => void;
  onError: (error: OperationError) => void;
}) {
  const client = useClient();
  const [code, setCode] = useState('');
  const [typical, setTypical] = useState(false);
  const [normalize, setNormalize] = useState(false);
  const upload = async (file: File | null) => {
    if (!file) return;
    const saved = await client['load-profiles:save']({
      code: code || file.name.replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9._-]/g, '-'),
      name: file.name,
      shape: typical ? 'typical-days' : 'year',
      csv: await file.text(),
      normalize,
      source: `imported from ${file.name}`,
    });
    if (!saved.ok) return onError(saved.error);
    onSaved(
      `Saved load profile ${saved.value.code} (${formatNumber(saved.value.weights, 0)} weights${saved.value.normalized ? `, normalized from a sum of ${formatUpTo(saved.value.sum, 9)}` : ''})`,
    );
  };
  return (
    <div className="row profile-upload">
      <label className="field">
        <span className="field-label">Profile code</span>
        <input aria-label="Profile code" value={code} onChange={(e) => setCode(e.target.value)} />
      </label>
      <label>
        <input type="checkbox" checked={typical} onChange={(e) => setTypical(e.target.checked)} /> typical
        days
      </label>
      <label>
        <input type="checkbox" checked={normalize} onChange={(e) => setNormalize(e.target.checked)} />{' '}
        normalize to 1
      </label>
      <label className="field">
        <span className="field-label">Load profile CSV</span>
        <input
          type="file"
          accept=".csv,.txt,.dat"
          aria-label="Load profile CSV"
          onChange={(e) => void upload(e.target.files?.[0] ?? null)}
        />
      </label>
    </div>
  );
}
