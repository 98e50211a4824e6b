/**
 * The virtual meter builder (seed 003): the workspace's virtual meters, one opened as a form of
 * versions of a use definition, saved whole or refused by field, and a preview of the computed
 * use against its sources over days chosen (both ends included), hour by hour in the zone.
 */
import type { VirtualMeter } from '../../../../shared/virtual-meter';
import { EChart } from '../../components/EChart';
import { dayInput, SeedTime } from '../../components/LocalTime';
import { ErrorLine } from '../../components/Status';
import { formatKwh, formatNumber } from '../../format';

import { useVirtualBuilder } from './useVirtualBuilder';
import { VersionFields } from './VersionFields';

export function VirtualMeterBuilder({
  zone,
  meterIds,
  groupIds,
  participants,
  virtual,
  onSaved,
}: {
  zone: string;
  meterIds: string[];
  groupIds: string[];
  participants: string[];
  virtual: VirtualMeter[];
  onSaved: () => void;
}) {
  const {
    form,
    setForm,
    error,
    message,
    range,
    setRange,
    preview,
    chart,
    setVersion,
    removeVersion,
    addVersion,
    open,
    reset,
    save,
    showPreview,
  } = useVirtualBuilder(zone, participants, onSaved);

  return (
    <section className="builder" data-testid="virtual-meter-builder">
      <h2>Virtual meters</h2>
      <ul className="plain">
        {virtual.map((m) => (
          <li key={m.id}>
            <button type="button" className="link" onClick={() => open(m)}>
              {m.id}
            </button>{' '}
            <span className="muted">
              {m.participantId} · {m.settles ? 'settles' : 'does not settle'} · {m.versions.length} version(s)
            </span>
          </li>
        ))}
      </ul>
      <div className="row">
        <label className="field">
          <span className="field-label">Id</span>
          <input
            aria-label="Virtual meter id"
            value={form.id}
            onChange={(e) => setForm({ ...form, id: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">Participant</span>
          <select
            aria-label="Virtual meter participant"
            value={form.participantId}
            onChange={(e) => setForm({ ...form, participantId: e.target.value })}
          >
            <option value="">—</option>
            {participants.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Name</span>
          <input
            aria-label="Virtual meter name"
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={form.settles}
            onChange={(e) => setForm({ ...form, settles: e.target.checked })}
          />{' '}
          settles
        </label>
      </div>
      {form.versions.map((v, i) => (
        <VersionFields
          key={i}
          v={v}
          i={i}
          formId={form.id}
          meterIds={meterIds}
          groupIds={groupIds}
          setVersion={setVersion}
          canRemove={form.versions.length > 1}
          onRemove={() => removeVersion(i)}
        />
      ))}
      <div className="row">
        <button type="button" onClick={addVersion}>
          Add a version
        </button>
        <button type="button" className="primary" onClick={() => void save()}>
          Save virtual meter
        </button>
        <button type="button" onClick={reset}>
          New
        </button>
      </div>
      {message ? (
        <p className="status status-ok" data-testid="virtual-message">
          {message}
        </p>
      ) : null}
      {error ? (
        <div data-testid="virtual-errors">
          <ErrorLine error={error} />
        </div>
      ) : null}
      <div className="row">
        <label className="field">
          <span className="field-label">Preview from</span>
          <input
            {...dayInput}
            aria-label="Preview from"
            value={range.from}
            onChange={(e) => setRange({ ...range, from: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">Preview to (inclusive)</span>
          <input
            {...dayInput}
            aria-label="Preview to"
            value={range.to}
            onChange={(e) => setRange({ ...range, to: e.target.value })}
          />
        </label>
        <button type="button" onClick={() => void showPreview()}>
          Preview
        </button>
      </div>
      {preview ? (
        <div data-testid="virtual-preview">
          <p data-testid="preview-totals">
            {preview.meterId}: {formatKwh(preview.totalKWh)} over {formatNumber(preview.hours.length, 0)}{' '}
            hours
            {preview.sources.map((s) => ` · ${s.meterId} ${formatKwh(s.totalKWh)}`).join('')}
          </p>
          {preview.negativeHours.length ? (
            <p className="status status-warn" data-testid="negative-hours">
              Below zero in {formatNumber(preview.negativeHours.length, 0)} hour(s), from{' '}
              <SeedTime text={preview.negativeHours[0]!} zone={zone} />
            </p>
          ) : null}
          {chart ? (
            <EChart option={chart} label="Computed use against its sources" testId="virtual-chart" />
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
