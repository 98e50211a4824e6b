/**
 * The resolution explorer (seed 004): the cost and consumption of any meter, physical or virtual,
 * at any resolution, with its rate keys, the utility's own file costs beside ours, a chart and a
 * table that foots and exports as CSV. Dates are local days, both ends included.
 */
import { DataTable, type Column } from '../../components/DataTable';
import { EChart } from '../../components/EChart';
import { dayInput, instantSeconds, InstantTime, localSpanText } from '../../components/LocalTime';
import { ErrorLine } from '../../components/Status';
import { energyFoot, moneyFoot, type Foot } from '../../components/TableFoot';
import { formatKwh, formatMoney, formatNumber } from '../../format';

import type { Answer, Component } from './explorer-answer';
import { useExplorer } from './useExplorer';

const RESOLUTIONS = ['QUARTER_HOURLY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY', 'RANGE'];

/** Whole counts (readings): no decimals. */
const countFoot: Foot = { places: 0, format: (rounded) => formatNumber(rounded, 0) };

export function ResolutionExplorer({
  meterIds,
  zone,
  currency,
}: {
  meterIds: string[];
  zone: string;
  currency: string;
}) {
  const { form, setForm, answer, error, show, rows, keys, costCurrency, fileCurrency, chart } = useExplorer(
    meterIds,
    zone,
    currency,
  );
  const columns: Column<Component>[] = [
    {
      key: 'from',
      label: 'From',
      header: true,
      value: (c) => c['@fromDate'],
      render: (c) => <InstantTime text={c['@fromDate']} zone={zone} />,
    },
    {
      key: 'to',
      label: 'To',
      value: (c) => c['@toDate'],
      render: (c) => <InstantTime text={c['@toDate']} zone={zone} />,
    },
    {
      key: 'readings',
      label: 'Readings',
      foot: countFoot,
      value: (c) => String(c['@actualReadingsCount']),
    },
    {
      key: 'kwh',
      label: 'Consumption (kWh)',
      foot: energyFoot,
      testId: 'explorer-kwh',
      value: (c) => String(c.consumption),
    },
    ...(typeof answer?.cost === 'string'
      ? [
          {
            key: 'cost',
            label: `Cost (${costCurrency})`,
            foot: moneyFoot(costCurrency),
            testId: 'explorer-cost',
            value: (c: Component) => c.cost ?? '0',
          },
        ]
      : []),
    ...(answer?.fileCost !== undefined
      ? [
          {
            key: 'file',
            label: `Cost in the file (${fileCurrency})`,
            foot: moneyFoot(fileCurrency),
            value: (c: Component) => c.fileCost ?? '0',
          },
        ]
      : []),
    // A rate key without energy in a period is a zero of that period, written as the column writes it.
    ...keys.map((key) => ({
      key: `rate-${key}`,
      label: `Rate ${key} (kWh)`,
      foot: energyFoot,
      value: (c: Component) =>
        String(c.componentList?.component.find((k) => k['@rateKey'] === key)?.consumption ?? 0),
    })),
  ];
  return (
    <section className="explorer" data-testid="resolution-explorer">
      <h2>Cost and consumption at any resolution</h2>
      <div className="row">
        <label className="field">
          <span className="field-label">Meter</span>
          <select
            aria-label="Explorer meter"
            value={form.deviceId}
            onChange={(e) => setForm({ ...form, deviceId: e.target.value })}
          >
            {meterIds.map((id) => (
              <option key={id}>{id}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Resolution</span>
          <select
            aria-label="Resolution"
            value={form.resolution}
            onChange={(e) => setForm({ ...form, resolution: e.target.value })}
          >
            {RESOLUTIONS.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">From (empty = first reading)</span>
          <input
            {...dayInput}
            aria-label="Explorer from"
            value={form.from}
            onChange={(e) => setForm({ ...form, from: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">To (inclusive; empty = last reading)</span>
          <input
            {...dayInput}
            aria-label="Explorer to"
            value={form.to}
            onChange={(e) => setForm({ ...form, to: e.target.value })}
          />
        </label>
        <button type="button" className="primary" onClick={() => void show()}>
          Show
        </button>
      </div>
      {error ? <ErrorLine error={error} /> : null}
      {answer ? (
        <>
          <p data-testid="explorer-totals">
            {answer['@deviceId']}, {spanOf(answer, zone)}: {formatKwh(answer.consumption)}
            {typeof answer.cost === 'string'
              ? ` · cost ${formatMoney(answer.cost, costCurrency)}`
              : ' · no tariff: consumption only'}
            {answer.fileCost !== undefined
              ? ` · in the utility’s files ${formatMoney(answer.fileCost, fileCurrency)}`
              : ''}
          </p>
          {chart ? (
            <EChart option={chart} label="Consumption by rate key and cost" testId="explorer-chart" />
          ) : null}
          <DataTable
            compact
            testId="explorer-table"
            caption={`${rows.length} period(s)`}
            fileName={`${answer['@deviceId']}-${form.resolution}`}
            rows={rows.map((c, index) => ({ ...c, index }))}
            rowKey={(c) => String(c.index)}
            columns={columns}
          />
        </>
      ) : null}
    </section>
  );
}

/** The span an answer covers, as local days or instants (`2022-01-03 – 2022-01-09`). */
function spanOf(answer: Answer, zone: string): string {
  const from = instantSeconds(answer['@fromDate']);
  const to = instantSeconds(answer['@toDate']);
  return from === null || to === null
    ? `${answer['@fromDate']} – ${answer['@toDate']}`
    : localSpanText(from, to, zone);
}
