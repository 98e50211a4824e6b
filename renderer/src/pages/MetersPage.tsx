/**
 * Meters: the resolution explorer (seed 004's cost and consumption of any
 * meter, physical or virtual, at any resolution, with its rate keys, the
 * utility's own file costs beside ours, a chart and a CSV export) and the
 * virtual meter builder (seed 003: versions of a use definition, saved whole
 * or refused by field, with a preview of the computed use against its sources).
 * Dates are local days taken as people read them, both ends included; the API's
 * ranges end before their end, so a last day goes out as the day after it.
 * Times are shown in the workspace's zone, named once under the heading.
 */
import { useMemo, useState } from 'react';

import type { OperationError, ParticipantDto, VirtualPreviewDto } from '../../../shared/contract';
import type { VirtualMeter } from '../../../shared/virtual-meter';
import { axisTooltip, kWhText, moneyText } from '../charts/chart-parts';
import type { EChartsCoreOption } from '../charts/echarts-setup';
import { useClient } from '../client-context';
import { DataTable, type Column } from '../components/DataTable';
import { EChart } from '../components/EChart';
import {
  dayInput,
  exclusiveEndOf,
  instantSeconds,
  InstantTime,
  lastDayBefore,
  localSpanText,
  localTimeText,
  SeedTime,
  ZoneNote,
} from '../components/LocalTime';
import { ErrorLine, Loading } from '../components/Status';
import { energyFoot, moneyFoot, type Foot } from '../components/TableFoot';
import { formatKwh, formatMoney, formatNumber, formatUpTo } from '../format';
import { useResult, type AsyncState } from '../hooks';

const RESOLUTIONS = ['QUARTER_HOURLY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY', 'RANGE'];

/** Whole counts (readings): no decimals. */
const countFoot: Foot = { places: 0, format: (rounded) => formatNumber(rounded, 0) };

/** An instant the API wrote, in the zone as LocalTime words it (the text itself when it is not one). */
function localLabel(text: string, zone: string): string {
  const seconds = instantSeconds(text);
  return seconds === null ? text : localTimeText(seconds, zone);
}

/** A chart's value axis in kWh: grouped, up to 3 decimals. */
const kWhAxisLabel = { formatter: (value: number) => formatUpTo(value, 3) };

interface RateKey {
  '@peak': boolean;
  '@rateKey': string;
  cost: string | null;
  consumption: number;
}
interface Component {
  '@actualReadingsCount': number;
  '@fromDate': string;
  '@toDate': string;
  /** null without a tariff (consumption only). */
  cost: string | null;
  fileCost?: string;
  consumption: number;
  /** null without a tariff (no rate keys). */
  componentList: { component: RateKey[] } | null;
}
interface Answer {
  '@deviceId': string;
  '@fromDate': string;
  '@toDate': string;
  '@currency'?: string;
  '@fileCurrency'?: string;
  /** null without a tariff (consumption only). */
  cost: string | null;
  fileCost?: string;
  consumption: number;
  componentList: { component: Component[] };
}

export function MetersPage({ participants }: { participants: AsyncState<ParticipantDto[]> }) {
  const client = useClient();
  const [generation, setGeneration] = useState(0);
  const meters = useResult('meters', () => client['meters:list']({}));
  // Times are shown in the workspace's zone (UTC until it is known), money in its currency.
  const summary = useResult('workspace:summary', () => client['workspace:summary']({}));
  const zone = summary.status === 'ok' ? summary.value.timezone : 'UTC';
  const currency = summary.status === 'ok' ? summary.value.currency : 'THB';
  const virtual = useResult(`virtual:${generation}`, () => client['virtual-meters:list']({}));
  const groups = useResult(`groups:${generation}`, () => client['meter-groups:list']({}));
  const allIds = [
    ...(meters.status === 'ok' ? meters.value.map((m) => m.id) : []),
    ...(virtual.status === 'ok' ? virtual.value.map((m) => m.id) : []),
  ];
  return (
    <section className="page" data-testid="meters-page">
      <h1>Meters</h1>
      <ZoneNote zone={zone} />
      {meters.status === 'loading' ? <Loading>Reading meters…</Loading> : null}
      <Explorer meterIds={allIds} zone={zone} currency={currency} />
      <Builder
        zone={zone}
        meterIds={allIds}
        groupIds={groups.status === 'ok' ? groups.value.map((g) => g.id) : []}
        participants={participants.status === 'ok' ? participants.value.map((p) => p.id) : []}
        virtual={virtual.status === 'ok' ? virtual.value : []}
        onSaved={() => setGeneration((g) => g + 1)}
      />
    </section>
  );
}

