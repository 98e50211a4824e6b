/**
 * The version's rates as fields on the tariff editor: each energy or demand period's tiers (up to
 * max, at rate; add or remove a tier), fixed and minimum amounts, percentages, a rate added or
 * removed. It edits the same JSON as the text box below it.
 */
import { useState } from 'react';

import { CHARGE_CLASSES, NEW_RATES, type RateJson, type TierRow } from './rate-json';

/**
 * The version's rates as fields: each energy or demand period's tiers (up to
 * max, at rate; add or remove a tier), fixed and minimum amounts, percentages.
 * It edits the same JSON as the text box below it; when that JSON is not
 * readable, only the text box is offered.
 */
export function RatesForm({ ratesText, onChange }: { ratesText: string; onChange: (text: string) => void }) {
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
