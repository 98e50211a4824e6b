/**
 * Imports: a file through the importers (dry run, overlaps, rejected rows named by file, line
 * and column, the months it touched), the import log, undoing an import, and the saved import
 * profiles.
 */

import type { ImportProgress, ImportReportDto } from '../../shared/contract';
import { formatSeedUtc } from '../../shared/time';
import { refreshIntervalizations } from '../accounts/intervalization';
import { ApiError, invalidInput } from '../errors';
import { importFile } from '../importers';
import { removeDefinitionImport } from '../importers/workspace-json';
import { monthsToSettleAgain } from '../settlement/status';
import { listImportProfiles, saveImportProfile } from '../store/import-profiles';
import { RemovalRefused, removeImport } from '../store/import-removal';
import { importKind, listImports } from '../store/imports-repository';
import { monthsWithReadingsOfImport } from '../store/readings-repository';
import { latestPublishedRun } from '../store/settlement-repository';
import { type Workspace } from '../store/workspace';

import type { Handlers } from './context';

function rejectedImportError(report: {
  message: string;
  fileName: string;
  rejectedRows: { line: number; column: string; value: string; message: string }[];
  rejectedByRule?: Record<string, number>;
}): ApiError {
  const fields: Record<string, string[]> = {};
  for (const row of report.rejectedRows) {
    const key = row.line > 0 ? `${report.fileName}:${row.line}:${row.column}` : report.fileName;
    (fields[key] ??= []).push(row.value !== '' ? `"${row.value}" ${row.message}` : row.message);
  }
  // Rows overlapping stored data: the input that decides what becomes of them is named, for each
  // transport to word (the CLI's --on-conflict, the app's "Overlaps stored data").
  const conflicts = report.rejectedByRule?.conflict ?? 0;
  if (conflicts > 0)
    fields.onConflict = [
      `is reject: ${conflicts} row(s) overlap data stored by other imports; replace or keep them`,
    ];
  if (report.rejectedByRule?.header)
    fields.mapping = ['must say what the header does not: which columns hold the time, energy and meter'];
  return invalidInput(report.message, fields);
}

/**
 * The month the app opens on: the latest settled month, else the latest month with readings,
 * else the current one (in the workspace's timezone). One index probe each, so every summary
 * can carry it.
 */

async function monthsTouchedBy(
  workspace: Workspace,
  report: ImportReportDto,
): Promise<NonNullable<ImportReportDto['monthsTouched']>> {
  const { timezone } = await workspace.settings();
  const meterIds = (report.meters ?? []).map((m) => m.meterId);
  const months = await monthsWithReadingsOfImport(workspace.db, report.importId, meterIds, timezone);
  const out: NonNullable<ImportReportDto['monthsTouched']> = [];
  for (const month of months)
    out.push({ month, runId: (await latestPublishedRun(workspace.db, month))?.id ?? null });
  return out;
}

/** Switches the host to `next` and remembers it; a transport without a host refuses. */

export const importHandlers: Pick<
  Handlers,
  'imports:list' | 'imports:file' | 'imports:remove' | 'import-profiles:list' | 'import-profiles:save'
