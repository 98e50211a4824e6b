#!/usr/bin/env node
/**
 * Runs the two commands the README opens with, taken from its own text, in a clean clone of
 * the committed HEAD, as a person would: the first (install, then `npm run serve`) is started,
 * asked for its page and the participants list, and stopped; the second (`npm test`) then runs
 * to the end. `.ci/run` calls this, so a README change that breaks either fails CI.
 *
 *   node scripts/check-readme.mjs [--keep]     (--keep leaves the clone for a look)
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => console.error(`check-readme: ${line}`);

/** The README's first shell block: exactly two commands, the serve one and the test one. */
export function readmeCommands(readme) {
  const block = readme.match(/```sh\n([\s\S]*?)```/);
  if (!block) throw new Error('README.md has no ```sh block');
  const commands = block[1]
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '');
  if (commands.length !== 2)
    throw new Error(`README.md's first command block must hold exactly two commands, not ${commands.length}`);
  const [serve, test] = commands;
  if (!serve.includes('npm run serve'))
    throw new Error(`the README's first command does not serve: ${serve}`);
  if (!/\bnpm (run )?test\b/.test(test))
    throw new Error(`the README's second command is not the tests: ${test}`);
  return { serve, test };
}

/** Runs a shell command in its own process group; resolves with its exit code. */
function run(command, options) {
  const child = spawn('bash', ['-c', command], { detached: true, ...options });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  return { child, exited };
}

async function withTimeout(promise, ms, what) {
  let timer;
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

async function checkServe(command, clone, home) {
  say(`running the README's first command in ${clone}: ${command}`);
  const { child, exited } = run(command, {
    cwd: clone,
    env: { ...process.env, ENERGY_LEDGER_HOME: home },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let printed = '';
  const link = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      process.stderr.write(chunk);
      printed += chunk;
      const match = printed.match(/Open: (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/);
      if (match) resolve({ base: match[1], token: decodeURIComponent(match[2]) });
    });
    exited.then((code) => reject(new Error(`the serve command ended (${code}) before printing its link`)));
  });
  try {
    const { base, token } = await withTimeout(link, 20 * 60_000, 'the printed link');
    const page = await fetch(`${base}/`);
    const html = await page.text();
    if (page.status !== 200 || !html.includes('<div id="root">'))
      throw new Error(`GET ${base}/ answered ${page.status} without the app's page`);
    const answer = await fetch(`${base}/api/participants`, { headers: { authorization: `Bearer ${token}` } });
    const body = await answer.json();
    // The API answers in the seeds' envelope: { "data": [...] }.
    const participants = body?.data;
    if (answer.status !== 200 || !Array.isArray(participants) || participants.length === 0)
      throw new Error(
        `GET /api/participants answered ${answer.status}: ${JSON.stringify(body).slice(0, 200)}`,
      );
    say(
      `the page is served and the demo's ${participants.length} participants are listed; stopping the server`,
    );
  } finally {
    if (child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await withTimeout(exited, 30_000, 'the server stopping').catch(() => process.kill(-child.pid, 'SIGKILL'));
  }
}

async function main() {
  const keep = process.argv.includes('--keep');
  const { serve, test } = readmeCommands(readFileSync(path.join(root, 'README.md'), 'utf8'));
  const work = mkdtempSync(path.join(os.tmpdir(), 'energy-ledger-readme-'));
  // Readable by all, as a clone in a home folder usually is (a test runs the CLI as another user).
  chmodSync(work, 0o755);
  const clone = path.join(work, 'energy-ledger');
  try {
    const cloned = run(`git clone --quiet "${root}" "${clone}"`, { stdio: 'inherit' });
    if ((await cloned.exited) !== 0) throw new Error('git clone failed');
    await checkServe(serve, clone, path.join(work, 'home'));
    say(`running the README's second command: ${test}`);
    const tests = run(test, {
      cwd: clone,
      stdio: 'inherit',
      env: { ...process.env, ENERGY_LEDGER_HOME: path.join(work, 'home') },
    });
    const code = await tests.exited;
    if (code !== 0) throw new Error(`"${test}" failed (${code})`);
    say('both README commands passed in a clean clone');
  } finally {
    if (keep) say(`the clone is kept in ${clone}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    say(error.message);
    process.exit(1);
  });
}
