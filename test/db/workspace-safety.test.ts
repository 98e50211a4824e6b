/**
 * What a path or a file can do to a workspace (issue 16, items 3, 4, 8, 9 and 10): a FIFO
 * is refused before anything opens it, a damaged workspace opens read-only and `check` names
 * what is damaged, a read-only file serves every view and refuses writes in one sentence,
 * outputs appear whole or not at all, and a write waits for another program's lock, saying
 * so, then gives up clearly.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  openSync,
  readdirSync,
  statSync,
  writeSync,
  closeSync,
} from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import { startServer } from '../../main/http/server';
import { Database } from '../../main/store/database';
import { Workspace } from '../../main/store/workspace';
import { runCli } from '../helpers/cli';
import { databaseSnapshot } from '../helpers/db-snapshot';
import { goldenWorkspace, importGoldenMonth } from '../helpers/golden';
import { callOk, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
const bin = path.resolve(__dirname, '..', '..', 'bin', 'energy-ledger.mjs');
let golden: string;

/** Captures what the in-process CLI writes to stderr too. */
async function cli(args: string[]) {
  const errors: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    errors.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    const { code, stdout } = await runCli(args);
    return { code, stdout, stderr: errors.join('') };
  } finally {
    process.stderr.write = write;
  }
}

/** The pages (1-based) a table or index occupies, read through SQLite's dbstat table. */
async function pagesOf(file: string, name: string): Promise<number[]> {
  const db = await Database.open(file, { readOnly: true });
  try {
    const rows = await db.all<{ pageno: number }>(
      'SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno',
      [name],
    );
    return rows.map((row) => row.pageno);
  } finally {
    await db.close();
  }
}

/** Overwrites 1 KiB inside each of these pages (past the page header, so SQLite finds it on reading). */
function damage(file: string, pages: number[], pageSize = 4096): void {
  const fd = openSync(file, 'r+');
  for (const page of pages) writeSync(fd, Buffer.alloc(1024, 0xde), 0, 1024, (page - 1) * pageSize + 8);
  closeSync(fd);
}

beforeAll(async () => {
  golden = temp.file('golden.sqlite');
  const workspace = await goldenWorkspace(golden);
  for (const month of ['2022-01', '2022-02', '2022-03'])
    await importGoldenMonth(workspace, temp.dir, month, {
      [`gA-pv@${month}-03T12`]: '10',
      [`c1-main@${month}-03T12`]: '4',
    });
  await callOk(workspace, 'settlement:settle', { month: '2022-01' });
  await workspace.close();
});
afterAll(() => temp.cleanup());

