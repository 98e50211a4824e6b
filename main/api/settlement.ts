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

import type {
  ImportReportDto,
  RunSourceDto,
  SettlementStatusDto,
  SettleProgress,
  SettleOutcomeDto,
} from '../../shared/contract';
import type { PoolDef, WorkspaceDefinition } from '../../shared/definition';
import type { Tariff } from '../../shared/tariff';
import {
  formatSeedUtc,
  hourStarts,
  localDayOf,
  localHourOf,
  localParts,
  monthRangeUtc,
} from '../../shared/time';
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
import { ApiError } from '../errors';
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
  latestPublishedRuns,
  packLines,
  type DailyAggregate,
  type PairMonth,
  type RunRow,
} from '../store/settlement-repository';
import { issueStatements, participantsOfRun } from '../store/statement-numbers';
import { readTariff } from '../store/tariff-repository';
import { readVirtualSetup } from '../store/virtual-meter-repository';
import type { Workspace } from '../store/workspace';

import { useEvaluator } from './meter-use';
import { INPUT_NAMES } from './run-diff';

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
  // The fast local clock (cached offsets): a month's 744 hours without a timezone lookup each.
  const days = hours.map((h) => localParts(h, timezone).isoDate);
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

type Inputs = Awaited<ReturnType<typeof gatherInputs>>;

/**
 * What settling reads besides the readings: each participant's terms per local day (resolved
 * once; hours look them up by their day), and the tariffs the month's utility plans name.
 */
async function resolveTerms(workspace: Workspace, month: string, inputs: Inputs) {
  const { definition, participantIds, hours, days, timezone } = inputs;
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
  const tariffDays = new Map<string, Price[]>();
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
      // Consumers on the same tariff share its day's prices: computed once per tariff and day.
      const key = `${tariff.masterTariffId}|${day}`;
      let prices = tariffDays.get(key);
      if (!prices) tariffDays.set(key, (prices = hourlyTariffPrices(tariff, day, timezone)));
      return prices;
    }),
  );
  const localHours = hours.map((h) => localParts(h, timezone).hour);
  return { hourDay, memberships, offers, tariffs, tariffPlans, gridRates, localHours };
}

type Terms = Awaited<ReturnType<typeof resolveTerms>>;

