/** `statements`: writes each participant's monthly statement (PDF or CSV) from the month's statement run, one file each. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import type { StatementFileDto } from '../../../shared/contract';
import { callOperation } from '../../api/dispatch';
import { writeFileAtomic } from '../../atomic-file';
import { statementParticipants, statementRun } from '../../statements/statement';
import { UsageError, common, refusal, stderr, withWorkspace } from '../cli-support';
import { defineCommand } from '../command';

export const statements = defineCommand({
  name: 'statements',
  usage: [
    '[--db FILE] --month YYYY-MM [--participant ID] [--run ID] [--format pdf|csv] [--as-of YYYY-MM-DD]',
    '[--out DIR]',
  ],
  help: [
    "Write each participant's monthly statement (earnings or bill, payments, balances) from the",
    "month's published run, one file each (PDF with an embedded Thai-capable font, or CSV).",
  ],
  options: {
    ...common,
    month: { type: 'string' },
    participant: { type: 'string' },
    run: { type: 'string' },
    format: { type: 'string', default: 'pdf' },
    'as-of': { type: 'string' },
    out: { type: 'string', default: '.' },
  },
  async run({ values }) {
    if (!values.month) throw new UsageError('statements needs --month YYYY-MM');
    if (values.format !== 'pdf' && values.format !== 'csv')
      throw new UsageError('--format must be pdf or csv');
    const format = values.format;
    return withWorkspace(values.db, async (workspace) => {
      let ids: string[];
      if (values.participant) ids = [values.participant];
      else {
        // The month's statement of record (the run it was closed on, else its run in force), or --run.
        let run;
        try {
          run = await statementRun(workspace, values.month!, values.run ? Number(values.run) : undefined);
        } catch (error) {
          stderr(`error: ${(error as Error).message}`);
          return 2;
        }
        ids = await statementParticipants(workspace, run);
      }
      await mkdir(values.out!, { recursive: true });
      for (const participantId of ids) {
        const result = await callOperation({ workspace }, 'statements:file', {
          participantId,
          month: values.month,
          format,
          ...(values.run ? { runId: values.run } : {}),
          ...(values['as-of'] ? { asOf: values['as-of'] } : {}),
        });
        if (!result.ok) return refusal(result.error);
        const file = result.value as StatementFileDto;
        const target = path.join(values.out!, file.fileName);
        await writeFileAtomic(target, Buffer.from(file.base64, 'base64'), { replace: true });
        process.stdout.write(`${target}\n`);
      }
      return 0;
    });
  },
});
