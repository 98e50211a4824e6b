/**
 * The account editor (seed 002): a new account or the one chosen, its text fields, the fields
 * chosen from the workspace's reference data (a list with nothing to offer says why, with the
 * way to the reference data), its status, participant and meter, and its rows; main's field
 * errors beside the field they name.
 */
import type { OperationOutput } from '../../../../shared/contract';
import { ErrorLine } from '../../components/Status';
import type { AsyncState } from '../../hooks';

import { CHOSEN_FIELDS, LIST_NAMES, TEXT_FIELDS } from './account-form';
import { FieldError } from './FieldError';
import { RowsTable } from './RowsTable';
import type { AccountEditorState } from './useAccountEditor';

export function AccountEditor({
  editor,
  reference,
  showReference,
}: {
  editor: AccountEditorState;
  reference: AsyncState<OperationOutput<'reference:get'>>;
  /** Opens the reference data (where utilities and their lists are entered, and load profiles imported). */
  showReference: () => void;
}) {
  const { form, setForm, setField, editing, error, message, save, startNew } = editor;
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

  return (
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
          <FieldError error={error} keys={['id']} />
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
          <FieldError error={error} keys={[key]} />
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
              <FieldError error={error} keys={[key]} />
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
              {[...new Set([...(choices[key] ?? []), ...(form.fields[key] ? [form.fields[key]!] : [])])].map(
                (c) => (
                  <option key={c}>{c}</option>
                ),
              )}
            </select>
            <FieldError error={error} keys={[key]} />
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
        <FieldError error={error} keys={['participant_id']} />
      </label>
      <label className="field">
        <span className="field-label">Meter its estimates fill</span>
        <input
          aria-label="meter_id"
          value={form.fields.meter_id ?? ''}
          onChange={(e) => setField('meter_id', e.target.value)}
        />
        <FieldError error={error} keys={['meter_id']} />
      </label>
      <RowsTable
        list="usages"
        columns={[
          ['starts_on', 'Starts on'],
          ['ends_on', 'Ends on'],
          ['volume_kwh', 'kWh'],
        ]}
        label="Summary usages"
        errorKeys={['summary_usages', 'summary_usages_attributes']}
        form={form}
        setForm={setForm}
        error={error}
      />
      <RowsTable
        list="capacity"
        columns={[
          ['start_date', 'From'],
          ['end_date', 'To'],
          ['value_kw', 'kW'],
        ]}
        label="Capacity tags"
        errorKeys={['capacity_tags', 'capacity_tags_attributes']}
        form={form}
        setForm={setForm}
        error={error}
      />
      <RowsTable
        list="transmission"
        columns={[
          ['start_date', 'From'],
          ['end_date', 'To'],
          ['value_kw', 'kW'],
        ]}
        label="Transmission tags"
        errorKeys={['transmission_tags', 'transmission_tags_attributes']}
        form={form}
        setForm={setForm}
        error={error}
      />
      <div className="row">
        <button type="submit" className="primary">
          {editing ? 'Save account' : 'Create account'}
        </button>
        {editing ? (
          <button type="button" onClick={startNew}>
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
  );
}
