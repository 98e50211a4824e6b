/**
 * The contract's operations, implemented by composing the store (SQLite) and
 * the engine (pure functions). One handler per operation; inputs arrive
 * already validated by dispatch.ts.
 */
import path from 'node:path';

import type {
  ImportProgress,
  ImportReportDto,
  MeterDto,
  ParticipantDto,
  ReadingDto,
  WorkspaceSummaryDto,
} from '../../shared/contract';
import { daysRangeUtc, formatSeedUtc, localMonthOf } from '../../shared/time';
import { milliWhToKwh, scaledDecimal } from '../../shared/units';
import { sumIntoHours } from '../engine/hourly';
import { importFile } from '../importers';
import { importDefinition, removeDefinitionImport } from '../importers/workspace-json';
import { listPayments, recordPayment, undoPayment } from '../statements/payments';
import { WorkspaceFileError } from '../store/database';
import { readDefinition, type MeterRow } from '../store/definition-repository';
import { RemovalRefused, removeImport } from '../store/import-removal';
import { importKind, listImports } from '../store/imports-repository';
import {
  fileCostsBetween,
  latestReadingStartUtc,
  marketPricesBetween,
  monthsWithReadingsOfImport,
  readingsBetween,
  summaryReadingsBetween,
} from '../store/readings-repository';
import { readRecent, rememberRecent } from '../store/recent-workspaces';
import { latestPublishedRun, latestSettledMonth, listRuns } from '../store/settlement-repository';
import { Workspace } from '../store/workspace';

import { accountHandlers, refreshIntervalizations } from './account-handlers';
import { auditHandlers } from './audit-handlers';
import { costConsumptionHandlers } from './cost-consumption';
import { definitionHandlers } from './definition-handlers';
import type { Handlers, WorkspaceSwitcher } from './dispatch';
import { ApiError, invalidInput, notFound } from './errors';
import { lineageHandlers } from './lineage';
import { monthCloseHandlers } from './month-close';
import { monthReadinessHandlers } from './month-readiness';
import { receivableHandlers } from './receivables';
import { runDiffHandlers } from './run-diff';
import { monthsToSettleAgain, settlementStatus, settleMonth } from './settlement';
import { shadowPriceHandlers } from './shadow-prices';
import { statementHandlers } from './statement-handlers';
import { tariffHandlers } from './tariff-handlers';
import {
  consumerDailyTracking,
  consumerDays,
  consumerHours,
  consumerOverview,
  consumerYear,
  prosumerBreakdown,
  prosumerDailyTracking,
  prosumerDistribution,
  prosumerPayments,
  prosumerRevenue,
  prosumerTransactions,
} from './views';
import { virtualMeterHandlers } from './virtual-meter-handlers';

type HoldStatus = 'pending' | 'accepted' | 'superseded';
const meterDto = (row: MeterRow): MeterDto => ({
  id: row.id,
  participantId: row.participant_id,
  name: row.name,
  meterType: row.meter_type,
  direction: row.direction,
  settles: row.settles === 1,
  commodity: row.commodity,
  unit: row.unit,
});

function rejectedImportError(report: {
  message: string;
  fileName: string;
  rejectedRows: { line: number; column: string; value: string; message: string }[];
  rejectedByRule?: Record<string, number>;
}): ApiError {
  const fields: Record<string, string[]> = {};
  for (const row of report.rejectedRows) {
    const key = row.line > 0 ? `${report.fileName}:${row.line}:${row.column}` : report.fileName;
    (fields[key] ??= []).push(row.value !== '' ? `"${row.value}" ${row.message}` : row.message);
  }
  // Rows overlapping stored data: the input that decides what becomes of them is named, for each
  // transport to word (the CLI's --on-conflict, the app's "Overlaps stored data").
  const conflicts = report.rejectedByRule?.conflict ?? 0;
  if (conflicts > 0)
    fields.onConflict = [
      `is reject: ${conflicts} row(s) overlap data stored by other imports; replace or keep them`,
    ];
  if (report.rejectedByRule?.header)
    fields.mapping = ['must say what the header does not: which columns hold the time, energy and meter'];
  return invalidInput(report.message, fields);
}

/**
 * The month the app opens on: the latest settled month, else the latest month with readings,
 * else the current one (in the workspace's timezone). One index probe each, so every summary
 * can carry it.
 */
