#!/usr/bin/env node
/**
 * Makes sure Electron's binary is present before `npm start` builds and launches Energy
 * Ledger's desktop window. The project's npm allowScripts blocks electron's postinstall
 * (which downloads the binary), so the first `npm start` runs that download itself, before
 * the build, so that a machine without internet hears it at once and in one paragraph
 * instead of after the type check and the build, as a stack trace. The download's own output
 * is kept and only its last line is quoted.
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

/** The last meaningful line a failed download printed (`getaddrinfo ENOTFOUND github.com`). */
function lastLine(text) {
  const lines = String(text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at '));
  const error = lines.findLast((line) => /error|ENOTFOUND|EAI_AGAIN|ECONN|ETIMEDOUT|status/i.test(line));
  return (error ?? lines.at(-1) ?? '').slice(0, 200);
}

function giveUp(reason) {
  console.error(
    [
      '',
      `Energy Ledger's desktop window needs Electron's binary, and it is not on this machine (${reason}).`,
      'Electron downloads it from GitHub the first time `npm start` runs, which needs internet access.',
      'On a laptop with internet, run `node node_modules/electron/install.js` (or `npm start` again) once;',
      'the binary is then kept in node_modules/electron/dist and the window opens offline from then on.',
      'Without it, `npm run serve` runs the same app, on the same workspace, in your browser.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

if (!existsSync(path.join(electronDir, 'install.js')))
  giveUp('the electron package is not installed: run `npm install`');
if (binaryPresent()) process.exit(0);
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD)
  giveUp('ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not downloaded');

console.log("Downloading Electron's binary (once)…");
const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
  cwd: electronDir,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
  timeout: 10 * 60 * 1000,
});
if (result.error) giveUp(result.error.message);
if (result.status !== 0)
  giveUp(
    `the download failed: ${lastLine(`${result.stdout}\n${result.stderr}`) || `exit code ${result.status ?? result.signal}`}`,
  );
if (!binaryPresent()) giveUp('the download finished without it');
