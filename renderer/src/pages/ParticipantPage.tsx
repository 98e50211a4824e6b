import { useMemo, type ReactNode } from 'react';

import type { MeterDto, ParticipantDto, ReadingsDto, Result } from '../../../shared/contract';
import { buildEnergyChartOption, buildMeterSummaries, type MeterSummaryRow } from '../charts/energy-chart';
import { useClient } from '../client-context';
import { EChart } from '../components/EChart';
import { ErrorLine, Loading } from '../components/Status';
import { energyFoot, showFooted } from '../components/TableFoot';
import { formatNumber } from '../format';
import { useResult, type AsyncState } from '../hooks';
import { monthBounds, monthTitle, participantHref, shiftMonth, type Role } from '../router';

import { consumerCrumbs } from './consumer/consumer-shared';
import { ConsumerDayPage, ConsumerHourPage, ConsumerMonthSection, ConsumerYearPage } from './ConsumerPages';
import { Breadcrumbs } from './drill/common';
import { prosumerCrumbs } from './prosumer/prosumer-shared';
import {
  ProsumerDayPage,
  ProsumerHourPage,
  ProsumerMonthSection,
  ProsumerRevenuePage,
} from './ProsumerPages';

interface ParticipantPageProps {
  role: Role;
  id: string;
  month: string;
  /** What the route names below the participant: nothing (a prosumer's revenue, a consumer's year), a month, a day or an hour. */
  level: { month: string | null; day?: string; hour?: string; offset?: string };
  currency: string;
  participants: AsyncState<ParticipantDto[]>;
  /** The workspace's timezone, once known (the readings also carry it). */
  timezone: string | null;
}

export function ParticipantPage({
  role,
  id,
  month,
  level,
  currency,
  participants,
  timezone,
}: ParticipantPageProps) {
  if (participants.status === 'loading') {
    return (
      <section className="page">
        <Loading>Loading participant {id}…</Loading>
      </section>
    );
  }
  if (participants.status === 'error') {
    return (
      <section className="page">
        <ErrorLine title="Could not load participants" error={participants.error} />
      </section>
    );
  }
  const participant = participants.value.find((p) => p.id === id);
  if (!participant) {
    return (
      <section className="page" aria-labelledby="page-title">
        <h1 id="page-title">Participant not found</h1>
        <div className="card">
          <ErrorLine error={`There is no participant with id “${id}”.`} />
          <p>
            <a href="#/participants">See all participants</a>
          </p>
        </div>
      </section>
    );
  }
  if (participant.role !== role) {
    return (
      <section className="page" aria-labelledby="page-title">
        <h1 id="page-title">{participant.name}</h1>
        <div className="card">
          <p>
            {participant.name} is a {participant.role}, not a {role}.{' '}
            <a href={participantHref(participant.role, participant.id, month)}>
              Open it as a {participant.role}
            </a>
            .
          </p>
        </div>
      </section>
    );
  }
  const zone = timezone ?? 'Asia/Bangkok';
  if (role === 'prosumer') {
    const props = { id: participant.id, name: participant.name, currency, zone };
    if (level.day && level.hour)
      return (
        <ProsumerHourPage
          {...props}
          day={level.day}
          hour={level.hour}
          {...(level.offset ? { offset: level.offset } : {})}
        />
      );
    if (level.day) return <ProsumerDayPage {...props} day={level.day} />;
    if (!level.month) return <ProsumerRevenuePage {...props} />;
    return (
      <ParticipantEnergy participant={participant} month={month} timezone={timezone}>
        <ProsumerMonthSection {...props} month={month} />
      </ParticipantEnergy>
    );
  }
  const props = { id: participant.id, name: participant.name, currency, zone };
  if (level.day && level.hour)
    return (
      <ConsumerHourPage
        {...props}
        day={level.day}
        hour={level.hour}
        {...(level.offset ? { offset: level.offset } : {})}
      />
    );
  if (level.day) return <ConsumerDayPage {...props} day={level.day} />;
  // `#/consumer/:id` opens the year (of the month last chosen), like a generator's revenue.
  if (!level.month) return <ConsumerYearPage {...props} year={Number(month.slice(0, 4))} />;
  return (
    <ParticipantEnergy participant={participant} month={month} timezone={timezone}>
      <ConsumerMonthSection {...props} month={month} />
    </ParticipantEnergy>
  );
}

