/**
 * Whether each settled month's run in force still stands for the current inputs (issue 18), and
 * which settled months an import changed: screened against what each run's manifest recorded,
 * and, when the screen finds something that may have changed it, answered exactly by the
 * identity a run settled now would have (identity.ts), with what changed named.
 */
import type { ImportReportDto, RunSourceDto, SettlementStatusDto } from '../../shared/contract';
import { formatSeedUtc } from '../../shared/time';
import { ENGINE_VERSION } from '../engine/settle-period';
import { ApiError } from '../errors';
import { latestPendingRunWithIdentity } from '../store/run-holds';
import {
  anyImportUndone,
  importHoldsDataBetween,
  inputChangesLoggedAfter,
  intervalizedSince,
  settlementAuditEntry,
} from '../store/run-inputs-log';
import { latestPublishedRuns, type RunRow } from '../store/settlement-repository';
import type { Workspace } from '../store/workspace';

import { byId } from './gather-inputs';
import { currentRunIdentity, INPUT_NAMES } from './identity';

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
  const entry = await settlementAuditEntry(workspace.db, run.month, run.created_utc, run.id);
  // Not found (a log without it): everything logged counts as later, and the month is checked in full.
  return entry ?? 0;
}

/** True when import `importId` holds readings or prices in the run's month. */
async function holdsData(workspace: Workspace, importId: number, run: RunRow, priceZone: string) {
  return importHoldsDataBetween(workspace.db, importId, run.period_start_utc, run.period_end_utc, priceZone);
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
  if (await anyImportUndone(db, sources)) return true;
  const later = await inputChangesLoggedAfter(db, mark);
  for (const entry of later) {
    if (entry.kind !== 'import' && entry.kind !== 'undo') return true;
    if (entry.importKind === 'workspace') return true;
    if (entry.kind === 'import' && entry.importId !== null && entry.importKind !== 'payments')
      if (await holdsData(workspace, entry.importId, run, priceZone)) return true;
  }
  if (/"(sum|subtract)MeterGroups":\["/.test(JSON.stringify(manifest.virtualMeters ?? []))) return true;
  if ((manifest.estimates?.length ?? 0) > 0 || (manifest.gapHours ?? 0) > 0) {
    // Estimates fill hours without a reading only: a run with neither used none, and can use none now.
    if (await intervalizedSince(db, run.created_utc - 60)) return true;
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
  const held = await latestPendingRunWithIdentity(workspace.db, run.month, now.identity);
  if (held !== undefined)
    return {
      ...base,
      status: 'held',
      currentIdentity: now.identity,
      heldRunId: held,
      changes,
      message: `${run.month}: ${since}; settled again as run ${held}, held until it is accepted`,
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
