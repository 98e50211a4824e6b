/** `load-profiles`: lists load profiles, or saves one from CSV (a year of weights, or typical days). */
import { callOperation } from '../../api/dispatch';
import { UsageError, common, refusal, withWorkspace } from '../cli-support';
import { defineCommand } from '../command';

export const loadProfiles = defineCommand({
  name: 'load-profiles',
  usage: ['[--db FILE] list | import FILE.csv --code CODE [--name NAME] [--typical-days] [--normalize]'],
  help: [
    'List load profiles, or save one from CSV (a year of 8,760 weights, or typical days',
    'month,day_type,hour,weight); weights must sum to 1 unless --normalize.',
  ],
  options: {
    ...common,
    code: { type: 'string' },
    name: { type: 'string' },
    'typical-days': { type: 'boolean', default: false },
    normalize: { type: 'boolean', default: false },
  },
  positionals: true,
  action: 'first',
  async run({ values, positionals, action: sub }) {
    return withWorkspace(values.db, async (workspace) => {
      if (sub === 'list') {
        const result = await callOperation({ workspace }, 'load-profiles:list', {});
        if (!result.ok) throw new Error(result.error.message);
        for (const p of result.value as { code: string; name: string; shape: string; weights: number }[])
          process.stdout.write(`${p.code}  ${p.name}  (${p.shape}, ${p.weights} weights)\n`);
        return 0;
      }
      if (sub !== 'import' || positionals.length !== 1 || !values.code)
        throw new UsageError(
          'load-profiles list | load-profiles import FILE.csv --code CODE [--name NAME] [--typical-days] [--normalize]',
        );
      const { readFileSync } = await import('node:fs');
      const file = positionals[0]!;
      const result = await callOperation({ workspace }, 'load-profiles:save', {
        code: values.code,
        name: values.name ?? values.code,
        shape: values['typical-days'] ? 'typical-days' : 'year',
        csv: readFileSync(file, 'utf8'),
        normalize: values.normalize,
        source: `imported from ${file}`,
      });
      if (!result.ok) return refusal(result.error, file);
      const saved = result.value as {
        code: string;
        weights: number;
        sum: string;
        normalized: boolean;
        accountsRequeued: string[];
      };
      process.stdout.write(
        `saved load profile ${saved.code}: ${saved.weights} weights${saved.normalized ? ` (summed to ${saved.sum}; normalized to 1)` : ''}${saved.accountsRequeued.length ? `; intervalized again: ${saved.accountsRequeued.join(', ')}` : ''}\n`,
      );
      return 0;
    });
  },
});
