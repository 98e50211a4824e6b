/** `accept`: accepts a held run of a closed month; the differences become prior-period adjustments. */
import type { AcceptRunDto } from '../../../shared/contract';
import { callOperation } from '../../api/dispatch';
import { UsageError, common, refusal, withWorkspace } from '../cli-support';
import { defineCommand } from '../command';

export const accept = defineCommand({
  name: 'accept',
  usage: ['[--db FILE] --run ID [--dry-run]'],
  help: [
    "Accept a held run of a closed month: each participant's difference becomes a",
    "prior-period adjustment on the next open month's statement (--dry-run: show them only).",
  ],
  options: { ...common, run: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  async run({ values }) {
    if (!values.run) throw new UsageError('accept needs --run ID (a held run of a closed month)');
    return withWorkspace(values.db, async (workspace) => {
      const result = await callOperation({ workspace }, 'runs:accept', {
        runId: values.run,
        dryRun: values['dry-run'],
      });
      if (!result.ok) return refusal(result.error);
      const a = result.value as AcceptRunDto;
      process.stdout.write(
        `${a.accepted ? 'Accepted' : 'Would accept'} run ${a.runId} of ${a.month} (in place of run ${a.fromRunId}); ${
          a.adjustments.length
        } prior-period adjustment(s) on the statements of ${a.appliedMonth}:\n`,
      );
      for (const x of a.adjustments)
        process.stdout.write(
          `  ${x.participantId.padEnd(16)} ${x.before.padStart(16)} → ${x.after.padStart(16)}  adjustment ${x.amount}\n`,
        );
      return 0;
    });
  },
});