function ParticipantEnergy({
  participant,
  month,
  timezone,
  children,
}: {
  participant: ParticipantDto;
  month: string;
  timezone: string | null;
  /** The settlement of the month (a prosumer's), shown above its hourly energy. */
  children?: ReactNode;
}) {
  const client = useClient();
  const meters = useResult(`meters:${participant.id}`, () =>
    client['meters:list']({ participantId: participant.id }),
  );
  // The month's energy chart is electricity (kWh); gas or water meters from Green Button files are not drawn on it.
  const meterList = meters.status === 'ok' ? meters.value.filter((m) => m.commodity === 'electricity') : null;
  const readingsKey = meterList ? `${participant.id}|${month}|${meterList.map((m) => m.id).join(',')}` : null;
  const readings = useResult(readingsKey, () => loadReadings(client, meterList ?? [], month));
  const title = monthTitle(month);

  return (
    <section className="page" aria-labelledby="page-title">
      <Breadcrumbs
        items={
          participant.role === 'prosumer'
            ? prosumerCrumbs(participant.id, month)
            : consumerCrumbs(participant.id, month)
        }
      />
      <div className="page-head">
        <h1 id="page-title">{participant.name}</h1>
        <span className={`badge badge-${participant.role}`}>{participant.role}</span>
        <code className="muted">{participant.id}</code>
      </div>

      <div className="month-nav">
        <a href={participantHref(participant.role, participant.id, shiftMonth(month, -1))}>
          ‹ {monthTitle(shiftMonth(month, -1))}
        </a>
        <strong>{title}</strong>
        <a href={participantHref(participant.role, participant.id, shiftMonth(month, 1))}>
          {monthTitle(shiftMonth(month, 1))} ›
        </a>
      </div>

      {children}

      <div className="card">
        <h2>Hourly energy, {title}</h2>
        {meters.status === 'loading' ? <Loading>Loading meters…</Loading> : null}
        {meters.status === 'error' ? <ErrorLine title="Could not load meters" error={meters.error} /> : null}
        {meterList && meterList.length === 0 ? <p>No meters are registered for {participant.name}.</p> : null}
        {meterList && meterList.length > 0 ? (
          <EnergyPanel
            meters={meterList}
            readings={readings}
            month={month}
            timezone={timezone}
            participantName={participant.name}
          />
        ) : null}
      </div>
    </section>
  );
}

function EnergyPanel({
  meters,
  readings,
  month,
  timezone,
  participantName,
}: {
  meters: MeterDto[];
  readings: AsyncState<ReadingsDto[]>;
  month: string;
  timezone: string | null;
  participantName: string;
}) {
  const loaded = readings.status === 'ok' ? readings.value : null;
  const zone = loaded?.[0]?.timezone ?? timezone ?? 'Asia/Bangkok';
  const option = useMemo(
    () => (loaded ? buildEnergyChartOption({ meters, readings: loaded, timezone: zone }) : null),
    [meters, loaded, zone],
  );
  const rows = useMemo(() => (loaded ? buildMeterSummaries(meters, loaded) : null), [meters, loaded]);

  if (readings.status === 'loading')
    return <Loading>Loading hourly readings for {monthTitle(month)}…</Loading>;
  if (readings.status === 'error')
    return <ErrorLine title="Could not load readings" error={readings.error} />;
  if (!option || !rows) return null;
  const empty = rows.every((row) => row.hours === 0);
  return (
    <>
      <p className="muted chart-note">
        Times in {zone}.{' '}
        {empty ? `No readings in ${monthTitle(month)}.` : 'Drag or scroll on the chart to zoom.'}
      </p>
      <EChart
        option={option}
        testId="energy-chart"
        lazy
        className="energy-chart"
        label={`Hourly energy of ${participantName} in ${monthTitle(month)}, one line per meter`}
      />
      <MeterTable rows={rows} month={month} />
    </>
  );
}

function MeterTable({ rows, month }: { rows: MeterSummaryRow[]; month: string }) {
  return (
    <table className="table meter-table">
      <caption>Meters in {monthTitle(month)}</caption>
      <thead>
        <tr>
          <th scope="col">Meter</th>
          <th scope="col">Direction</th>
          <th scope="col" className="num">
            Total kWh
          </th>
          <th scope="col" className="num">
            Hours
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.meterId}>
            <td>
              <code>{row.meterId}</code>
              {row.name ? <span className="muted"> {row.name}</span> : null}
              {row.settles ? null : <span className="badge badge-muted">does not settle</span>}
            </td>
            <td>
              <span className={`badge badge-${row.direction}`}>{row.direction}</span>
            </td>
            <td className="num">{row.totalKWh === null ? '—' : showFooted(energyFoot, row.totalKWh)}</td>
            <td className="num">
              {formatNumber(row.hours, 0)}
              {row.estimatedHours > 0 ? (
                <span className="muted"> ({formatNumber(row.estimatedHours, 0)} estimated)</span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

async function loadReadings(
  client: ReturnType<typeof useClient>,
  meters: MeterDto[],
  month: string,
): Promise<Result<ReadingsDto[]>> {
  const { from, to } = monthBounds(month);
  const results = await Promise.all(
    meters.map((meter) => client['meters:readings']({ meterId: meter.id, from, to, resolution: 'hour' })),
  );
  const values: ReadingsDto[] = [];
  for (const [index, result] of results.entries()) {
    if (!result.ok) {
      const meterId = meters[index]?.id ?? '?';
      return { ok: false, error: { ...result.error, message: `meter ${meterId}: ${result.error.message}` } };
    }
    values.push(result.value);
  }
  return { ok: true, value: values };
}
