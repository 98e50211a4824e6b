/**
 * Editing a tariff: its names, its versions with their dates (a new version
 * starts as a copy of the one shown), the TOU schedules as 12 × 24 grids
 * painted with the mouse (pick a period, then press and drag across hours,
 * or click cells one by one; the keyboard reaches every cell), and the
 * version's rates with their tiers (as the JSON of docs/tariffs.md). Saving
 * checks the whole tariff; a refusal lists each field and nothing is stored.
 */
import type { Tariff } from '../../../../shared/tariff';
import { dayInput, exclusiveEndOf, lastDayBefore } from '../../components/LocalTime';
import { ErrorLine } from '../../components/Status';

import { RatesForm } from './RatesForm';
import { ScheduleGrid } from './ScheduleGrid';
import { useTariffDraft } from './useTariffDraft';

export function TariffEditor({ initial, onSaved }: { initial: Tariff; onSaved: (message: string) => void }) {
  const {
    tariff,
    setTariff,
    versionIndex,
    setVersionIndex,
    version,
    scheduleKey,
    setScheduleKey,
    schedule,
    periods,
    brush,
    setBrush,
    setPainting,
    painting,
    ratesText,
    setRatesText,
    error,
    updateVersion,
    paint,
    chooseVersion,
    save,
  } = useTariffDraft(initial, onSaved);

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
            {...dayInput}
            aria-label="Version from"
            value={version.effectiveFrom}
            onChange={(e) => updateVersion({ effectiveFrom: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">Until (inclusive; empty = open)</span>
          {/* The last day in force, included; the tariff keeps the day the version ends before. */}
          <input
            {...dayInput}
            aria-label="Version until"
            value={version.effectiveTo ? lastDayBefore(version.effectiveTo) : ''}
            onChange={(e) => {
              if (e.target.value) return updateVersion({ effectiveTo: exclusiveEndOf(e.target.value) });
              // Emptied: the version is open-ended (merging would keep the old date).
              const { effectiveTo: _drop, ...open } = version;
              setTariff({
                ...tariff,
                versions: tariff.versions.map((v, i) => (i === versionIndex ? open : v)),
              });
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
      <ScheduleGrid schedule={schedule} painting={painting} setPainting={setPainting} paint={paint} />
      <RatesForm ratesText={ratesText} onChange={setRatesText} />
      <details>
        <summary>Rates and tiers of this version as JSON (every key: docs/tariffs.md)</summary>
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
