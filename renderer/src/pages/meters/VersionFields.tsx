/**
 * One version of a virtual meter on the builder's form: its first and last day (included), and
 * its use as a share of a meter, a sum and subtraction of meters and groups, a fixed amount, or
 * a meter's readings.
 */
import { dayInput } from '../../components/LocalTime';

import type { Kind, VersionForm } from './virtual-form';

/** A set of checkboxes, one per option, each named `${label} ${option}`. */
const multi = (label: string, options: string[], chosen: string[], onChange: (next: string[]) => void) => (
  <fieldset className="choices">
    <legend>{label}</legend>
    {options.map((o) => (
      <label key={o}>
        <input
          type="checkbox"
          aria-label={`${label} ${o}`}
          checked={chosen.includes(o)}
          onChange={(e) => onChange(e.target.checked ? [...chosen, o] : chosen.filter((x) => x !== o))}
        />{' '}
        {o}
      </label>
    ))}
  </fieldset>
);

export function VersionFields({
  v,
  i,
  formId,
  meterIds,
  groupIds,
  setVersion,
  canRemove,
  onRemove,
}: {
  v: VersionForm;
  /** The version's place in the form. */
  i: number;
  /** The meter being built, left out of its own sources. */
  formId: string;
  meterIds: string[];
  groupIds: string[];
  setVersion: (i: number, change: Partial<VersionForm>) => void;
  canRemove: boolean;
  onRemove: () => void;
}) {
  return (
    <fieldset className="version">
      <legend>Version {v.versionId}</legend>
      <div className="row">
        <label className="field">
          <span className="field-label">From</span>
          <input
            {...dayInput}
            aria-label={`Version ${v.versionId} from`}
            value={v.effectiveFrom}
            onChange={(e) => setVersion(i, { effectiveFrom: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">To (inclusive; empty = open)</span>
          <input
            {...dayInput}
            aria-label={`Version ${v.versionId} to`}
            value={v.effectiveTo}
            onChange={(e) => setVersion(i, { effectiveTo: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">Use</span>
          <select
            aria-label={`Version ${v.versionId} use`}
            value={v.kind}
            onChange={(e) => setVersion(i, { kind: e.target.value as Kind })}
          >
            <option value="copyUseFromMeter">a share of a meter</option>
            <option value="useCalculation">sum and subtract</option>
            <option value="fixedAmount">a fixed amount</option>
            <option value="readingsFromChannel">a meter’s readings</option>
          </select>
        </label>
      </div>
      {v.kind === 'copyUseFromMeter' || v.kind === 'readingsFromChannel' ? (
        <div className="row">
          <label className="field">
            <span className="field-label">Meter</span>
            <select
              aria-label={`Version ${v.versionId} source`}
              value={v.meterId}
              onChange={(e) => setVersion(i, { meterId: e.target.value })}
            >
              <option value="">—</option>
              {meterIds
                .filter((id) => id !== formId)
                .map((id) => (
                  <option key={id}>{id}</option>
                ))}
            </select>
          </label>
          {v.kind === 'copyUseFromMeter' ? (
            <label className="field">
              <span className="field-label">Percent</span>
              <input
                aria-label={`Version ${v.versionId} percent`}
                value={v.percentage}
                onChange={(e) => setVersion(i, { percentage: e.target.value })}
              />
            </label>
          ) : null}
        </div>
      ) : null}
      {v.kind === 'fixedAmount' ? (
        <div className="row">
          <label className="field">
            <span className="field-label">Amount</span>
            <input
              aria-label={`Version ${v.versionId} amount`}
              value={v.amount}
              onChange={(e) => setVersion(i, { amount: e.target.value })}
            />
          </label>
          <select
            aria-label={`Version ${v.versionId} unit`}
            value={v.unit}
            onChange={(e) => setVersion(i, { unit: e.target.value })}
          >
            <option>Wh</option>
            <option>kWh</option>
            <option>MWh</option>
          </select>
          <select
            aria-label={`Version ${v.versionId} per`}
            value={v.per}
            onChange={(e) => setVersion(i, { per: e.target.value })}
          >
            <option value="interval">per hour</option>
            <option value="day">per day</option>
            <option value="month">per month</option>
          </select>
        </div>
      ) : null}
      {v.kind === 'useCalculation' ? (
        <div className="row">
          {multi(
            `Version ${v.versionId} sum meters`,
            meterIds.filter((id) => id !== formId),
            v.sumMeters,
            (next) => setVersion(i, { sumMeters: next }),
          )}
          {multi(`Version ${v.versionId} sum groups`, groupIds, v.sumMeterGroups, (next) =>
            setVersion(i, { sumMeterGroups: next }),
          )}
          {multi(
            `Version ${v.versionId} subtract meters`,
            meterIds.filter((id) => id !== formId),
            v.subtractMeters,
            (next) => setVersion(i, { subtractMeters: next }),
          )}
          {multi(`Version ${v.versionId} subtract groups`, groupIds, v.subtractMeterGroups, (next) =>
            setVersion(i, { subtractMeterGroups: next }),
          )}
        </div>
      ) : null}
      {canRemove ? (
        <button type="button" onClick={onRemove}>
          Remove version
        </button>
      ) : null}
    </fieldset>
  );
}
