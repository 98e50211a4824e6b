/** `demo`: builds the demo workspace (Bangkok, 3 solar prosumers, 8 consumers, 2022 hourly) in a new file. */
import { existsSync } from 'node:fs';
import path from 'node:path';

import { buildDemoWorkspace } from '../../demo/build-demo';
import { UsageError, common, stderr } from '../cli-support';
import { defineCommand } from '../command';

export const demo = defineCommand({
  name: 'demo',
  usage: ['--db FILE [--key prorata|priority|static] [--seed N]'],
  help: ['Build the demo workspace (Bangkok, 3 solar prosumers, 8 consumers, 2022 hourly).'],
  options: {
    ...common,
    key: { type: 'string', default: 'prorata' },
    seed: { type: 'string', default: '2022' },
  },
  async run({ values }) {
    if (!values.db) throw new UsageError('demo needs --db FILE (the new workspace file to create)');
    if (!['prorata', 'priority', 'static'].includes(values.key))
      throw new UsageError('--key must be one of prorata, priority, static');
    if (!/^\d+$/.test(values.seed)) throw new UsageError('--seed must be a whole number');
    if (existsSync(values.db))
      throw new UsageError(`${path.resolve(values.db)}: already exists; the demo makes a new file`);
    const started = Date.now();
    const { workspace, readings } = await buildDemoWorkspace(values.db, {
      key: values.key as 'prorata',
      seed: Number(values.seed),
    });
    await workspace.close();
    stderr(
      `Demo workspace written to ${path.resolve(values.db)}: ${readings} hourly readings of 2022, key ${values.key}, seed ${values.seed} (${Date.now() - started} ms).`,
    );
    return 0;
  },
});
