/**
 * Settling a month: gathers the inputs from the store, runs the pure engine,
 * checks the invariants and publishes the run with its lines and daily
 * aggregates in one transaction (a killed process leaves no half run).
 *
 * Identity: sha256 of the engine version, the options and the content of every
 * input the run used (hourly nets per participant, gaps, memberships, offer
 * terms, grid prices, market prices). Settling unchanged inputs gives the same
 * identity and adds no run; any change of inputs, options or engine version
 * gives a new one. The manifest also names where the inputs came from
 * (imports, plan and pool versions) for auditors; re-importing an identical
 * file changes the sources but not the identity.
 */
import { createHash } from 'node:crypto';

import { DateTime } from 'luxon';

import type { SettleProgress, SettleOutcomeDto } from '../../shared/contract';
import type { PoolDef, WorkspaceDefinition } from '../../shared/definition';
import type { Tariff } from '../../shared/tariff';
import { formatSeedUtc, hourStarts, localDayOf, localHourOf, monthRangeUtc } from '../../shared/time';
import { Dec } from '../../shared/units';
import { decimalToFraction } from '../engine/exact';
import { sumIntoHours, type IntervalReading } from '../engine/hourly';
import { formatTenThousandths, parsePrice, type Price } from '../engine/money';
import {
  ENGINE_VERSION,
  settlePeriod,
  type Lines,
  type Membership,
  type OfferTerms,
  type SettlementProblem,
} from '../engine/settle-period';
import { calculateCost } from '../engine/tariff';
import { checkVirtualMeters } from '../engine/virtual-meters';
import { issueStatements, participantsOfRun } from '../statements/numbers';
import { estimatesForMeter } from '../store/account-repository';
import { readDefinition } from '../store/definition-repository';
import { marketPricesBetween, readingsBetween } from '../store/readings-repository';
import {
  insertDaily,
  insertPacks,
  insertBillLines,
  type BillLine,
  insertPairMonths,
  insertRun,
  latestPublishedRun,
  packLines,
  type DailyAggregate,
  type PairMonth,
  type RunRow,
} from '../store/settlement-repository';
import { readTariff } from '../store/tariff-repository';
import { readVirtualSetup, useEvaluator } from '../store/virtual-meter-repository';
import type { Workspace } from '../store/workspace';

import { ApiError } from './errors';

export interface SettleOptions {
  allowGaps: boolean;
  /** Told as each stage of the settlement begins (reading inputs, allocating hours, checking, storing, done). */
  onProgress?: (progress: SettleProgress) => void;
}

export type SettleOutcome = SettleOutcomeDto;

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The latest version in force on `day` (versions sorted by effectiveFrom). */
function inForce<T extends { effectiveFrom: string }>(versions: T[], day: string): T | null {
  let found: T | null = null;
  for (const version of versions) if (version.effectiveFrom <= day) found = version;
  return found;
}

function membershipOn(pools: PoolDef[], participantId: string, day: string): Membership | null {
  for (const pool of pools) {
    const version = inForce(pool.versions, day);
    if (!version) continue;
    for (const member of pool.members) {
      if (
        member.participantId !== participantId ||
        member.effectiveFrom > day ||
        (member.effectiveTo !== undefined && member.effectiveTo < day)
      )
        continue;
      return {
        poolId: pool.id,
        key: version.key,
        ...(member.rank !== undefined ? { rank: member.rank } : {}),
        ...(member.share !== undefined ? { share: decimalToFraction(member.share) } : {}),
      };
    }
  }
  return null;
}

function digest(value: unknown): string {
  return createHash('sha256')
    .update(typeof value === 'string' ? value : JSON.stringify(value))
    .digest('hex');
}

