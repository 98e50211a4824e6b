/**
 * Finds the Chromium or Chrome that drives Energy Ledger's end-to-end tests, and installs
 * Debian's `chromium` where that is allowed. Used by `npm test` (through prepare-tests.mjs),
 * by `npm run test:e2e`, by playwright.config.ts and by `.ci/run`, so a person and CI take
 * the same path. Node built-ins only: it runs before `npm ci` has installed anything.
 *
 * Order: $CHROMIUM_PATH, Debian's /usr/bin/chromium, the usual Chrome and Chromium places on
 * Linux, macOS and Windows, then a browser Playwright has already installed.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The machine as the finder sees it. Tests pass their own; everything else uses `realSystem()`.
 * @typedef {{ platform: string, env: Record<string, string | undefined>, home: string,
 *   isRoot: boolean, osRelease: string, isExecutable: (file: string) => boolean,
 *   listDir: (dir: string) => string[] }} BrowserSystem
 */

/** @returns {BrowserSystem} */
export function realSystem() {
  let osRelease = '';
  try {
    osRelease = readFileSync('/etc/os-release', 'utf8');
  } catch {
    // not Linux, or a Linux without os-release: no distribution-specific advice
  }
  return {
    platform: process.platform,
    env: process.env,
    home: os.homedir(),
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    osRelease,
    isExecutable(file) {
      try {
        if (!statSync(file).isFile()) return false;
        if (process.platform !== 'win32') accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
    listDir(dir) {
      try {
        return readdirSync(dir);
      } catch {
        return [];
      }
    },
  };
}

/** The usual places of an installed Chrome or Chromium, most likely first. */
function systemLocations(system) {
  const { platform, env, home } = system;
  if (platform === 'darwin') {
    return [
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      path.join(home, 'Applications/Chromium.app/Contents/MacOS/Chromium'),
      path.join(home, 'Applications/Google Chrome.app/Contents/MacOS/Google Chrome'),
    ];
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter(Boolean);
    return roots.flatMap((root) => [
      path.win32.join(root, 'Chromium', 'Application', 'chrome.exe'),
      path.win32.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
    ]);
  }
  return [
    '/usr/bin/chromium-browser',
    '/usr/lib/chromium/chromium',
    '/snap/bin/chromium',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
  ];
}

/** Where Playwright keeps the browsers it downloaded (PLAYWRIGHT_BROWSERS_PATH overrides it). */
function playwrightCache(system) {
  const { platform, env, home } = system;
  if (env.PLAYWRIGHT_BROWSERS_PATH && env.PLAYWRIGHT_BROWSERS_PATH !== '0')
    return env.PLAYWRIGHT_BROWSERS_PATH;
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'ms-playwright');
  if (platform === 'win32')
    return path.win32.join(env.LOCALAPPDATA ?? path.win32.join(home, 'AppData', 'Local'), 'ms-playwright');
  return path.join(env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'ms-playwright');
}

/** The executables inside Playwright's browser folders, newest revision first. */
function playwrightLocations(system) {
  const cache = playwrightCache(system);
  const join = system.platform === 'win32' ? path.win32.join : path.join;
  const inside = {
    linux: ['chrome-linux/chrome', 'chrome-linux64/chrome', 'chrome-linux/headless_shell'],
    darwin: [
      'chrome-mac/Chromium.app/Contents/MacOS/Chromium',
      'chrome-mac-arm64/Chromium.app/Contents/MacOS/Chromium',
      'chrome-mac-x64/Chromium.app/Contents/MacOS/Chromium',
    ],
    win32: ['chrome-win/chrome.exe', 'chrome-win64/chrome.exe'],
  }[system.platform] ?? ['chrome-linux/chrome'];
  const revision = (name) => Number(name.split('-').pop()) || 0;
  const folders = system
    .listDir(cache)
    .filter((name) => /^chromium(_headless_shell)?-\d+$/.test(name))
    // Full Chromium before the headless shell, then the newest revision first.
    .sort(
      (a, b) => Number(a.includes('headless')) - Number(b.includes('headless')) || revision(b) - revision(a),
    );
  return folders.flatMap((folder) => inside.map((file) => join(cache, folder, ...file.split('/'))));
}

/**
 * The browser to use, or why there is none.
 * @param {BrowserSystem} system
 * @returns {{ path: string, source: string } | { path: null, problem: string }}
 */
export function findBrowser(system = realSystem()) {
  const given = system.env.CHROMIUM_PATH;
  if (given) {
    if (system.isExecutable(given)) return { path: given, source: '$CHROMIUM_PATH' };
    return {
      path: null,
      problem: `CHROMIUM_PATH names ${given}, which is not an executable file. Point it at a Chromium or Chrome executable, or unset it to let the tests look for one.`,
    };
  }
  if (system.platform === 'linux' && system.isExecutable('/usr/bin/chromium'))
    return { path: '/usr/bin/chromium', source: "Debian's chromium" };
  for (const candidate of systemLocations(system))
    if (system.isExecutable(candidate)) return { path: candidate, source: 'an installed browser' };
  for (const candidate of playwrightLocations(system))
    if (system.isExecutable(candidate)) return { path: candidate, source: "Playwright's browser" };
  return { path: null, problem: missingBrowserAdvice(system) };
}

/** Which Linux distribution family os-release names: 'debian', 'ubuntu', 'fedora', 'arch' or ''. */
export function distribution(osRelease) {
  const field = (name) =>
    (osRelease.match(new RegExp(`^${name}=("?)([^"\\n]*)\\1$`, 'm'))?.[2] ?? '').toLowerCase();
  const ids = [field('ID'), ...field('ID_LIKE').split(/\s+/)];
  for (const family of ['ubuntu', 'debian', 'fedora', 'arch'])
    if (ids.includes(family) || (family === 'fedora' && ids.some((id) => ['rhel', 'centos'].includes(id))))
      return family;
  return '';
}

/** True where this step may install Debian's chromium itself: Debian or Ubuntu, run as root. */
export function canInstallChromium(system) {
  return (
    system.platform === 'linux' &&
    system.isRoot &&
    ['debian', 'ubuntu'].includes(distribution(system.osRelease)) &&
    system.isExecutable('/usr/bin/apt-get')
  );
}

/** One paragraph: no browser was found, and the command that installs one on this system. */
export function missingBrowserAdvice(system) {
  const family = system.platform === 'linux' ? distribution(system.osRelease) : '';
  const command =
    system.platform === 'darwin'
      ? 'brew install --cask chromium (or install Google Chrome)'
      : system.platform === 'win32'
        ? 'winget install Google.Chrome'
        : family === 'debian'
          ? 'sudo apt-get install chromium'
          : family === 'ubuntu'
            ? 'sudo apt-get install chromium (or: sudo snap install chromium)'
            : family === 'fedora'
              ? 'sudo dnf install chromium'
              : family === 'arch'
                ? 'sudo pacman -S chromium'
                : "your package manager's chromium package (or install Google Chrome)";
  return [
    "Energy Ledger's end-to-end tests drive a real Chromium or Chrome, and none was found",
    '($CHROMIUM_PATH is not set; /usr/bin/chromium and the usual Chrome and Chromium places are empty;',
    'Playwright has installed no browser). Install one with:',
    `  ${command}`,
    'then run npm test again. A browser elsewhere works too: CHROMIUM_PATH=/path/to/chrome npm test.',
    "With internet access, Playwright's own build also works: npx playwright install chromium.",
  ].join('\n');
}

/**
 * Finds a browser, installing Debian's chromium first where allowed. Prints what it does;
 * returns the browser's path, or null after printing what to do.
 * @param {{ log?: (line: string) => void, system?: BrowserSystem }} [options]
 */
export function ensureBrowser({ log = (line) => console.error(line), system = realSystem() } = {}) {
  const found = findBrowser(system);
  if (found.path) return found.path;
  if (system.env.CHROMIUM_PATH || !canInstallChromium(system)) {
    log(found.problem);
    return null;
  }
  log(
    "Energy Ledger's end-to-end tests need Chromium and none was found: installing Debian's chromium package (apt-get install chromium), as .ci/run does…",
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'chromium'],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (result.status !== 0) {
      log(
        `apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit code ${result.status}`}).\n${missingBrowserAdvice(system)}`,
      );
      return null;
    }
  }
  const after = findBrowser(system);
  if (after.path) {
    log(`Installed ${after.path}.`);
    return after.path;
  }
  log(`apt-get installed chromium, but no browser executable appeared.\n${missingBrowserAdvice(system)}`);
  return null;
}

// `node scripts/browser.mjs`: find or install the browser, print its path, exit 1 with advice if none.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const browser = ensureBrowser();
  if (!browser) process.exit(1);
  console.error(`Browser for the end-to-end tests: ${browser}`);
}
