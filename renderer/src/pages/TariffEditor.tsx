/**
 * Editing a tariff: its names, its versions with their dates (a new version
 * starts as a copy of the one shown), the TOU schedules as 12 × 24 grids
 * painted with the mouse (pick a period, then press and drag across hours,
 * or click cells one by one; the keyboard reaches every cell), and the
 * version's rates with their tiers (as the JSON of docs/tariffs.md). Saving
 * checks the whole tariff; a refusal lists each field and nothing is stored.
 */
import { useState } from 'react';

import type { OperationError } from '../../../shared/contract';
import type { Tariff } from '../../../shared/tariff';
import { useClient } from '../client-context';
import { ErrorLine } from '../components/Status';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
type ScheduleKey = 'energyWeekdaySchedule' | 'energyWeekendSchedule';

export function TariffEditor({ initial, onSaved }: { initial: Tariff; onSaved: (message: string) => void }) {
  const client = useClient();
  const [tariff, setTariff] = useState<Tariff>(() => structuredClone(initial));
  const [versionIndex, setVersionIndex] = useState(0);
  const [scheduleKey, setScheduleKey] = useState<ScheduleKey>('energyWeekdaySchedule');
  const [brush, setBrush] = useState(1);
  const [painting, setPainting] = useState(false);
  const [ratesText, setRatesText] = useState(() => JSON.stringify(initial.versions[0]?.rates ?? [], null, 2));
  const [error, setError] = useState<OperationError | null>(null);
  const version = tariff.versions[versionIndex]!;
  const schedule = version[scheduleKey];
  const periods = Math.max(
    2,
    ...tariff.versions
      .flatMap((v) => [...v.energyWeekdaySchedule.flat(), ...v.energyWeekendSchedule.flat()])
      .map((p) => p + 1),
  );

  const updateVersion = (change: Partial<Tariff['versions'][number]>) =>
    setTariff({
      ...tariff,
      versions: tariff.versions.map((v, i) => (i === versionIndex ? { ...v, ...change } : v)),
    });
  const paint = (month: number, hour: number) => {
    if (schedule[month]![hour] === brush) return;
    updateVersion({
      [scheduleKey]: schedule.map((row, m) =>
        m === month ? row.map((p, h) => (h === hour ? brush : p)) : row,
      ),
    });
  };
  const chooseVersion = (index: number) => {
    setVersionIndex(index);
    setRatesText(JSON.stringify(tariff.versions[index]?.rates ?? [], null, 2));
  };

  const save = async () => {
    setError(null);
    let rates: unknown;
    try {
      rates = JSON.parse(ratesText);
    } catch (parseError) {
      setError({
        code: 'invalid_input',
        message: `The rates are not JSON: ${(parseError as Error).message}`,
      });
      return;
    }
    const next = {
      ...tariff,
      versions: tariff.versions.map((v, i) => (i === versionIndex ? { ...v, rates } : v)),
    };
    const saved = await client['tariffs:save']({ tariff: next as Tariff });
    if (!saved.ok) setError(saved.error);
    else onSaved(`Saved tariff ${saved.value.tariff.masterTariffId}.`);
  };

  return (
    <div
      className="tariff-editor"
      data-testid="tariff-editor"
      onMouseUp={() => setPainting(false)}
      onMouseLeave={() => setPainting(false)}
    >
      <div className="form-row">
        <label className="field">
          <span className="field-label">Name</span>
          <input
            aria-label="Tariff name"
            value={tariff.tariffName}
            onChange={(e) => setTariff({ ...tariff, tariffName: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">Provider</span>
          <input
            aria-label="Tariff provider"
            value={tariff.providerName ?? ''}
            onChange={(e) => setTariff({ ...tariff, providerName: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">Version</span>
          <select
            aria-label="Tariff version"
            value={versionIndex}
            onChange={(e) => chooseVersion(Number(e.target.value))}
          >
            {tariff.versions.map((v, i) => (
              <option key={`${v.tariffId}-${i}`} value={i}>
                {v.tariffId} (from {v.effectiveFrom})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">In force from</span>
          <input
            type="date"
            aria-label="Version from"
            value={version.effectiveFrom}
            onChange={(e) => updateVersion({ effectiveFrom: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">Until (exclusive)</span>
          <input
            type="date"
            aria-label="Version until"
            value={version.effectiveTo ?? ''}
            onChange={(e) => {
              const { effectiveTo: _drop, ...rest } = version;
              updateVersion(e.target.value ? { effectiveTo: e.target.value } : rest);
            }}
          />
        </label>
        <button
          type="button"
          onClick={() => {
            const copy = { ...structuredClone(version), tariffId: `${version.tariffId}-next` };
            delete (copy as { effectiveTo?: string }).effectiveTo;
            setTariff({ ...tariff, versions: [...tariff.versions, copy] });
            setVersionIndex(tariff.versions.length);
          }}
        >
          New version
        </button>
      </div>
      <div className="form-row">
        <div className="segmented" role="group" aria-label="Schedule">
          <button
            type="button"
            aria-pressed={scheduleKey === 'energyWeekdaySchedule'}
            onClick={() => setScheduleKey('energyWeekdaySchedule')}
          >
            Weekdays
          </button>
          <button
            type="button"
            aria-pressed={scheduleKey === 'energyWeekendSchedule'}
            onClick={() => setScheduleKey('energyWeekendSchedule')}
          >
            Weekends and holidays
          </button>
        </div>
        <div className="segmented" role="group" aria-label="Paint period">
          {Array.from({ length: Math.min(periods + 1, 10) }, (_, p) => (
            <button
              key={p}
              type="button"
              aria-pressed={brush === p}
              className={`period-${p}`}
              onClick={() => setBrush(p)}
            >
              period {p}
            </button>
          ))}
        </div>
      </div>
      <table
        className="schedule-grid"
        data-testid="schedule-grid"
        aria-label="TOU periods by month and local hour"
      >
        <thead>
          <tr>
            <th scope="col" />
            {Array.from({ length: 24 }, (_, h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {schedule.map((row, month) => (
            <tr key={MONTHS[month]}>
              <th scope="row">{MONTHS[month]}</th>
              {row.map((period, hour) => (
                <td key={hour}>
                  <button
                    type="button"
                    className={`cell period-${period}`}
                    aria-label={`${MONTHS[month]} ${hour}:00 period ${period}`}
                    data-cell={`${month}-${hour}`}
                    onMouseDown={() => {
                      setPainting(true);
                      paint(month, hour);
                    }}
                    onMouseEnter={() => {
                      if (painting) paint(month, hour);
                    }}
                    onKeyDown={(event) => {
                      if (event.key === 'Enter' || event.key === ' ') {
                        event.preventDefault();
                        paint(month, hour);
                      }
                    }}
                  >
                    {period}
                  </button>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <details open>
        <summary>Rates and tiers of this version (JSON: docs/tariffs.md)</summary>
        <textarea
          aria-label="Version rates"
          className="mapping-json"
          rows={14}
          value={ratesText}
          onChange={(e) => setRatesText(e.target.value)}
        />
      </details>
      <button type="button" className="primary" onClick={() => void save()}>
        Save tariff
      </button>
      {error ? (
        <div data-testid="tariff-errors">
          <ErrorLine error={error} />
        </div>
      ) : null}
    </div>
  );
}