interface GatheredInputs {
  definition: WorkspaceDefinition;
  participantIds: string[];
  hours: number[];
  days: string[];
  meterTypes: number[];
  nets: Map<number, Float64Array[]>;
  gaps: Map<number, Uint8Array>;
  gapList: { meterId: string; hourStartUtc: number }[];
  metersWithoutReadings: string[];
  marketPrices: (Price | null)[];
  sources: { importId: number; fileName: string; sha256: string }[];
  /** Settling virtual meters (seed 003): the versions in force and any hour a subtraction went below zero. */
  virtualMeters: { meterId: string; participantId: string; versions: unknown[]; negativeHours: string[] }[];
  /** Accounts' intervalizations whose estimates filled hours of a settling meter. */
  estimates: {
    meterId: string;
    accountId: string;
    intervalizationId: number;
    inputsSha256: string;
    hours: number;
  }[];
}

/**
 * Told, per settling meter, exactly what the settlement reads of it: a physical meter's
 * readings and the estimated hours that filled its gaps, a virtual meter's hourly use and
 * gaps. The audit pack writes these down as the run's normalized inputs.
 */
export interface InputCollector {
  physical(
    meterId: string,
    readings: IntervalReading[],
    estimated: [hourStartUtc: number, mWh: number][],
  ): void;
  virtual(meterId: string, hours: number[], values: ArrayLike<number>, gaps: ArrayLike<number>): void;
}

