/**
 * The README's command-line examples (its ```sh block of `npx energy-ledger …` lines) run
 * as written, in order, in a fresh folder that holds `docs/examples`, so none of them rots
 * (issue 24). Each line is split as a shell would (quotes, `&&`, a trailing `# comment`,
 * `> FILE`), without its `[…]` optional parts. Commands run in this process through the
 * CLI's `main`, except `serve`, which runs as a child process on a free port and is asked
 * for the participants with the token it prints. Every command must exit 0.
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from '../helpers/cli';
import { tempFolder } from '../helpers/temp-workspace';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'energy-ledger.mjs');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

interface ReadmeLine {
  lineNumber: number;
  text: string;
}

interface Command {
  /** The arguments after `npx energy-ledger`. */
  args: string[];
  /** `> FILE`: where the command's output goes. */
  stdoutTo?: string;
}

/** The lines of the README's ```sh block whose every line is an `npx energy-ledger` command. */
function commandBlock(markdown: string): ReadmeLine[] {
  const blocks: { language: string; lines: ReadmeLine[] }[] = [];
  let open: { language: string; lines: ReadmeLine[] } | undefined;
  markdown.split(/\r?\n/).forEach((text, index) => {
    const fence = /^\s*```(.*)$/.exec(text);
    if (fence && !open) open = { language: fence[1]!.trim(), lines: [] };
    else if (fence && open && fence[1]!.trim() === '') {
      blocks.push(open);
      open = undefined;
    } else if (open) open.lines.push({ lineNumber: index + 1, text });
  });
  const found = blocks
    .filter((b) => ['sh', 'bash', 'shell', 'console'].includes(b.language))
    .map((b) => b.lines.filter((l) => l.text.trim() !== ''))
    .filter((lines) => lines.length > 0 && lines.every((l) => l.text.startsWith('npx energy-ledger ')));
  if (found.length !== 1)
    throw new Error(`README.md has ${found.length} sh blocks of 'npx energy-ledger' lines; expected one`);
  return found[0]!;
}

/** A line's words as a POSIX shell splits them: quotes kept together, `#` at a word's start ends the line. */
function shellWords(line: string): { text: string; quoted: boolean }[] {
  const words: { text: string; quoted: boolean }[] = [];
  let word: { text: string; quoted: boolean } | undefined;
  const take = () => (word ??= { text: '', quoted: false });
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (/\s/.test(c)) {
      if (word) words.push(word);
      word = undefined;
    } else if (c === '#' && !word) break;
    else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed ' in: ${line}`);
      take().text += line.slice(i + 1, end);
      word!.quoted = true;
      i = end;
    } else if (c === '"') {
      // Inside double quotes a backslash escapes only a backslash, a double quote, $ and a backquote.
      take().quoted = true;
      for (i++; line[i] !== '"'; i++) {
        if (i >= line.length) throw new Error(`unclosed " in: ${line}`);
        if (line[i] === '\\' && ['\\', '"', '$', '`'].includes(line[i + 1] ?? '')) i++;
        word!.text += line[i];
      }
    } else if (c === '\\' && i + 1 < line.length) take().text += line[++i];
    else take().text += c;
  }
  if (word) words.push(word);
  return words;
}

/** A README line as its commands: `&&` splits them, `[…]` groups (optional options) are left out. */
function commandsOf(line: string): Command[] {
  const commands: { text: string; quoted: boolean }[][] = [[]];
  let depth = 0;
  for (const word of shellWords(line)) {
    if (!word.quoted && (depth > 0 || word.text.startsWith('['))) {
      depth +=
        [...word.text].filter((c) => c === '[').length - [...word.text].filter((c) => c === ']').length;
      continue;
    }
    if (!word.quoted && word.text === '&&') commands.push([]);
    else commands.at(-1)!.push(word);
  }
  return commands.map((words) => {
    const [npx, name, ...rest] = words.map((w) => w.text);
    if (npx !== 'npx' || name !== 'energy-ledger')
      throw new Error(`not an 'npx energy-ledger' command: ${line}`);
    const redirect = words.findIndex((w) => !w.quoted && w.text === '>');
    if (redirect < 0) return { args: rest };
    if (redirect !== words.length - 2) throw new Error(`'>' must be followed by one file: ${line}`);
    return { args: rest.slice(0, redirect - 2), stdoutTo: words[redirect + 1]!.text };
  });
}

const lines = commandBlock(readme);
const temp = tempFolder('energy-ledger-readme-');
const work = temp.file('work');
const home = temp.file('home');
const saved = { cwd: process.cwd(), home: process.env.ENERGY_LEDGER_HOME };

beforeAll(() => {
  // The default workspace of whoever runs the tests is never touched.
  process.env.ENERGY_LEDGER_HOME = home;
  mkdirSync(path.join(work, 'docs'), { recursive: true });
  const examples = path.join(root, 'docs', 'examples');
  try {
    symlinkSync(examples, path.join(work, 'docs', 'examples'), 'junction');
  } catch {
    cpSync(examples, path.join(work, 'docs', 'examples'), { recursive: true });
  }
});

afterAll(() => {
  process.chdir(saved.cwd);
  if (saved.home === undefined) delete process.env.ENERGY_LEDGER_HOME;
  else process.env.ENERGY_LEDGER_HOME = saved.home;
  temp.cleanup();
});

/** Runs one command in this process, in the work folder: its exit code and everything it printed. */
async function runHere(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const printed: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  const listeners = process.stdout.listeners('error');
  process.stderr.write = ((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  process.chdir(work);
  try {
    const { code, stdout } = await runCli(args);
    return { code, stdout, stderr: printed.join('') };
  } finally {
    process.chdir(saved.cwd);
    process.stderr.write = write;
    // main() adds an EPIPE handler to stdout on each call; one run per command is enough.
    for (const listener of process.stdout.listeners('error'))
      if (!listeners.includes(listener)) process.stdout.off('error', listener as () => void);
  }
}

/** `serve` as a person runs it, on a free port: waits for its `Open:` line, asks the API, then stops it. */
async function serveAndAsk(
  args: string[],
  where: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const port = args.indexOf('--port');
  const served = port >= 0 ? args.map((a, i) => (i === port + 1 ? '0' : a)) : [...args, '--port', '0'];
  const child = spawn(process.execPath, [bin, ...served], {
    cwd: work,
    env: { ...process.env, ENERGY_LEDGER_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const open = await new Promise<RegExpExecArray>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const match = /Open: (http:\/\/127\.0\.0\.1:\d+\/)#token=(\S+)/.exec(stdout);
        if (match) resolve(match);
      });
      void exited.then((code) =>
        reject(new Error(`${where}\nserve exited (${code}) before printing its link\n${stdout}\n${stderr}`)),
      );
    });
    const response = await fetch(`${open[1]}api/participants`, {
      headers: { Authorization: `Bearer ${decodeURIComponent(open[2]!)}` },
    });
    const body = await response.text();
    expect(response.status, `${where}\nGET /api/participants: ${body}`).toBe(200);
    const participants = (JSON.parse(body) as { data: { id: string }[] }).data;
    expect(participants, `${where}\nGET /api/participants: ${body}`).toHaveLength(11);
    stdout += `GET /api/participants: ${participants.map((p) => p.id).join(', ')}\n`;
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
  return { code: (await exited) ?? -1, stdout, stderr };
}

/** Checks what a few commands print or write, beyond their exit code. */
function checkOutput(args: string[], stdout: string, where: string): void {
  const [command, sub] = args;
  const json = () => {
    try {
      return JSON.parse(stdout);
    } catch {
      throw new Error(`${where}\nthe output is not JSON:\n${stdout}`);
    }
  };
  // The demo: 3 prosumers and 8 consumers; a day of hourly readings.
  if (command === 'query' && sub === 'participants:list') expect(json(), where).toHaveLength(11);
  if (command === 'query' && sub === 'meters:readings') expect(json().readings, where).toHaveLength(24);
  if (command === 'import' && args.includes('--create'))
    expect(stdout, where).toContain('workspace definition stored (3 participants, 3 meters, 1 pool(s))');
  if (command === 'import' && args.includes('--dry-run'))
    expect(stdout, where).toContain('dry run, nothing stored');
  if (command === 'import' && args.includes('--save-profile'))
    expect(stdout, where).toContain('mapping saved as profile');
  if (command === 'imports' && sub === 'remove') expect(stdout, where).toContain('removed');
  if (command === 'calculate')
    expect(json(), where).toMatchObject({ status: 'success', type: 'CalculatedCost' });
  if (command === 'verify-pack') expect(stdout, where).toContain('IDENTICAL');
  if (command === 'audit' && args.includes('--csv'))
    expect(stdout.split('\n')[0], where).toBe('id,at_utc,at_local,kind,subject,description');
  const out = args.indexOf('--out');
  if (out >= 0) {
    const target = path.join(work, args[out + 1]!);
    expect(existsSync(target), `${where}: ${args[out + 1]} was not written`).toBe(true);
    const files = statSync(target).isDirectory()
      ? readdirSync(target).map((f) => path.join(target, f))
      : [target];
    expect(files.length, `${where}: ${args[out + 1]} is empty`).toBeGreaterThan(0);
    for (const file of files) expect(statSync(file).size, `${where}: ${file} is empty`).toBeGreaterThan(0);
  }
}

describe("the README's command-line examples", () => {
  it('are found: one sh block of npx energy-ledger lines, each split into commands', () => {
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(commandsOf(line.text).length, line.text).toBeGreaterThan(0);
    expect(
      commandsOf(`npx energy-ledger a 'b c' "d \\"e\\"" [--x y] [--z] && npx energy-ledger f > g # h`),
    ).toEqual([{ args: ['a', 'b c', 'd "e"'] }, { args: ['f'], stdoutTo: 'g' }]);
  });

  for (const line of lines) {
    it(`run as written: README.md:${line.lineNumber} ${line.text}`, { timeout: 120_000 }, async () => {
      for (const { args, stdoutTo } of commandsOf(line.text)) {
        const where = `README.md line ${line.lineNumber}: ${line.text}\n$ energy-ledger ${args.join(' ')}`;
        const run = args[0] === 'serve' ? await serveAndAsk(args, where) : await runHere(args);
        expect(
          run.code,
          `${where}\nexited ${run.code}\n--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`,
        ).toBe(0);
        if (stdoutTo) {
          writeFileSync(path.join(work, stdoutTo), run.stdout);
          expect(run.stdout.length, `${where}: nothing for ${stdoutTo}`).toBeGreaterThan(0);
        }
        checkOutput(args, run.stdout, where);
      }
    });
  }
});
