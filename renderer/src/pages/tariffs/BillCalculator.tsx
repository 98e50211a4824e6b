/**
 * The bill calculator card on the tariffs screen: account, days (both ends included), usage,
 * groupBy and detailLevel, then the bill calculated.
 */
import type { AccountListItem } from '../../../../shared/contract';
import { dayInput } from '../../components/LocalTime';
import { Loading } from '../../components/Status';
import type { AsyncState } from '../../hooks';

import { BillResult } from './BillResult';
import type { BillCalculatorState } from './useBillCalculator';

export function BillCalculator({
  calculator,
  accounts,
  zone,
}: {
  calculator: BillCalculatorState;
  accounts: AsyncState<AccountListItem[]>;
  zone: string;
}) {
  const { form, setForm, bill, busy, calculate, chart } = calculator;
  return (
    <div className="card">
      <h2>Bill calculator</h2>
      <form
        className="form-row"
        onSubmit={(event) => {
          event.preventDefault();
          void calculate();
        }}
      >
        <label className="field">
          <span className="field-label">Account</span>
          <select
            aria-label="Account to bill"
            value={form.accountId}
            onChange={(e) => setForm({ ...form, accountId: e.target.value })}
          >
            <option value="">choose…</option>
            {accounts.status === 'ok'
              ? accounts.value.map((a) => (
                  <option key={a.accountId} value={a.accountId}>
                    {a.accountId}
                  </option>
                ))
              : null}
          </select>
        </label>
        <label className="field">
          <span className="field-label">From</span>
          <input
            {...dayInput}
            aria-label="Bill from"
            value={form.from}
            onChange={(e) => setForm({ ...form, from: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">To (inclusive)</span>
          <input
            {...dayInput}
            aria-label="Bill to"
            value={form.to}
            onChange={(e) => setForm({ ...form, to: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">Usage</span>
          <select
            aria-label="Usage"
            value={form.usage}
            onChange={(e) => setForm({ ...form, usage: e.target.value })}
          >
            <option value="metered">metered consumption</option>
            <option value="grid">grid residual (settled)</option>
          </select>
        </label>
        <label className="field">
          <span className="field-label">Group by</span>
          <select
            aria-label="Group by"
            value={form.groupBy}
            onChange={(e) => setForm({ ...form, groupBy: e.target.value })}
          >
            {['ALL', 'HOUR', 'DAY', 'MONTH', 'YEAR'].map((g) => (
              <option key={g}>{g}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Detail</span>
          <select
            aria-label="Detail level"
            value={form.detailLevel}
            onChange={(e) => setForm({ ...form, detailLevel: e.target.value })}
          >
            {['RATE', 'CHARGE_TYPE', 'TOTAL'].map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={busy || form.accountId === ''}>
          Calculate
        </button>
      </form>
      {busy ? <Loading>Calculating…</Loading> : null}
      {bill ? (
        <BillResult
          bill={bill}
          chart={chart}
          zone={zone}
          fileName={`${form.accountId}-${form.from}-${form.to}-${form.groupBy}-${form.detailLevel}`}
        />
      ) : null}
    </div>
  );
}
