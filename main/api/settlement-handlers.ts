/**
 * Settlement's operations: whether each month's run is current, settling months (with
 * progress), and the runs of a month.
 */

import { formatSeedUtc } from '../../shared/time';
import { ApiError } from '../errors';
import { settleMonth } from '../settlement/settle-month';
import { settlementStatus } from '../settlement/status';
import { closingRunIds } from '../store/month-close-repository';
import { holdStatuses } from '../store/run-holds';
import { listRuns } from '../store/settlement-repository';

import type { Handlers } from './context';

export const settlementHandlers: Pick<Handlers, 'settlement:status' | 'settlement:settle' | 'runs:list'> = {
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
    const holds = new Map((await holdStatuses(workspace.db)).map((h) => [h.run_id, h.status]));
    const closedOn = new Set(await closingRunIds(workspace.db));
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
};
