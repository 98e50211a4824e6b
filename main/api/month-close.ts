/**
 * Month close (issue 10). A published month can be closed: its statements
 * then carry the closing run's figures for good. Re-settling a closed month
 * makes a held run (settlement.ts), not in force until it is accepted here;
 * accepting it records, per participant, the difference between what its
 * statement would say on the new run and what it said on the run in force, as
 * a prior-period adjustment carried by the next open month's statement.
 */
import { DateTime } from 'luxon';

import type { AcceptRunDto, MonthStatusDto } from '../../shared/contract';
import { formatSeedUtc } from '../../shared/time';
import { formatTenThousandths } from '../engine/money';
import { latestPublishedRun, participantAmounts, runById } from '../store/settlement-repository';
import type { Workspace } from '../store/workspace';

import type { Handlers } from './dispatch';
import { ApiError, notFound } from './errors';

const refuse = (message: string) => new ApiError('conflict', message);

/** The first month after `month` that is not closed: the one whose statements carry an adjustment. */
async function nextOpenMonth(workspace: Workspace, month: string): Promise<string> {
  const closed = new Set(
    (await workspace.db.all<{ month: string }>('SELECT month FROM month_closes')).map((r) => r.month),
  );
  let next = DateTime.fromISO(`${month}-01`).plus({ months: 1 });
  while (closed.has(next.toFormat('yyyy-MM'))) next = next.plus({ months: 1 });
  return next.toFormat('yyyy-MM');
}

export async function monthStatuses(workspace: Workspace): Promise<MonthStatusDto[]> {
  const months = await workspace.db.all<{ month: string }>(
    "SELECT DISTINCT month FROM settlement_runs WHERE status = 'published' ORDER BY month",
  );
  const out: MonthStatusDto[] = [];
  for (const { month } of months) {
    const inForce = await latestPublishedRun(workspace.db, month);
    const closed = await workspace.db.get<{ run_id: number; closed_utc: number; note: string }>(
      'SELECT run_id, closed_utc, note FROM month_closes WHERE month = ?',
      [month],
    );
    const holds = await workspace.db.all<{ run_id: number; status: string; held_utc: number }>(
      'SELECT run_id, status, held_utc FROM run_holds WHERE month = ? ORDER BY run_id',
      [month],
    );
    out.push({
      month,
      inForceRunId: inForce?.id ?? null,
      closed: closed
        ? { runId: closed.run_id, closedAt: formatSeedUtc(closed.closed_utc), note: closed.note }
        : null,
      held: holds.map((h) => ({
        runId: h.run_id,
        status: h.status as 'pending' | 'accepted' | 'superseded',
        heldAt: formatSeedUtc(h.held_utc),
      })),
    });
  }
  return out;
}

export const monthCloseHandlers: Pick<Handlers, 'months:list' | 'months:close' | 'runs:accept'> = {
  'months:list': ({ workspace }) => monthStatuses(workspace),

  async 'months:close'({ workspace }, input) {
    const now = Math.floor(Date.now() / 1000);
    // The run in force is read inside the write queue, so a settlement cannot land in between.
    const run = await workspace.db.write(async (tx) => {
      const [already] = await tx.all<{ run_id: number }>('SELECT run_id FROM month_closes WHERE month = ?', [
        input.month,
      ]);
      if (already) throw refuse(`${input.month} is already closed (on run ${already.run_id})`);
      const inForce = await latestPublishedRun(tx, input.month);
      if (!inForce)
        throw refuse(
          `${input.month} is not settled: settle it first (energy-ledger settle --month ${input.month}); only a published month can be closed`,
        );
      await tx.run('INSERT INTO month_closes (month, run_id, closed_utc, note) VALUES (?, ?, ?, ?)', [
        input.month,
        inForce.id,
        now,
        input.note ?? '',
      ]);
      return inForce;
    });
    return { month: input.month, runId: run.id, identity: run.identity, closedAt: formatSeedUtc(now) };
  },

  async 'runs:accept'({ workspace }, input) {
    const run = await runById(workspace.db, input.runId);
    if (!run) throw notFound(`run ${input.runId} does not exist`);
    const hold = await workspace.db.get<{ status: string }>('SELECT status FROM run_holds WHERE run_id = ?', [
      run.id,
    ]);
    if (!hold)
      throw refuse(
        `run ${run.id} is not held: only a run of a closed month waits for acceptance, and ${run.month} ${
          (await workspace.db.get('SELECT 1 FROM month_closes WHERE month = ?', [run.month]))
            ? 'was closed after it'
            : 'is not closed'
        }`,
      );
    if (hold.status !== 'pending')
      throw refuse(
        `run ${run.id} was ${hold.status === 'accepted' ? 'already accepted' : 'superseded by a newer run of the month'}`,
      );
    const before = await latestPublishedRun(workspace.db, run.month);
    if (!before) throw new Error(`${run.month} is closed but has no run in force`);
    const was = await participantAmounts(workspace.db, before.id);
    const now = await participantAmounts(workspace.db, run.id);
    const names = new Map(
      (await workspace.db.all<{ id: string; name: string }>('SELECT id, name FROM participants')).map((p) => [
        p.id,
        p.name,
      ]),
    );
    const appliedMonth = await nextOpenMonth(workspace, run.month);
    const adjustments: AcceptRunDto['adjustments'] = [];
    for (const id of [...new Set([...was.keys(), ...now.keys()])].sort()) {
      const from = was.get(id) ?? 0n;
      const to = now.get(id) ?? 0n;
      if (from === to) continue;
      adjustments.push({
        participantId: id,
        name: names.get(id) ?? id,
        before: formatTenThousandths(Number(from)),
        after: formatTenThousandths(Number(to)),
        amount: formatTenThousandths(Number(to - from)),
      });
    }
    if (!input.dryRun) {
      const at = Math.floor(Date.now() / 1000);
      await workspace.db.write(async (tx) => {
        const [current] = await tx.all<{ status: string }>('SELECT status FROM run_holds WHERE run_id = ?', [
          run.id,
        ]);
        if (current?.status !== 'pending') throw refuse(`run ${run.id} is no longer pending`);
        // What the adjustments were worked out against must still hold inside the write queue.
        const inForce = await latestPublishedRun(tx, run.month);
        const [closedSince] = await tx.all('SELECT 1 FROM month_closes WHERE month = ?', [appliedMonth]);
        if (inForce?.id !== before.id || closedSince)
          throw refuse(`${run.month} changed while run ${run.id} was being accepted; accept it again`);
        for (const a of adjustments)
          await tx.run(
            `INSERT INTO prior_period_adjustments
               (participant_id, original_month, from_run_id, to_run_id, amount, applied_month, created_utc)
             VALUES (?, ?, ?, ?, ?, ?, ?)`,
            [a.participantId, run.month, before.id, run.id, a.amount, appliedMonth, at],
          );
        await tx.run("UPDATE run_holds SET status = 'accepted', decided_utc = ? WHERE run_id = ?", [
          at,
          run.id,
        ]);
      });
    }
    return {
      runId: run.id,
      month: run.month,
      fromRunId: before.id,
      appliedMonth,
      accepted: !input.dryRun,
      adjustments,
    };
  },
};
