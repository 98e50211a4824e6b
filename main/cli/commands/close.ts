/** `close`: closes (locks) a settled month on its run in force; its statements are final. */
import type { CloseMonthDto } from '../../../shared/contract';
import { callOperation } from '../../api/dispatch';
import { UsageError, common, refusal, withWorkspace } from '../cli-support';
import { defineCommand } from '../command';

export const close = defineCommand({
  name: 'close',
  usage: ['[--db FILE] --month YYYY-MM [--note TEXT] [--out-of-order]'],
  help: [
    'Close (lock) a settled month on its run in force: its statements are final. Refused',
    'while an earlier month with data is open, unless --out-of-order (the audit log says so).',
  ],
  options: {
    ...common,
    month: { type: 'string' },
    note: { type: 'string' },
    'out-of-order': { type: 'boolean', default: false },
  },
  async run({ values }) {
    if (!values.month) throw new UsageError('close needs --month YYYY-MM');
    return withWorkspace(values.db, async (workspace) => {
      const result = await callOperation({ workspace }, 'months:close', {
        month: values.month,
        ...(values.note ? { note: values.note } : {}),
        outOfOrder: values['out-of-order'],
      });
      if (!result.ok) return refusal(result.error);
      const closed = result.value as CloseMonthDto;
      process.stdout.write(
        `${closed.month} closed on run ${closed.runId} (identity ${closed.identity}); its statements are final\n`,
      );
      if (closed.outOfOrder)
        process.stdout.write(`closed out of order: ${closed.earlierOpen.join(', ')} still open\n`);
      return 0;
    });
  },
});
