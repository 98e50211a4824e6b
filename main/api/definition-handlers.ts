/**
 * Saving a workspace definition built in the app's editor (issue 18). The definition is sent
 * through `imports:file` itself, kind `workspace`, as the JSON text of a file named
 * `definition-edited-….json`: validated whole by the importer of workspace files, logged in the
 * import log (and so in the audit log), the definition it replaces kept so that `imports:remove`
 * undoes it. A dry run checks it and stores nothing. Either way the answer says what changes,
 * part by part, beside the import report.
 */
import { Readable } from 'node:stream';

import { contract, type ImportReportDto } from '../../shared/contract';
import { WorkspaceDefinition } from '../../shared/definition';
import { describeDefinitionChanges } from '../../shared/definition-diff';
import { readDefinition } from '../store/definition-repository';

import type { Handlers } from './context';
import { importHandlers } from './import-handlers';

/** `definition-edited-2024-05-31T14-05-09Z.json`: the UTC time of the save, safe in any file system. */
export function editedDefinitionFileName(now = new Date()): string {
  return `definition-edited-${now.toISOString().slice(0, 19).replace(/:/g, '-')}Z.json`;
}

export const definitionHandlers: Pick<Handlers, 'workspace:save-definition'> = {
  async 'workspace:save-definition'(context, input) {
    const { workspace } = context;
    const fileName = input.fileName ?? editedDefinitionFileName();
    const before = WorkspaceDefinition.safeParse(
      await readDefinition(workspace.db, await workspace.settings()),
    );
    const bytes = Buffer.from(`${JSON.stringify(input.definition, null, 2)}\n`, 'utf8');
    // The same path as a workspace JSON file chosen on the Imports page.
    const report: ImportReportDto = await importHandlers['imports:file'](
      {
        workspace,
        upload: () => Readable.from([bytes]),
        uploadSize: bytes.length,
        ...(context.host ? { host: context.host } : {}),
      },
      contract['imports:file'].input.parse({ fileName, kind: 'workspace', dryRun: input.dryRun }),
    );
    // The importer accepted it, so it parses; the stored one does as well (it was imported).
    const after = WorkspaceDefinition.safeParse(input.definition);
    const changes = before.success && after.success ? describeDefinitionChanges(before.data, after.data) : [];
    return { ...report, changes };
  },
};
