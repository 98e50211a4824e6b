/**
 * Lineage (issue 10): where a figure comes from. For a participant's month of a
 * run, or one hour of it: the figures (the month's sums by kind, or the hour's
 * lines), the readings of its settling meters that the run read (each with the
 * import it came from, as it stood when the run was made: readings replaced
 * since are found among the superseded ones), the estimates and virtual meters
 * the run used, the offer plan, utility plan, tariff and pool terms in force
 * (from the run's manifest), and the market price with its import.
 */
import type { LineageDto } from '../../shared/contract';
import {
  formatLocalIso,
  formatSeedUtc,
  localDayOf,
  localHourOf,
  monthRangeUtc,
  parseInstantWithOffset,
} from '../../shared/time';
import { milliWhToKwh } from '../../shared/units';
import { formatTenThousandths } from '../engine/money';
import { ApiError, notFound } from '../errors';
import {
  importedFile,
  importedFileAndKind,
  marketPricesAsRead,
  readingsAsRead,
} from '../store/lineage-repository';
import { meterName } from '../store/meter-repository';
import { participantById, participantNames } from '../store/participant-directory';
import { consumerLines, generatorLines, latestPublishedRun, runById } from '../store/settlement-repository';

import type { Handlers } from './context';

interface Versioned {
  effectiveFrom: string;
}
interface Manifest {
  sources?: { importId: number; fileName: string; sha256: string }[];
  meters?: { id: string; participantId: string; meterType: number; direction: string }[];
  virtualMeters?: { meterId: string; participantId: string; versions: unknown[]; negativeHours: string[] }[];
  estimates?: { meterId: string; accountId: string; intervalizationId: number; hours: number }[];
  pools?: {
    id: string;
    name?: string;
    versions: (Versioned & { key: unknown })[];
    members: ({ participantId: string; effectiveTo?: string } & Versioned)[];
  }[];
  offerPlans?: ({ id: string; participantId: string; planName?: string } & { versions: Versioned[] })[];
  utilityPlans?: ({ id: string; planName?: string; providerName?: string } & {
    versions: (Versioned & { rate: { type: string; masterTariffId?: string } })[];
  })[];
  utilityPlanAssignments?: ({ participantId: string; utilityPlanId: string } & Versioned)[];
  tariffs?: { masterTariffId: string; tariffName?: string }[];
}

