/**
 * Meters: the resolution explorer (seed 004's cost and consumption of any
 * meter, physical or virtual, at any resolution, with its rate keys, the
 * utility's own file costs beside ours, a chart and a CSV export) and the
 * virtual meter builder (seed 003: versions of a use definition, saved whole
 * or refused by field, with a preview of the computed use against its sources).
 */
import { useMemo, useState } from 'react';

import type { OperationError, ParticipantDto, VirtualPreviewDto } from '../../../shared/contract';
import type { VirtualMeter } from '../../../shared/virtual-meter';
import type { EChartsCoreOption } from '../charts/echarts-setup';
import { useClient } from '../client-context';
import { DataTable } from '../components/DataTable';
import { EChart } from '../components/EChart';
import { ErrorLine, Loading } from '../components/Status';
import { formatEnergy } from '../format';
import { useResult, type AsyncState } from '../hooks';

const RESOLUTIONS = ['QUARTER_HOURLY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY', 'RANGE'];

interface RateKey {
  '@peak': boolean;
  '@rateKey': string;
  cost?: string;
  consumption: number;
}
interface Component {
  '@actualReadingsCount': number;
  '@fromDate': string;
  '@toDate': string;
  cost?: string;
  fileCost?: string;
  consumption: number;
  componentList?: { component: RateKey[] };
}
interface Answer {
  '@deviceId': string;
  '@fromDate': string;
  '@toDate': string;
  '@currency'?: string;
  '@fileCurrency'?: string;
  cost?: string;
  fileCost?: string;
  consumption: number;
  componentList: { component: Component[] };
}

export function MetersPage({ participants }: { participants: AsyncState<ParticipantDto[]> }) {
  const client = useClient();
  const [generation, setGeneration] = useState(0);
  const meters = useResult('meters', () => client['meters:list']({}));
  const virtual = useResult(`virtual:${generation}`, () => client['virtual-meters:list']({}));
  const groups = useResult(`groups:${generation}`, () => client['meter-groups:list']({}));
  const allIds = [
    ...(meters.status === 'ok' ? meters.value.map((m) => m.id) : []),
    ...(virtual.status === 'ok' ? virtual.value.map((m) => m.id) : []),
  ];
  return (
    <section className="page" data-testid="meters-page">
      <h1>Meters</h1>
      {meters.status === 'loading' ? <Loading>Reading meters…</Loading> : null}
      <Explorer meterIds={allIds} />
      <Builder
        meterIds={allIds}
        groupIds={groups.status === 'ok' ? groups.value.map((g) => g.id) : []}
        participants={participants.status === 'ok' ? participants.value.map((p) => p.id) : []}
        virtual={virtual.status === 'ok' ? virtual.value : []}
        onSaved={() => setGeneration((g) => g + 1)}
      />
    </section>
  );
}