async function gatherInputs(
  workspace: Workspace,
  month: string,
  collect?: InputCollector,
): Promise<GatheredInputs & { timezone: string; priceZone: string; start: number; end: number }> {
  const settings = await workspace.settings();
  const { timezone, priceZone } = settings;
  const { start, end } = monthRangeUtc(month, timezone);
  const definition = await readDefinition(workspace.db, settings);
  const participantIds = definition.participants.map((p) => p.id).sort(byId);
  const participantIndex = new Map(participantIds.map((id, i) => [id, i]));
  const hours = hourStarts(start, end);
  const hourIndex = new Map(hours.map((h, i) => [h, i]));
  const days = hours.map((h) => localDayOf(h, timezone));
  const settling = definition.meters.filter((m) => m.settles);
  // Virtual meters (seed 003) that settle, checked with the physical meters' settles flags:
  // the same energy is never counted twice.
  const virtualSetup = await readVirtualSetup(workspace.db);
  const virtualErrors = checkVirtualMeters(virtualSetup.virtual, virtualSetup.groups, virtualSetup.physical);
  if (Object.keys(virtualErrors).length > 0)
    throw new ApiError(
      'conflict',
      `${month}: the virtual meters do not hold together: ${Object.entries(virtualErrors)
        .map(([k, v]) => `${k} ${v.join('; ')}`)
        .join('; ')}`,
    );
  const settlingVirtual = virtualSetup.virtual.filter((m) => m.settles);
  const meterTypes = [...new Set([...settling, ...settlingVirtual].map((m) => m.meterType))].sort(
    (a, b) => a - b,
  );
  const nets = new Map(meterTypes.map((t) => [t, participantIds.map(() => new Float64Array(hours.length))]));
  const gaps = new Map(meterTypes.map((t) => [t, new Uint8Array(hours.length)]));
  const gapList: GatheredInputs['gapList'] = [];
  const metersWithoutReadings: string[] = [];
  const estimates: GatheredInputs['estimates'] = [];
  for (const meter of settling) {
    const readings = await readingsBetween(workspace.db, meter.id, start, end);
    if (readings.length === 0) metersWithoutReadings.push(meter.id);
    const covered = new Uint8Array(hours.length);
    const net = nets.get(meter.meterType)![participantIndex.get(meter.participantId)!]!;
    const sign = meter.direction === 'generation' ? 1 : -1;
    const metered = new Uint8Array(hours.length);
    for (const hour of sumIntoHours(readings, start)) {
      const h = hourIndex.get(hour.hourStartUtc);
      if (h === undefined) continue;
      net[h]! += sign * hour.energyMilliWh;
      metered[h] = 1;
      if (hour.minutesCovered >= 60) covered[h] = 1;
    }
    // An account's estimated (intervalized) readings fill the hours its meter has no reading in;
    // metered readings always win.
    const estimated: [number, number][] = [];
    for (const set of await estimatesForMeter(workspace.db, meter.id, start, end)) {
      let used = 0;
      for (const [hourStart, mWh] of set.hours) {
        const h = hourIndex.get(hourStart);
        if (h === undefined || metered[h]) continue;
        net[h]! += sign * mWh;
        metered[h] = 1;
        covered[h] = 1;
        estimated.push([hourStart, mWh]);
        used++;
      }
      if (used > 0)
        estimates.push({
          meterId: meter.id,
          accountId: set.accountId,
          intervalizationId: set.intervalizationId,
          inputsSha256: set.inputsSha256,
          hours: used,
        });
    }
    collect?.physical(meter.id, readings, estimated);
    if (readings.length === 0 && metered.some((x) => x === 1)) metersWithoutReadings.pop();
    const gapHours = gaps.get(meter.meterType)!;
    for (let h = 0; h < hours.length; h++) {
      if (!covered[h]) {
        gapHours[h] = 1;
        gapList.push({ meterId: meter.id, hourStartUtc: hours[h]! });
      }
    }
  }
  const virtualMeters: GatheredInputs['virtualMeters'] = [];
  const virtualSources = new Set<string>();
  if (settlingVirtual.length > 0) {
    const evaluator = useEvaluator(workspace.db, virtualSetup, hours, timezone, (meterId) =>
      virtualSources.add(meterId),
    );
    for (const meter of settlingVirtual) {
      const use = await evaluator.use(meter.id);
      collect?.virtual(meter.id, hours, use.values, use.gaps);
      const p = participantIndex.get(meter.participantId);
      if (p === undefined) continue;
      const net = nets.get(meter.meterType)![p]!;
      const sign = meter.direction === 'generation' ? 1 : -1;
      const gapHours = gaps.get(meter.meterType)!;
      for (let h = 0; h < hours.length; h++) {
        net[h]! += sign * use.values[h]!;
        if (use.gaps[h]) {
          gapHours[h] = 1;
          gapList.push({ meterId: meter.id, hourStartUtc: hours[h]! });
        }
      }
      virtualMeters.push({
        meterId: meter.id,
        participantId: meter.participantId,
        versions: meter.versions.filter(
          (v) =>
            v.effectiveFrom <= days[days.length - 1]! &&
            (v.effectiveTo === undefined || v.effectiveTo > days[0]!),
        ),
        negativeHours: (evaluator.negativeHours.get(meter.id) ?? []).map((h) => formatSeedUtc(h)),
      });
    }
  }
  const priceRows = await marketPricesBetween(workspace.db, priceZone, start, end);
  const marketPrices: (Price | null)[] = hours.map(() => null);
  for (const row of priceRows) {
    const h = hourIndex.get(row.startUtc);
    if (h !== undefined) marketPrices[h] = parsePrice(row.pricePerKwh);
  }
  // The imports behind every reading used: settling meters' and virtual meters' sources'.
  const meterIds = [...new Set([...settling.map((m) => m.id), ...virtualSources])];
  const sources = meterIds.length
    ? await workspace.db.all<{ importId: number; fileName: string; sha256: string }>(
        `SELECT id AS importId, file_name AS fileName, sha256 FROM imports WHERE id IN (
           SELECT DISTINCT import_id FROM readings WHERE start_utc < ? AND end_utc > ? AND meter_id IN (${meterIds.map(() => '?').join(',')})
           UNION SELECT DISTINCT import_id FROM market_prices WHERE price_zone = ? AND start_utc >= ? AND start_utc < ?)
         ORDER BY id`,
        [end, start, ...meterIds, priceZone, start, end],
      )
    : [];
  return {
    definition,
    participantIds,
    hours,
    days,
    meterTypes,
    nets,
    gaps,
    gapList,
    metersWithoutReadings,
    marketPrices,
    sources,
    estimates,
    virtualMeters,
    timezone,
    priceZone,
    start,
    end,
  };
}