function Explorer({ meterIds, zone, currency }: { meterIds: string[]; zone: string; currency: string }) {
  const client = useClient();
  const [form, setForm] = useState({ deviceId: '', resolution: 'DAILY', from: '', to: '' });
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<OperationError | null>(null);
  const show = async () => {
    setError(null);
    setAnswer(null);
    const result = await client['consumption:device']({
      userId: 'current-user',
      accountId: 'default-account',
      locationId: 'default-location',
      deviceId: form.deviceId || meterIds[0] || '',
      resolution: form.resolution,
      ...(form.from ? { from: form.from } : {}),
      // The last day the person chose, included: the API's `to` is the day after it.
      ...(form.to ? { to: exclusiveEndOf(form.to) } : {}),
    });
    if (!result.ok) return setError(result.error);
    setAnswer(result.value as unknown as Answer);
  };
  const rows = answer?.componentList.component ?? [];
  const keys = [
    ...new Set(rows.flatMap((c) => (c.componentList?.component ?? []).map((k) => k['@rateKey']))),
  ].sort();
  const costCurrency = answer?.['@currency'] ?? currency;
  const fileCurrency = answer?.['@fileCurrency'] ?? currency;
  const chart = useMemo<EChartsCoreOption | null>(() => {
    if (!answer) return null;
    // Each period's start in the zone; the axis drops the offset (named once on the screen), the tooltip keeps it.
    const labels = rows.map((c) => localLabel(c['@fromDate'], zone));
    const days = labels.every((label) => label.slice(11, 16) === '00:00');
    const series = keys.length
      ? keys.map((key) => ({
          name: `rate ${key}`,
          type: 'bar',
          stack: 'kWh',
          data: rows.map(
            (c) => c.componentList?.component.find((k) => k['@rateKey'] === key)?.consumption ?? 0,
          ),
        }))
      : [{ name: 'consumption', type: 'bar', data: rows.map((c) => c.consumption) }];
    return {
      animation: false,
      tooltip: axisTooltip((value, name) =>
        name === 'cost'
          ? moneyText(value, costCurrency)
          : name === 'cost in the file'
            ? moneyText(value, fileCurrency)
            : kWhText(value),
      ),
      legend: { top: 0 },
      grid: { left: 72, right: 88, top: 40, bottom: rows.length > 40 ? 72 : 40 },
      xAxis: {
        type: 'category',
        data: labels,
        axisLabel: { formatter: (label: string) => label.slice(0, days ? 10 : 16) },
      },
      yAxis: [
        { type: 'value', name: 'kWh', axisLabel: kWhAxisLabel },
        {
          type: 'value',
          name: costCurrency,
          position: 'right',
          axisLabel: { formatter: (value: number) => formatMoney(value, costCurrency, 0) },
        },
      ],
      ...(rows.length > 40 ? { dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 8 }] } : {}),
      series: [
        ...series,
        ...(typeof answer.cost === 'string'
          ? [{ name: 'cost', type: 'line', yAxisIndex: 1, data: rows.map((c) => Number(c.cost ?? 0)) }]
          : []),
        ...(answer.fileCost !== undefined
          ? [
              {
                name: 'cost in the file',
                type: 'line',
                yAxisIndex: 1,
                data: rows.map((c) => Number(c.fileCost ?? 0)),
              },
            ]
          : []),
      ],
    };
  }, [answer, rows, keys, zone, costCurrency, fileCurrency]);
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

