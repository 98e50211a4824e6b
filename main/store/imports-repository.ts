/** The import log: every file that reached the workspace, landed or rejected, with its report. */
import type { ImportReportDto } from '../../shared/contract';

import type { Store, WriteTransaction } from './store';

export type ImportKind = ImportReportDto['kind'];

/** Opens an import's log entry inside the transaction that stores its rows, so both land or neither. */
export async function beginImport(tx: WriteTransaction, kind: ImportKind, fileName: string): Promise<number> {
  const { lastID } = await tx.run(
    `INSERT INTO imports (kind, file_name, sha256, imported_utc, status, report_json) VALUES (?, ?, '', ?, 'stored', '{}')`,
    [kind, fileName, Math.floor(Date.now() / 1000)],
  );
  return lastID;
}

/** The file name of each import (null for none), for the facts of a conflict with an earlier import. */
export async function importFileNames(tx: WriteTransaction): Promise<(importId: number) => string | null> {
  const names = new Map(
    (await tx.all<{ id: number; file_name: string }>('SELECT id, file_name FROM imports')).map((r) => [
      r.id,
      r.file_name,
    ]),
  );
  return (id) => names.get(id) ?? null;
}

/**
 * The first stored import, other than `importId` and not removed, of the same bytes (the same
 * SHA-256), or undefined when there is none.
 */
export async function storedImportWithSha256(
  tx: WriteTransaction,
  sha256: string,
  importId: number,
): Promise<number | undefined> {
  const [earlier] = await tx.all<{ id: number }>(
    "SELECT id FROM imports WHERE sha256 = ? AND status = 'stored' AND id != ? AND id NOT IN (SELECT import_id FROM import_removals) ORDER BY id LIMIT 1",
    [sha256, importId],
  );
  return earlier?.id;
}

export async function finishImport(tx: WriteTransaction, report: ImportReportDto): Promise<void> {
  await tx.run(
    'UPDATE imports SET sha256 = ?, status = ?, rows_read = ?, rows_stored = ?, report_json = ? WHERE id = ?',
    [
      report.sha256,
      report.status,
      report.rowsRead,
      report.rowsStored,
      JSON.stringify(report),
      report.importId,
    ],
  );
}

/** Records a rejected file (its rows were rolled back) so the log shows every attempt. */
export async function recordRejectedImport(
  db: Store,
  report: Omit<ImportReportDto, 'importId'>,
): Promise<number> {
  return db.write(async (tx) => {
    const importId = await beginImport(tx, report.kind, report.fileName);
    await finishImport(tx, { ...report, importId });
    return importId;
  });
}

export async function listImports(db: Store, limit: number): Promise<ImportReportDto[]> {
  const rows = await db.all<{ id: number; report_json: string; removed: number }>(
    'SELECT i.id, i.report_json, r.import_id IS NOT NULL AS removed FROM imports i LEFT JOIN import_removals r ON r.import_id = i.id ORDER BY i.id DESC LIMIT ?',
    [limit],
  );
  return rows.map((row) => ({
    ...(JSON.parse(row.report_json) as ImportReportDto),
    importId: row.id,
    removed: row.removed === 1,
  }));
}

/** The kind of import `importId`, or null when there is none. */
export async function importKind(db: Store, importId: number): Promise<ImportKind | null> {
  const [row] = await db.all<{ kind: ImportKind }>('SELECT kind FROM imports WHERE id = ?', [importId]);
  return row?.kind ?? null;
}