> = {
  async 'imports:list'({ workspace }, input) {
    return listImports(workspace.db, input.limit);
  },

  async 'imports:file'({ workspace, upload, onProgress: notify, uploadSize }, input) {
    // Progress events carry the rate and, when the size is known, the time left.
    const started = Date.now();
    const onProgress = notify
      ? (progress: ImportProgress) => {
          const seconds = Math.max((Date.now() - started) / 1000, 0.001);
          const bytesPerSecond = progress.bytesRead / seconds;
          notify({
            ...progress,
            rowsPerSecond: Math.round(progress.rowsRead / seconds),
            ...(uploadSize !== undefined
              ? {
                  bytesTotal: uploadSize,
                  secondsLeft:
                    bytesPerSecond > 0
                      ? Math.max(0, Math.round((uploadSize - progress.bytesRead) / bytesPerSecond))
                      : 0,
                }
              : {}),
          });
        }
      : undefined;
    if (!upload) throw invalidInput('imports:file needs the file itself', { file: ['is missing'] });
    const report = await importFile(workspace, {
      fileName: input.fileName,
      kind: input.kind,
      source: upload(),
      mode: input.mode,
      onConflict: input.onConflict,
      dryRun: input.dryRun,
      ...(input.mapping ? { mapping: input.mapping } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
    // A dry run answers its report whatever it found (rejected rows with their rules and facts,
    // for the caller to word); an import that stored nothing is refused with the rows as field errors.
    if (report.status === 'rejected' && !input.dryRun) throw rejectedImportError(report);
    if (report.status !== 'stored') return report;
    // Metered readings win over estimates: accounts whose meter got readings are intervalized again.
    if (report.kind === 'readings')
      await refreshIntervalizations(
        workspace,
        (report.meters ?? []).map((m) => m.meterId),
      );
    // The months it stored readings in, each settled or not: the next step is to settle those not yet.
    const touched =
      report.kind === 'readings' ? { monthsTouched: await monthsTouchedBy(workspace, report) } : {};
    // Settled months whose run in force the import changes: named, to be settled again.
    const settleAgain = await monthsToSettleAgain(workspace, report.importId, report.kind);
    if (settleAgain.length === 0) return { ...report, ...touched };
    return {
      ...report,
      ...touched,
      settleAgain,
      message: `${report.message}; it changes settled month(s) ${settleAgain.map((m) => `${m.month} (run ${m.runId})`).join(', ')}: settle those months again`,
    };
  },

  async 'imports:remove'({ workspace }, input) {
    try {
      const kind = await importKind(workspace.db, input.importId);
      const outcome =
        kind === 'workspace'
          ? await removeDefinitionImport(workspace.db, input.importId)
          : await removeImport(workspace.db, input.importId);
      if (outcome.definitionRestored !== undefined)
        return {
          ...outcome,
          message: `import #${outcome.importId} (${outcome.fileName}) removed: the workspace definition it replaced ("${outcome.definitionRestored}") is restored`,
        };
      if (outcome.readingsRemoved > 0 || outcome.readingsRestored > 0)
        await refreshIntervalizations(workspace);
      const meters =
        (outcome.metersRemoved.length
          ? `; meter(s) it created removed: ${outcome.metersRemoved.join(', ')}`
          : '') +
        (outcome.metersKept.length
          ? `; meter(s) it created kept because other data now uses them: ${outcome.metersKept.join(', ')}`
          : '');
      const runs = outcome.affectedRuns.length
        ? `; published run(s) ${outcome.affectedRuns.map((r) => `#${r.id} (${r.month})`).join(', ')} used it: settle those months again for versions without it`
        : '';
      return {
        ...outcome,
        message: `import #${outcome.importId} (${outcome.fileName}) removed: ${outcome.readingsRemoved} reading(s) and ${outcome.pricesRemoved} price(s) and ${outcome.paymentsRemoved} payment(s) taken out, ${outcome.readingsRestored} superseded reading(s) and ${outcome.pricesRestored} price(s) restored${meters}${runs}`,
      };
    } catch (error) {
      if (error instanceof RemovalRefused) throw new ApiError('conflict', error.message);
      throw error;
    }
  },

  async 'import-profiles:list'({ workspace }) {
    const rows = await listImportProfiles(workspace.db);
    return rows.map((row) => ({
      name: row.name,
      mapping: JSON.parse(row.mapping_json) as unknown,
      savedAt: formatSeedUtc(row.saved_utc),
    }));
  },

  async 'import-profiles:save'({ workspace }, input) {
    const savedUtc = Math.floor(Date.now() / 1000);
    await workspace.db.write((tx) => saveImportProfile(tx, input.name, input.mapping, savedUtc));
    return { name: input.name, mapping: input.mapping, savedAt: formatSeedUtc(savedUtc) };
  },
};
