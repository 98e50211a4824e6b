/**
 * Holds on settlement runs (migration 0012): a run of a closed month is held (pending) until it
 * is accepted, or superseded by a newer run of the month. Read and written here: the month's
 * pending run of given inputs, the holds to supersede when a month is settled again, a run's
 * hold and its acceptance.
 */
import type { RunRow } from './settlement-repository';
import type { Store, WriteTransaction } from './store';

export type HoldStatus = 'pending' | 'accepted' | 'superseded';

/** The month's run held for acceptance (pending) whose identity is `identity`, if any. */
export async function pendingRunWithIdentity(
  db: Store,
  month: string,
  identity: string,
): Promise<RunRow | undefined> {
  return db.get<RunRow>(
    "SELECT r.* FROM settlement_runs r JOIN run_holds h ON h.run_id = r.id WHERE r.month = ? AND h.status = 'pending' AND r.identity = ?",
    [month, identity],
  );
}

/** The latest of the month's runs held for acceptance whose identity is `identity`: its id. */
export async function latestPendingRunWithIdentity(
  db: Store,
  month: string,
  identity: string,
): Promise<number | undefined> {
  const held = await db.get<{ id: number }>(
    `SELECT r.id FROM settlement_runs r JOIN run_holds h ON h.run_id = r.id
      WHERE r.month = ? AND h.status = 'pending' AND r.identity = ? ORDER BY r.id DESC LIMIT 1`,
    [month, identity],
  );
  return held?.id;
}

/** The runs of the month held for acceptance (pending), but `exceptRunId`. */
export async function pendingRunIdsExcept(db: Store, month: string, exceptRunId: number): Promise<number[]> {
  const rows = await db.all<{ run_id: number }>(
    "SELECT run_id FROM run_holds WHERE month = ? AND status = 'pending' AND run_id <> ?",
    [month, exceptRunId],
  );
  return rows.map((row) => row.run_id);
}

/** Supersedes the month's pending holds but the one of `keepRunId`. */
export async function supersedePendingHolds(
  tx: WriteTransaction,
  month: string,
  keepRunId: number,
  now: number,
): Promise<void> {
  await tx.run(
    "UPDATE run_holds SET status = 'superseded', decided_utc = ? WHERE month = ? AND status = 'pending' AND run_id <> ?",
    [now, month, keepRunId],
  );
}

/** Supersedes every pending hold of the month. */
export async function supersedeAllPendingHolds(
  tx: WriteTransaction,
  month: string,
  now: number,
): Promise<void> {
  await tx.run(
    "UPDATE run_holds SET status = 'superseded', decided_utc = ? WHERE month = ? AND status = 'pending'",
    [now, month],
  );
}

/** Holds run `runId` of `month` for acceptance. */
export async function holdRun(
  tx: WriteTransaction,
  runId: number,
  month: string,
  now: number,
): Promise<void> {
  await tx.run("INSERT INTO run_holds (run_id, month, status, held_utc) VALUES (?, ?, 'pending', ?)", [
    runId,
    month,
    now,
  ]);
}

/**
 * The month's latest published run that was not superseded (a pending one included), read
 * inside the write queue: its id and identity.
 */
export async function latestUnsupersededRun(
  tx: WriteTransaction,
  month: string,
): Promise<{ id: number; identity: string } | undefined> {
  const [current] = await tx.all<{ id: number; identity: string }>(
    `SELECT id, identity FROM settlement_runs WHERE month = ? AND status = 'published'
         AND id NOT IN (SELECT run_id FROM run_holds WHERE status = 'superseded') ORDER BY id DESC LIMIT 1`,
    [month],
  );
  return current;
}

/** Every hold: the run and its status. */
export async function holdStatuses(db: Store): Promise<{ run_id: number; status: HoldStatus }[]> {
  return db.all<{ run_id: number; status: HoldStatus }>('SELECT run_id, status FROM run_holds');
}

/** The holds of the month's runs, in run order. */
export async function holdsOfMonth(
  db: Store,
  month: string,
): Promise<{ run_id: number; status: string; held_utc: number }[]> {
  return db.all<{ run_id: number; status: string; held_utc: number }>(
    'SELECT run_id, status, held_utc FROM run_holds WHERE month = ? ORDER BY run_id',
    [month],
  );
}

/** The status of run `runId`'s hold, or undefined when it is not held. */
export async function holdStatusOf(
  db: Pick<Store, 'all'> | WriteTransaction,
  runId: number,
): Promise<string | undefined> {
  const [hold] = await db.all<{ status: string }>('SELECT status FROM run_holds WHERE run_id = ?', [runId]);
  return hold?.status;
}

/** Records that held run `runId` was accepted. */
export async function acceptHold(tx: WriteTransaction, runId: number, at: number): Promise<void> {
  await tx.run("UPDATE run_holds SET status = 'accepted', decided_utc = ? WHERE run_id = ?", [at, runId]);
}
