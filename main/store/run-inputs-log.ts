/**
 * What the store says about a run's inputs beyond the inputs themselves: the imports behind a
 * month's readings and prices (and each one's record, for the audit pack), where the audit log
 * stood when a run read its inputs, the entries logged since, imports undone, and estimates
 * made since. Settlement records these in a run's manifest; settlement status screens a run's
 * month against them.
 */
import type { Store } from './store';

/** The audit log's last entry id (0 when it is empty). */
export async function auditLogPosition(db: Store): Promise<number> {
  return (await db.get<{ id: number | null }>('SELECT MAX(id) AS id FROM audit_log'))?.id ?? 0;
}

/** The id of the audit log entry of run `runId`'s settlement (of `month`, at `createdUtc`), if logged. */
export async function settlementAuditEntry(
  db: Store,
  month: string,
  createdUtc: number,
  runId: number,
): Promise<number | undefined> {
  const entry = await db.get<{ id: number }>(
    `SELECT id FROM audit_log WHERE kind = 'settlement' AND subject = ? AND at_utc = ?
        AND json_extract(details_json, '$.runId') = ? ORDER BY id LIMIT 1`,
    [month, createdUtc, runId],
  );
  return entry?.id;
}

/**
 * The imports behind the readings of `meterIds` in [start, end) and the market prices of
 * `priceZone` starting in it, in id order. `meterIds` is not empty.
 */
export async function importsBehind(
  db: Store,
  meterIds: string[],
  start: number,
  end: number,
  priceZone: string,
): Promise<{ importId: number; fileName: string; sha256: string }[]> {
  return db.all<{ importId: number; fileName: string; sha256: string }>(
    `SELECT id AS importId, file_name AS fileName, sha256 FROM imports WHERE id IN (
           SELECT DISTINCT import_id FROM readings WHERE start_utc < ? AND end_utc > ? AND meter_id IN (${meterIds.map(() => '?').join(',')})
           UNION SELECT DISTINCT import_id FROM market_prices WHERE price_zone = ? AND start_utc >= ? AND start_utc < ?)
         ORDER BY id`,
    [end, start, ...meterIds, priceZone, start, end],
  );
}

/** True when import `importId` holds readings in [start, end) or prices of `priceZone` starting in it. */
export async function importHoldsDataBetween(
  db: Store,
  importId: number,
  start: number,
  end: number,
  priceZone: string,
): Promise<boolean> {
  const found = await db.get(
    `SELECT 1 WHERE EXISTS (SELECT 1 FROM readings WHERE import_id = ? AND start_utc < ? AND end_utc > ?)
        OR EXISTS (SELECT 1 FROM market_prices WHERE price_zone = ? AND start_utc >= ? AND start_utc < ? AND import_id = ?)`,
    [importId, end, start, priceZone, start, end, importId],
  );
  return found !== undefined;
}

/** True when any of the imports `importIds` was undone. */
export async function anyImportUndone(db: Store, importIds: number[]): Promise<boolean> {
  const [undone] = await db.all(
    `SELECT 1 FROM import_removals WHERE import_id IN (SELECT value FROM json_each(?)) LIMIT 1`,
    [JSON.stringify(importIds)],
  );
  return undone !== undefined;
}

export interface LoggedInputChange {
  kind: string;
  /** The import an import or undo entry names (null for other entries). */
  importId: number | null;
  /** That import's kind, while it is stored. */
  importKind: string | null;
}

/** The audit log's entries after `afterId` of the kinds that may change a run's inputs. */
export async function inputChangesLoggedAfter(db: Store, afterId: number): Promise<LoggedInputChange[]> {
  return db.all<LoggedInputChange>(
    `SELECT a.kind, json_extract(a.details_json, '$.importId') AS importId, i.kind AS importKind
       FROM audit_log a LEFT JOIN imports i ON i.id = json_extract(a.details_json, '$.importId')
      WHERE a.id > ? AND a.kind IN ('import', 'undo', 'tariff', 'account', 'virtual-meter', 'meter')`,
    [afterId],
  );
}

/** True when an account's intervalization finished at or after `sinceUtc`. */
export async function intervalizedSince(db: Store, sinceUtc: number): Promise<boolean> {
  const [estimated] = await db.all(
    `SELECT 1 FROM intervalizations WHERE status = 'intervalized' AND finished_utc >= ? LIMIT 1`,
    [sinceUtc],
  );
  return estimated !== undefined;
}

export interface ImportRecord {
  id: number;
  file_name: string;
  kind: string;
  sha256: string;
  imported_utc: number;
  status: string;
  report_json: string;
}

/** Import `importId` as recorded (its file, kind, sha256, time, status and report), if it is stored. */
export async function importRecord(db: Store, importId: number): Promise<ImportRecord | undefined> {
  return db.get<ImportRecord>(
    'SELECT id, file_name, kind, sha256, imported_utc, status, report_json FROM imports WHERE id = ?',
    [importId],
  );
}