/** Versions of a plan in force over [fromDay, toDay]: the one in force on fromDay and any starting later. */
function versionsOver<T extends Versioned>(versions: T[], fromDay: string, toDay: string): T[] {
  const sorted = [...versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  const first = sorted.filter((v) => v.effectiveFrom <= fromDay).at(-1);
  return [
    ...(first ? [first] : []),
    ...sorted.filter((v) => v.effectiveFrom > fromDay && v.effectiveFrom <= toDay),
  ];
}

export const lineageHandlers: Pick<Handlers, 'lineage:get'> = {
  async 'lineage:get'({ workspace }, input) {
    const { timezone, priceZone } = await workspace.settings();
    const participant = await participantById(workspace.db, input.participantId);
    if (!participant) throw notFound(`participant "${input.participantId}" does not exist`);
    const run = input.runId
      ? await runById(workspace.db, input.runId)
      : await latestPublishedRun(workspace.db, input.month);
    if (!run || run.status !== 'published')
      throw new ApiError(
        'not_found',
        input.runId
          ? `run ${input.runId} does not exist or was not published`
          : `${input.month} is not settled: settle it first (energy-ledger settle --month ${input.month})`,
      );
    if (run.month !== input.month)
      throw new ApiError('invalid_input', `run ${run.id} settles ${run.month}, not ${input.month}`);
    const manifest = JSON.parse(run.manifest_json) as Manifest;

    // The scope: the whole month, or one hour of it.
    let start = run.period_start_utc;
    let end = run.period_end_utc;
    if (input.hour) {
      const hour = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(input.hour)
        ? Date.parse(`${input.hour.replace(' ', 'T')}Z`) / 1000
        : parseInstantWithOffset(input.hour);
      if (hour === null || !Number.isFinite(hour) || hour % 3600 !== 0 || hour < start || hour >= end)
        throw new ApiError('invalid_input', `hour ${input.hour} is not an hour of ${run.month}`, {
          hour: [`must be an hour of ${run.month}, as UTC "YYYY-MM-DD HH:00:00" or ISO 8601 with its offset`],
        });
      start = hour;
      end = hour + 3600;
    }
    const fromDay = localDayOf(start, timezone);
    const toDay = localDayOf(end - 1, timezone);
    const { start: monthStart } = monthRangeUtc(run.month, timezone);

    // The figures: the participant's lines in scope, by side.
    const lines = [
      ...(await generatorLines(workspace.db, run.id, input.meterType, participant.id, start, end)).map(
        (l) => ({
          ...l,
          side: 'generator' as const,
        }),
      ),
      ...(await consumerLines(workspace.db, run.id, input.meterType, participant.id, start, end)).map(
        (l) => ({
          ...l,
          side: 'consumer' as const,
        }),
      ),
    ];
    const figures = new Map<string, LineageDto['figures'][number] & { e: number; c: number }>();
    for (const l of lines) {
      const key = input.hour
        ? `${l.side}|${l.kind}|${l.generator_id}|${l.consumer_id}`
        : `${l.side}|${l.kind}`;
      const f = figures.get(key) ?? {
        side: l.side,
        kind: l.kind,
        generatorId: input.hour ? l.generator_id : null,
        consumerId: input.hour ? l.consumer_id : null,
        counterparty: null,
        kWh: '0',
        amount: '0.0000',
        price: input.hour ? l.price_per_kwh : null,
        onGap: false,
        e: 0,
        c: 0,
      };
      f.e += l.energy_milliwh;
      f.c += l.cost_ten_thousandths;
      f.onGap ||= l.has_gap === 1;
      figures.set(key, f);
    }
    const nameOf = new Map((await participantNames(workspace.db)).map((p) => [p.id, p.name]));
    const figureList = [...figures.values()].map(({ e, c, ...f }) => ({
      ...f,
      counterparty:
        f.side === 'generator'
          ? f.consumerId && (nameOf.get(f.consumerId) ?? f.consumerId)
          : f.generatorId && (nameOf.get(f.generatorId) ?? f.generatorId),
      kWh: milliWhToKwh(e),
      amount: formatTenThousandths(c),
    }));

    // Readings as they stood when the run was made: of the imports the run names as its sources,
    // the current ones, and the ones superseded since. Import ids grow with time, so an import
    // made after the run has a higher id than every import the run read; one made before it that
    // replaced readings the run would have read has a lower id than the source that holds them now.
    const sources = new Set((manifest.sources ?? []).map((s) => s.importId));
    const sourceIds = [...sources];
    const lastSource = Math.max(0, ...sources);
    const meters = (manifest.meters ?? []).filter(
      (m) => m.participantId === participant.id && m.meterType === input.meterType,
    );
    const meterOut: LineageDto['meters'] = [];
    for (const meter of meters) {
      const name = await meterName(workspace.db, meter.id);
      const rows = await readingsAsRead(workspace.db, meter.id, start, end, sourceIds, lastSource);
      const imports = new Map<number | null, { readings: number; mWh: number }>();
      for (const r of rows) {
        const i = imports.get(r.import_id) ?? { readings: 0, mWh: 0 };
        i.readings++;
        i.mWh += r.energy_milliwh;
        imports.set(r.import_id, i);
      }
      const importRows: LineageDto['meters'][number]['imports'] = [];
      for (const [importId, sums] of imports) {
        const imp = importId === null ? undefined : await importedFileAndKind(workspace.db, importId);
        importRows.push({
          importId,
          fileName: imp?.file_name ?? '(written by the demo or the app, not from a file)',
          sha256: imp?.sha256 ?? '',
          kind: imp?.kind ?? '',
          usedByRun: importId !== null && sources.has(importId),
          readings: sums.readings,
          kWh: milliWhToKwh(sums.mWh),
        });
      }
      meterOut.push({
        meterId: meter.id,
        name: name?.name ?? meter.id,
        direction: meter.direction,
        virtual: false,
        kWh: milliWhToKwh(rows.reduce((s, r) => s + r.energy_milliwh, 0)),
        readings: input.hour
          ? rows.map((r) => ({
              startLocal: formatLocalIso(r.start_utc, timezone),
              minutes: (r.end_utc - r.start_utc) / 60,
              kWh: milliWhToKwh(r.energy_milliwh),
              estimated: r.is_estimated === 1,
              importId: r.import_id,
              state: r.state,
            }))
          : [],
        imports: importRows,
      });
    }
    for (const v of (manifest.virtualMeters ?? []).filter((x) => x.participantId === participant.id))
      meterOut.push({
        meterId: v.meterId,
        name: `${v.meterId} (virtual meter)`,
        direction: '',
        virtual: true,
        kWh: null,
        readings: [],
        imports: [],
        versions: v.versions,
        negativeHours: v.negativeHours,
      });

    // Terms in force, from the run's manifest (what it was settled on).
    const offer = (manifest.offerPlans ?? []).find((o) => o.participantId === participant.id);
    const assignments = versionsOver(
      (manifest.utilityPlanAssignments ?? []).filter((a) => a.participantId === participant.id),
      fromDay,
      toDay,
    );
    const utility = assignments.map((a) => {
      const plan = (manifest.utilityPlans ?? []).find((u) => u.id === a.utilityPlanId);
      const versions = plan ? versionsOver(plan.versions, fromDay, toDay) : [];
      // The hour's grid price on a flat or time-of-use plan (a tariff's price depends on its periods).
      const rate = input.hour
        ? (versions.at(-1)?.rate as
            { type: string; pricePerKwh?: string; hourlyPricesPerKwh?: string[] } | undefined)
        : undefined;
      const hourPricePerKwh =
        rate?.type === 'flat'
          ? (rate.pricePerKwh ?? null)
          : rate?.type === 'tou'
            ? (rate.hourlyPricesPerKwh?.[localHourOf(start, timezone)] ?? null)
            : null;
      return {
        assignedFrom: a.effectiveFrom,
        hourPricePerKwh,
        planId: a.utilityPlanId,
        planName: plan?.planName ?? a.utilityPlanId,
        providerName: plan?.providerName ?? '',
        versions,
        tariffs: versions
          .map((v) => v.rate.masterTariffId)
          .filter((id): id is string => Boolean(id))
          .map((id) => ({
            masterTariffId: id,
            name: manifest.tariffs?.find((t) => t.masterTariffId === id)?.tariffName ?? id,
          })),
      };
    });
    const pools = (manifest.pools ?? [])
      .map((pool) => ({
        poolId: pool.id,
        name: pool.name ?? pool.id,
        keys: versionsOver(pool.versions, fromDay, toDay),
        // Memberships overlapping the scope (a member may leave: effectiveTo).
        memberships: pool.members.filter(
          (m) =>
            m.participantId === participant.id &&
            m.effectiveFrom <= toDay &&
            (m.effectiveTo === undefined || m.effectiveTo >= fromDay),
        ),
      }))
      .filter((p) => p.memberships.length > 0);

    // Market prices as they stood when the run was made.
    const prices = await marketPricesAsRead(workspace.db, priceZone, start, end, sourceIds, lastSource);
    const priceImports = new Map<number | null, number>();
    for (const p of prices) priceImports.set(p.import_id, (priceImports.get(p.import_id) ?? 0) + 1);
    const marketPrices: LineageDto['marketPrices'] = {
      priceZone,
      hour:
        input.hour && prices[0]
          ? { pricePerKwh: prices[0].price_per_kwh, importId: prices[0].import_id, state: prices[0].state }
          : null,
      imports: [],
    };
    for (const [importId, hours] of priceImports) {
      const imp = importId === null ? undefined : await importedFile(workspace.db, importId);
      marketPrices.imports.push({
        importId,
        fileName: imp?.file_name ?? '(written by the demo or the app, not from a file)',
        sha256: imp?.sha256 ?? '',
        hours,
      });
    }

    return {
      run: {
        id: run.id,
        identity: run.identity,
        engineVersion: run.engine_version,
        publishedUtc: formatSeedUtc(run.created_utc),
      },
      participant,
      scope: {
        month: run.month,
        meterType: input.meterType,
        hourStartUtc: input.hour ? formatSeedUtc(start) : null,
        hourStartLocal: input.hour ? formatLocalIso(start, timezone) : null,
        fromDay,
        toDay,
        hours: (end - start) / 3600,
        isWholeMonth: start === monthStart,
      },
      figures: figureList,
      meters: meterOut,
      estimates: (manifest.estimates ?? []).filter((e) => meters.some((m) => m.id === e.meterId)),
      offerPlan: offer
        ? {
            id: offer.id,
            planName: offer.planName ?? offer.id,
            versions: versionsOver(offer.versions, fromDay, toDay),
          }
        : null,
      utilityPlans: utility,
      pools,
      marketPrices,
      sources: manifest.sources ?? [],
    };
  },
};
