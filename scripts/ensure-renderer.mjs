#!/usr/bin/env node
// Builds the renderer (vite build → dist/renderer) when it is missing or older than its sources,
// so `npm run serve` works straight after install and stays quick when nothing changed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const built = path.join(root, 'dist', 'renderer', 'index.html');

function newestSource(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(full).reduce(
    (newest, name) => Math.max(newest, newestSource(path.join(entry, name))),
    stat.mtimeMs,
  );
}

const sourcesTime = Math.max(
  ...['renderer', 'shared', 'vite.config.ts', 'package-lock.json'].map(newestSource),
);
if (existsSync(built) && statSync(built).mtimeMs >= sourcesTime) process.exit(0);

console.error('Building the Energy Ledger user interface (vite build)…');
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