/** Daily sums per participant and kind, and the month's traded sums per generator–consumer pair. */
/** A day's 24 (or 23/25) local-hour grid prices on a tariff: the first band of each energy rate for the hour's period, summed. */
function hourlyTariffPrices(tariff: Tariff, day: string, timezone: string): Price[] {
  const version = tariff.versions.find(
    (v) => v.effectiveFrom <= day && (v.effectiveTo === undefined || day < v.effectiveTo),
  );
  if (!version)
    throw new ApiError('conflict', `tariff ${tariff.masterTariffId} has no version in force on ${day}`);
  const zone = tariff.timezone ?? timezone;
  const local = DateTime.fromISO(day, { zone });
  const weekend = local.weekday >= 6 || version.holidays.includes(day);
  const schedule = (weekend ? version.energyWeekendSchedule : version.energyWeekdaySchedule)[
    local.month - 1
  ]!;
  return schedule.map((period) => {
    let price = new Dec(0);
    for (const rate of version.rates)
      if (rate.type === 'COST_PER_UNIT') {
        const found = rate.periods.find((p) => p.period === period);
        if (found) price = price.plus(found.tiers[0]!.rate);
      }
    return parsePrice(price.toFixed());
  });
}

/**
 * The month's bill lines of each consumer on a tariff (spec §4): the tariff engine prices the
 * month's hourly grid residual; its fixed, demand, minimum and percentage items become bill
 * lines, and so does the difference between its energy charges and the hourly grid lines
 * (tiers, and the rounding of hourly lines), so the month's grid cost is exactly the bill.
 */
function tariffBillLines(
  plans: { participant: number; tariff: Tariff }[],
  participantIds: string[],
  lines: Lines,
  start: number,
  end: number,
  timezone: string,
): BillLine[] {
  const out: BillLine[] = [];
  for (const { participant, tariff } of plans) {
    const consumerId = participantIds[participant]!;
    const usage = new Map<
      string,
      { startUtc: number; endUtc: number; energyMilliWh: number; meterType: number }
    >();
    const hourly = new Map<number, number>();
    for (let i = 0; i < lines.hour.length; i++) {
      if (lines.kind[i] !== 'grid' || lines.consumer[i] !== consumerId) continue;
      const meterType = lines.meterType[i]!;
      const key = `${meterType}|${lines.hour[i]}`;
      const one = usage.get(key) ?? {
        startUtc: lines.hour[i]!,
        endUtc: lines.hour[i]! + 3600,
        energyMilliWh: 0,
        meterType,
      };
      one.energyMilliWh += lines.energy[i]!;
      usage.set(key, one);
      hourly.set(meterType, (hourly.get(meterType) ?? 0) + lines.cost[i]!);
    }
    for (const meterType of [...new Set([...usage.values()].map((u) => u.meterType))]) {
      const bill = calculateCost(
        tariff,
        [...usage.values()].filter((u) => u.meterType === meterType),
        { from: start, to: end, zone: timezone },
      );
      const toE4 = (cost: InstanceType<typeof Dec>) =>
        Number(cost.times(10_000).toDecimalPlaces(0, Dec.ROUND_HALF_UP).toFixed());
      const energy = bill.items
        .filter((i) => i.quantityKey === 'consumption')
        .reduce((sum, i) => sum.plus(i.cost), new Dec(0));
      let seq = 0;
      const adjustment = toE4(energy) - (hourly.get(meterType) ?? 0);
      if (adjustment !== 0)
        out.push({
          meterType,
          consumerId,
          seq: seq++,
          name: 'Tier and rate adjustment',
          chargeClass: 'SUPPLY',
          quantityKey: 'consumption',
          costTenThousandths: adjustment,
          detail: {
            energyCharges: energy.toFixed(),
            hourlyGridLines: formatTenThousandths(hourly.get(meterType) ?? 0),
          },
        });
      for (const item of bill.items.filter((i) => i.quantityKey !== 'consumption'))
        out.push({
          meterType,
          consumerId,
          seq: seq++,
          name: `${item.rateGroupName}: ${item.rateName}${item.tariffRateBandId ? ` (${item.tariffRateBandId})` : ''}`,
          chargeClass: item.chargeClass,
          quantityKey: item.quantityKey,
          costTenThousandths: toE4(new Dec(item.cost)),
          detail: item,
        });
    }
  }
  return out;
}

