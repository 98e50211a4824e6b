/**
 * Tariffs and the bill calculator (seed 001): the workspace's tariffs (a URDB
 * rate file can be read in; what it cannot price is named), accounts billed on
 * them, and a calculator — account, dates, usage, groupBy and detailLevel —
 * with the bill's summary, its items (sortable, exportable, the costs footing
 * to the bill's total) and a chart of cost by period and charge type. Dates are
 * taken and shown as people read them, both ends included (the API's ranges end
 * before their end: a last day goes out as the day after it); times in the
 * workspace's zone, named once under the heading.
 */
import { useMemo, useState } from 'react';

import type { OperationError, ParticipantDto } from '../../../shared/contract';
import { Dec } from '../../../shared/units';
import { axisTooltip, moneyText } from '../charts/chart-parts';
import type { EChartsCoreOption } from '../charts/echarts-setup';
import { useClient } from '../client-context';
import { DataTable } from '../components/DataTable';
import { EChart } from '../components/EChart';
import {
  dayInput,
  exclusiveEndOf,
  instantSeconds,
  InstantTime,
  lastDayBefore,
  localSpanText,
  localTimeText,
  ZoneNote,
} from '../components/LocalTime';
import { ErrorLine, Loading } from '../components/Status';
import { energyFoot, moneyFoot, showFooted, type Foot } from '../components/TableFoot';
import { formatKw, formatKwh, formatMoney, formatNumber, formatPrice, formatUpTo } from '../format';
import { useResult, type AsyncState } from '../hooks';

import { TariffEditor } from './TariffEditor';

interface Item {
  /** The rate's readable code (its integer id is tariffRateId); null on a merged item. */
  tariffRateCode: string | null;
  /** The band's readable text (period, tier), null when the rate has one band. */
  tariffRateBandCode: string | null;
  rateGroupName: string;
  rateName: string;
  fromDateTime: string;
  toDateTime: string;
  quantityKey: string;
  rateType: string;
  rateAmount: string | null;
  itemQuantity: string;
  cost: string;
  chargeClass: string;
}

interface Result {
  /** The tariff's readable code (its integer id is masterTariffId). */
  masterTariffCode: string;
  tariffName: string;
  totalCost: string;
  currency: string;
  fromDateTime: string;
  toDateTime: string;
  summary: { subTotalCost: string; taxCost: string; totalCost: string; kWh: string; kW: string };
  items: Item[];
  /** Which version priced each span: `dataValue` its integer id, `dataValueCode` its readable code. */
  assumptions: {
    keyName: string;
    dataValue: string;
    dataValueCode?: string;
    fromDateTime: string;
    toDateTime: string;
  }[];
}

/** A result as the API writes it (seed 001): figures as JSON numbers, the exact decimals under `exact`. */
interface SeedResult extends Omit<Result, 'totalCost' | 'summary' | 'items'> {
  exact: { totalCost: string };
  summary: { exact: Result['summary'] };
  items: (Omit<Item, 'rateAmount' | 'itemQuantity' | 'cost'> & {
    exact: Pick<Item, 'rateAmount' | 'itemQuantity' | 'cost'>;
  })[];
}

/** The bill with its exact decimals, what the screen shows and adds up (never the JSON numbers). */
function exactResult(seed: SeedResult | undefined): Result | null {
  if (!seed) return null;
  return {
    ...seed,
    totalCost: seed.exact.totalCost,
    summary: seed.summary.exact,
    items: seed.items.map((item) => ({ ...item, ...item.exact })),
  };
}

/** Demand in kW to 3 decimals (the column's header names the unit). */
const kWFoot: Foot = { places: 3, format: (rounded) => formatNumber(rounded, 3) };

/** A span the API gives as two instants with their offsets, as local days or instants. */
function spanText(from: string, to: string, zone: string): string {
  const start = instantSeconds(from);
  const end = instantSeconds(to);
  return start === null || end === null ? `${from} – ${to}` : localSpanText(start, end, zone);
}

/**
 * How an item is priced, in the currency: per kWh or kW, a fixed amount times its share of the
 * period, a minimum, or a percentage of the charges it applies to; `—` when the item merges rates.
 */
