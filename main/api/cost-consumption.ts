/**
 * Cost & consumption of one meter at any resolution (seed 004):
 * `GET /connect/user/{userId}/account/{accountId}/location/{locationId}/device/{deviceId}/consumption/{resolution};from=…;to=…`.
 *
 * Every resolution is built from one quarter-hour series of the meter (a
 * reading longer than 15 minutes split evenly by largest remainder; a virtual
 * meter's hours likewise), so every resolution sums exactly to RANGE. Costs come
 * from the tariff engine (the account's tariff, else the participant's utility
 * plan tariff) hour by hour, exact to 1e-6, each hour's cost split over its
 * quarters by energy; each hour's cost and energy belong to the TOU period of
 * the hour (`@rateKey` A, B, … for periods 0, 1, …; `@peak` when its energy rate
 * is above the version's lowest).
 */
import { DateTime } from 'luxon';

import { localParts } from '../../shared/time';
import { Dec } from '../../shared/units';
import { splitExactly } from '../engine/exact';
import { calculateCost, touPeriodAt, type UsageInterval } from '../engine/tariff';
import { references } from '../engine/virtual-meters';
import { invalidInput, notFound } from '../errors';
import { useEvaluator } from '../settlement/meter-use';
import { readAccountRecords } from '../store/account-repository';
import { latestUtilityPlanRate, readingFileCosts, readingsSpan } from '../store/cost-consumption-repository';
import { readingsBetween } from '../store/readings-repository';
import { readTariff } from '../store/tariff-repository';
import { readVirtualSetup, type VirtualSetup } from '../store/virtual-meter-repository';
import type { Workspace } from '../store/workspace';

import type { Handlers } from './context';

export const RESOLUTIONS = [
  'QUARTER_HOURLY',
  'HOURLY',
  'DAILY',
  'WEEKLY',
  'MONTHLY',
  'YEARLY',
  'RANGE',
] as const;
type Resolution = (typeof RESOLUTIONS)[number];

const QUARTER = 900;

export interface RateKeyComponent {
  '@peak': boolean;
  '@rateKey': string;
  /** null: no tariff version in force somewhere in the range (consumption only). */
  cost: string | null;
  consumption: number;
}
export interface BucketComponent {
  '@actualReadingsCount': number;
  '@toDate': string;
  '@fromDate': string;
  /** null: the meter has no tariff, or none in force somewhere in the range (consumption only). */
  cost: string | null;
  consumption: number;
  /** Added beside the seed's keys: the cost the utility's file gave for these readings (Green Button, seed 004 imports). */
  fileCost?: string;
  /** null without a tariff: the rate keys are the tariff's TOU periods. */
  componentList: { component: RateKeyComponent[] } | null;
}
export interface DeviceCostAndConsumption {
  '@toDate': string;
  '@fromDate': string;
  '@deviceId': string;
  '@resolution'?: string;
  '@currency'?: string;
  '@fileCurrency'?: string;
  /** null: the meter has no tariff, or none in force somewhere in the range (consumption only). */
  cost: string | null;
  consumption: number;
  fileCost?: string;
  componentList: { component: BucketComponent[] };
  subMeteringDetails?: { deviceCostAndConsumption: DeviceCostAndConsumption[] };
}