type Kind = 'copyUseFromMeter' | 'useCalculation' | 'fixedAmount' | 'readingsFromChannel';
interface VersionForm {
  versionId: number;
  effectiveFrom: string;
  effectiveTo: string;
  kind: Kind;
  meterId: string;
  percentage: string;
  amount: string;
  unit: string;
  per: string;
  sumMeters: string[];
  sumMeterGroups: string[];
  subtractMeters: string[];
  subtractMeterGroups: string[];
}
const newVersion = (versionId: number): VersionForm => ({
  versionId,
  effectiveFrom: '2022-01-01',
  effectiveTo: '',
  kind: 'copyUseFromMeter',
  meterId: '',
  percentage: '100',
  amount: '0',
  unit: 'kWh',
  per: 'interval',
  sumMeters: [],
  sumMeterGroups: [],
  subtractMeters: [],
  subtractMeterGroups: [],
});

function versionOf(v: VersionForm) {
  const use =
    v.kind === 'copyUseFromMeter'
      ? { copyUseFromMeter: { meterId: v.meterId, percentage: v.percentage } }
      : v.kind === 'readingsFromChannel'
        ? { readingsFromChannel: { meterId: v.meterId } }
        : v.kind === 'fixedAmount'
          ? { fixedAmount: { amount: v.amount, unit: v.unit, per: v.per } }
          : {
              useCalculation: {
                sum: { sumMeters: v.sumMeters, sumMeterGroups: v.sumMeterGroups },
                subtract: { subtractMeters: v.subtractMeters, subtractMeterGroups: v.subtractMeterGroups },
              },
            };
  return {
    versionId: v.versionId,
    effectiveFrom: v.effectiveFrom,
    // The form's last day is included; the stored effectiveTo is the day the version ends before.
    ...(v.effectiveTo ? { effectiveTo: exclusiveEndOf(v.effectiveTo) } : {}),
    use,
  };
}

function formOf(m: VirtualMeter) {
  return {
    id: m.id,
    participantId: m.participantId,
    name: m.name ?? '',
    direction: m.direction,
    settles: m.settles,
    versions: m.versions.map((v) => {
      const f = newVersion(v.versionId);
      f.effectiveFrom = v.effectiveFrom;
      f.effectiveTo = v.effectiveTo ? lastDayBefore(v.effectiveTo) : '';
      const use = v.use as Record<string, Record<string, unknown>>;
      f.kind = Object.keys(use)[0] as Kind;
      const body = use[f.kind]!;
      if (typeof body.meterId === 'string') f.meterId = body.meterId;
      if (typeof body.percentage === 'string') f.percentage = body.percentage;
      if (typeof body.amount === 'string') f.amount = body.amount;
      if (typeof body.unit === 'string') f.unit = body.unit;
      if (typeof body.per === 'string') f.per = body.per;
      const sum = body.sum as Record<string, string[]> | undefined;
      const subtract = body.subtract as Record<string, string[]> | undefined;
      f.sumMeters = sum?.sumMeters ?? [];
      f.sumMeterGroups = sum?.sumMeterGroups ?? [];
      f.subtractMeters = subtract?.subtractMeters ?? [];
      f.subtractMeterGroups = subtract?.subtractMeterGroups ?? [];
      return f;
    }),
  };
}

