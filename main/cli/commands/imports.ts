/** `imports`: lists a workspace's imports, or removes one (undo: its rows and the meters it created go). */
import type { ImportReportDto } from '../../../shared/contract';
import { callOperation } from '../../api/dispatch';
import { UsageError, common, refusal, withWorkspace } from '../cli-support';
import { defineCommand } from '../command';

export const imports = defineCommand({
  name: 'imports',
  usage: ['[--db FILE] list | remove ID'],
  help: [
    'List imports, or undo one (its rows and the meters it created go, what it superseded',
    'comes back).',
  ],
  options: { ...common },
  positionals: true,
  async run({ values, positionals }) {
    const [action, id] = positionals;
    return withWorkspace(values.db, async (workspace) => {
      if (action === 'list' || action === undefined) {
        const result = await callOperation({ workspace }, 'imports:list', {});
        if (!result.ok) throw new Error(result.error.message);
        for (const report of result.value as ImportReportDto[]) {
          process.stdout.write(
            `#${report.importId} ${report.kind} ${report.status}${report.removed ? ' (removed)' : ''} ${report.fileName}: ${report.rowsStored} stored of ${report.rowsRead} read\n`,
          );
        }
        return 0;
      }
      if (action === 'remove') {
        if (!id || !/^\d+$/.test(id))
          throw new UsageError('imports remove needs an import id (see energy-ledger imports list)');
        const result = await callOperation({ workspace }, 'imports:remove', { importId: Number(id) });
        if (!result.ok) return refusal(result.error);
        process.stdout.write(`${(result.value as { message: string }).message}\n`);
        return 0;
      }
      throw new UsageError(`imports: unknown action "${action}" (list or remove)`);
    });
  },
});