const iso = (t: number) => DateTime.fromSeconds(t, { zone: 'utc' }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZ");
const kwhNumber = (mWh: number) => Number(new Dec(mWh).dividedBy(1_000_000).toFixed());
const money = (micro: bigint) => new Dec(micro.toString()).dividedBy(1_000_000).toFixed();

const split = splitExactly;

interface QuarterSeries {
  start: number;
  energy: Float64Array;
  readings: Uint32Array;
}

/** The physical meters a meter's use comes from (itself when physical). */
function physicalSources(setup: VirtualSetup, meterId: string, seen = new Set<string>()): string[] {
  if (seen.has(meterId)) return [];
  seen.add(meterId);
  const v = setup.virtual.find((m) => m.id === meterId);
  if (!v) return [meterId];
  const groups = new Map(setup.groups.map((g) => [g.id, g]));
  return [
    ...new Set(
      v.versions.flatMap((x) =>
        references(x.use, groups).flatMap((r) => physicalSources(setup, r.meterId, seen)),
      ),
    ),
  ];
}

async function quarterSeries(
  workspace: Workspace,
  setup: VirtualSetup,
  meterId: string,
  from: number,
  to: number,
  zone: string,
): Promise<QuarterSeries> {
  const n = (to - from) / QUARTER;
  const energy = new Float64Array(n);
  const readings = new Uint32Array(n);
  if (!setup.virtual.some((m) => m.id === meterId)) {
    for (const r of await readingsBetween(workspace.db, meterId, from, to)) {
      const length = r.endUtc - r.startUtc;
      if (length <= QUARTER) {
        const q = Math.floor((r.startUtc - from) / QUARTER);
        if (q >= 0 && q < n) {
          energy[q]! += r.energyMilliWh;
          readings[q]! += 1;
        }
        continue;
      }
      const pieces = split(
        BigInt(r.energyMilliWh),
        Array.from({ length: length / QUARTER }, () => 1n),
      );
      pieces.forEach((piece, k) => {
        const q = (r.startUtc - from) / QUARTER + k;
        if (q >= 0 && q < n) energy[q]! += Number(piece);
      });
      const first = (r.startUtc - from) / QUARTER;
      if (first >= 0 && first < n) readings[first]! += 1;
    }
    return { start: from, energy, readings };
  }
  // A virtual meter: its hours, each split into four quarters.
  const firstHour = from - (((from % 3600) + 3600) % 3600);
  const hours: number[] = [];
  for (let t = firstHour; t < to; t += 3600) hours.push(t);
  const use = await useEvaluator(workspace.db, setup, hours, zone).use(meterId);
  hours.forEach((h, i) => {
    const quarters = split(BigInt(use.values[i]!), [1n, 1n, 1n, 1n]);
    quarters.forEach((value, k) => {
      const q = (h + k * QUARTER - from) / QUARTER;
      if (q >= 0 && q < n) energy[q]! += Number(value);
    });
    const q0 = Math.max(0, (h - from) / QUARTER);
    if (!use.gaps[i] && q0 < n) readings[q0]! += 1;
  });
  return { start: from, energy, readings };
}

/** The tariff a meter's use is priced on: its account's, else its participant's utility plan tariff. */
async function tariffOf(workspace: Workspace, setup: VirtualSetup, meterId: string) {
  const participantId =
    setup.virtual.find((m) => m.id === meterId)?.participantId ??
    setup.physical.find((m) => m.id === meterId)?.participantId;
  const accounts = await readAccountRecords(workspace.db);
  const account =
    accounts.find((a) => a.meter_id === meterId && a.master_tariff_id) ??
    accounts.find((a) => a.participant_id === participantId && a.master_tariff_id);
  if (account?.master_tariff_id) return readTariff(workspace.db, account.master_tariff_id);
  const plan = await latestUtilityPlanRate(workspace.db, participantId ?? '');
  if (plan) {
    const rate = JSON.parse(plan.rate_json) as { type?: string; masterTariffId?: string };
    if (rate.type === 'tariff' && rate.masterTariffId) return readTariff(workspace.db, rate.masterTariffId);
  }
  return null;
}

/** The start of the local period an instant falls in (cached per local day, month, …). */
function bucketStarter(resolution: Resolution, zone: string, from: number) {
  const cache = new Map<string, number>();
  return (t: number): number => {
    if (resolution === 'QUARTER_HOURLY') return t;
    if (resolution === 'RANGE') return from;
    const local = localParts(t, zone);
    if (resolution === 'HOURLY') return t - local.minute * 60;
    const key =
      resolution === 'YEARLY'
        ? String(local.year)
        : resolution === 'MONTHLY'
          ? local.isoDate.slice(0, 7)
          : local.isoDate;
    let start = cache.get(key);
    if (start === undefined) {
      const day = DateTime.fromISO(local.isoDate, { zone });
      start = (
        resolution === 'DAILY'
          ? day
          : day.startOf(resolution === 'WEEKLY' ? 'week' : resolution === 'MONTHLY' ? 'month' : 'year')
      ).toSeconds();
      cache.set(key, start);
    }
    return start;
  };
}

export async function costAndConsumption(
  workspace: Workspace,
  setup: VirtualSetup,
  deviceId: string,
  resolution: Resolution,
  from: number,
  to: number,
  limit: number | null,
): Promise<DeviceCostAndConsumption | null> {
  const settings = await workspace.settings();
  const zone = settings.timezone;
  const series = await quarterSeries(workspace, setup, deviceId, from, to, zone);
  if (!series.readings.some((r) => r > 0)) return null;
  const n = series.energy.length;

  // Costs per quarter (micro-units) and the rate key of each hour, from the tariff engine.
  const tariff = await tariffOf(workspace, setup, deviceId);
  let quarterCost: bigint[] | null = null;
  const keyOf = new Map<number, { key: string; peak: boolean }>();
  if (tariff) {
    const usage: UsageInterval[] = [];
    for (let q = 0; q < n; q++)
      if (series.energy[q] !== 0)
        usage.push({
          startUtc: from + q * QUARTER,
          endUtc: from + (q + 1) * QUARTER,
          energyMilliWh: series.energy[q]!,
        });
    try {
      const bill = calculateCost(tariff, usage, { from, to, zone, groupBy: 'HOUR', detailLevel: 'TOTAL' });
      const hourCost = new Map<number, bigint>();
      for (const item of bill.items) {
        const t = Date.parse(item.fromDateTime) / 1000;
        hourCost.set(t, (hourCost.get(t) ?? 0n) + BigInt(new Dec(item.cost).times(1_000_000).toFixed(0)));
      }
      quarterCost = Array.from({ length: n }, () => 0n);
      for (const [hour, cost] of hourCost) {
        const qs = [0, 1, 2, 3]
          .map((k) => (hour + k * QUARTER - from) / QUARTER)
          .filter((q) => q >= 0 && q < n);
        const parts = split(
          cost,
          qs.map((q) => BigInt(Math.max(0, series.energy[q]!))),
        );
        qs.forEach((q, k) => (quarterCost![q] = quarterCost![q]! + parts[k]!));
      }
    } catch {
      quarterCost = null; // no tariff version in force somewhere in the range: consumption only
    }
  }

  // The utility's own costs of the device's readings, where its files gave them (1/100,000 of the currency).
  const fileCosts = setup.virtual.some((m) => m.id === deviceId)
    ? []
    : await readingFileCosts(workspace.db, deviceId, from, to);
  const fileCurrency = fileCosts.find((f) => f.file_currency)?.file_currency ?? null;
  const fileCostByQuarter = new Map<number, bigint>();
  for (const f of fileCosts) {
    const q = Math.floor((f.start_utc - from) / QUARTER);
    fileCostByQuarter.set(q, (fileCostByQuarter.get(q) ?? 0n) + BigInt(f.file_cost));
  }
  const buckets = new Map<
    number,
    {
      consumption: number;
      cost: bigint;
      fileCost: bigint;
      readings: number;
      keys: Map<string, { peak: boolean; consumption: number; cost: bigint }>;
    }
  >();
  const bucketOf = bucketStarter(resolution, zone, from);
  for (let q = 0; q < n; q++) {
    const t = from + q * QUARTER;
    const b = bucketOf(t);
    let bucket = buckets.get(b);
    if (!bucket) {
      bucket = { consumption: 0, cost: 0n, fileCost: 0n, readings: 0, keys: new Map() };
      buckets.set(b, bucket);
    }
    bucket.consumption += series.energy[q]!;
    bucket.readings += series.readings[q]!;
    bucket.fileCost += fileCostByQuarter.get(q) ?? 0n;
    const cost = quarterCost ? quarterCost[q]! : 0n;
    bucket.cost += cost;
    if (tariff) {
      const hour = t - (((t % 3600) + 3600) % 3600);
      let key = keyOf.get(hour);
      if (!key) {
        const found = touPeriodAt(tariff, hour, zone);
        key = found
          ? { key: String.fromCharCode(65 + found.period), peak: found.peak }
          : { key: '?', peak: false };
        keyOf.set(hour, key);
      }
      const k = bucket.keys.get(key.key) ?? { peak: key.peak, consumption: 0, cost: 0n };
      k.consumption += series.energy[q]!;
      k.cost += cost;
      bucket.keys.set(key.key, k);
    }
  }
  let starts = [...buckets.keys()].sort((a, b) => a - b);
  if (limit !== null) starts = starts.slice(-limit);
  const components: BucketComponent[] = starts.map((b, i) => {
    const bucket = buckets.get(b)!;
    const next = i + 1 < starts.length ? starts[i + 1]! : to;
    const fromDate = Math.max(b, from);
    return {
      '@actualReadingsCount': bucket.readings,
      '@toDate': iso(Math.min(next, to)),
      '@fromDate': iso(fromDate),
      cost: quarterCost ? money(bucket.cost) : null,
      consumption: kwhNumber(bucket.consumption),
      ...(fileCosts.length
        ? { fileCost: new Dec(bucket.fileCost.toString()).dividedBy(100_000).toFixed() }
        : {}),
      // Without a tariff there are no rate keys (they are its TOU periods): null, as the cost.
      componentList: tariff
        ? {
            component: [...bucket.keys.entries()]
              .sort((a, b) => (a[0] < b[0] ? -1 : 1))
              .map(([key, k]) => ({
                '@peak': k.peak,
                '@rateKey': key,
                cost: quarterCost ? money(k.cost) : null,
                consumption: kwhNumber(k.consumption),
              })),
          }
        : null,
    };
  });
  const total = starts.reduce((s, b) => s + buckets.get(b)!.consumption, 0);
  const totalCost = starts.reduce((s, b) => s + buckets.get(b)!.cost, 0n);
  return {
    '@toDate': iso(to),
    '@fromDate': iso(starts.length ? Math.max(starts[0]!, from) : from),
    '@deviceId': deviceId,
    '@resolution': resolution,
    ...(quarterCost ? { '@currency': tariff!.currency } : {}),
    cost: quarterCost ? money(totalCost) : null,
    consumption: kwhNumber(total),
    ...(fileCosts.length
      ? {
          ...(fileCurrency ? { '@fileCurrency': fileCurrency } : {}),
          fileCost: new Dec(starts.reduce((t, b) => t + buckets.get(b)!.fileCost, 0n).toString())
            .dividedBy(100_000)
            .toFixed(),
        }
      : {}),
    componentList: { component: components },
  };
}

/** The first and last instants of data behind a meter (its physical sources' readings). */
async function dataSpan(workspace: Workspace, setup: VirtualSetup, meterId: string) {
  const sources = physicalSources(setup, meterId);
  if (sources.length === 0) return null;
  const row = await readingsSpan(workspace.db, sources);
  return row?.first == null || row.last == null ? null : { first: row.first, last: row.last };
}

function instant(text: string | undefined, field: string, zone: string): number | null {
  if (text === undefined || text === '') return null;
  // Energy Ledger also takes a local date (midnight in the market timezone).
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const day = DateTime.fromISO(text, { zone });
    if (day.isValid) return day.toSeconds();
  }
  const parsed = DateTime.fromISO(text, { setZone: true });
  if (!parsed.isValid || !/T\d{2}:\d{2}/.test(text) || !/(Z|[+-]\d{2}:?\d{2})$/.test(text))
    throw invalidInput(
      `${field} "${text}" is not a date and time with its zone, e.g. 2011-11-01T00:00:00-07:00`,
      {
        [field]: ['must be a date and time YYYY-MM-DDThh:mm:ss with its zone (Z or ±hh:mm)'],
      },
    );
  return parsed.toSeconds();
}

