/**
 * One local day of an account's shadow prices (seed 002): its load zone's price components, their
 * total and the account's load, hour by hour, prices per MWh in the workspace's currency.
 */
import { useState } from 'react';

import type { OperationError } from '../../../../shared/contract';
import { useClient } from '../../client-context';
import { SeedTime } from '../../components/LocalTime';
import { ErrorLine } from '../../components/Status';
import { energyFoot, showFooted } from '../../components/TableFoot';
import { formatPrice } from '../../format';

/** A shadow price (per MWh) as the screen writes it: in the currency, `—` when the hour has none. */
function priceCell(value: unknown, currency: string): string {
  return value === null || value === undefined || value === '' ? '—' : formatPrice(String(value), currency);
}

/** One local day of the account's shadow prices (seed 002): components, total and the account's load, hour by hour. */
export function ShadowPrices({
  accountId,
  zone,
  currency,
}: {
  accountId: string;
  zone: string;
  currency: string;
}) {
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