function rateText(item: Item, currency: string): string {
  if (item.rateAmount === null) return '—';
  switch (item.quantityKey) {
    case 'consumption':
      return `${formatPrice(item.rateAmount, currency)}/kWh`;
    case 'demand':
      return `${formatPrice(item.rateAmount, currency)}/kW`;
    case 'fixed':
      return `${formatMoney(item.rateAmount, currency)} × ${formatUpTo(item.itemQuantity, 6)}`;
    case 'minimum':
      return `minimum ${formatMoney(item.rateAmount, currency)}`;
    case 'percentage':
      return `${formatUpTo(new Dec(item.rateAmount).times(100).toFixed(), 4)} % of ${formatMoney(item.itemQuantity, currency)}`;
    default:
      return formatPrice(item.rateAmount, currency);
  }
}

const isEnergy = (item: Item) => item.quantityKey === 'consumption' || item.quantityKey === 'total';

const CLASS_COLORS: Record<string, string> = {
  SUPPLY: '#2f9e44',
  DISTRIBUTION: '#1c7ed6',
  TRANSMISSION: '#7048e8',
  TAX: '#e8590c',
  OTHER: '#868e96',
  CONTRACTED: '#0ca678',
  TOTAL: '#495057',
};

export function TariffsPage({ participants }: { participants: AsyncState<ParticipantDto[]> }) {
  const client = useClient();
  const [generation, setGeneration] = useState(0);
  const tariffs = useResult(`tariffs:${generation}`, () => client['tariffs:list']({}));
  const accounts = useResult(`accounts:${generation}`, () => client['accounts:list']({}));
  // Times are shown in the workspace's zone (UTC until it is known).
  const summary = useResult('workspace:summary', () => client['workspace:summary']({}));
  const zone = summary.status === 'ok' ? summary.value.timezone : 'UTC';
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<OperationError | null>(null);
  const [account, setAccount] = useState({ accountId: '', participantId: '', masterTariffId: '' });
  const [form, setForm] = useState({
    accountId: '',
    from: '2022-01-01',
    to: '2022-01-31',
    groupBy: 'MONTH',
    detailLevel: 'RATE',
    usage: 'metered',
  });
  const [bill, setBill] = useState<Result | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const importUrdb = async (file: File | null) => {
    if (!file) return;
    setError(null);
    setMessage(null);
    let rate: unknown;
    try {
      rate = JSON.parse(await file.text());
    } catch (parseError) {
      setError({
        code: 'invalid_input',
        message: `${file.name}: is not JSON (${(parseError as Error).message})`,
      });
      return;
    }
    const saved = await client['tariffs:import-urdb']({ rate });
    if (!saved.ok) setError(saved.error);
    else {
      setMessage(
        `Saved tariff ${saved.value.tariff.masterTariffId} (${saved.value.tariff.tariffName})${saved.value.unsupported.length ? `; not priced by Energy Ledger: ${saved.value.unsupported.join('; ')}` : ''}`,
      );
      setGeneration((g) => g + 1);
    }
  };

  const calculate = async () => {
    setBusy(true);
    setError(null);
    setBill(null);
    const result = await client['accounts:calculate']({
      accountId: form.accountId,
      fromDateTime: form.from,
      // The last day chosen is included: the API's toDateTime is the day after it.
      toDateTime: exclusiveEndOf(form.to),
      groupBy: form.groupBy as 'MONTH',
      detailLevel: form.detailLevel as 'RATE',
      usage: form.usage as 'metered',
    });
    setBusy(false);
    if (!result.ok) setError(result.error);
    else setBill(exactResult((result.value as { results: SeedResult[] }).results[0]));
  };

  const chart = useMemo<EChartsCoreOption | null>(() => {
    if (!bill) return null;
    const periods = [...new Set(bill.items.map((i) => i.fromDateTime))].sort();
    const classes = [...new Set(bill.items.map((i) => i.chargeClass))];
    // Each period's start in the zone; the axis drops the offset (named once on the screen), the tooltip keeps it.
    const labels = periods.map((p) => {
      const seconds = instantSeconds(p);
      return seconds === null ? p : localTimeText(seconds, zone);
    });
    const days = labels.every((label) => label.slice(11, 16) === '00:00');
    return {
      animation: false,
      tooltip: axisTooltip((value) => moneyText(value, bill.currency)),
      legend: { top: 0 },
      grid: { left: 88, right: 24, top: 40, bottom: periods.length > 40 ? 72 : 40 },
      xAxis: {
        type: 'category',
        data: labels,
        axisLabel: { formatter: (label: string) => label.slice(0, days ? 10 : 16) },
      },
      yAxis: {
        type: 'value',
        name: bill.currency,
        axisLabel: { formatter: (value: number) => formatMoney(value, bill.currency, 0) },
      },
      ...(periods.length > 40 ? { dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 8 }] } : {}),
      series: classes.map((chargeClass) => ({
        name: chargeClass,
        type: 'bar',
        stack: 'cost',
        itemStyle: { color: CLASS_COLORS[chargeClass] ?? '#adb5bd' },
        data: periods.map((p) =>
          bill.items
            .filter((i) => i.fromDateTime === p && i.chargeClass === chargeClass)
            .reduce((sum, i) => sum.plus(i.cost), new Dec(0))
            .toNumber(),
        ),
      })),
    };
  }, [bill, zone]);

  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">Tariffs</h1>
        <span className="muted">tariffs, accounts and the bill calculator</span>
      </div>
      <ZoneNote zone={zone} />
      {error ? <ErrorLine title="Not done" error={error} /> : null}
      {message ? (
        <p className="status" role="status" data-testid="tariff-message">
          {message}
        </p>
      ) : null}
      <div className="card">
        <h2>Tariffs</h2>
        {tariffs.status === 'loading' ? <Loading>Loading tariffs…</Loading> : null}
        {tariffs.status === 'ok' && tariffs.value.length === 0 ? (
          <p>No tariff yet: read one from a URDB rate file.</p>
        ) : null}
        {tariffs.status === 'ok' && tariffs.value.length > 0 ? (
          <table className="table" data-testid="tariffs-table">
            <thead>
              <tr>
                <th scope="col">Tariff</th>
                <th scope="col">Name</th>
                <th scope="col">Versions</th>
                <th scope="col">Rates</th>
                <th scope="col">From</th>
                <th scope="col">Not priced</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {tariffs.value.map(({ tariff, source, unsupported }) => (
                <tr key={tariff.masterTariffId}>
                  <th scope="row">{tariff.masterTariffId}</th>
                  <td>
                    {tariff.tariffName}
                    {tariff.providerName ? <span className="muted"> · {tariff.providerName}</span> : null}
                  </td>
                  <td>
                    {tariff.versions
                      .map(
                        (v) =>
                          // A version ends before its effectiveTo: its last day is the day before.
                          `${v.tariffId} (${v.effectiveFrom}${v.effectiveTo ? ` – ${lastDayBefore(v.effectiveTo)}` : ''})`,
                      )
                      .join(', ')}
                  </td>
                  <td>{tariff.versions[0]?.rates.map((r) => r.rateName).join(', ')}</td>
                  <td>{source}</td>
                  <td>{unsupported.join('; ') || '—'}</td>
                  <td>
                    <button type="button" onClick={() => setEditing(tariff.masterTariffId)}>
                      Edit
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {editing && tariffs.status === 'ok'
          ? tariffs.value
              .filter(({ tariff }) => tariff.masterTariffId === editing)
              .map(({ tariff }) => (
                <TariffEditor
                  key={tariff.masterTariffId}
                  initial={tariff}
                  onSaved={(saved) => {
                    setMessage(saved);
                    setEditing(null);
                    setGeneration((g) => g + 1);
                  }}
                />
              ))
          : null}
        <label className="field">
          <span className="field-label">Read a URDB rate file (.json)</span>
          <input
            type="file"
            accept=".json,application/json"
            aria-label="URDB rate file"
            onChange={(event) => void importUrdb(event.target.files?.[0] ?? null)}
          />
        </label>
      </div>
      <div className="card">
        <h2>Accounts</h2>
        {accounts.status === 'ok' && accounts.value.length > 0 ? (
          <table className="table compact" data-testid="accounts-table">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Participant</th>
                <th scope="col">Tariff</th>
              </tr>
            </thead>
            <tbody>
              {accounts.value.map((a) => (
                <tr key={a.accountId}>
                  <th scope="row">{a.accountId}</th>
                  <td>{a.participantId}</td>
                  <td>{a.masterTariffId}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <form
          className="form-row"
          onSubmit={async (event) => {
            event.preventDefault();
            setError(null);
            const saved = await client['accounts:save'](account);
            if (!saved.ok) setError(saved.error);
            else {
              setMessage(`Account ${saved.value.accountId} is billed on ${saved.value.masterTariffId}.`);
              setForm({ ...form, accountId: saved.value.accountId });
              setGeneration((g) => g + 1);
            }
          }}
        >
          <label className="field">
            <span className="field-label">Account id</span>
            <input
              aria-label="Account id"
              value={account.accountId}
              onChange={(e) => setAccount({ ...account, accountId: e.target.value })}
            />
          </label>
          <label className="field">
            <span className="field-label">Participant</span>
            <select
              aria-label="Account participant"
              value={account.participantId}
              onChange={(e) => setAccount({ ...account, participantId: e.target.value })}
            >
              <option value="">choose…</option>
              {participants.status === 'ok'
                ? participants.value.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))
                : null}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Tariff</span>
            <select
              aria-label="Account tariff"
              value={account.masterTariffId}
              onChange={(e) => setAccount({ ...account, masterTariffId: e.target.value })}
            >
              <option value="">choose…</option>
              {tariffs.status === 'ok'
                ? tariffs.value.map(({ tariff }) => (
                    <option key={tariff.masterTariffId} value={tariff.masterTariffId}>
                      {tariff.tariffName}
                    </option>
                  ))
                : null}
            </select>
          </label>
          <button type="submit">Save account</button>
        </form>
      </div>
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
          <>
            <dl className="facts" data-testid="bill-summary">
              <dt>Tariff</dt>
              <dd>
                {bill.tariffName} ({bill.masterTariffCode})
              </dd>
              <dt>Period</dt>
              <dd data-testid="bill-period">{spanText(bill.fromDateTime, bill.toDateTime, zone)}</dd>
              <dt>Energy, peak demand</dt>
              <dd>
                {formatKwh(bill.summary.kWh)}, {formatKw(bill.summary.kW)}
              </dd>
              <dt>Subtotal, taxes</dt>
              <dd>
                {formatMoney(bill.summary.subTotalCost, bill.currency)},{' '}
                {formatMoney(bill.summary.taxCost, bill.currency)}
              </dd>
              <dt>Total</dt>
              <dd data-testid="bill-total">{formatMoney(bill.totalCost, bill.currency)}</dd>
              <dt>Versions</dt>
              <dd>
                {bill.assumptions
                  .map(
                    (a) =>
                      `${a.dataValueCode ?? a.dataValue} (${spanText(a.fromDateTime, a.toDateTime, zone)})`,
                  )
                  .join(', ')}
              </dd>
            </dl>
            {chart ? (
              <EChart option={chart} testId="bill-chart" label="Bill cost by period and charge class" />
            ) : null}
            <DataTable
              compact
              testId="bill-items"
              caption={`${bill.items.length} item(s)`}
              fileName={`${form.accountId}-${form.from}-${form.to}-${form.groupBy}-${form.detailLevel}`}
              rows={bill.items.map((item, index) => ({ ...item, index }))}
              rowKey={(i) => String(i.index)}
              columns={[
                {
                  key: 'from',
                  label: 'From',
                  header: true,
                  value: (i) => i.fromDateTime,
                  render: (i) => <InstantTime text={i.fromDateTime} zone={zone} />,
                },
                {
                  key: 'group',
                  label: 'Rate group',
                  value: (i) => i.rateGroupName,
                  render: (i) => i.rateGroupName,
                },
                {
                  key: 'rate',
                  label: 'Rate',
                  value: (i) => `${i.rateName}${i.tariffRateBandCode ? ` (${i.tariffRateBandCode})` : ''}`,
                  render: (i) => `${i.rateName}${i.tariffRateBandCode ? ` (${i.tariffRateBandCode})` : ''}`,
                },
                {
                  key: 'class',
                  label: 'Charge class',
                  value: (i) => i.chargeClass,
                  render: (i) => i.chargeClass,
                },
                // One unit per column: energy items in kWh, demand items in kW (the others have neither).
                {
                  key: 'energy',
                  label: 'Energy (kWh)',
                  numeric: true,
                  value: (i) => (isEnergy(i) ? i.itemQuantity : ''),
                  render: (i) => (isEnergy(i) ? showFooted(energyFoot, i.itemQuantity) : '—'),
                },
                {
                  key: 'demand',
                  label: 'Demand (kW)',
                  numeric: true,
                  value: (i) => (i.quantityKey === 'demand' ? i.itemQuantity : ''),
                  render: (i) => (i.quantityKey === 'demand' ? showFooted(kWFoot, i.itemQuantity) : '—'),
                },
                {
                  key: 'rate-amount',
                  label: 'Priced at',
                  numeric: true,
                  value: (i) => i.rateAmount ?? '',
                  render: (i) => rateText(i, bill.currency),
                },
                {
                  key: 'cost',
                  label: `Cost (${bill.currency})`,
                  testId: 'item-cost',
                  foot: moneyFoot(bill.currency),
                  value: (i) => i.cost,
                },
              ]}
            />
          </>
        ) : null}
      </div>
    </section>
  );
}