function Explorer({ meterIds }: { meterIds: string[] }) {
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
      ...(form.to ? { to: form.to } : {}),
    });
    if (!result.ok) return setError(result.error);
    setAnswer(result.value as unknown as Answer);
  };
  const rows = answer?.componentList.component ?? [];
  const keys = [
    ...new Set(rows.flatMap((c) => (c.componentList?.component ?? []).map((k) => k['@rateKey']))),
  ].sort();
  const chart = useMemo<EChartsCoreOption | null>(() => {
    if (!answer) return null;
    const labels = rows.map((c) => c['@fromDate'].slice(0, 16).replace('T', ' '));
    const series = keys.length
      ? keys.map((key) => ({
          name: `rate ${key}`,
          type: 'bar',
          stack: 'kWh',
          data: rows.map(
            (c) => c.componentList?.component.find((k) => k['@rateKey'] === key)?.consumption ?? 0,
          ),
        }))
      : [{ name: 'kWh', type: 'bar', data: rows.map((c) => c.consumption) }];
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 64, right: 64, top: 40, bottom: rows.length > 40 ? 72 : 40 },
      xAxis: { type: 'category', data: labels },
      yAxis: [
        { type: 'value', name: 'kWh' },
        { type: 'value', name: answer['@currency'] ?? '', position: 'right' },
      ],
      ...(rows.length > 40 ? { dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 8 }] } : {}),
      series: [
        ...series,
        ...(answer.cost !== undefined
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
  }, [answer, rows, keys]);
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
          <span className="field-label">From (local date; empty = first reading)</span>
          <input
            aria-label="Explorer from"
            value={form.from}
            onChange={(e) => setForm({ ...form, from: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">To (exclusive)</span>
          <input
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
            {answer['@deviceId']}: {formatEnergy(answer.consumption)}
            {answer.cost !== undefined
              ? ` · cost ${answer.cost} ${answer['@currency'] ?? ''}`
              : ' · no tariff: consumption only'}
            {answer.fileCost !== undefined
              ? ` · in the utility’s files ${answer.fileCost} ${answer['@fileCurrency'] ?? ''}`
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
            columns={[
              {
                key: 'from',
                label: 'From (UTC)',
                header: true,
                value: (c) => c['@fromDate'],
                render: (c) => c['@fromDate'].slice(0, 16).replace('T', ' '),
              },
              {
                key: 'to',
                label: 'To (UTC)',
                value: (c) => c['@toDate'],
                render: (c) => c['@toDate'].slice(0, 16).replace('T', ' '),
              },
              {
                key: 'readings',
                label: 'Readings',
                numeric: true,
                value: (c) => String(c['@actualReadingsCount']),
                render: (c) => c['@actualReadingsCount'],
              },
              {
                key: 'kwh',
                label: 'kWh',
                numeric: true,
                value: (c) => String(c.consumption),
                render: (c) => String(c.consumption),
              },
              {
                key: 'cost',
                label: 'Cost',
                numeric: true,
                value: (c) => c.cost ?? '',
                render: (c) => c.cost ?? '',
              },
              {
                key: 'file',
                label: 'Cost in the file',
                numeric: true,
                value: (c) => c.fileCost ?? '',
                render: (c) => c.fileCost ?? '',
              },
              ...keys.map((key) => ({
                key: `rate-${key}`,
                label: `Rate ${key} kWh`,
                numeric: true,
                value: (c: Component) =>
                  String(c.componentList?.component.find((k) => k['@rateKey'] === key)?.consumption ?? ''),
                render: (c: Component) =>
                  String(c.componentList?.component.find((k) => k['@rateKey'] === key)?.consumption ?? ''),
              })),
            ]}
          />
        </>
      ) : null}
    </section>
  );
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
    ...(v.effectiveTo ? { effectiveTo: v.effectiveTo } : {}),
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
      f.effectiveTo = v.effectiveTo ?? '';
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
  meterIds,
  groupIds,
  participants,
  virtual,
  onSaved,
}: {
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
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 64, right: 24, top: 40, bottom: 72 },
      xAxis: { type: 'category', data: preview.hours.map((h) => h.localHour.slice(5, 16).replace('T', ' ')) },
      yAxis: { type: 'value', name: 'kWh' },
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
  }, [preview]);

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
                aria-label={`Version ${v.versionId} from`}
                value={v.effectiveFrom}
                onChange={(e) => setVersion(i, { effectiveFrom: e.target.value })}
              />
            </label>
            <label className="field">
              <span className="field-label">To (exclusive; empty = open)</span>
              <input
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
          <span className="field-label">Preview from (local date)</span>
          <input
            aria-label="Preview from"
            value={range.from}
            onChange={(e) => setRange({ ...range, from: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">to (inclusive)</span>
          <input
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
          <p>
            {preview.meterId}: {formatEnergy(preview.totalKWh)} over {preview.hours.length} hours
            {preview.sources.map((s) => ` · ${s.meterId} ${formatEnergy(s.totalKWh)}`).join('')}
          </p>
          {preview.negativeHours.length ? (
            <p className="status status-warn" data-testid="negative-hours">
              Below zero in {preview.negativeHours.length} hour(s), from {preview.negativeHours[0]} UTC
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
