/**
 * Settling a month, stage by stage: gather the inputs from the store, resolve each
 * participant's terms per day (price), allocate every hour (the pure engine), check the
 * invariants, and store the run with its bill lines and aggregates (store-run). Each stage is a
 * function of its own file; this one tells them in order, with the progress each stage reports.
 * A run's identity (identity.ts) decides whether settling adds a run at all.
 */
import type { SettleOutcomeDto, SettleProgress } from '../../shared/contract';
import { auditLogPosition } from '../store/run-inputs-log';
import type { Workspace } from '../store/workspace';

import { aggregate } from './aggregate';
import { allocate } from './allocate';
import { tariffBillLines } from './bill';
import { gatherInputs, refuseUnsettleable } from './gather-inputs';
import { digestInputs, runIdentity } from './identity';
import { resolveTerms } from './price';
import {
  describeProblems,
  runRecord,
  storedOutcome,
  storeRefusedRun,
  storeRun,
  unchangedRun,
} from './store-run';

export interface SettleOptions {
  allowGaps: boolean;
  /** Told as each stage of the settlement begins (reading inputs, allocating hours, checking, storing, done). */
  onProgress?: (progress: SettleProgress) => void;
}

export type SettleOutcome = SettleOutcomeDto;

export async function settleMonth(
  workspace: Workspace,
  month: string,
  options: SettleOptions,
): Promise<SettleOutcome> {
  const progress = (stage: SettleProgress['stage'], step: number) =>
    options.onProgress?.({ month, stage, step, steps: 5 });
  const { allowGaps } = options;
  progress('reading inputs', 1);
  // Where the audit log stood when the inputs were read: a change logged after it may be one the
  // run did not see (settlementStatus).
  const auditLogId = await auditLogPosition(workspace.db);
  const inputs = await gatherInputs(workspace, month);
  refuseUnsettleable(month, inputs, allowGaps);
  const terms = await resolveTerms(workspace.db, month, inputs);

  progress('allocating hours', 2);
  await new Promise((resolve) => setImmediate(resolve));
  const result = allocate(inputs, terms);

  const optionsJson = JSON.stringify({ allowGaps });
  const inputsDigest = digestInputs(month, inputs, terms);
  const identity = runIdentity(optionsJson, inputsDigest);
  const run = runRecord({ month, identity, allowGaps, optionsJson, inputsDigest, inputs, terms, auditLogId });
  const gapHours = new Set(inputs.gapList.map((g) => g.hourStartUtc)).size;

  progress('checking invariants', 3);
  if (result.problems.length > 0)
    return storeRefusedRun(workspace.db, run, describeProblems(result.problems, inputs.timezone), gapHours);
  const unchanged = await unchangedRun(workspace.db, month, identity, gapHours);
  if (unchanged) return unchanged;

  progress('storing the run', 4);
  const { participantIds, start, end, timezone } = inputs;
  const bill = tariffBillLines(terms.tariffPlans, participantIds, result.lines, start, end, timezone);
  const stored = await storeRun(workspace.db, run, result.lines, aggregate(result.lines, timezone), bill);
  if (stored.status !== 'unchanged') progress('published', 5);
  return storedOutcome(run, stored, result.lines.hour.length, gapHours);
}
