/** `check`: SQLite's full integrity check and the foreign keys of a workspace file, reading only; exit 0 sound, 1 damaged. */
import path from 'node:path';

import { defaultWorkspacePath } from '../../demo/default-workspace';
import { Workspace } from '../../store/workspace';
import { danglingReferences, inspectWorkspaceFile, quickCheck } from '../../store/workspace-file';
import { common } from '../cli-support';
import { defineCommand } from '../command';

export const check = defineCommand({
  name: 'check',
  usage: ['[--db FILE]'],
  help: [
    "Check a workspace file for damage (SQLite's integrity check and foreign keys), reading",
    'only; exit 0 when sound, 1 when damaged (a damaged workspace opens read-only).',
  ],
  options: { ...common },
  async run({ values }) {
    const file = path.resolve(values.db ?? (await defaultWorkspacePath()));
    const { schemaVersion } = await inspectWorkspaceFile(file);
    const problems = await quickCheck(file, 'integrity_check');
    if (problems.length === 0) {
      const workspace = await Workspace.open(file, { readOnly: true });
      try {
        for (const row of await danglingReferences(workspace.db, 100))
          problems.push(`a row of ${row.table} refers to a missing row of ${row.parent}`);
      } finally {
        await workspace.close();
      }
    }
    if (problems.length === 0) {
      process.stdout.write(
        `${file}: ok (SQLite integrity_check and foreign_key_check found nothing wrong; schema ${schemaVersion})\n`,
      );
      return 0;
    }
    process.stdout.write(`${file}: damaged; SQLite's integrity check found ${problems.length} problem(s):\n`);
    for (const problem of problems) process.stdout.write(`  ${problem}\n`);
    process.stdout.write(
      `It opens read-only, so nothing more is written into it. Restore a backup, or copy out what you need (every view and export still works where its pages are intact).\n`,
    );
    return 1;
  },
});
