/**
 * Month close (issue 10). A published month can be closed: its statements
 * then carry the closing run's figures for good. Re-settling a closed month
 * makes a held run (store-run.ts), not in force until it is accepted here;
 * accepting it records, per participant, the difference between what its
 * statement would say on the new run and what it said on the run in force, as
 * a prior-period adjustment carried by the next open month's statement.
 */
import { DateTime } from 'luxon';

import type { AcceptRunDto, CloseMonthDto, MonthStatusDto } from '../../shared/contract';
import { formatSeedUtc, monthRangeUtc } from '../../shared/time';
import { formatTenThousandths } from '../engine/money';
import { ApiError, notFound } from '../errors';
import {
  closedMonths,
  closingRunOf,
  firstSettlingReadingStart,
  insertMonthClose,
  insertPriorPeriodAdjustment,
  logCloseOrder,
  monthClose,
  monthIsClosed,
  publishedMonths,
  publishedMonthsBefore,
  settlingReadingsBetween,
} from '../store/month-close-repository';
import { participantNames } from '../store/participant-directory';
import { acceptHold, holdStatusOf, holdsOfMonth } from '../store/run-holds';
import { latestPublishedRun, participantAmounts, runById } from '../store/settlement-repository';
import { issueStatements, participantsOfRun } from '../store/statement-numbers';
import type { Store, WriteTransaction } from '../store/store';
import type { Workspace } from '../store/workspace';

const refuse = (message: string) => new ApiError('conflict', message);

/** The first month after `month` that is not closed: the one whose statements carry an adjustment. */
async function nextOpenMonth(workspace: Workspace, month: string): Promise<string> {
  const closed = new Set(await closedMonths(workspace.db));
  let next = DateTime.fromISO(`${month}-01`).plus({ months: 1 });
  while (closed.has(next.toFormat('yyyy-MM'))) next = next.plus({ months: 1 });
  return next.toFormat('yyyy-MM');
}

const nextMonth = (month: string) => DateTime.fromISO(`${month}-01`).plus({ months: 1 }).toFormat('yyyy-MM');

/**
 * The months before `before` that hold data and are not closed, oldest first. A month holds
 * data when it has a published run, or readings of a meter that settles (so it could be
 * settled). Each month is looked up on the readings' key (meter, start), never by scanning
 * them: from the month of the earliest reading on, one range probe per settling meter.
 */
export async function openMonthsWithData(
  db: Pick<Store, 'all'> | WriteTransaction,
  timezone: string,
  before: string,
): Promise<string[]> {
  const closed = new Set(await closedMonths(db));
  const open = new Set((await publishedMonthsBefore(db, before)).filter((m) => !closed.has(m)));
  const first = await firstSettlingReadingStart(db);
  if (first != null) {
    let month = DateTime.fromSeconds(first, { zone: timezone }).toFormat('yyyy-MM');
    for (; month < before; month = nextMonth(month)) {
      if (closed.has(month) || open.has(month)) continue;
      const { start, end } = monthRangeUtc(month, timezone);
      if (await settlingReadingsBetween(db, start, end)) open.add(month);
    }
  }
  return [...open].sort();
}

/** How an out-of-order close is asked for, wherever the month is closed. */
const OUT_OF_ORDER_HOW =
  'tick "Close out of order" on the Settlement screen, or energy-ledger close --month MONTH --out-of-order, or outOfOrder: true';

const listMonths = (months: string[]) =>
  months.length > 12 ? `${months.slice(0, 12).join(', ')} and ${months.length - 12} more` : months.join(', ');

export async function monthStatuses(workspace: Workspace): Promise<MonthStatusDto[]> {
  const months = await publishedMonths(workspace.db);
  const { timezone } = await workspace.settings();
  const last = months[months.length - 1];
  const openWithData = last ? await openMonthsWithData(workspace.db, timezone, nextMonth(last)) : [];
  const out: MonthStatusDto[] = [];
  for (const month of months) {
    const inForce = await latestPublishedRun(workspace.db, month);
    const closed = await monthClose(workspace.db, month);
    const holds = await holdsOfMonth(workspace.db, month);
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
      earlierOpen: closed ? [] : openWithData.filter((m) => m < month),
    });
  }
  return out;
}

/**
 * Closes a month on its run in force, in order unless `outOfOrder` (earlier open months with
 * data refuse it otherwise), recording the order in the audit log.
 */
