/**
 * `npm start` checks for Electron's binary before it type-checks and builds (issue 18): on a
 * machine without the binary and without internet, the check answers at once, in one paragraph
 * that says what to do, and never prints the failed download's stack trace. The script runs
 * from a copy beside a stand-in electron package whose install.js fails as the real one does
 * offline (with a RequestError and its stack), so no network is touched.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder('energy-ledger-electron-');
afterAll(() => temp.cleanup());

const script = path.resolve('scripts/ensure-electron.mjs');
const startScript = JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')) as {
  scripts: { start: string };
};

/** A checkout with scripts/ensure-electron.mjs and a node_modules/electron whose install.js is `install`. */
function checkout(name: string, install: string | null, binary = false): string {
  const root = temp.file(name);
  mkdirSync(path.join(root, 'scripts'), { recursive: true });
  copyFileSync(script, path.join(root, 'scripts', 'ensure-electron.mjs'));
  const electron = path.join(root, 'node_modules', 'electron');
  mkdirSync(electron, { recursive: true });
  if (install !== null) writeFileSync(path.join(electron, 'install.js'), install);
  if (binary) {
    mkdirSync(path.join(electron, 'dist'), { recursive: true });
    writeFileSync(path.join(electron, 'path.txt'), 'electron');
    writeFileSync(path.join(electron, 'dist', 'electron'), '');
  }
  return root;
}

function run(root: string, env: Record<string, string> = {}) {
  const clean = { ...process.env };
  delete clean.ELECTRON_SKIP_BINARY_DOWNLOAD;
  return spawnSync(process.execPath, [path.join(root, 'scripts', 'ensure-electron.mjs')], {
    encoding: 'utf8',
    env: { ...clean, ...env },
    timeout: 30_000,
  });
}

const OFFLINE_INSTALL = `
const error = new Error('getaddrinfo ENOTFOUND github.com');
error.name = 'RequestError';
console.error(error.stack);
console.error('    at ClientRequest.<anonymous> (/x/node_modules/got/dist/source/core/index.js:970:111)');
process.exit(1);
`;

describe('npm start without Electron’s binary', () => {
  it('checks for the binary before it builds', () => {
    expect(startScript.scripts.start.indexOf('ensure-electron')).toBeLessThan(
      startScript.scripts.start.indexOf('npm run build'),
    );
  });

  it('says in one paragraph what to do when the download fails offline, with no stack trace', () => {
    const result = run(checkout('offline', OFFLINE_INSTALL));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('getaddrinfo ENOTFOUND github.com');
    expect(result.stderr).toContain('npm run serve');
    expect(result.stderr).toContain('node node_modules/electron/install.js');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    // One paragraph: no blank line inside it.
    expect(result.stderr.trim().split('\n\n')).toHaveLength(1);
  });

  it('does not try to download when ELECTRON_SKIP_BINARY_DOWNLOAD is set', () => {
    const result = run(checkout('skip', 'require("fs").writeFileSync("ran", "");'), {
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set');
    expect(result.stdout).not.toContain('Downloading');
  });

  it('names `npm install` when the electron package is missing', () => {
    const result = run(checkout('missing', null));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('run `npm install`');
  });

  it('goes on at once when the binary is there', () => {
    const result = run(checkout('present', 'process.exit(3);', true));
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  });
});
