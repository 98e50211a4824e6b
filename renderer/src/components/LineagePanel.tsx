/**
 * "Where does this come from?": beside a month's figures or an hour's lines, a
 * panel listing what produced them in the run: the lines, the meters' readings
 * with the import (file, sha256) each came from, estimates and virtual meters,
 * the offer plan, utility plan, tariff and pool terms in force, and the market
 * price with its import. Times are in the workspace's zone with their offset (UTC on
 * hover), energy in kWh to 3 decimals, money in the currency's minor unit, prices as far
 * as the ledger holds them; the figures foot.
 */
import { useState } from 'react';

import type { LineageDto } from '../../../shared/contract';
import { useClient } from '../client-context';
import { formatKwh, formatNumber, formatPrice, possessive } from '../format';
import { useResult } from '../hooks';

import { ColumnHeads, numeric } from './ColumnHeads';
import { InstantTime, SeedTime } from './LocalTime';
import { ErrorLine, Loading } from './Status';
import { energyFoot, footed, moneyFoot, showFooted, TableFoot } from './TableFoot';

interface Props {
  participantId: string;
  month: string;
  /** UTC, the seed form (`YYYY-MM-DD HH:00:00`); the whole month when absent. */
  hour?: string;
  runId?: number;
  currency: string;
}

export function LineageButton(props: Props) {
  const [open, setOpen] = useState(false);
  return (
    <div className="lineage-toggle">
      <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {open ? 'Hide where this comes from' : 'Where does this come from?'}
      </button>
      {open ? <LineagePanel {...props} /> : null}
    </div>
  );
}

const kindLabel: Record<string, string> = {
  traded: '24/7 CFE traded',
  open_market: 'open market',
  unsold: 'unsold',
  grid: 'grid',
};

/** A price per kWh of a plan, in the currency (as it came when it is not a number). */
function priceText(price: unknown, currency: string): string {
  const text = String(price);
  return `${Number.isFinite(Number(text)) && text.trim() !== '' ? formatPrice(text, currency) : text}/kWh`;
}

