/**
 * Settlement's first stage: gathering a month's inputs from the store. Each settling meter's
 * readings (and the estimates filling their gaps) and each settling virtual meter's use are
 * summed into every participant's net energy per hour and meter type, with the hours that have
 * gaps; the month's market prices; the imports behind them; and, for the manifest, the virtual
 * meters' versions and the estimates used. refuseUnsettleable says why a month cannot be settled.
 */
import type { WorkspaceDefinition } from '../../shared/definition';
import {
  formatSeedUtc,
  hourStarts,
  localDayOf,
  localHourOf,
  localParts,
  monthRangeUtc,
} from '../../shared/time';
import { sumIntoHours, type IntervalReading } from '../engine/hourly';
import { parsePrice, type Price } from '../engine/money';
import { checkVirtualMeters } from '../engine/virtual-meters';
import { ApiError } from '../errors';
import { estimatesForMeter } from '../store/account-repository';
import { readDefinition } from '../store/definition-repository';
import { marketPricesBetween, readingsBetween } from '../store/readings-repository';
import { importsBehind } from '../store/run-inputs-log';
import { readVirtualSetup } from '../store/virtual-meter-repository';
import type { Workspace } from '../store/workspace';

import { useEvaluator } from './meter-use';

/** Ids in code-point order (the order participants, plans and tariffs are read in). */
export const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface GatheredInputs {
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

export async function gatherInputs(
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
  const sources = meterIds.length ? await importsBehind(workspace.db, meterIds, start, end, priceZone) : [];
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

/** The month's inputs as the settlement reads them, each settling meter's told to `collect`. */
export async function readSettlementInputs(workspace: Workspace, month: string, collect: InputCollector) {
  return gatherInputs(workspace, month, collect);
}

/** The inputs of a month as gatherInputs reads them. */
export type Inputs = Awaited<ReturnType<typeof gatherInputs>>;

/**
 * Refuses a month that cannot be settled: no settling meters, no readings at all, or hours
 * without a reading when gaps are not allowed (each named, the first ten in the message).
 */
export function refuseUnsettleable(month: string, inputs: Inputs, allowGaps: boolean): void {
  const { timezone } = inputs;
  if (inputs.meterTypes.length === 0)
    throw new ApiError('conflict', `${month}: the workspace has no settling meters`);
  if (inputs.metersWithoutReadings.length === inputs.definition.meters.filter((m) => m.settles).length) {
    throw new ApiError('conflict', `${month}: there are no readings for this month; import readings first`);
  }
  if (inputs.gapList.length > 0 && !allowGaps) {
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
}
