/**
 * Settlement's last stage: storing the run. A run that broke an invariant is stored refused,
 * with the problems named; a run whose identity is that of the run in force (or of a run of the
 * closed month already held) adds nothing; otherwise the run is published with its lines, daily
 * aggregates, pair sums and bill lines in one transaction (a killed process leaves no half run),
 * held for acceptance when its month is closed, its statements issued when it is not. The
 * manifest names the inputs' digest and where they came from (imports, plans, pools) for auditors.
 */
import type { SettleOutcomeDto } from '../../shared/contract';
import { localDayOf, localHourOf } from '../../shared/time';
import { ENGINE_VERSION, type Lines, type SettlementProblem } from '../engine/settle-period';
import { monthIsClosed } from '../store/month-close-repository';
import {
  holdRun,
  latestUnsupersededRun,
  pendingRunIdsExcept,
  pendingRunWithIdentity,
  supersedeAllPendingHolds,
  supersedePendingHolds,
} from '../store/run-holds';
import {
  insertBillLines,
  insertDaily,
  insertPacks,
  insertPairMonths,
  insertRun,
  latestPublishedRun,
  packLines,
  type BillLine,
  type DailyAggregate,
  type PairMonth,
  type RunRow,
} from '../store/settlement-repository';
import { issueStatements, participantsOfRun } from '../store/statement-numbers';
import type { Store } from '../store/store';

import type { Inputs } from './gather-inputs';
import type { digestInputs } from './identity';
import type { Terms } from './price';

/** A run as it is stored, but for its status, message and line count. */
export type RunRecord = Omit<RunRow, 'id' | 'status' | 'message' | 'line_count'>;

/** The run's row: its identity, period, engine, options and manifest, made `now`. */
export function runRecord(run: {
  month: string;
  identity: string;
  allowGaps: boolean;
  optionsJson: string;
  inputsDigest: ReturnType<typeof digestInputs>;
  inputs: Inputs;
  terms: Terms;
  /** Where the audit log stood when the inputs were read. */
  auditLogId: number;
}): RunRecord {
  const { month, identity, inputs, auditLogId } = run;
  const { definition, timezone } = inputs;
  const manifest = {
    month,
    timezone,
    priceZone: inputs.priceZone,
    engineVersion: ENGINE_VERSION,
    options: { allowGaps: run.allowGaps },
    inputs: run.inputsDigest,
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
    tariffs: [...run.terms.tariffs.values()],
    gapHours: inputs.gapList.length,
    auditLogId,
  };
  const now = Math.floor(Date.now() / 1000);
  return {
    month,
    identity,
    period_start_utc: inputs.start,
    period_end_utc: inputs.end,
    engine_version: ENGINE_VERSION,
    options_json: run.optionsJson,
    manifest_json: JSON.stringify(manifest),
    created_utc: now,
  };
}

/** The first five problems, each at its local day and hour, and how many more there are. */
export function describeProblems(problems: SettlementProblem[], timezone: string): string {
  const first = problems
    .slice(0, 5)
    .map(
      (p) =>
        `${localDayOf(p.hourStartUtc, timezone)} ${String(localHourOf(p.hourStartUtc, timezone)).padStart(2, '0')}:00 ${p.participantId}: ${p.message}`,
    );
  return `${first.join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`;
}

/** Stores the run refused, with the problems that stopped it. */
export async function storeRefusedRun(
  db: Store,
  run: RunRecord,
  problems: string,
  gapHours: number,
): Promise<SettleOutcomeDto> {
  const { month, identity } = run;
  const message = `${month}: not published: ${problems}`;
  const runId = await db.write((tx) => insertRun(tx, { ...run, status: 'refused', message, line_count: 0 }));
  return { runId, month, identity, status: 'refused', lines: 0, gapHours, message };
}

/**
 * The outcome when the month's run in force, or a run of the closed month already waiting for
 * acceptance, has this identity (runs held since for other inputs are superseded); else undefined.
 */
export async function unchangedRun(
  db: Store,
  month: string,
  identity: string,
  gapHours: number,
): Promise<SettleOutcomeDto | undefined> {
  const latest = (await pendingRunWithIdentity(db, month, identity)) ?? (await latestPublishedRun(db, month));
  if (!latest || latest.identity !== identity) return undefined;
  // Back to the inputs of the run in force of a closed month: runs held since are stale.
  const stale = await pendingRunIdsExcept(db, month, latest.id);
  if (stale.length > 0)
    await db.write((tx) => supersedePendingHolds(tx, month, latest.id, Math.floor(Date.now() / 1000)));
  return {
    runId: latest.id,
    month,
    identity,
    status: 'unchanged',
    lines: latest.line_count,
    gapHours,
    message: `${month}: unchanged since run ${latest.id}; ${
      stale.length > 0
        ? `held run(s) ${stale.join(', ')} superseded (the inputs are back to those of run ${latest.id})`
        : 'no new run'
    }`,
  };
}

export interface StoredRun {
  runId: number;
  /** published; held when its month is closed; unchanged when a run of the same identity was published meanwhile (runId is that one). */
  status: 'published' | 'held' | 'unchanged';
}

/** Publishes the run with its lines, aggregates and bill lines, in one transaction. */
export async function storeRun(
  db: Store,
  run: RunRecord,
  lines: Lines,
  aggregates: { daily: DailyAggregate[]; pairs: PairMonth[] },
  billLines: BillLine[],
): Promise<StoredRun> {
  const { month, identity, created_utc: now } = run;
  const packs = packLines(lines);
  const lineCount = lines.hour.length;
  let held = false;
  const runId = await db.write(async (tx) => {
    // Checked again inside the write queue: two settles of the same inputs at once publish one run.
    const current = await latestUnsupersededRun(tx, month);
    if (current?.identity === identity) return -current.id;
    const id = await insertRun(tx, { ...run, status: 'published', message: '', line_count: lineCount });
    await insertPacks(tx, id, packs);
    await insertDaily(tx, id, aggregates.daily);
    await insertPairMonths(tx, id, aggregates.pairs);
    await insertBillLines(tx, id, billLines);
    // A closed month keeps its run in force: the new run is held until accepted (runs:accept).
    if (await monthIsClosed(tx, month)) {
      await supersedeAllPendingHolds(tx, month, now);
      await holdRun(tx, id, month, now);
      held = true;
    } else {
      // The month's statements are issued (numbered) with its first run in force that has them.
      await issueStatements(tx, month, await participantsOfRun(tx, id, month), now);
    }
    return id;
  });
  if (runId < 0) return { runId: -runId, status: 'unchanged' };
  return { runId, status: held ? 'held' : 'published' };
}

/** What settling the month came to, once the run is stored. */
export function storedOutcome(
  run: RunRecord,
  stored: StoredRun,
  lineCount: number,
  gapHours: number,
): SettleOutcomeDto {
  const { month, identity } = run;
  const { runId } = stored;
  if (stored.status === 'unchanged')
    return {
      runId,
      month,
      identity,
      status: 'unchanged',
      lines: lineCount,
      gapHours,
      message: `${month}: unchanged since run ${runId}; no new run`,
    };
  if (stored.status === 'held')
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