async function defaultMonthOf(
  workspace: Workspace,
  timezone: string,
  now = Date.now(),
): Promise<Pick<WorkspaceSummaryDto, 'defaultMonth' | 'defaultMonthFrom'>> {
  const settled = await latestSettledMonth(workspace.db);
  if (settled) return { defaultMonth: settled, defaultMonthFrom: 'settled' };
  const latest = await latestReadingStartUtc(workspace.db);
  if (latest !== undefined)
    return { defaultMonth: localMonthOf(latest, timezone), defaultMonthFrom: 'readings' };
  return { defaultMonth: localMonthOf(Math.floor(now / 1000), timezone), defaultMonthFrom: 'today' };
}

async function summaryOf(workspace: Workspace): Promise<WorkspaceSummaryDto> {
  const settings = await workspace.settings();
  const access = await workspace.access();
  return {
    name: settings.name,
    timezone: settings.timezone,
    currency: settings.currency,
    path: workspace.filePath,
    access: { mode: access.mode, ...(access.reason ? { reason: access.reason } : {}) },
    ...(await defaultMonthOf(workspace, settings.timezone)),
  };
}

/** The months a stored readings import stored readings in, each with its run in force (null: not settled). */
async function monthsTouchedBy(
  workspace: Workspace,
  report: ImportReportDto,
): Promise<NonNullable<ImportReportDto['monthsTouched']>> {
  const { timezone } = await workspace.settings();
  const meterIds = (report.meters ?? []).map((m) => m.meterId);
  const months = await monthsWithReadingsOfImport(workspace.db, report.importId, meterIds, timezone);
  const out: NonNullable<ImportReportDto['monthsTouched']> = [];
  for (const month of months)
    out.push({ month, runId: (await latestPublishedRun(workspace.db, month))?.id ?? null });
  return out;
}

/** Switches the host to `next` and remembers it; a transport without a host refuses. */
async function switchWorkspace(host: WorkspaceSwitcher | undefined, open: () => Promise<Workspace>) {
  if (!host)
    throw new ApiError(
      'refused',
      'this way of calling Energy Ledger works on one workspace: name it with --db',
    );
  let next: Workspace;
  try {
    next = await open();
  } catch (error) {
    if (error instanceof WorkspaceFileError) throw new ApiError('conflict', error.message);
    throw error;
  }
  const summary = await summaryOf(next);
  await host.switchTo(next);
  rememberRecent(host.recentFile, { path: next.filePath, name: summary.name });
  return summary;
}

