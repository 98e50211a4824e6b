import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  canInstallChromium,
  distribution,
  ensureBrowser,
  findBrowser,
  missingBrowserAdvice,
  type BrowserSystem,
} from '../../scripts/browser.mjs';
import { readmeCommands } from '../../scripts/check-readme.mjs';

const debian = 'PRETTY_NAME="Debian GNU/Linux 13 (trixie)"\nID=debian\n';
const ubuntu = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n';

/** A machine whose executables are the given paths and whose folders list the given names. */
function machine(options: Partial<BrowserSystem> & { files?: string[]; dirs?: Record<string, string[]> }) {
  const files = new Set(options.files ?? []);
  const system: BrowserSystem = {
    platform: 'linux',
    env: {},
    home: '/home/trader',
    isRoot: false,
    osRelease: debian,
    isExecutable: (file) => files.has(file),
    listDir: (dir) => options.dirs?.[dir] ?? [],
    ...options,
  };
  return system;
}

describe('finding the browser for the end-to-end tests', () => {
  it('takes $CHROMIUM_PATH first, then Debian’s chromium, then the usual places, then Playwright’s', () => {
    const everything = [
      '/opt/chrome/chrome',
      '/usr/bin/chromium',
      '/usr/bin/google-chrome',
      '/home/trader/.cache/ms-playwright/chromium-1200/chrome-linux/chrome',
    ];
    const dirs = { '/home/trader/.cache/ms-playwright': ['chromium-1200'] };
    const env = { CHROMIUM_PATH: '/opt/chrome/chrome' };
    expect(findBrowser(machine({ files: everything, dirs, env }))).toEqual({
      path: '/opt/chrome/chrome',
      source: '$CHROMIUM_PATH',
    });
    expect(findBrowser(machine({ files: everything, dirs })).path).toBe('/usr/bin/chromium');
    expect(findBrowser(machine({ files: everything.slice(2), dirs })).path).toBe('/usr/bin/google-chrome');
    expect(findBrowser(machine({ files: everything.slice(3), dirs }))).toEqual({
      path: '/home/trader/.cache/ms-playwright/chromium-1200/chrome-linux/chrome',
      source: "Playwright's browser",
    });
  });

  it('prefers Playwright’s newest full Chromium over an older one and over the headless shell', () => {
    const cache = '/cache/pw';
    const files = [
      `${cache}/chromium-1100/chrome-linux/chrome`,
      `${cache}/chromium-1300/chrome-linux/chrome`,
      `${cache}/chromium_headless_shell-1400/chrome-linux/headless_shell`,
    ];
    const dirs = {
      [cache]: ['chromium-1100', 'chromium_headless_shell-1400', 'chromium-1300', 'ffmpeg-1011'],
    };
    const env = { PLAYWRIGHT_BROWSERS_PATH: cache };
    expect(findBrowser(machine({ files, dirs, env })).path).toBe(
      `${cache}/chromium-1300/chrome-linux/chrome`,
    );
    expect(findBrowser(machine({ files: files.slice(2), dirs, env })).path).toBe(files[2]);
  });

  it('knows Chrome’s places on macOS and Windows', () => {
    const mac = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findBrowser(machine({ platform: 'darwin', files: [mac] })).path).toBe(mac);
    const windows = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
    const env = { PROGRAMFILES: 'C:\\Program Files' };
    expect(findBrowser(machine({ platform: 'win32', env, files: [windows] })).path).toBe(windows);
    // Debian's path means nothing on macOS.
    expect(findBrowser(machine({ platform: 'darwin', files: ['/usr/bin/chromium'] })).path).toBeNull();
  });

  it('names a $CHROMIUM_PATH that is not there instead of looking elsewhere', () => {
    const found = findBrowser(
      machine({ env: { CHROMIUM_PATH: '/nope/chrome' }, files: ['/usr/bin/chromium'] }),
    );
    expect(found).toEqual({
      path: null,
      problem: expect.stringContaining('CHROMIUM_PATH names /nope/chrome, which is not an executable file'),
    });
  });

  it('installs only as root on Debian or Ubuntu with apt-get, and otherwise names the command for the system', () => {
    const apt = ['/usr/bin/apt-get'];
    expect(canInstallChromium(machine({ isRoot: true, files: apt }))).toBe(true);
    expect(canInstallChromium(machine({ isRoot: true, osRelease: ubuntu, files: apt }))).toBe(true);
    expect(canInstallChromium(machine({ isRoot: false, files: apt }))).toBe(false);
    expect(canInstallChromium(machine({ isRoot: true, osRelease: 'ID=fedora\n', files: apt }))).toBe(false);
    expect(canInstallChromium(machine({ isRoot: true, platform: 'darwin', files: apt }))).toBe(false);

    expect(missingBrowserAdvice(machine({}))).toContain('  sudo apt-get install chromium\n');
    expect(missingBrowserAdvice(machine({ osRelease: ubuntu }))).toContain('sudo snap install chromium');
    expect(missingBrowserAdvice(machine({ osRelease: 'ID="fedora"\n' }))).toContain(
      'sudo dnf install chromium',
    );
    expect(missingBrowserAdvice(machine({ osRelease: 'ID=arch\n' }))).toContain('sudo pacman -S chromium');
    expect(missingBrowserAdvice(machine({ platform: 'darwin' }))).toContain('brew install --cask chromium');
    expect(missingBrowserAdvice(machine({ platform: 'win32' }))).toContain('winget install Google.Chrome');
    expect(distribution('ID=linuxmint\nID_LIKE="ubuntu debian"\n')).toBe('ubuntu');
  });

  it('prints one paragraph and returns null where it may not install, without running anything', () => {
    const printed: string[] = [];
    const browser = ensureBrowser({ log: (line) => printed.push(line), system: machine({ isRoot: false }) });
    expect(browser).toBeNull();
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(
      /^Energy Ledger's end-to-end tests drive a real Chromium or Chrome, and none was found/,
    );
    expect(printed[0]).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe("the README's two commands", () => {
  it('are read from its first shell block: install and serve, then the tests', () => {
    const readme = readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readmeCommands(readme)).toEqual({ serve: 'npm ci && npm run serve', test: 'npm test' });
    expect(() => readmeCommands('# x\n```sh\nnpm ci\nnpm run serve\nnpm test\n```\n')).toThrow(
      'must hold exactly two commands, not 3',
    );
  });
});
