/**
 * A settlement killed at any moment leaves no half-written run: the run, its
 * line packs and aggregates land in one transaction or not at all.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { buildDemoWorkspace } from '../../main/demo/build-demo';
import { Workspace } from '../../main/store/workspace';
import { tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
afterAll(() => temp.cleanup());
const bin = path.resolve(__dirname, '..', '..', 'bin', 'energy-ledger.mjs');

function settleAndKill(db: string, afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    // --allow-gaps changes the options, so every attempt would publish a new run for each month.
    const child = spawn(
      process.execPath,
      [bin, 'settle', '--db', db, '--from', '2022-01', '--to', '2022-12', '--allow-gaps'],
      { stdio: 'ignore' },
    );
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('a killed settlement', () => {
  it('leaves only whole runs and a sound database', async () => {
    const db = temp.file('killed.sqlite');
    const { workspace } = await buildDemoWorkspace(db);
    await workspace.close();
    for (const delay of [900, 1400, 2100]) await settleAndKill(db, delay);
    const reopened = await Workspace.open(db);
    expect(await reopened.db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const runs = await reopened.db.all<{ id: number; line_count: number; lines: number; daily: number }>(
      `SELECT r.id, r.line_count,
              (SELECT COUNT(*) FROM settlement_lines l WHERE l.run_id = r.id) AS lines,
              (SELECT COUNT(*) FROM settlement_daily d WHERE d.run_id = r.id) AS daily
       FROM settlement_runs r ORDER BY r.id`,
    );
    expect(runs.length).toBeGreaterThanOrEqual(12);
    for (const run of runs) {
      expect(run.lines).toBe(run.line_count);
      expect(run.daily).toBeGreaterThan(0);
    }
    await reopened.close();
  }, 60_000);
});
