/**
 * Seed 002's shadow prices of an account: one object per local hour of a day in
 * the market timezone (23, 24 or 25), hour-ending numbered, with each price
 * component, their exact sum `total_price_per_mwh`, the account's load that hour
 * (`volume_kwh`: metered where the account's meter has readings, else its
 * latest intervalization's estimate) and the hour's UTC `startDate`.
 */
import { DateTime } from 'luxon';

import type { RtLmpPrice } from '../../shared/account';
import { formatSeedUtc } from '../../shared/time';
import { kwhNumber } from '../accounts/account-quantities';
import { invalidInput, notFound } from '../errors';
import { SHADOW_COMPONENTS } from '../importers/shadow-prices';
import { estimatesForAccount, readAccountRecord } from '../store/account-repository';
import { readingsBetween } from '../store/readings-repository';
import { latestShadowComponents, shadowComponentsBetween } from '../store/shadow-price-repository';
import type { Workspace } from '../store/workspace';

import type { Handlers } from './context';

/**
 * An hour's components as JSON numbers: every one seed 002 names, 0 where the file had none (the
 * stored total is the exact sum of the components given), and any other the file gave.
 */
const numbers = (json: string) => {
  const given = JSON.parse(json) as Record<string, string>;
  return Object.fromEntries([
    ...SHADOW_COMPONENTS.map((k) => [k, Number(given[k] ?? '0')] as const),
    ...Object.entries(given)
      .filter(([k]) => !(SHADOW_COMPONENTS as readonly string[]).includes(k))
      .map(([k, v]) => [k, Number(v)] as const),
  ]);
};

/** An hour without a shadow price: every component named, none known. */
const unpriced = Object.fromEntries(SHADOW_COMPONENTS.map((k) => [k, null]));

/** `rt_lmp_price` of an account: the components of the latest priced hour of its load zone. */
export async function latestRtLmpPrice(workspace: Workspace, zone: string): Promise<RtLmpPrice | null> {
  const row = await latestShadowComponents(workspace.db, zone);
  if (!row) return null;
  const { timezone } = await workspace.settings();
  const day = DateTime.fromSeconds(row.start_utc, { zone: timezone }).startOf('day');
  return {
    id: row.import_id,
    starts_on: day.toISODate()!,
    ends_on: day.plus({ days: 1 }).toISODate()!,
    ...Object.fromEntries(SHADOW_COMPONENTS.map((k) => [k, '0'])),
    ...(JSON.parse(row.components_json) as Record<string, string>),
    total_price_per_mwh: row.total_price_per_mwh,
  };
}

/** The account's load per hour in [start, end): its meter's readings where it has them, else its estimates. */
async function hourlyVolume(
  workspace: Workspace,
  accountId: string,
  meterId: string | null,
  start: number,
  end: number,
) {
  const volume = new Map<number, { mWh: number; estimated: boolean }>();
  if (meterId)
    for (const r of await readingsBetween(workspace.db, meterId, start, end)) {
      const hour = r.startUtc - ((((r.startUtc - start) % 3600) + 3600) % 3600);
      const v = volume.get(hour) ?? { mWh: 0, estimated: false };
      v.mWh += r.energyMilliWh;
      volume.set(hour, v);
    }
  for (const [hour, mWh] of await estimatesForAccount(workspace.db, accountId, start, end))
    if (!volume.has(hour)) volume.set(hour, { mWh, estimated: true });
  return volume;
}

export const shadowPriceHandlers: Pick<Handlers, 'accounts:shadow-prices'> = {
  async 'accounts:shadow-prices'({ workspace }, input) {
    const account = await readAccountRecord(workspace.db, input.id);
    if (!account) throw notFound(`account "${input.id}" does not exist`);
    if (!account.load_zone)
      throw invalidInput(`account ${input.id} has no load zone`, { load_zone: ["can't be blank"] });
    const { timezone } = await workspace.settings();
    const day = input.date
      ? DateTime.fromFormat(input.date, 'yyyy-M-d', { zone: timezone })
      : DateTime.now().setZone(timezone).minus({ days: 1 }).startOf('day');
    if (!day.isValid)
      throw invalidInput(`date "${input.date}" is not a date YYYY-M-D`, {
        date: ['must be a date YYYY-M-D'],
      });
    const start = day.startOf('day').toSeconds();
    const end = day.plus({ days: 1 }).startOf('day').toSeconds();
    const rows = await shadowComponentsBetween(workspace.db, account.load_zone, start, end);
    if (rows.length === 0)
      throw notFound(
        `no shadow prices for load zone ${account.load_zone} on ${day.toISODate()} (${timezone})`,
      );
    const byHour = new Map(rows.map((r) => [r.start_utc, r]));
    const volume = await hourlyVolume(workspace, account.id, account.meter_id, start, end);
    const out = [];
    for (let t = start, hour = 1; t < end; t += 3600, hour++) {
      const row = byHour.get(t);
      const v = volume.get(t);
      out.push({
        ...(row ? numbers(row.components_json) : unpriced),
        hour,
        price_date: day.toISODate()!,
        total_price_per_mwh: row ? Number(row.total_price_per_mwh) : null,
        volume_kwh: v ? kwhNumber(v.mWh) : null,
        ...(v?.estimated ? { volume_estimated: true } : {}),
        startDate: formatSeedUtc(t),
        utcOffset: DateTime.fromSeconds(t, { zone: timezone }).toFormat('ZZ'),
      });
    }
    return out;
  },
};