export const handlers: Handlers = {
  ...tariffHandlers,
  ...accountHandlers,
  ...shadowPriceHandlers,
  ...virtualMeterHandlers,
  ...costConsumptionHandlers,
  ...auditHandlers,
  ...runDiffHandlers,
  ...receivableHandlers,
  ...statementHandlers,
  ...monthCloseHandlers,
  ...monthReadinessHandlers,
  ...lineageHandlers,
  ...definitionHandlers,
  async 'workspace:summary'({ workspace }) {
    return summaryOf(workspace);
  },

  async 'workspace:open'({ host }, input) {
    return switchWorkspace(host, () => Workspace.open(path.resolve(input.path)));
  },

  async 'workspace:create'({ host }, input) {
    return switchWorkspace(host, () =>
      Workspace.create(path.resolve(input.path), input.name ? { name: input.name } : {}),
    );
  },

  async 'workspaces:recent'({ host }) {
    return host ? readRecent(host.recentFile) : [];
  },

  async 'workspace:get'({ workspace }) {
    return readDefinition(workspace.db, await workspace.settings());
  },

  async 'workspace:import-definition'({ workspace }, input) {
    return importDefinition(workspace.db, 'workspace definition', input.definition);
  },

  async 'participants:list'({ workspace }) {
    return workspace.db.all<ParticipantDto>('SELECT id, name, role FROM participants ORDER BY name, id');
  },

  async 'meters:list'({ workspace }, input) {
    if (input.participantId !== undefined) {
      const participant = await workspace.db.get('SELECT id FROM participants WHERE id = ?', [
        input.participantId,
      ]);
      if (!participant) throw notFound(`participant "${input.participantId}" does not exist`);
    }
    const rows = await workspace.db.all<MeterRow>(
      `SELECT id, participant_id, name, meter_type, direction, settles, commodity, unit FROM meters
       WHERE (? IS NULL OR participant_id = ?) ORDER BY participant_id, id`,
      [input.participantId ?? null, input.participantId ?? null],
    );
    return rows.map(meterDto);
  },

  async 'meters:readings'({ workspace }, input) {
    const meter = await workspace.db.get<MeterRow>('SELECT id, unit FROM meters WHERE id = ?', [
      input.meterId,
    ]);
    if (!meter) throw notFound(`meter "${input.meterId}" does not exist`);
    // Quantities are thousandths of the meter's unit: mWh for electricity (shown in kWh), else e.g. milli-therms.
    const quantity = (stored: number) =>
      meter.unit === 'Wh' ? milliWhToKwh(stored) : scaledDecimal(BigInt(stored), 3);
    const { timezone } = await workspace.settings();
    const range = daysRangeUtc(input.from, input.to, timezone);
    if (range.end - range.start > 366 * 86400 * 2) {
      throw invalidInput('meters:readings: at most two years at a time', {
        to: ['must be at most two years after from'],
      });
    }
    const stored = await readingsBetween(workspace.db, input.meterId, range.start, range.end);
    const costs = await fileCostsBetween(workspace.db, 'readings', input.meterId, range.start, range.end);
    let readings: ReadingDto[];
    let totalMilliWh = 0;
    let costTotal = 0n;
    const currencies = new Set<string>();
    const withCost = (reading: ReadingDto, cost: bigint | null): ReadingDto => {
      if (cost === null) return reading;
      costTotal += cost;
      return { ...reading, fileCost: scaledDecimal(cost, 5) };
    };
    for (const cost of costs.values()) currencies.add(cost.currency);
    if (input.resolution === 'hour') {
      readings = sumIntoHours(stored, range.start)
        .filter((hour) => hour.hourStartUtc >= range.start && hour.hourStartUtc < range.end)
        .map((hour) => {
          totalMilliWh += hour.energyMilliWh;
          let cost: bigint | null = null;
          for (let at = hour.hourStartUtc; at < hour.hourStartUtc + 3600; at += 300) {
            const found = costs.get(at);
            if (found) cost = (cost ?? 0n) + found.cost;
          }
          return withCost(
            {
              startDate: formatSeedUtc(hour.hourStartUtc),
              endDate: formatSeedUtc(hour.hourStartUtc + 3599),
              kWh: quantity(hour.energyMilliWh),
              minutes: hour.minutesCovered,
              estimated: hour.isEstimated,
            },
            cost,
          );
        });
    } else {
      readings = stored
        .filter((reading) => reading.startUtc >= range.start && reading.startUtc < range.end)
        .map((reading) => {
          totalMilliWh += reading.energyMilliWh;
          return withCost(
            {
              startDate: formatSeedUtc(reading.startUtc),
              endDate: formatSeedUtc(reading.endUtc - 1),
              kWh: quantity(reading.energyMilliWh),
              minutes: (reading.endUtc - reading.startUtc) / 60,
              estimated: reading.isEstimated,
            },
            costs.get(reading.startUtc)?.cost ?? null,
          );
        });
    }
    const summaryCosts = await fileCostsBetween(
      workspace.db,
      'summary_readings',
      input.meterId,
      range.start,
      range.end,
    );
    for (const cost of summaryCosts.values()) currencies.add(cost.currency);
    const summaryReadings = (
      await summaryReadingsBetween(workspace.db, input.meterId, range.start, range.end)
    ).map((reading) =>
      withCost(
        {
          startDate: formatSeedUtc(reading.startUtc),
          endDate: formatSeedUtc(reading.endUtc - 1),
          kWh: quantity(reading.energyMilliWh),
          minutes: (reading.endUtc - reading.startUtc) / 60,
          estimated: reading.isEstimated,
        },
        summaryCosts.get(reading.startUtc)?.cost ?? null,
      ),
    );
    return {
      meterId: input.meterId,
      timezone,
      from: input.from,
      to: input.to,
      resolution: input.resolution,
      unit: meter.unit === 'Wh' ? 'kWh' : meter.unit,
      totalKWh: quantity(totalMilliWh),
      readings,
      summaryReadings,
      ...(costs.size + summaryCosts.size > 0
        ? { fileCostTotal: scaledDecimal(costTotal, 5), fileCurrency: [...currencies].join('/') }
        : {}),
    };
  },

  async 'market-prices:list'({ workspace }, input) {
    const settings = await workspace.settings();
    const range = daysRangeUtc(input.from, input.to, settings.timezone);
    const prices = await marketPricesBetween(workspace.db, settings.priceZone, range.start, range.end);
    return {
      priceZone: settings.priceZone,
      currency: settings.currency,
      prices: prices.map((price) => ({
        startDate: formatSeedUtc(price.startUtc),
        endDate: formatSeedUtc(price.endUtc - 1),
        pricePerKwh: price.pricePerKwh,
      })),
    };
  },

  async 'imports:list'({ workspace }, input) {
    return listImports(workspace.db, input.limit);
  },

  async 'imports:file'({ workspace, upload, onProgress: notify, uploadSize }, input) {
    // Progress events carry the rate and, when the size is known, the time left.
    const started = Date.now();
    const onProgress = notify
      ? (progress: ImportProgress) => {
          const seconds = Math.max((Date.now() - started) / 1000, 0.001);
          const bytesPerSecond = progress.bytesRead / seconds;
          notify({
            ...progress,
            rowsPerSecond: Math.round(progress.rowsRead / seconds),
            ...(uploadSize !== undefined
              ? {
                  bytesTotal: uploadSize,
                  secondsLeft:
                    bytesPerSecond > 0
                      ? Math.max(0, Math.round((uploadSize - progress.bytesRead) / bytesPerSecond))
                      : 0,
                }
              : {}),
          });
        }
      : undefined;
    if (!upload) throw invalidInput('imports:file needs the file itself', { file: ['is missing'] });
    const report = await importFile(workspace, {
      fileName: input.fileName,
      kind: input.kind,
      source: upload(),
      mode: input.mode,
      onConflict: input.onConflict,
      dryRun: input.dryRun,
      ...(input.mapping ? { mapping: input.mapping } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
    // A dry run answers its report whatever it found (rejected rows with their rules and facts,
    // for the caller to word); an import that stored nothing is refused with the rows as field errors.
    if (report.status === 'rejected' && !input.dryRun) throw rejectedImportError(report);
    if (report.status !== 'stored') return report;
    // Metered readings win over estimates: accounts whose meter got readings are intervalized again.
    if (report.kind === 'readings')
      await refreshIntervalizations(
        workspace,
        (report.meters ?? []).map((m) => m.meterId),
      );
    // The months it stored readings in, each settled or not: the next step is to settle those not yet.
    const touched =
      report.kind === 'readings' ? { monthsTouched: await monthsTouchedBy(workspace, report) } : {};
    // Settled months whose run in force the import changes: named, to be settled again.
    const settleAgain = await monthsToSettleAgain(workspace, report.importId, report.kind);
    if (settleAgain.length === 0) return { ...report, ...touched };
    return {
      ...report,
      ...touched,
      settleAgain,
      message: `${report.message}; it changes settled month(s) ${settleAgain.map((m) => `${m.month} (run ${m.runId})`).join(', ')}: settle those months again`,
    };
  },

  async 'imports:remove'({ workspace }, input) {
    try {
      const kind = await importKind(workspace.db, input.importId);
      const outcome =
        kind === 'workspace'
          ? await removeDefinitionImport(workspace.db, input.importId)
          : await removeImport(workspace.db, input.importId);
      if (outcome.definitionRestored !== undefined)
        return {
          ...outcome,
          message: `import #${outcome.importId} (${outcome.fileName}) removed: the workspace definition it replaced ("${outcome.definitionRestored}") is restored`,
        };
      if (outcome.readingsRemoved > 0 || outcome.readingsRestored > 0)
        await refreshIntervalizations(workspace);
      const meters =
        (outcome.metersRemoved.length
          ? `; meter(s) it created removed: ${outcome.metersRemoved.join(', ')}`
          : '') +
        (outcome.metersKept.length
          ? `; meter(s) it created kept because other data now uses them: ${outcome.metersKept.join(', ')}`
          : '');
      const runs = outcome.affectedRuns.length
        ? `; published run(s) ${outcome.affectedRuns.map((r) => `#${r.id} (${r.month})`).join(', ')} used it: settle those months again for versions without it`
        : '';
      return {
        ...outcome,
        message: `import #${outcome.importId} (${outcome.fileName}) removed: ${outcome.readingsRemoved} reading(s) and ${outcome.pricesRemoved} price(s) and ${outcome.paymentsRemoved} payment(s) taken out, ${outcome.readingsRestored} superseded reading(s) and ${outcome.pricesRestored} price(s) restored${meters}${runs}`,
      };
    } catch (error) {
      if (error instanceof RemovalRefused) throw new ApiError('conflict', error.message);
      throw error;
    }
  },

  async 'import-profiles:list'({ workspace }) {
    const rows = await workspace.db.all<{ name: string; mapping_json: string; saved_utc: number }>(
      'SELECT name, mapping_json, saved_utc FROM import_profiles ORDER BY name',
    );
    return rows.map((row) => ({
      name: row.name,
      mapping: JSON.parse(row.mapping_json) as unknown,
      savedAt: formatSeedUtc(row.saved_utc),
    }));
  },

  async 'import-profiles:save'({ workspace }, input) {
    const savedUtc = Math.floor(Date.now() / 1000);
    await workspace.db.write((tx) =>
      tx.run('INSERT OR REPLACE INTO import_profiles (name, mapping_json, saved_utc) VALUES (?, ?, ?)', [
        input.name,
        JSON.stringify(input.mapping),
        savedUtc,
      ]),
    );
    return { name: input.name, mapping: input.mapping, savedAt: formatSeedUtc(savedUtc) };
  },

  'settlement:status': ({ workspace }, input) =>
    settlementStatus(workspace, input.month !== undefined ? { month: input.month } : {}),

  async 'settlement:settle'({ workspace, onSettleProgress }, input) {
    const outcome = await settleMonth(workspace, input.month, {
      allowGaps: input.allowGaps,
      ...(onSettleProgress ? { onProgress: onSettleProgress } : {}),
    });
    if (outcome.status === 'refused') throw new ApiError('conflict', outcome.message);
    return outcome;
  },

  async 'runs:list'({ workspace }, input) {
    const runs = await listRuns(workspace.db, input.month);
    // The run in force per month: the latest published one, less runs of closed months held for acceptance.
    const holds = new Map(
      (
        await workspace.db.all<{ run_id: number; status: HoldStatus }>('SELECT run_id, status FROM run_holds')
      ).map((h) => [h.run_id, h.status]),
    );
    const closedOn = new Set(
      (await workspace.db.all<{ run_id: number }>('SELECT run_id FROM month_closes')).map((c) => c.run_id),
    );
    const latest = new Map<string, number>();
    for (const run of runs)
      if (run.status === 'published' && (holds.get(run.id) ?? 'accepted') === 'accepted')
        latest.set(run.month, run.id);
    return runs.map((run) => ({
      id: run.id,
      month: run.month,
      identity: run.identity,
      status: run.status,
      isLatest: latest.get(run.month) === run.id,
      held: holds.get(run.id) ?? null,
      closesMonth: closedOn.has(run.id),
      engineVersion: run.engine_version,
      options: JSON.parse(run.options_json) as { allowGaps: boolean },
      createdAt: formatSeedUtc(run.created_utc),
      lines: run.line_count,
      message: run.message,
      manifest: input.withManifest ? (JSON.parse(run.manifest_json) as unknown) : undefined,
    }));
  },

  'payments:record': ({ workspace }, input) => recordPayment(workspace, input),
  'payments:list': ({ workspace }, input) => listPayments(workspace, input),
  'payments:undo': ({ workspace }, input) => undoPayment(workspace, input),

  'consumer:overview': ({ workspace }, input) => consumerOverview(workspace, input),
  'consumer:days': ({ workspace }, input) => consumerDays(workspace, input),
  'consumer:hours': ({ workspace }, input) => consumerHours(workspace, input),
  'consumer:daily-tracking': ({ workspace }, input) => consumerDailyTracking(workspace, input),
  'consumer:year': ({ workspace }, input) => consumerYear(workspace, input),
  'prosumer:transactions': ({ workspace }, input) => prosumerTransactions(workspace, input),
  'prosumer:distribution': ({ workspace }, input) => prosumerDistribution(workspace, input),
  'prosumer:breakdown': ({ workspace }, input) => prosumerBreakdown(workspace, input),
  'prosumer:revenue': ({ workspace }, input) => prosumerRevenue(workspace, input),
  'prosumer:payments': ({ workspace }, input) => prosumerPayments(workspace, input),
  'prosumer:daily-tracking': ({ workspace }, input) => prosumerDailyTracking(workspace, input),
};
