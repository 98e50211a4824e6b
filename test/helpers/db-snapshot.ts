/**
 * Every table's rows of a workspace, for tests that must prove an operation changed nothing
 * (a dry run, a refused import): compared whole, not one field.
 */
import type { Workspace } from '../../main/store/workspace';

export async function databaseSnapshot(workspace: Workspace): Promise<Record<string, string[]>> {
  const tables = await workspace.db.all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
  );
  const snapshot: Record<string, string[]> = {};
  for (const { name } of tables) {
    const rows = await workspace.db.all(`SELECT * FROM "${name}"`);
    snapshot[name] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return snapshot;
}
