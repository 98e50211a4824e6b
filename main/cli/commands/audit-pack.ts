/** `audit-pack`: writes a month's run (or --run) as an audit pack, a zip an auditor can verify alone. */
import { refuseExisting, writeFileAtomic } from '../../atomic-file';
import { writeAuditPack } from '../../audit/write-pack';
import { ApiError } from '../../errors';
import { UsageError, common, stderr, withWorkspace } from '../cli-support';
import { defineCommand } from '../command';

export const auditPack = defineCommand({
  name: 'audit-pack',
  usage: ['[--db FILE] --month YYYY-MM [--run ID] --out PACK.zip'],
  help: [
    "Write a month's run (or --run) as an audit pack: identity, manifest, normalized inputs,",
    "source imports' reports and hashes, lines, statements, README, SHA256SUMS.",
  ],
  options: { ...common, month: { type: 'string' }, run: { type: 'string' }, out: { type: 'string' } },
  async run({ values }) {
    if (!values.month || !values.out)
      throw new UsageError('audit-pack needs --month YYYY-MM and --out PACK.zip');
    await refuseExisting(values.out, 'audit pack');
    return withWorkspace(values.db, async (workspace) => {
      try {
        const pack = await writeAuditPack(workspace, {
          month: values.month!,
          ...(values.run ? { runId: Number(values.run) } : {}),
        });
        await writeFileAtomic(values.out!, pack.zip);
        process.stdout.write(
          `${values.out}: audit pack of ${pack.identity.month}, run ${pack.identity.run.id} (identity ${pack.identity.run.identity}), ${pack.files.length} files\n`,
        );
        return 0;
      } catch (error) {
        if (error instanceof ApiError) {
          stderr(`error: ${error.message}`);
          return 2;
        }
        throw error;
      }
    });
  },
});
