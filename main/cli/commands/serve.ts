/** `serve`: serves the app and its API on http://127.0.0.1 until interrupted. */
import { existsSync } from 'node:fs';
import path from 'node:path';

import { dataFolder } from '../../demo/default-workspace';
import { defaultRendererDir, startServer } from '../../http/server';
import { rememberRecent } from '../../store/recent-workspaces';
import { UsageError, common, openWorkspace, stderr } from '../cli-support';
import { defineCommand } from '../command';

export const serve = defineCommand({
  name: 'serve',
  usage: ['[--db FILE] [--port N] [--token T]'],
  help: ['Serve the app and its API on http://127.0.0.1 (prints a link with the token).'],
  options: {
    ...common,
    port: { type: 'string', default: '4870' },
    token: { type: 'string' },
    renderer: { type: 'string' },
  },
  async run({ values }) {
    if (!/^\d+$/.test(values.port) || Number(values.port) > 65535)
      throw new UsageError('--port must be a port number (0 picks a free one)');
    if (values.token !== undefined && values.token.length === 0)
      throw new UsageError('--token must not be empty');
    const workspace = await openWorkspace(values.db, stderr);
    const rendererDir = values.renderer ?? defaultRendererDir();
    const recentFile = path.join(dataFolder(), 'recent-workspaces.json');
    const server = await startServer({
      workspace,
      port: Number(values.port),
      ...(values.token ? { token: values.token } : {}),
      rendererDir,
      recentFile,
    });
    const settings = await workspace.settings();
    // The workspace served first is one the person opened too: it heads the Workspace page's list.
    rememberRecent(recentFile, { path: workspace.filePath, name: settings.name });
    process.stdout.write(
      `Energy Ledger is serving "${settings.name}" (${workspace.filePath})\nOpen: ${server.url}\n`,
    );
    if (!existsSync(path.join(rendererDir, 'index.html'))) {
      stderr(
        `Note: the user interface is not built (${rendererDir}); the API works. 'npm run serve' builds it first.`,
      );
    }
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    await workspace.close();
    return 0;
  },
});
