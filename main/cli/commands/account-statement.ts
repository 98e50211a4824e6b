/** `account-statement` (issue 17): writes a participant's statement of account (PDF or CSV). */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import type { StatementFileDto } from '../../../shared/contract';
import { callOperation } from '../../api/dispatch';
import { writeFileAtomic } from '../../atomic-file';
import { UsageError, common, refusal, withWorkspace } from '../cli-support';
import { defineCommand } from '../command';

export const accountStatement = defineCommand({
  name: 'account-statement',
  usage: [
    '[--db FILE] --participant ID [--from YYYY-MM] [--to YYYY-MM] [--as-of DATE]',
    '[--format pdf|csv] [--out DIR]',
  ],
  help: [
    "Write a participant's statement of account: opening balance, statements, payments,",
    'closing balance.',
  ],
  options: {
    ...common,
    participant: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    'as-of': { type: 'string' },
    format: { type: 'string', default: 'pdf' },
    out: { type: 'string', default: '.' },
  },
  async run({ values }) {
    if (!values.participant) throw new UsageError('account-statement needs --participant ID');
    return withWorkspace(values.db, async (workspace) => {
      const result = await callOperation({ workspace }, 'statements:account-file', {
        participantId: values.participant,
        format: values.format,
        ...(values.from ? { from: values.from } : {}),
        ...(values.to ? { to: values.to } : {}),
        ...(values['as-of'] ? { asOf: values['as-of'] } : {}),
      });
      if (!result.ok) return refusal(result.error);
      const file = result.value as StatementFileDto;
      await mkdir(values.out!, { recursive: true });
      const target = path.join(values.out!, file.fileName);
      await writeFileAtomic(target, Buffer.from(file.base64, 'base64'), { replace: true });
      process.stdout.write(`${target}\n`);
      return 0;
    });
  },
});