function aggregate(lines: Lines, timezone: string): { daily: DailyAggregate[]; pairs: PairMonth[] } {
  const daily = new Map<string, DailyAggregate>();
  const pairs = new Map<string, PairMonth>();
  const dayCache = new Map<number, string>();
  const addDaily = (
    meterType: number,
    participantId: string,
    side: 'generator' | 'consumer',
    day: string,
    kind: string,
    energy: number,
    cost: number,
    gap: number,
  ) => {
    const key = `${meterType}|${participantId}|${side}|${day}|${kind}`;
    let row = daily.get(key);
    if (!row) {
      row = {
        meterType,
        participantId,
        side,
        day,
        kind,
        energyMilliWh: 0,
        costTenThousandths: 0,
        gapLines: 0,
      };
      daily.set(key, row);
    }
    row.energyMilliWh += energy;
    row.costTenThousandths += cost;
    row.gapLines += gap;
  };
  for (let i = 0; i < lines.hour.length; i++) {
    const hour = lines.hour[i]!;
    let day = dayCache.get(hour);
    if (day === undefined) {
      day = localDayOf(hour, timezone);
      dayCache.set(hour, day);
    }
    const meterType = lines.meterType[i]!;
    const kind = lines.kind[i]!;
    const generator = lines.generator[i]!;
    const consumer = lines.consumer[i]!;
    const energy = lines.energy[i]!;
    const cost = lines.cost[i]!;
    if (generator !== null)
      addDaily(meterType, generator, 'generator', day, kind, energy, cost, lines.gap[i]!);
    if (consumer !== null) addDaily(meterType, consumer, 'consumer', day, kind, energy, cost, lines.gap[i]!);
    if (generator !== null && consumer !== null) {
      const key = `${meterType}|${generator}|${consumer}`;
      let pair = pairs.get(key);
      if (!pair) {
        pair = {
          meterType,
          generatorId: generator,
          consumerId: consumer,
          energyMilliWh: 0,
          costTenThousandths: 0,
        };
        pairs.set(key, pair);
      }
      pair.energyMilliWh += energy;
      pair.costTenThousandths += cost;
    }
  }
  return { daily: [...daily.values()], pairs: [...pairs.values()] };
}

function describeProblems(problems: SettlementProblem[], timezone: string): string {
  const first = problems
    .slice(0, 5)
    .map(
      (p) =>
        `${localDayOf(p.hourStartUtc, timezone)} ${String(localHourOf(p.hourStartUtc, timezone)).padStart(2, '0')}:00 ${p.participantId}: ${p.message}`,
    );
  return `${first.join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`;
}

/** The month's inputs as the settlement reads them, each settling meter's told to `collect`. */
export async function readSettlementInputs(workspace: Workspace, month: string, collect: InputCollector) {
  return gatherInputs(workspace, month, collect);
}