describe('a path that is not a workspace file', () => {
  it('a FIFO as --db is refused at once, by the CLI and by the server, which keeps serving', async () => {
    const fifo = temp.file('pipe.sqlite');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const answer = await cli(['query', 'participants:list', '--db', fifo]);
    expect(answer.code).toBe(2);
    expect(answer.stderr).toContain('is a named pipe (FIFO), not a workspace file; it was left unchanged');

    const workspace = await Workspace.open(golden);
    const server = await startServer({
      workspace,
      port: 0,
      token: 't',
      recentFile: temp.file('recent.json'),
    });
    try {
      const headers = { authorization: 'Bearer t', 'content-type': 'application/json' };
      const opens = await Promise.all(
        Array.from({ length: 4 }, () =>
          fetch(`http://127.0.0.1:${server.port}/api/workspace/open`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ path: fifo }),
          }),
        ),
      );
      for (const open of opens) {
        expect(open.status).toBe(409);
        expect(((await open.json()) as { message: string }).message).toContain('is a named pipe (FIFO)');
      }
      const still = await fetch(`http://127.0.0.1:${server.port}/api/participants`, { headers });
      expect(still.status).toBe(200);
    } finally {
      await server.close();
      await workspace.close();
    }
  });

  it('a new workspace in a folder that does not exist is refused in one sentence, no stack trace', async () => {
    const answer = await cli([
      'import',
      '--db',
      temp.file('no/such/folder/new.sqlite'),
      '--create',
      'x.json',
    ]);
    expect(answer.code).toBe(2);
    expect(answer.stderr).toMatch(/the folder .*no\/such\/folder does not exist; create it first/);
    expect(answer.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a damaged workspace', () => {
  it('opens read-only with the reason, refuses writes without writing, and check names the damaged tables', async () => {
    const file = temp.file('damaged.sqlite');
    copyFileSync(golden, file);
    // Three pages of the readings, in the middle of the table (never its root or the schema).
    const readings = await pagesOf(golden, 'readings');
    expect(readings.length).toBeGreaterThan(6);
    const middle = Math.floor(readings.length / 2);
    damage(file, readings.slice(middle - 1, middle + 2));
    const before = statSync(file).mtimeMs;
    const workspace = await Workspace.open(file);
    const access = await workspace.access();
    expect(access.mode).toBe('read-only');
    expect(access.reason).toContain('the file is damaged');
    const summary = await callOk(workspace, 'workspace:summary', {});
    expect(summary.access).toMatchObject({ mode: 'read-only' });
    const write = await callOperation({ workspace }, 'payments:record', {
      participantId: 'c1',
      month: '2022-01',
      paidOn: '2022-02-10',
      amount: '1',
    });
    expect(write, JSON.stringify(write)).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(!write.ok && write.error.message).toContain('is open read-only (the file is damaged');
    await workspace.close();
    expect(statSync(file).mtimeMs).toBe(before);

    const check = await cli(['check', '--db', file]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('damaged; SQLite');
    expect(check.stdout, check.stdout).toMatch(/\n {2}table \w+: /);
    const sound = await cli(['check', '--db', golden]);
    expect(sound.code).toBe(0);
    expect(sound.stdout).toContain(': ok (SQLite integrity_check and foreign_key_check found nothing wrong');
  });

  it('is refused with its name and left unchanged when the damage is in the table definitions themselves', async () => {
    const file = temp.file('damaged-schema.sqlite');
    copyFileSync(golden, file);
    const schema = await pagesOf(golden, 'sqlite_schema');
    // Page 1 holds the header (checked first, and intact here); the schema's other pages are damaged.
    expect(schema.length).toBeGreaterThan(1);
    damage(file, schema.slice(1));
    const before = statSync(file).mtimeMs;
    await expect(Workspace.open(file)).rejects.toThrow(
      `${file}: is damaged where SQLite keeps its table definitions`,
    );
    expect(statSync(file).mtimeMs).toBe(before);
  });
});

describe('a read-only workspace (an auditor’s copy)', () => {
  it('serves every view, export and statement, and refuses writes with one sentence', async () => {
    const workspace = await Workspace.open(golden, { readOnly: true });
    const before = await databaseSnapshot(workspace);
    expect((await callOk(workspace, 'participants:list', {})).length).toBe(4);
    const statement = await callOk(workspace, 'statements:file', {
      participantId: 'c1',
      month: '2022-01',
      format: 'csv',
    });
    expect(statement.base64.length).toBeGreaterThan(0);
    const refused = await callOperation({ workspace }, 'payments:record', {
      participantId: 'c1',
      month: '2022-01',
      paidOn: '2022-02-10',
      amount: '1',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(!refused.ok && refused.error.message).toBe(
      `payments:record: ${golden} is open read-only (opened read-only as asked); nothing was changed`,
    );
    expect(await databaseSnapshot(workspace)).toEqual(before);
    await workspace.close();
  });

  // Only root can run a command as another user, and that user must be able to read this checkout.
  const asNobody =
    process.getuid?.() === 0 && spawnSync('runuser', ['-u', 'nobody', '--', 'test', '-r', bin]).status === 0;
  it.skipIf(!asNobody)('opens read-only by itself when the file and its folder cannot be written', () => {
    const folder = temp.file('auditor');
    spawnSync('mkdir', ['-p', folder]);
    const copy = path.join(folder, 'audit.sqlite');
    copyFileSync(golden, copy);
    chmodSync(copy, 0o444);
    chmodSync(folder, 0o555);
    chmodSync(temp.dir, 0o755);
    const run = (...args: string[]) =>
      spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, bin, ...args, '--db', copy], {
        encoding: 'utf8',
        env: { ...process.env, ENERGY_LEDGER_HOME: path.join(folder, 'home') },
      });
    const list = run('query', 'participants:list');
    expect(list.stderr).toBe('');
    expect(JSON.parse(list.stdout)).toHaveLength(4);
    const settle = run('settle', '--month', '2022-02');
    expect(settle.status).toBe(2);
    expect(settle.stderr).toContain('is open read-only (the file (or its folder) cannot be written by you');
    expect(readdirSync(folder)).toEqual(['audit.sqlite']);
  });
});

describe('outputs', () => {
  it('are not created when the workspace is refused, and a refused or failed export leaves nothing behind', async () => {
    const out = temp.file('never.json');
    const refused = await cli(['export', '--db', temp.file('missing.sqlite'), '--definition', '--out', out]);
    expect(refused.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    const unsettled = await cli([
      'export',
      '--db',
      golden,
      '--lines',
      '--month',
      '2022-03',
      '--out',
      temp.file('l.csv'),
    ]);
    expect(unsettled.code).toBe(2);
    expect(readdirSync(temp.dir).filter((name) => name.includes('l.csv'))).toEqual([]);
    const ok = await cli([
      'export',
      '--db',
      golden,
      '--lines',
      '--month',
      '2022-01',
      '--out',
      temp.file('l.csv'),
    ]);
    expect(ok.code).toBe(0);
    expect(readdirSync(temp.dir).filter((name) => name.includes('l.csv'))).toEqual(['l.csv']);
  });

  it('a backup killed half-way (kill -9) leaves no copy, and the retry succeeds', async () => {
    const big = temp.file('big.sqlite');
    const demo = spawnSync(process.execPath, [bin, 'demo', '--db', big], { encoding: 'utf8' });
    expect(demo.status, demo.stderr).toBe(0);
    const copy = temp.file('copy.sqlite');
    const child = spawn(process.execPath, [bin, 'backup', '--db', big, '--out', copy], { stdio: 'ignore' });
    // Wait for the copy's temporary file to appear, then kill the writer mid-copy.
    let partial: string | undefined;
    while (child.exitCode === null && !partial) {
      partial = readdirSync(temp.dir).find((name) => name.startsWith('.copy.sqlite.partial-'));
      if (!partial) await new Promise((resolve) => setImmediate(resolve));
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(existsSync(copy)).toBe(partial ? false : true);
    const retry = await cli(['backup', '--db', big, '--out', copy]);
    expect(retry.code, retry.stderr).toBe(0);
    expect(readdirSync(temp.dir).filter((name) => name.includes('copy.sqlite'))).toEqual(['copy.sqlite']);
    const check = await cli(['check', '--db', copy]);
    expect(check.code).toBe(0);
  }, 60_000);
});

describe('another program holding the write lock', () => {
  it('makes a write wait, saying what it waits for, then give up with a clear error', async () => {
    const holder = await Database.open(golden);
    let release!: () => void;
    let began!: () => void;
    const begun = new Promise<void>((resolve) => (began = resolve));
    const held = holder.write(() => {
      began();
      return new Promise<void>((resolve) => (release = resolve));
    });
    await begun;
    const waiter = await Workspace.open(golden);
    const told: string[] = [];
    waiter.db.onLockWait = (message) => told.push(message);
    waiter.db.lockWaitMs = 1_000;
    const result = await callOperation({ workspace: waiter }, 'payments:record', {
      participantId: 'c1',
      month: '2022-01',
      paidOn: '2022-02-10',
      amount: '1',
    });
    expect(told).toEqual([
      `Waiting for another program that is writing to ${golden} (another energy-ledger command, the app or a backup); giving up after 1 s…`,
    ]);
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!result.ok && result.error.message).toMatch(
      /is being written by another program .* nothing was changed/,
    );
    release();
    await held;
    await holder.close();
    // Once the lock is free, the same write goes through.
    await callOk(waiter, 'payments:record', {
      participantId: 'c1',
      month: '2022-01',
      paidOn: '2022-02-10',
      amount: '1',
    });
    await waiter.close();
  }, 30_000);
});