export async function closeMonth(
  workspace: Workspace,
  input: { month: string; note?: string | undefined; outOfOrder: boolean },
): Promise<CloseMonthDto> {
  const now = Math.floor(Date.now() / 1000);
  const { timezone } = await workspace.settings();
  // The run in force and the earlier open months are read inside the write queue, so a
  // settlement or another close cannot land in between.
  const { run, earlierOpen } = await workspace.db.write(async (tx) => {
    const already = await closingRunOf(tx, input.month);
    if (already !== undefined) throw refuse(`${input.month} is already closed (on run ${already})`);
    const inForce = await latestPublishedRun(tx, input.month);
    if (!inForce)
      throw refuse(
        `${input.month} is not settled: settle it first (energy-ledger settle --month ${input.month}); only a published month can be closed`,
      );
    // Months are closed in order unless the user says otherwise: an earlier month with data
    // still open would otherwise be left behind a closed one without anyone deciding so.
    const open = await openMonthsWithData(tx, timezone, input.month);
    if (open.length > 0 && !input.outOfOrder)
      throw new ApiError(
        'conflict',
        `${input.month} cannot be closed while earlier months with data are still open: ${listMonths(open)}; close ${
          open.length > 1 ? 'them' : 'it'
        } first, or close ${input.month} out of order (${OUT_OF_ORDER_HOW.replace('MONTH', input.month)})`,
        { earlierOpen: open },
      );
    await insertMonthClose(tx, {
      month: input.month,
      runId: inForce.id,
      closedUtc: now,
      note: input.note ?? '',
    });
    // The audit_close trigger has recorded the close; this entry records the order it was closed
    // in (the log is append-only, so it is a second entry in the same transaction).
    await logCloseOrder(tx, {
      atUtc: now,
      month: input.month,
      description:
        open.length > 0
          ? `${input.month}: closed out of order: ${listMonths(open)} still open`
          : `${input.month}: closed in order (no earlier month with data is open)`,
      details: { month: input.month, outOfOrder: open.length > 0, earlierOpen: open },
    });
    return { run: inForce, earlierOpen: open };
  });
  return {
    month: input.month,
    runId: run.id,
    identity: run.identity,
    closedAt: formatSeedUtc(now),
    outOfOrder: earlierOpen.length > 0,
    earlierOpen,
  };
}

/**
 * Accepts a held run of a closed month (or, dry run, says what accepting it would do): each
 * participant's difference between the held run and the run in force becomes a prior-period
 * adjustment carried by the next open month's statement.
 */
export async function acceptRun(
  workspace: Workspace,
  input: { runId: number; dryRun: boolean },
): Promise<AcceptRunDto> {
  const run = await runById(workspace.db, input.runId);
  if (!run) throw notFound(`run ${input.runId} does not exist`);
  const hold = await holdStatusOf(workspace.db, run.id);
  if (hold === undefined)
    throw refuse(
      `run ${run.id} is not held: only a run of a closed month waits for acceptance, and ${run.month} ${
        (await monthIsClosed(workspace.db, run.month)) ? 'was closed after it' : 'is not closed'
      }`,
    );
  if (hold !== 'pending')
    throw refuse(
      `run ${run.id} was ${hold === 'accepted' ? 'already accepted' : 'superseded by a newer run of the month'}`,
    );
  const before = await latestPublishedRun(workspace.db, run.month);
  if (!before) throw new Error(`${run.month} is closed but has no run in force`);
  const was = await participantAmounts(workspace.db, before.id);
  const now = await participantAmounts(workspace.db, run.id);
  const names = new Map((await participantNames(workspace.db)).map((p) => [p.id, p.name]));
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
      if ((await holdStatusOf(tx, run.id)) !== 'pending') throw refuse(`run ${run.id} is no longer pending`);
      // What the adjustments were worked out against must still hold inside the write queue.
      const inForce = await latestPublishedRun(tx, run.month);
      const closedSince = await monthIsClosed(tx, appliedMonth);
      if (inForce?.id !== before.id || closedSince)
        throw refuse(`${run.month} changed while run ${run.id} was being accepted; accept it again`);
      for (const a of adjustments)
        await insertPriorPeriodAdjustment(tx, {
          participantId: a.participantId,
          originalMonth: run.month,
          fromRunId: before.id,
          toRunId: run.id,
          amount: a.amount,
          appliedMonth,
          createdUtc: at,
        });
      // A settled month's statements that now carry an adjustment are issued if they were not.
      const applied = await latestPublishedRun(tx, appliedMonth);
      if (applied)
        await issueStatements(tx, appliedMonth, await participantsOfRun(tx, applied.id, appliedMonth), at);
      await acceptHold(tx, run.id, at);
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
}
