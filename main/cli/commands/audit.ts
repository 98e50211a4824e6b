/** `audit`: prints the audit log, oldest first, as text or CSV (filtered by kind, dates, text). */
import { csvRow } from '../../../shared/csv';
import { callOperation } from '../../api/dispatch';
import { common, refusal, withWorkspace } from '../cli-support';
import { defineCommand } from '../command';

export const audit = defineCommand({
  name: 'audit',
  usage: ['[--db FILE] [--kind KIND] [--from DATE] [--to DATE] [--text TEXT] [--csv]'],
  help: [
    'The audit log (imports, undo, settlements, payments, tariff, account and meter changes),',
    'oldest first; it cannot be edited.',
  ],
  options: {
    ...common,
    kind: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    text: { type: 'string' },
    limit: { type: 'string', default: '100000' },
    csv: { type: 'boolean', default: false },
  },
  async run({ values }) {
    return withWorkspace(values.db, async (workspace) => {
      const result = await callOperation({ workspace }, 'audit:list', {
        ...(values.kind ? { kind: values.kind } : {}),
        ...(values.from ? { from: values.from } : {}),
        ...(values.to ? { to: values.to } : {}),
        ...(values.text ? { text: values.text } : {}),
        limit: values.limit,
      });
      if (!result.ok) return refusal(result.error);
      const log = result.value as {
        entries: {
          id: number;
          at: string;
          atLocal: string;
          kind: string;
          subject: string;
          description: string;
        }[];
      };
      if (values.csv) {
        process.stdout.write(`${csvRow(['id', 'at_utc', 'at_local', 'kind', 'subject', 'description'])}\n`);
        for (const e of [...log.entries].reverse())
          process.stdout.write(`${csvRow([e.id, e.at, e.atLocal, e.kind, e.subject, e.description])}\n`);
      } else
        for (const e of [...log.entries].reverse())
          process.stdout.write(`${e.atLocal}  ${e.kind.padEnd(13)} ${e.description}\n`);
      return 0;
    });
  },
});
