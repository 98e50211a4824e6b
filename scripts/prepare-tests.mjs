#!/usr/bin/env node
/**
 * Runs before `npm test` (npm's `pretest`), so the README's test command works alone on a
 * clean clone: it installs the dependencies when `npm ci` has not run (or package.json names
 * one that is missing), then finds the browser for the end-to-end tests, installing Debian's
 * chromium where allowed (scripts/browser.mjs). Node built-ins only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureBrowser } from './browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const missing = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter(
  (name) => !existsSync(path.join(root, 'node_modules', ...name.split('/'), 'package.json')),
);
if (missing.length > 0) {
  const shown =
    missing.slice(0, 5).join(', ') + (missing.length > 5 ? ` and ${missing.length - 5} more` : '');
  console.error(`Energy Ledger's dependencies are not installed (${shown}): running npm ci first…`);
  // Inside an npm script npm_execpath is npm's own CLI; outside, the npm on PATH.
  const npmCli = process.env.npm_execpath;
  const result = npmCli
    ? spawnSync(process.execPath, [npmCli, 'ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
        cwd: root,
        stdio: 'inherit',
        shell: process.platform === 'win32',
      });
  if (result.status !== 0) {
    console.error('npm ci failed (see above); the tests need their dependencies installed.');
    process.exit(1);
  }
}

if (!ensureBrowser()) process.exit(1);
