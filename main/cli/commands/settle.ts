/** `settle`: settles a month, or a range of months, hour by hour (re-settling unchanged inputs adds no run). */
import { callOperation } from '../../api/dispatch';
import { UsageError, common, stderr, withWorkspace } from '../cli-support';
import { defineCommand } from '../command';
import { monthsBetween } from '../months';

export const settle = defineCommand({
  name: 'settle',
  usage: ['[--db FILE] --month YYYY-MM | --from YYYY-MM --to YYYY-MM [--allow-gaps]'],
  help: ['Settle months hour by hour; re-settling unchanged inputs adds no run.'],
  options: {
    ...common,
    month: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    'allow-gaps': { type: 'boolean' },
  },
  async run({ values }) {
    const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;
    let months: string[];
    if (values.month) {
      if (!monthPattern.test(values.month)) throw new UsageError('--month must be YYYY-MM');
      months = [values.month];
    } else if (values.from && values.to) {
      if (!monthPattern.test(values.from) || !monthPattern.test(values.to))
        throw new UsageError('--from and --to must be YYYY-MM');
      months = monthsBetween(values.from, values.to);
      if (months.length === 0) throw new UsageError('--to must not be before --from');
    } else {
      throw new UsageError('settle needs --month YYYY-MM, or --from YYYY-MM and --to YYYY-MM');
    }
    return withWorkspace(values.db, async (workspace) => {
      let failures = 0;
      for (const month of months) {
        const result = await callOperation({ workspace }, 'settlement:settle', {
          month,
          allowGaps: Boolean(values['allow-gaps']),
        });
        if (result.ok) process.stdout.write(`${(result.value as { message: string }).message}\n`);
        else {
          failures++;
          stderr(`error: ${result.error.message}`);
        }
      }
      return failures === 0 ? 0 : 2;
    });
  },
});