/** One plan version in words: its start and the terms it sets. */
function describeVersion(version: unknown, currency: string): string {
  const v = version as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof v.pricePerKwh === 'string') parts.push(`price ${priceText(v.pricePerKwh, currency)}`);
  if (typeof v.marketFloorPricePerKwh === 'string')
    parts.push(`market floor ${priceText(v.marketFloorPricePerKwh, currency)}`);
  if (typeof v.feedInPricePerKwh === 'string')
    parts.push(`feed-in ${priceText(v.feedInPricePerKwh, currency)}`);
  if (typeof v.sellsLeftoversToMarket === 'boolean')
    parts.push(v.sellsLeftoversToMarket ? 'sells leftovers to the market' : 'keeps leftovers unsold');
  const rate = v.rate as Record<string, unknown> | undefined;
  if (rate?.type === 'flat') parts.push(`flat ${priceText(rate.pricePerKwh, currency)}`);
  if (rate?.type === 'tou') parts.push('time of use: a price for each local hour');
  if (rate?.type === 'tariff') parts.push(`tariff ${String(rate.masterTariffId)}`);
  if (typeof v.rank === 'number') parts.push(`rank ${v.rank}`);
  if (typeof v.share === 'string') parts.push(`static share ${v.share}`);
  if (typeof v.effectiveTo === 'string') parts.push(`until ${v.effectiveTo}`);
  if (v.key !== undefined)
    parts.push(`allocation key ${typeof v.key === 'string' ? v.key : JSON.stringify(v.key)}`);
  return `from ${String(v.effectiveFrom ?? '?')}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

function LineagePanel({ participantId, month, hour, runId, currency }: Props) {
  const client = useClient();
  // Times are shown in the workspace's zone (UTC until it is known).
  const summary = useResult('workspace:summary', () => client['workspace:summary']({}));
  const zone = summary.status === 'ok' ? summary.value.timezone : 'UTC';
  const result = useResult(`lineage:${participantId}:${month}:${hour ?? ''}:${runId ?? ''}`, () =>
    client['lineage:get']({
      participantId,
      month,
      meterType: 1,
      ...(hour ? { hour } : {}),
      ...(runId ? { runId } : {}),
    }),
  );
  if (result.status === 'loading') return <Loading>Tracing the figures to their inputs…</Loading>;
  if (result.status === 'error')
    return <ErrorLine title="Could not trace the figures" error={result.error} />;
  const l: LineageDto = result.value;
  const money = moneyFoot(currency);
  const hourly = l.scope.hourStartUtc !== null;
  const describe = (version: unknown) => describeVersion(version, currency);
  return (
    <aside className="card lineage" data-testid="lineage" aria-label="Where these figures come from">
      <h3>
        Where {possessive(l.participant.name)} figures for{' '}
        {l.scope.hourStartLocal ? (
          <>
            the hour from <InstantTime text={l.scope.hourStartLocal} zone={zone} />
          </>
        ) : (
          l.scope.month
        )}{' '}
        come from
      </h3>
      <p className="muted">
        Settlement run #{l.run.id}, published <SeedTime text={l.run.publishedUtc} zone={zone} />, engine{' '}
        {l.run.engineVersion}, identity <code title={l.run.identity}>{l.run.identity.slice(0, 16)}…</code>
      </p>
      <h4>The figures</h4>
      <table className="table compact" data-testid="lineage-figures">
        <ColumnHeads
          columns={[
            'Side',
            'Line',
            numeric('kWh'),
            hourly ? numeric(`Price (${currency}/kWh)`) : null,
            numeric(`Amount (${currency})`),
          ]}
        />
        <tbody>
          {l.figures.map((f) => (
            <tr key={`${f.side}|${f.kind}|${f.generatorId}|${f.consumerId}`}>
              <td>{f.kind === 'unsold' ? 'not sold' : f.side === 'generator' ? 'sold' : 'bought'}</td>
              <th scope="row">
                {kindLabel[f.kind] ?? f.kind}
                {f.counterparty ? `${f.side === 'generator' ? ' to ' : ' from '}${f.counterparty}` : ''}
                {f.onGap ? ' (on a gap)' : ''}
              </th>
              <td className="num">{showFooted(energyFoot, f.kWh)}</td>
              {hourly ? (
                <td className="num">{f.price === null ? '—' : formatPrice(f.price, currency)}</td>
              ) : null}
              <td className="num">{showFooted(money, f.amount)}</td>
            </tr>
          ))}
        </tbody>
        <TableFoot
          cells={[
            null,
            footed(
              energyFoot,
              l.figures.map((f) => f.kWh),
            ),
            ...(hourly ? [null] : []),
            footed(
              money,
              l.figures.map((f) => f.amount),
            ),
          ]}
        />
      </table>

      <h4>Meter readings</h4>
      {l.meters.map((m) => (
        <div key={m.meterId} data-testid="lineage-meter">
          <p>
            <strong>{m.name}</strong> ({m.meterId}
            {m.direction ? `, ${m.direction}` : ''}){m.kWh !== null ? `: ${formatKwh(m.kWh)} read` : ''}
          </p>
          {m.virtual ? (
            <p className="muted">
              A virtual meter: its use is computed from other meters (
              {formatNumber(m.versions?.length ?? 0, 0)} version(s) in force)
              {m.negativeHours?.length
                ? `; below zero in ${formatNumber(m.negativeHours.length, 0)} hour(s)`
                : ''}
              .
            </p>
          ) : null}
          {m.readings.length > 0 ? (
            <ul className="lineage-readings">
              {m.readings.map((r) => (
                <li key={`${r.startLocal}-${r.importId}-${r.state}`}>
                  <InstantTime text={r.startLocal} zone={zone} />, {formatNumber(r.minutes, 0)} min:{' '}
                  {formatKwh(r.kWh)}
                  {r.estimated ? ' (estimated)' : ''}, import #{r.importId ?? '—'}
                  {r.state !== 'current' ? ` (${r.state})` : ''}
                </li>
              ))}
            </ul>
          ) : null}
          {m.imports.length > 0 ? (
            <table className="table compact" data-testid="lineage-imports">
              <thead>
                <tr>
                  <th scope="col">Import</th>
                  <th scope="col">File</th>
                  <th scope="col" className="num">
                    Readings
                  </th>
                  <th scope="col" className="num">
                    kWh
                  </th>
                  <th scope="col">sha256</th>
                </tr>
              </thead>
              <tbody>
                {m.imports.map((i) => (
                  <tr key={String(i.importId)}>
                    <th scope="row">{i.importId === null ? '—' : `#${i.importId}`}</th>
                    <td>
                      {i.fileName}
                      {i.kind ? ` (${i.kind})` : ''}
                    </td>
                    <td className="num">{formatNumber(i.readings, 0)}</td>
                    <td className="num">{showFooted(energyFoot, i.kWh)}</td>
                    <td>
                      <code title={i.sha256}>{i.sha256 ? `${i.sha256.slice(0, 12)}…` : ''}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ))}
      {l.estimates.length > 0 ? (
        <p>
          Hours without a reading were filled with account estimates:{' '}
          {l.estimates
            .map(
              (e) =>
                `${e.meterId} from account ${e.accountId}'s intervalization #${e.intervalizationId} (${formatNumber(e.hours, 0)} h)`,
            )
            .join('; ')}
          .
        </p>
      ) : null}

      <h4>Plans, tariff and prices in force</h4>
      <ul data-testid="lineage-terms">
        {l.offerPlan ? (
          <li>
            Offer plan <strong>{l.offerPlan.planName}</strong> ({l.offerPlan.id}):{' '}
            {l.offerPlan.versions.map(describe).join('; ')}
          </li>
        ) : null}
        {l.utilityPlans.map((u) => (
          <li key={`${u.planId}-${u.assignedFrom}`}>
            Utility plan <strong>{u.planName}</strong>
            {u.providerName ? ` (${u.providerName})` : ''}, assigned from {u.assignedFrom}:{' '}
            {u.versions.map(describe).join('; ')}
            {u.hourPricePerKwh ? `; this hour ${priceText(u.hourPricePerKwh, currency)}` : ''}
            {u.tariffs.length > 0
              ? `; tariff ${u.tariffs.map((t) => `${t.name} (${t.masterTariffId})`).join(', ')}`
              : ''}
          </li>
        ))}
        {l.pools.map((p) => (
          <li key={p.poolId}>
            Pool <strong>{p.name}</strong>: {p.keys.map(describe).join('; ')}; member{' '}
            {p.memberships.map(describe).join('; ')}
          </li>
        ))}
        <li>
          Market prices of zone {l.marketPrices.priceZone}:{' '}
          {l.marketPrices.hour
            ? `${priceText(l.marketPrices.hour.pricePerKwh, currency)} this hour, import #${l.marketPrices.hour.importId ?? '—'}${l.marketPrices.hour.state !== 'current' ? ` (${l.marketPrices.hour.state})` : ''}`
            : l.marketPrices.imports
                .map(
                  (i) =>
                    `${formatNumber(i.hours, 0)} hour(s) from import #${i.importId ?? '—'} ${i.fileName}`,
                )
                .join('; ') || 'none'}
        </li>
      </ul>
    </aside>
  );
}
