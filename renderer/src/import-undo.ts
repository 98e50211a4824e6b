/**
 * Which imports the Imports list offers to undo: every stored import not yet removed, except
 * workspace definitions other than the one in force (a definition import is undone by
 * restoring the definition it replaced, so only the newest can be) and the workspace's first
 * definition (there is nothing before it to restore).
 */
import type { ImportReportDto } from '../../shared/contract';

export function undoableImports(
  imports: Pick<ImportReportDto, 'importId' | 'kind' | 'status' | 'removed'>[],
): Set<number> {
  const stored = imports.filter((e) => e.status === 'stored');
  const definitions = stored.filter((e) => e.kind === 'workspace').map((e) => e.importId);
  const first = Math.min(...definitions);
  const inForce = Math.max(
    0,
    ...stored.filter((e) => e.kind === 'workspace' && !e.removed).map((e) => e.importId),
  );
  return new Set(
    stored
      .filter(
        (e) => !e.removed && (e.kind !== 'workspace' || (e.importId === inForce && e.importId !== first)),
      )
      .map((e) => e.importId),
  );
}