export async function settleMonth(
  workspace: Workspace,
  month: string,
  options: SettleOptions,
): Promise<SettleOutcome> {
  const progress = (stage: SettleProgress['stage'], step: number) =>
    options.onProgress?.({ month, stage, step, steps: 5 });
  progress('reading inputs', 1);
  const inputs = await gatherInputs(workspace, month);
  const { definition, participantIds, hours, days, timezone } = inputs;
  if (inputs.meterTypes.length === 0)
    throw new ApiError('conflict', `${month}: the workspace has no settling meters`);
  if (inputs.metersWithoutReadings.length === inputs.definition.meters.filter((m) => m.settles).length) {
    throw new ApiError('conflict', `${month}: there are no readings for this month; import readings first`);
  }
  if (inputs.gapList.length > 0 && !options.allowGaps) {
    const shown = inputs.gapList
      .slice(0, 10)
      .map(
        (g) =>
          `${g.meterId} ${localDayOf(g.hourStartUtc, timezone)} ${String(localHourOf(g.hourStartUtc, timezone)).padStart(2, '0')}:00`,
      );
    throw new ApiError(
      'conflict',
      `${month}: ${inputs.gapList.length} meter-hour(s) have no reading: ${shown.join(', ')}${inputs.gapList.length > 10 ? ', …' : ''}. Import the missing readings, or settle with --allow-gaps to count them as zero (their lines are flagged).`,
      {
        gaps: inputs.gapList.map(
          (g) =>
            `${g.meterId} ${localDayOf(g.hourStartUtc, timezone)} ${String(localHourOf(g.hourStartUtc, timezone)).padStart(2, '0')}:00`,
        ),
      },
    );
  }

  // Resolve each participant's terms per local day once; hours look them up by their day.
  const distinctDays = [...new Set(days)];
  const dayIndex = new Map(distinctDays.map((d, i) => [d, i]));
  const hourDay = days.map((d) => dayIndex.get(d)!);
  const participants = participantIds.map((id) => definition.participants.find((p) => p.id === id)!);
  const memberships = participants.map((p) =>
    distinctDays.map((day) => membershipOn(definition.pools, p.id, day)),
  );
  const offers = participants.map((p) => {
    const plan = definition.offerPlans
      .filter((o) => o.participantId === p.id)
      .sort((a, b) => byId(a.id, b.id))[0];
    return distinctDays.map((day): OfferTerms | null => {
      const version = plan ? inForce(plan.versions, day) : null;
      return version
        ? {
            price: parsePrice(version.pricePerKwh),
            sellsToMarket: version.sellsLeftoversToMarket,
            floor: parsePrice(version.marketFloorPricePerKwh),
            feedIn: parsePrice(version.feedInPricePerKwh),
          }
        : null;
    });
  });
  // Tariffs the month's utility plans name (docs/tariffs.md): read once, refused when missing.
  const tariffs = new Map<string, Tariff>();
  for (const plan of definition.utilityPlans)
    for (const version of plan.versions)
      if (version.rate.type === 'tariff' && !tariffs.has(version.rate.masterTariffId)) {
        const tariff = await readTariff(workspace.db, version.rate.masterTariffId);
        if (!tariff)
          throw new ApiError(
            'conflict',
            `${month}: utility plan ${plan.id} is priced by tariff "${version.rate.masterTariffId}", which the workspace does not have; save or import it first`,
          );
        tariffs.set(tariff.masterTariffId, tariff);
      }
  const tariffPlans: { participant: number; tariff: Tariff }[] = [];
  const gridRates = participants.map((p, pi) =>
    distinctDays.map((day) => {
      const assignment = inForce(
        definition.utilityPlanAssignments.filter((a) => a.participantId === p.id),
        day,
      );
      const plan = assignment
        ? definition.utilityPlans.find((u) => u.id === assignment.utilityPlanId)
        : undefined;
      const version = plan ? inForce(plan.versions, day) : null;
      if (!version) return null;
      if (version.rate.type === 'flat') return [parsePrice(version.rate.pricePerKwh)];
      if (version.rate.type === 'tou') return version.rate.hourlyPricesPerKwh.map(parsePrice);
      // A tariff: each local hour at its energy rates' first band for the hour's TOU period; tiers,
      // fixed, demand, minimum and taxes come as the month's bill lines.
      const tariff = tariffs.get(version.rate.masterTariffId)!;
      if (!tariffPlans.some((t) => t.participant === pi)) tariffPlans.push({ participant: pi, tariff });
      return hourlyTariffPrices(tariff, day, timezone);
    }),
  );
  const localHours = hours.map((h) => localHourOf(h, timezone));

  progress('allocating hours', 2);
  await new Promise((resolve) => setImmediate(resolve));
  const result = settlePeriod({
    hours,
    participantIds,
    meterTypes: inputs.meterTypes,
    nets: inputs.nets,
    gaps: inputs.gaps,
    membership: (p, h) => memberships[p]![hourDay[h]!]!,
    offer: (p, h) => offers[p]![hourDay[h]!]!,
    gridPrice: (p, h) => {
      const rates = gridRates[p]![hourDay[h]!];
      if (!rates) return null;
      return rates.length === 1 ? rates[0]! : rates[localHours[h]!]!;
    },
    marketPrice: inputs.marketPrices,
  });

  const optionsJson = JSON.stringify({ allowGaps: options.allowGaps });
  const inputsDigest = {
    month,
    timezone,
    currency: definition.settings.currency,
    nets: digest(inputs.meterTypes.map((t) => inputs.nets.get(t)!.map((row) => Array.from(row)))),
    gaps: digest(inputs.meterTypes.map((t) => Array.from(inputs.gaps.get(t)!))),
    memberships: digest(memberships),
    offers: digest(
      offers.map((row) =>
        row.map((o) => (o ? [o.price.text, o.sellsToMarket, o.floor.text, o.feedIn.text] : null)),
      ),
    ),
    gridPrices: digest(gridRates.map((row) => row.map((rates) => rates?.map((r) => r.text) ?? null))),
    marketPrices: digest(inputs.marketPrices.map((p) => p?.text ?? null)),
    tariffs: digest([...tariffs.values()].sort((a, b) => byId(a.masterTariffId, b.masterTariffId))),
  };
  const identity = digest({ engineVersion: ENGINE_VERSION, options: optionsJson, inputs: inputsDigest });
  const manifest = {
    month,
    timezone,
    priceZone: inputs.priceZone,
    engineVersion: ENGINE_VERSION,
    options: { allowGaps: options.allowGaps },
    inputs: inputsDigest,
    sources: inputs.sources,
    estimates: inputs.estimates,
    virtualMeters: inputs.virtualMeters,
    meters: definition.meters
      .filter((m) => m.settles)
      .map((m) => ({
        id: m.id,
        participantId: m.participantId,
        meterType: m.meterType,
        direction: m.direction,
      })),
    pools: definition.pools,
    offerPlans: definition.offerPlans,
    utilityPlans: definition.utilityPlans,
    utilityPlanAssignments: definition.utilityPlanAssignments,
    tariffs: [...tariffs.values()],
    gapHours: inputs.gapList.length,
  };
  const gapHours = new Set(inputs.gapList.map((g) => g.hourStartUtc)).size;

  const now = Math.floor(Date.now() / 1000);
  const base: Omit<RunRow, 'id' | 'status' | 'message' | 'line_count'> = {
    month,
    identity,
    period_start_utc: inputs.start,
    period_end_utc: inputs.end,
    engine_version: ENGINE_VERSION,
    options_json: optionsJson,
    manifest_json: JSON.stringify(manifest),
    created_utc: now,
  };

  progress('checking invariants', 3);
  if (result.problems.length > 0) {
    const message = `${month}: not published: ${describeProblems(result.problems, timezone)}`;
    const runId = await workspace.db.write((tx) =>
      insertRun(tx, { ...base, status: 'refused', message, line_count: 0 }),
    );
    return { runId, month, identity, status: 'refused', lines: 0, gapHours, message };
  }

  // The run in force, or a run of the closed month already waiting for acceptance with these inputs.
  const latest =
    (await workspace.db.get<RunRow>(
      "SELECT r.* FROM settlement_runs r JOIN run_holds h ON h.run_id = r.id WHERE r.month = ? AND h.status = 'pending' AND r.identity = ?",
      [month, identity],
    )) ?? (await latestPublishedRun(workspace.db, month));
  if (latest && latest.identity === identity) {
    // Back to the inputs of the run in force of a closed month: runs held since are stale.
    const stale = await workspace.db.all<{ run_id: number }>(
      "SELECT run_id FROM run_holds WHERE month = ? AND status = 'pending' AND run_id <> ?",
      [month, latest.id],
    );
    if (stale.length > 0)
      await workspace.db.write((tx) =>
        tx.run(
          "UPDATE run_holds SET status = 'superseded', decided_utc = ? WHERE month = ? AND status = 'pending' AND run_id <> ?",
          [Math.floor(Date.now() / 1000), month, latest.id],
        ),
      );
    return {
      runId: latest.id,
      month,
      identity,
      status: 'unchanged',
      lines: latest.line_count,
      gapHours,
      message: `${month}: unchanged since run ${latest.id}; ${
        stale.length > 0
          ? `held run(s) ${stale.map((h) => h.run_id).join(', ')} superseded (the inputs are back to those of run ${latest.id})`
          : 'no new run'
      }`,
    };
  }
  progress('storing the run', 4);
  const billLines = tariffBillLines(
    tariffPlans,
    participantIds,
    result.lines,
    inputs.start,
    inputs.end,
    timezone,
  );
  const aggregates = aggregate(result.lines, timezone);
  const packs = packLines(result.lines);
  const lineCount = result.lines.hour.length;
  let held = false;
  const runId = await workspace.db.write(async (tx) => {
    // Checked again inside the write queue: two settles of the same inputs at once publish one run.
    const [current] = await tx.all<{ id: number; identity: string }>(
      `SELECT id, identity FROM settlement_runs WHERE month = ? AND status = 'published'
         AND id NOT IN (SELECT run_id FROM run_holds WHERE status = 'superseded') ORDER BY id DESC LIMIT 1`,
      [month],
    );
    if (current?.identity === identity) return -current.id;
    const id = await insertRun(tx, { ...base, status: 'published', message: '', line_count: lineCount });
    await insertPacks(tx, id, packs);
    await insertDaily(tx, id, aggregates.daily);
    await insertPairMonths(tx, id, aggregates.pairs);
    await insertBillLines(tx, id, billLines);
    // A closed month keeps its run in force: the new run is held until accepted (runs:accept).
    const [closed] = await tx.all('SELECT 1 FROM month_closes WHERE month = ?', [month]);
    if (closed) {
      await tx.run(
        "UPDATE run_holds SET status = 'superseded', decided_utc = ? WHERE month = ? AND status = 'pending'",
        [now, month],
      );
      await tx.run("INSERT INTO run_holds (run_id, month, status, held_utc) VALUES (?, ?, 'pending', ?)", [
        id,
        month,
        now,
      ]);
      held = true;
    } else {
      // The month's statements are issued (numbered) with its first run in force that has them.
      await issueStatements(tx, month, await participantsOfRun(tx, id, month), now);
    }
    return id;
  });
  if (runId < 0)
    return {
      runId: -runId,
      month,
      identity,
      status: 'unchanged',
      lines: lineCount,
      gapHours,
      message: `${month}: unchanged since run ${-runId}; no new run`,
    };
  progress('published', 5);
  if (held)
    return {
      runId,
      month,
      identity,
      status: 'held',
      lines: lineCount,
      gapHours,
      message: `${month} is closed: run ${runId} is held and not applied until it is accepted (energy-ledger accept --run ${runId}); every statement stays as it was`,
    };
  return {
    runId,
    month,
    identity,
    status: 'published',
    lines: lineCount,
    gapHours,
    message: `${month}: published run ${runId} (${lineCount} lines${gapHours ? `, ${gapHours} hour(s) with gaps counted as zero and flagged` : ''})`,
  };
}
