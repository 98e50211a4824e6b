/** `backup`: saves a consistent copy of a workspace (SQLite VACUUM INTO), written aside and renamed whole. */
import path from 'node:path';

import { refuseExisting } from '../../atomic-file';
import { UsageError, common, withWorkspace } from '../cli-support';
import { defineCommand } from '../command';

export const backup = defineCommand({
  name: 'backup',
  usage: ['[--db FILE] --out COPY'],
  help: ['Save a consistent copy of a workspace (SQLite VACUUM INTO), written aside and renamed whole.'],
  options: { ...common, out: { type: 'string' } },
  async run({ values }) {
    if (!values.out) throw new UsageError('backup needs --out COPY');
    const out = values.out;
    await refuseExisting(out, 'copy');
    return withWorkspace(values.db, async (workspace) => {
      await workspace.saveCopy(out);
      process.stdout.write(`Saved a copy of ${workspace.filePath} to ${path.resolve(out)}\n`);
      return 0;
    });
  },
});
