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
import { dayInput, exclusiveEndOf, lastDayBefore } from '../components/LocalTime';
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

type TierRow = { max?: string; rate: string };
type RateJson = {
  tariffRateId?: string;
  rateGroupName?: string;
  rateName?: string;
  chargeClass?: string;
  rateSequenceNumber?: number;
  type?: string;
  amount?: string;
  percent?: string;
  periods?: { period: number; tiers: TierRow[] }[];
  flat?: { tiers: TierRow[] };
};

/**
 * The version's rates as fields: each energy or demand period's tiers (up to
 * max, at rate; add or remove a tier), fixed and minimum amounts, percentages.
 * It edits the same JSON as the text box below it; when that JSON is not
 * readable, only the text box is offered.
 */
function RatesForm({ ratesText, onChange }: { ratesText: string; onChange: (text: string) => void }) {
  const [newType, setNewType] = useState('COST_PER_UNIT');
  let rates: RateJson[];
  try {
    rates = JSON.parse(ratesText) as RateJson[];
    if (!Array.isArray(rates)) return null;
  } catch {
    return <p className="muted">The rates' JSON below is not readable yet: fix it there.</p>;
  }
  const update = (change: (copy: RateJson[]) => void) => {
    const copy = structuredClone(rates);
    change(copy);
    onChange(JSON.stringify(copy, null, 2));
  };
  const tierTable = (tiers: TierRow[], label: string, edit: (fn: (tiers: TierRow[]) => void) => void) => (
    <table className="table compact tiers" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Tier</th>
          <th scope="col">Up to</th>
          <th scope="col">Rate</th>
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {tiers.map((tier, t) => (
          <tr key={t}>
            <th scope="row">{t + 1}</th>
            <td>
              {t < tiers.length - 1 ? (
                <input
                  aria-label={`${label} tier ${t + 1} up to`}
                  value={tier.max ?? ''}
                  onChange={(e) => edit((list) => (list[t]!.max = e.target.value))}
                />
              ) : (
                <span className="muted">the rest</span>
              )}
            </td>
            <td>
              <input
                aria-label={`${label} tier ${t + 1} rate`}
                value={tier.rate}
                onChange={(e) => edit((list) => (list[t]!.rate = e.target.value))}
              />
            </td>
            <td>
              {tiers.length > 1 ? (
                <button type="button" onClick={() => edit((list) => void list.splice(t, 1))}>
                  Remove
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={4}>
            <button
              type="button"
              onClick={() =>
                edit((list) => {
                  const last = list[list.length - 1]!;
                  list.splice(list.length - 1, 0, { max: '0', rate: last.rate });
                })
              }
            >
              Add a tier
            </button>
          </td>
        </tr>
      </tfoot>
    </table>
  );
  return (
    <div className="rates-form" data-testid="rates-form">
      {rates.map((rate, r) => (
        <fieldset key={r}>
          <legend>
            {rate.rateName ?? `rate ${r + 1}`} <span className="muted">({rate.type})</span>
          </legend>
          <div className="row">
            <label className="field">
              <span className="field-label">Name</span>
              <input
                aria-label={`rate ${r + 1} name`}
                value={rate.rateName ?? ''}
                onChange={(e) => update((copy) => (copy[r]!.rateName = e.target.value))}
              />
            </label>
            <label className="field">
              <span className="field-label">Charge class</span>
              <select
                aria-label={`rate ${r + 1} charge class`}
                value={rate.chargeClass ?? 'SUPPLY'}
                onChange={(e) => update((copy) => (copy[r]!.chargeClass = e.target.value))}
              >
                {CHARGE_CLASSES.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => update((copy) => void copy.splice(r, 1))}>
              Remove this rate
            </button>
          </div>
          {rate.periods?.map((period, p) => (
            <div key={p}>
              {tierTable(period.tiers, `${rate.rateName ?? `rate ${r + 1}`} period ${period.period}`, (fn) =>
                update((copy) => fn(copy[r]!.periods![p]!.tiers)),
              )}
            </div>
          ))}
          {rate.flat
            ? tierTable(rate.flat.tiers, `${rate.rateName ?? `rate ${r + 1}`} flat`, (fn) =>
                update((copy) => fn(copy[r]!.flat!.tiers)),
              )
            : null}
          {rate.amount !== undefined ? (
            <label className="field">
              <span className="field-label">Amount</span>
              <input
                aria-label={`${rate.rateName ?? `rate ${r + 1}`} amount`}
                value={rate.amount}
                onChange={(e) => update((copy) => (copy[r]!.amount = e.target.value))}
              />
            </label>
          ) : null}
          {rate.percent !== undefined ? (
            <label className="field">
              <span className="field-label">Share (0.085 = 8.5 %)</span>
              <input
                aria-label={`${rate.rateName ?? `rate ${r + 1}`} percent`}
                value={rate.percent}
                onChange={(e) => update((copy) => (copy[r]!.percent = e.target.value))}
              />
            </label>
          ) : null}
          {rate.type === 'COST_PER_UNIT' || (rate.type === 'DEMAND' && rate.periods) ? (
            <button
              type="button"
              onClick={() =>
                update((copy) => {
                  const periods = copy[r]!.periods!;
                  const next = Math.max(-1, ...periods.map((p) => p.period)) + 1;
                  periods.push({ period: next, tiers: [{ rate: '0' }] });
                })
              }
            >
              Add a period
            </button>
          ) : null}
        </fieldset>
      ))}
      <div className="row">
        <label className="field">
          <span className="field-label">New rate</span>
          <select aria-label="new rate type" value={newType} onChange={(e) => setNewType(e.target.value)}>
            {Object.keys(NEW_RATES).map((type) => (
              <option key={type}>{type}</option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() =>
            update((copy) => {
              const taken = new Set(copy.map((x) => x.tariffRateId));
              let n = copy.length + 1;
              while (taken.has(`rate-${n}`)) n++;
              copy.push({
                tariffRateId: `rate-${n}`,
                rateSequenceNumber: Math.max(0, ...copy.map((x) => x.rateSequenceNumber ?? 0)) + 1,
                ...structuredClone(NEW_RATES[newType]!),
              });
            })
          }
        >
          Add a rate
        </button>
      </div>
    </div>
  );
}

const CHARGE_CLASSES = ['SUPPLY', 'DISTRIBUTION', 'TRANSMISSION', 'TAX', 'OTHER', 'CONTRACTED'];

/** What a new rate of each type starts as: valid, priced at zero, to be filled in above. */
const NEW_RATES: Record<string, RateJson> = {
  COST_PER_UNIT: {
    type: 'COST_PER_UNIT',
    rateGroupName: 'Energy',
    rateName: 'Energy charge',
    chargeClass: 'SUPPLY',
    periods: [{ period: 0, tiers: [{ rate: '0' }] }],
  },
  FIXED_PRICE: {
    type: 'FIXED_PRICE',
    rateGroupName: 'Fixed',
    rateName: 'Customer charge',
    chargeClass: 'DISTRIBUTION',
    amount: '0',
  },
  DEMAND: {
    type: 'DEMAND',
    rateGroupName: 'Demand',
    rateName: 'Demand charge',
    chargeClass: 'DISTRIBUTION',
    flat: { tiers: [{ rate: '0' }] },
  },
  MINIMUM: {
    type: 'MINIMUM',
    rateGroupName: 'Minimum',
    rateName: 'Minimum charge',
    chargeClass: 'OTHER',
    amount: '0',
  },
  PERCENTAGE: {
    type: 'PERCENTAGE',
    rateGroupName: 'Taxes',
    rateName: 'Tax',
    chargeClass: 'TAX',
    percent: '0',
  },
};
