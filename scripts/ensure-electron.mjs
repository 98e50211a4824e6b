#!/usr/bin/env node
/**
 * Makes sure Electron's binary is present before `npm start` launches it.
 * The project's npm allowScripts blocks electron's postinstall (which
 * downloads the binary), so the first `npm start` runs that download itself.
 * Without internet or with ELECTRON_SKIP_BINARY_DOWNLOAD set this fails,
 * and the message points at `npm run serve`, the same app in a browser.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.join(root, 'node_modules', 'electron');
const pathFile = path.join(electronDir, 'path.txt');

/** path.txt names the executable inside node_modules/electron/dist/; both must exist. */
function binaryPresent() {
  if (!existsSync(pathFile)) return false;
  const executable = readFileSync(pathFile, 'utf8').trim();
  return executable !== '' && existsSync(path.join(electronDir, 'dist', executable));
}

function giveUp(reason) {
  console.error(
    [
      '',
      `Energy Ledger's desktop window needs Electron's binary, which is not available: ${reason}`,
      'Electron downloads it from GitHub on first use; this needs internet access.',
      'To retry:                  node node_modules/electron/install.js',
      'Or run the same app in your browser instead:   npm run serve',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

if (!existsSync(path.join(electronDir, 'install.js')))
  giveUp('the electron package is not installed (run `npm install`).');
if (binaryPresent()) process.exit(0);

console.log("Downloading Electron's binary (once)…");
const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
  cwd: electronDir,
  stdio: 'inherit',
  timeout: 10 * 60 * 1000,
});
if (result.error) giveUp(result.error.message);
if (result.status !== 0) giveUp(`the download failed (exit code ${result.status ?? result.signal}).`);
if (!binaryPresent()) giveUp('the download was skipped (is ELECTRON_SKIP_BINARY_DOWNLOAD set?).');