/** The digest of every input a run of `month` uses (the manifest's `inputs`). */
function digestInputs(month: string, inputs: Inputs, terms: Terms) {
  const { memberships, offers, gridRates, tariffs } = terms;
  return {
    month,
    timezone: inputs.timezone,
    currency: inputs.definition.settings.currency,
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
}

/** A run's identity: the engine version, the options (as stored) and the inputs' digest. */
const runIdentity = (optionsJson: string, inputsDigest: ReturnType<typeof digestInputs>) =>
  digest({ engineVersion: ENGINE_VERSION, options: optionsJson, inputs: inputsDigest });

/**
 * The identity a run of `month` settled now with `allowGaps` would have, computed the way
 * settleMonth computes it (the same inputs, terms and digest) without allocating any hour or
 * storing anything; with the inputs' digest and the imports behind them, to name what changed.
 */
export async function currentRunIdentity(workspace: Workspace, month: string, allowGaps: boolean) {
  const inputs = await gatherInputs(workspace, month);
  const terms = await resolveTerms(workspace, month, inputs);
  const inputsDigest = digestInputs(month, inputs, terms);
  return {
    identity: runIdentity(JSON.stringify({ allowGaps }), inputsDigest),
    inputs: inputsDigest,
    sources: inputs.sources,
    engineVersion: ENGINE_VERSION,
  };
}

export async function settleMonth(
  workspace: Workspace,
  month: string,
  options: SettleOptions,
): Promise<SettleOutcome> {
  const progress = (stage: SettleProgress['stage'], step: number) =>
    options.onProgress?.({ month, stage, step, steps: 5 });
  progress('reading inputs', 1);
  // Where the audit log stood when the inputs were read: a change logged after it may be one the
  // run did not see (settlementStatus).
  const auditLogId = await auditLogPosition(workspace);
  const inputs = await gatherInputs(workspace, month);
  const { definition, participantIds, hours, timezone } = inputs;
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

  const terms = await resolveTerms(workspace, month, inputs);
  const { memberships, offers, gridRates, tariffs, tariffPlans, hourDay, localHours } = terms;

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
  const inputsDigest = digestInputs(month, inputs, terms);
  const identity = runIdentity(optionsJson, inputsDigest);
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
    auditLogId,
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

// ------------------------------------------------------------------ status

/** The audit log's last entry id: every import, undo, tariff, account, virtual meter and settles flag is logged. */
async function auditLogPosition(workspace: Workspace): Promise<number> {
  return (await workspace.db.get<{ id: number | null }>('SELECT MAX(id) AS id FROM audit_log'))?.id ?? 0;
}

interface ManifestFacts {
  engineVersion?: string;
  inputs?: Record<string, unknown>;
  sources?: RunSourceDto[];
  estimates?: unknown[];
  virtualMeters?: unknown[];
  gapHours?: number;
  /** The audit log's position when the run's inputs were read (runs made before it was recorded: none). */
  auditLogId?: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Whether each settled month's run in force still stands for the current inputs (issue 18).
 *
 * The answer is the run's identity against the identity a run settled now with the run's own
 * options would have, computed as settleMonth computes it (currentRunIdentity: the same inputs,
 * terms and digest, without allocating an hour or storing anything). That reads every reading
 * of the month: 150–250 ms a month on the demo, seconds for a year, too slow to list 12 months.
 * So a month is first screened against what its run's manifest recorded, and its identity is
 * computed only when the screen finds something that may have changed it:
 *  - the run was made by another engine version;
 *  - an import its manifest names as a source was undone since;
 *  - an import of readings or prices logged after the run's inputs were read holds data in the
 *    month (the audit log logs every import as it commits; the manifest keeps the log's
 *    position when the run read its inputs, or else the run's own entry is used);
 *  - the definition (a workspace import or its undo), a tariff, an account, a virtual meter or
 *    a meter's settles flag changed since (logged too); or the run has virtual meters summing
 *    meter groups (whose changes are not logged);
 *  - the run filled gaps with an account's estimates, or had gaps, and estimates were made since.
 * Nothing else changes a run's inputs, so an unflagged month is current; a flagged one gets the
 * exact answer, and what changed is named from the manifest: the parts of the inputs' digest
 * that differ, and the imports behind the month's data now that the run did not use (added) or
 * the reverse (removed).
 */
export async function settlementStatus(
  workspace: Workspace,
  only?: { month?: string; importId?: number },
): Promise<SettlementStatusDto[]> {
  const runs = (await latestPublishedRuns(workspace.db))
    .filter((run) => only?.month === undefined || run.month === only.month)
    .sort((a, b) => byId(a.month, b.month));
  const { priceZone } = await workspace.settings();
  const out: SettlementStatusDto[] = [];
  for (const run of runs) {
    const manifest = JSON.parse(run.manifest_json) as ManifestFacts;
    const mark = manifest.auditLogId ?? (await runAuditEntry(workspace, run));
    if (only?.importId !== undefined && !(await holdsData(workspace, only.importId, run, priceZone)))
      continue;
    const flagged = await mayHaveChanged(workspace, run, manifest, mark, priceZone);
    out.push(await monthStatus(workspace, run, manifest, flagged));
  }
  return out;
}

/** The audit log entry of the run's settlement (for runs whose manifest does not keep the log's position). */
async function runAuditEntry(workspace: Workspace, run: RunRow): Promise<number> {
  const entry = await workspace.db.get<{ id: number }>(
    `SELECT id FROM audit_log WHERE kind = 'settlement' AND subject = ? AND at_utc = ?
        AND json_extract(details_json, '$.runId') = ? ORDER BY id LIMIT 1`,
    [run.month, run.created_utc, run.id],
  );
  // Not found (a log without it): everything logged counts as later, and the month is checked in full.
  return entry?.id ?? 0;
}

/** True when import `importId` holds readings or prices in the run's month. */
async function holdsData(workspace: Workspace, importId: number, run: RunRow, priceZone: string) {
  const found = await workspace.db.get(
    `SELECT 1 WHERE EXISTS (SELECT 1 FROM readings WHERE import_id = ? AND start_utc < ? AND end_utc > ?)
        OR EXISTS (SELECT 1 FROM market_prices WHERE price_zone = ? AND start_utc >= ? AND start_utc < ? AND import_id = ?)`,
    [
      importId,
      run.period_end_utc,
      run.period_start_utc,
      priceZone,
      run.period_start_utc,
      run.period_end_utc,
      importId,
    ],
  );
  return found !== undefined;
}

/** The screen of settlementStatus: true when something since the run may have changed its inputs. */
async function mayHaveChanged(
  workspace: Workspace,
  run: RunRow,
  manifest: ManifestFacts,
  mark: number,
  priceZone: string,
): Promise<boolean> {
  if (run.engine_version !== ENGINE_VERSION) return true;
  const db = workspace.db;
  const sources = (manifest.sources ?? []).map((s) => s.importId);
  const [undone] = await db.all(
    `SELECT 1 FROM import_removals WHERE import_id IN (SELECT value FROM json_each(?)) LIMIT 1`,
    [JSON.stringify(sources)],
  );
  if (undone) return true;
  const later = await db.all<{ kind: string; importId: number | null; importKind: string | null }>(
    `SELECT a.kind, json_extract(a.details_json, '$.importId') AS importId, i.kind AS importKind
       FROM audit_log a LEFT JOIN imports i ON i.id = json_extract(a.details_json, '$.importId')
      WHERE a.id > ? AND a.kind IN ('import', 'undo', 'tariff', 'account', 'virtual-meter', 'meter')`,
    [mark],
  );
  for (const entry of later) {
    if (entry.kind !== 'import' && entry.kind !== 'undo') return true;
    if (entry.importKind === 'workspace') return true;
    if (entry.kind === 'import' && entry.importId !== null && entry.importKind !== 'payments')
      if (await holdsData(workspace, entry.importId, run, priceZone)) return true;
  }
  if (/"(sum|subtract)MeterGroups":\["/.test(JSON.stringify(manifest.virtualMeters ?? []))) return true;
  if ((manifest.estimates?.length ?? 0) > 0 || (manifest.gapHours ?? 0) > 0) {
    // Estimates fill hours without a reading only: a run with neither used none, and can use none now.
    const [estimated] = await db.all(
      `SELECT 1 FROM intervalizations WHERE status = 'intervalized' AND finished_utc >= ? LIMIT 1`,
      [run.created_utc - 60],
    );
    if (estimated) return true;
  }
  return false;
}

async function monthStatus(
  workspace: Workspace,
  run: RunRow,
  manifest: ManifestFacts,
  flagged: boolean,
): Promise<SettlementStatusDto> {
  const base = {
    month: run.month,
    runId: run.id,
    runIdentity: run.identity,
    runCreatedAt: formatSeedUtc(run.created_utc),
  };
  const noChanges = { inputs: [], importsAdded: [], importsRemoved: [], engineVersion: null };
  const current = (currentIdentity: string): SettlementStatusDto => ({
    ...base,
    status: 'current',
    currentIdentity,
    changes: noChanges,
    message: `${run.month}: run ${run.id} is settled on the current inputs`,
  });
  if (!flagged) return current(run.identity);
  const { allowGaps } = JSON.parse(run.options_json) as { allowGaps: boolean };
  let now: Awaited<ReturnType<typeof currentRunIdentity>>;
  try {
    now = await currentRunIdentity(workspace, run.month, allowGaps);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return {
      ...base,
      status: 'unknown',
      currentIdentity: null,
      changes: noChanges,
      problem: error.message,
      message: `${run.month}: cannot tell whether run ${run.id} still stands: ${error.message}`,
    };
  }
  if (now.identity === run.identity) return current(now.identity);
  const before = manifest.sources ?? [];
  const beforeIds = new Set(before.map((s) => s.importId));
  const nowIds = new Set(now.sources.map((s) => s.importId));
  const digestNow = now.inputs as Record<string, unknown>;
  const changes: SettlementStatusDto['changes'] = {
    inputs: Object.keys({ ...manifest.inputs, ...digestNow })
      .filter((key) => JSON.stringify(manifest.inputs?.[key]) !== JSON.stringify(digestNow[key]))
      .map((key) => ({ input: key, what: INPUT_NAMES[key] ?? key })),
    importsAdded: now.sources.filter((s) => !beforeIds.has(s.importId)),
    importsRemoved: before.filter((s) => !nowIds.has(s.importId)),
    engineVersion:
      run.engine_version !== now.engineVersion ? { run: run.engine_version, now: now.engineVersion } : null,
  };
  const imports = changes.importsAdded.length + changes.importsRemoved.length;
  const listed = (sources: RunSourceDto[]) => sources.map((s) => `#${s.importId} ${s.fileName}`).join(', ');
  const what = [
    ...(changes.importsAdded.length
      ? [`${plural(changes.importsAdded.length, 'import')} added (${listed(changes.importsAdded)})`]
      : []),
    ...(changes.importsRemoved.length
      ? [
          `${plural(changes.importsRemoved.length, 'import')} no longer used (${listed(changes.importsRemoved)})`,
        ]
      : []),
    // Readings and prices that moved with the imports named are not named again.
    ...changes.inputs
      .filter((c) => imports === 0 || !['nets', 'gaps', 'marketPrices'].includes(c.input))
      .map((c) => c.what),
    ...(changes.engineVersion ? [`engine ${changes.engineVersion.run} → ${changes.engineVersion.now}`] : []),
  ];
  const since = `inputs changed since run ${run.id}: ${what.join('; ') || 'the settlement options'}`;
  // A closed month settled again already: its held run, of the current inputs, awaits acceptance.
  const held = await workspace.db.get<{ id: number }>(
    `SELECT r.id FROM settlement_runs r JOIN run_holds h ON h.run_id = r.id
      WHERE r.month = ? AND h.status = 'pending' AND r.identity = ? ORDER BY r.id DESC LIMIT 1`,
    [run.month, now.identity],
  );
  if (held)
    return {
      ...base,
      status: 'held',
      currentIdentity: now.identity,
      heldRunId: held.id,
      changes,
      message: `${run.month}: ${since}; settled again as run ${held.id}, held until it is accepted`,
    };
  return {
    ...base,
    status: 'changed',
    currentIdentity: now.identity,
    changes,
    message: `${run.month}: ${since}; settle ${run.month} again`,
  };
}

/** The settled months whose run in force used data import `importId` changed: settle them again. */
export async function monthsToSettleAgain(
  workspace: Workspace,
  importId: number,
  kind: ImportReportDto['kind'],
): Promise<{ month: string; runId: number }[]> {
  if (kind === 'payments') return [];
  const statuses = await settlementStatus(workspace, kind === 'workspace' ? {} : { importId });
  return statuses
    .filter(
      (s) =>
        s.status === 'changed' &&
        (kind === 'workspace' || s.changes.importsAdded.some((i) => i.importId === importId)),
    )
    .map((s) => ({ month: s.month, runId: s.runId }));
}
