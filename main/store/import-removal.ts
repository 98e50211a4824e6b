/**
 * Undoing an import: its readings, prices and payments go, the readings and
 * prices it had superseded come back, meters it created go too unless
 * something else now uses them, and the log keeps a removal entry naming the
 * published runs that had used it (they stay as they were: runs are never
 * edited, and settling again makes a new version).
 */
import type { ImportRemovalDto } from '../../shared/contract';

import type { Store, WriteTransaction } from './store';

export type RemovalOutcome = Omit<ImportRemovalDto, 'message'>;

export class RemovalRefused extends Error {}

/** The import to undo, once it is known to exist, to be stored and not to be undone yet. */
export async function removableImport(
  tx: WriteTransaction,
  importId: number,
): Promise<{ id: number; kind: string; file_name: string; report_json: string }> {
  const [entry] = await tx.all<{
    id: number;
    kind: string;
    status: string;
    file_name: string;
    report_json: string;
  }>('SELECT id, kind, status, file_name, report_json FROM imports WHERE id = ?', [importId]);
  if (!entry) throw new RemovalRefused(`import #${importId} does not exist`);
  const [removed] = await tx.all('SELECT import_id FROM import_removals WHERE import_id = ?', [importId]);
  if (removed) throw new RemovalRefused(`import #${importId} (${entry.file_name}) was already removed`);
  if (entry.status !== 'stored')
    throw new RemovalRefused(
      `import #${importId} (${entry.file_name}) was ${entry.status}; it stored nothing to remove`,
    );
  return entry;
}

/** Records that an import was undone (the audit log's trigger writes its entry). */
export async function recordImportRemoval(
  tx: WriteTransaction,
  importId: number,
  affectedRuns: { id: number; month: string }[],
): Promise<void> {
  await tx.run('INSERT INTO import_removals (import_id, removed_utc, affected_runs_json) VALUES (?, ?, ?)', [
    importId,
    Math.floor(Date.now() / 1000),
    JSON.stringify(affectedRuns),
  ]);
}

export async function removeImport(db: Store, importId: number): Promise<RemovalOutcome> {
  return db.write(async (tx) => {
    const entry = await removableImport(tx, importId);
    if (entry.kind === 'workspace') {
      throw new RemovalRefused(
        `import #${importId} (${entry.file_name}) is a workspace definition; it is undone by restoring the definition it replaced`,
      );
    }
    const runs = await tx.all<{ id: number; month: string; manifest_json: string }>(
      "SELECT id, month, manifest_json FROM settlement_runs WHERE status = 'published' ORDER BY id",
    );
    const affectedRuns = runs
      .filter((run) =>
        ((JSON.parse(run.manifest_json) as { sources?: { importId: number }[] }).sources ?? []).some(
          (s) => s.importId === importId,
        ),
      )
      .map((run) => ({ id: run.id, month: run.month }));
    const readings = await tx.run('DELETE FROM readings WHERE import_id = ?', [importId]);
    const restored = await tx.run(
      `INSERT INTO readings (meter_id, start_utc, end_utc, energy_milliwh, is_estimated, import_id, file_cost, file_currency, quality, tou)
       SELECT meter_id, start_utc, end_utc, energy_milliwh, is_estimated, import_id, file_cost, file_currency, quality, tou
       FROM superseded_readings WHERE superseded_by_import_id = ?`,
      [importId],
    );
    await tx.run('DELETE FROM superseded_readings WHERE superseded_by_import_id = ?', [importId]);
    const summaries = await tx.run('DELETE FROM summary_readings WHERE import_id = ?', [importId]);
    const summariesRestored = await tx.run(
      `INSERT INTO summary_readings (meter_id, start_utc, end_utc, energy_milliwh, is_estimated, import_id, file_cost, file_currency, quality, tou)
       SELECT meter_id, start_utc, end_utc, energy_milliwh, is_estimated, import_id, file_cost, file_currency, quality, tou
       FROM superseded_summary_readings WHERE superseded_by_import_id = ?`,
      [importId],
    );
    await tx.run('DELETE FROM superseded_summary_readings WHERE superseded_by_import_id = ?', [importId]);
    await tx.run('DELETE FROM shadow_price_components WHERE import_id = ?', [importId]);
    const prices = await tx.run('DELETE FROM market_prices WHERE import_id = ?', [importId]);
    const pricesRestored = await tx.run(
      `INSERT OR REPLACE INTO market_prices (price_zone, start_utc, end_utc, price_per_kwh, import_id)
       SELECT price_zone, start_utc, end_utc, price_per_kwh, import_id FROM superseded_market_prices WHERE superseded_by_import_id = ?`,
      [importId],
    );
    await tx.run('DELETE FROM superseded_market_prices WHERE superseded_by_import_id = ?', [importId]);
    const payments = await tx.run('DELETE FROM payments WHERE import_id = ?', [importId]);
    // Meters the import created (mapping.createMeters) go with it, unless readings of another import,
    // or anything else in the workspace (the foreign keys decide), now refer to them.
    const created = (JSON.parse(entry.report_json) as { metersCreated?: string[] }).metersCreated ?? [];
    const metersRemoved: string[] = [];
    const metersKept: string[] = [];
    for (const meterId of created) {
      await tx.run('SAVEPOINT remove_meter');
      try {
        const gone = await tx.run(
          `DELETE FROM meters WHERE id = ?
             AND NOT EXISTS (SELECT 1 FROM readings WHERE meter_id = ?)
             AND NOT EXISTS (SELECT 1 FROM superseded_readings WHERE meter_id = ?)
             AND NOT EXISTS (SELECT 1 FROM summary_readings WHERE meter_id = ?)
             AND NOT EXISTS (SELECT 1 FROM superseded_summary_readings WHERE meter_id = ?)`,
          [meterId, meterId, meterId, meterId, meterId],
        );
        await tx.run('RELEASE remove_meter');
        (gone.changes > 0 ? metersRemoved : metersKept).push(meterId);
      } catch {
        await tx.run('ROLLBACK TO remove_meter');
        await tx.run('RELEASE remove_meter');
        metersKept.push(meterId);
      }
    }
    await recordImportRemoval(tx, importId, affectedRuns);
    return {
      importId,
      fileName: entry.file_name,
      readingsRemoved: readings.changes + summaries.changes,
      readingsRestored: restored.changes + summariesRestored.changes,
      pricesRemoved: prices.changes,
      pricesRestored: pricesRestored.changes,
      paymentsRemoved: payments.changes,
      metersRemoved,
      metersKept,
      affectedRuns,
    };
  });
}