function Builder({
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
  const client = useClient();
  const empty = {
    id: '',
    participantId: '',
    name: '',
    direction: 'consumption' as const,
    settles: true,
    versions: [newVersion(1)],
  };
  const [form, setForm] = useState<ReturnType<typeof formOf>>(empty);
  const [error, setError] = useState<OperationError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [range, setRange] = useState({ from: '', to: '' });
  const [preview, setPreview] = useState<VirtualPreviewDto | null>(null);

  const setVersion = (i: number, change: Partial<VersionForm>) =>
    setForm((f) => ({ ...f, versions: f.versions.map((v, k) => (k === i ? { ...v, ...change } : v)) }));
  const save = async () => {
    setError(null);
    setMessage(null);
    const result = await client['virtual-meters:save']({
      meterId: form.id,
      meter: {
        participantId: form.participantId || participants[0] || '',
        ...(form.name ? { name: form.name } : {}),
        direction: form.direction,
        settles: form.settles,
        versions: form.versions.map(versionOf),
      },
    });
    if (!result.ok) return setError(result.error);
    setMessage(`Saved virtual meter ${result.value.id} (${result.value.versions.length} version(s))`);
    onSaved();
  };
  const showPreview = async () => {
    setError(null);
    const result = await client['virtual-meters:preview']({
      meterId: form.id,
      from: range.from,
      to: range.to,
    });
    if (!result.ok) return setError(result.error);
    setPreview(result.value);
  };
  const chart = useMemo<EChartsCoreOption | null>(() => {
    if (!preview) return null;
    return {
      animation: false,
      tooltip: axisTooltip((value) => kWhText(value)),
      legend: { top: 0 },
      grid: { left: 72, right: 24, top: 40, bottom: 72 },
      xAxis: {
        type: 'category',
        // Each hour's start in the zone; the axis shows month, day and hour, the tooltip the offset too.
        data: preview.hours.map((h) => localLabel(h.startDate, zone)),
        axisLabel: { formatter: (label: string) => label.slice(5, 16) },
      },
      yAxis: { type: 'value', name: 'kWh', axisLabel: kWhAxisLabel },
      dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 8 }],
      series: [
        {
          name: preview.meterId,
          type: 'line',
          step: 'end',
          data: preview.hours.map((h) => Number(h.kWh)),
          lineStyle: { width: 3 },
        },
        ...preview.sources.map((s) => ({
          name: s.meterId,
          type: 'line',
          step: 'end',
          data: s.kWh.map(Number),
        })),
      ],
    };
  }, [preview, zone]);

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

  return (
    <section className="builder" data-testid="virtual-meter-builder">
      <h2>Virtual meters</h2>
      <ul className="plain">
        {virtual.map((m) => (
          <li key={m.id}>
            <button
              type="button"
              className="link"
              onClick={() => {
                setForm(formOf(m));
                setPreview(null);
              }}
            >
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
        <fieldset key={i} className="version">
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
                    .filter((id) => id !== form.id)
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
                meterIds.filter((id) => id !== form.id),
                v.sumMeters,
                (next) => setVersion(i, { sumMeters: next }),
              )}
              {multi(`Version ${v.versionId} sum groups`, groupIds, v.sumMeterGroups, (next) =>
                setVersion(i, { sumMeterGroups: next }),
              )}
              {multi(
                `Version ${v.versionId} subtract meters`,
                meterIds.filter((id) => id !== form.id),
                v.subtractMeters,
                (next) => setVersion(i, { subtractMeters: next }),
              )}
              {multi(`Version ${v.versionId} subtract groups`, groupIds, v.subtractMeterGroups, (next) =>
                setVersion(i, { subtractMeterGroups: next }),
              )}
            </div>
          ) : null}
          {form.versions.length > 1 ? (
            <button
              type="button"
              onClick={() => setForm((f) => ({ ...f, versions: f.versions.filter((_, k) => k !== i) }))}
            >
              Remove version
            </button>
          ) : null}
        </fieldset>
      ))}
      <div className="row">
        <button
          type="button"
          onClick={() =>
            setForm((f) => ({
              ...f,
              versions: [...f.versions, newVersion(Math.max(...f.versions.map((v) => v.versionId)) + 1)],
            }))
          }
        >
          Add a version
        </button>
        <button type="button" className="primary" onClick={() => void save()}>
          Save virtual meter
        </button>
        <button
          type="button"
          onClick={() => {
            setForm(empty);
            setPreview(null);
          }}
        >
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