export const costConsumptionHandlers: Pick<Handlers, 'consumption:device'> = {
  async 'consumption:device'({ workspace }, input) {
    const resolution = input.resolution as Resolution;
    if (!RESOLUTIONS.includes(resolution))
      throw invalidInput(
        `resolution "${input.resolution}" is not one of ${RESOLUTIONS.join(', ')} (upper case)`,
        {
          resolution: [
            RESOLUTIONS.includes(input.resolution.toUpperCase() as Resolution)
              ? `must be upper case: ${input.resolution.toUpperCase()}`
              : `must be one of ${RESOLUTIONS.join(', ')}`,
          ],
        },
      );
    const limitText = input['limit-to-latest'];
    let limit: number | null = null;
    if (limitText !== undefined) {
      limit = Number(limitText);
      if (!/^\d+$/.test(limitText) || limit < 1)
        throw invalidInput(`limit-to-latest "${limitText}" must be an integer greater than zero`, {
          'limit-to-latest': ['must be an integer greater than zero'],
        });
    }
    const submeteringText = input['include-submetering-devices'];
    if (submeteringText !== undefined && submeteringText !== 'true' && submeteringText !== 'false')
      throw invalidInput(`include-submetering-devices "${submeteringText}" must be true or false`, {
        'include-submetering-devices': ['must be true or false'],
      });

    const setup = await readVirtualSetup(workspace.db);
    const meter =
      setup.virtual.find((m) => m.id === input.deviceId) ??
      setup.physical.find((m) => m.id === input.deviceId);
    if (!meter) throw notFound(`device ${input.deviceId} is not a meter of this workspace`);
    if (input.userId !== 'current-user' && input.userId !== meter.participantId)
      throw notFound(`device ${input.deviceId} does not belong to user ${input.userId}`);
    if (input.accountId !== 'default-account') {
      const account = (await readAccountRecords(workspace.db)).find((a) => a.id === input.accountId);
      if (!account || (account.participant_id !== meter.participantId && account.meter_id !== meter.id))
        throw notFound(`device ${input.deviceId} is not on account ${input.accountId}`);
      if (input.locationId !== 'default-location' && input.locationId !== account.location)
        throw notFound(`account ${input.accountId} has no location ${input.locationId}`);
    } else if (input.locationId !== 'default-location')
      throw notFound(`location ${input.locationId}: name an account, or use default-location`);

    const span = await dataSpan(workspace, setup, meter.id);
    const { timezone } = await workspace.settings();
    let from = instant(input.from, 'from', timezone) ?? span?.first ?? null;
    let to = instant(input.to, 'to', timezone) ?? span?.last ?? null;
    if (from === null || to === null) throw notFound(`device ${input.deviceId} has no data`);
    from -= ((from % QUARTER) + QUARTER) % QUARTER;
    to += (QUARTER - (((to % QUARTER) + QUARTER) % QUARTER)) % QUARTER;
    if (to <= from) throw invalidInput('to must be after from', { to: ['must be after from'] });
    if (to - from > 5 * 366 * 86400)
      throw invalidInput('the range is longer than five years', {
        to: ['is more than five years after from'],
      });

    const answer = await costAndConsumption(workspace, setup, meter.id, resolution, from, to, limit);
    if (!answer)
      throw notFound(
        `device ${input.deviceId} has no data between ${input.from ?? 'its first reading'} and ${input.to ?? 'its last'}`,
      );
    if (submeteringText === 'true') {
      const groups = new Map(setup.groups.map((g) => [g.id, g]));
      const subs = setup.virtual.filter((m) =>
        m.versions.some((v) =>
          references(v.use, groups).some((r) => r.meterId === meter.id && r.coefficient.isPositive()),
        ),
      );
      const details: DeviceCostAndConsumption[] = [];
      for (const sub of subs) {
        const one = await costAndConsumption(workspace, setup, sub.id, resolution, from, to, limit);
        if (one) details.push(one);
      }
      answer.subMeteringDetails = { deviceCostAndConsumption: details };
    }
    return answer as unknown as Record<string, unknown>;
  },
};
