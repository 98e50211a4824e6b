/**
 * Imports never half-land: files mutated at random are either stored whole or
 * rejected with a report (never a crash, and nothing stored on rejection), and
 * an import killed at 20 random moments leaves the workspace exactly as it was.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, createReadStream, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import { seededRandom } from '../../main/demo/random';
import { Workspace } from '../../main/store/workspace';
import { fixturesDir, smallWorkspace, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
afterAll(() => temp.cleanup());
const bin = path.resolve(__dirname, '..', '..', 'bin', 'energy-ledger.mjs');

async function snapshot(workspace: Workspace) {
  return {
    readings: await workspace.db.all(
      'SELECT meter_id, start_utc, end_utc, energy_milliwh, import_id FROM readings ORDER BY meter_id, start_utc',
    ),
    stored: await workspace.db.all("SELECT id, sha256 FROM imports WHERE status = 'stored' ORDER BY id"),
  };
}

describe('mutated files', () => {
  it('are stored whole or rejected with a report, never crash, and store nothing when rejected', async () => {
    const workspace = await smallWorkspace(temp.file('mutations.sqlite'));
    const base = readFileSync(path.join(fixturesDir, 'readings', 'hourly-kwh.input.csv'), 'utf8');
    const mutation = fc.record({
      at: fc.nat(),
      op: fc.constantFrom('delete', 'insert', 'duplicate-line', 'swap-lines'),
      text: fc.constantFrom(',', '\n', '"', 'x', '9', '.', '-', '\u0000', 'é', ';', ' ', 'e309'),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 5 }), async (mutations) => {
        let text = base;
        for (const m of mutations) {
          const at = m.at % (text.length + 1);
          const lines = text.split('\n');
          if (m.op === 'delete') text = text.slice(0, at) + text.slice(at + 1);
          else if (m.op === 'insert') text = text.slice(0, at) + m.text + text.slice(at);
          else if (m.op === 'duplicate-line') {
            lines.splice(at % lines.length, 0, lines[at % lines.length]!);
            text = lines.join('\n');
          } else {
            const i = at % lines.length;
            const j = (at * 7) % lines.length;
            [lines[i], lines[j]] = [lines[j]!, lines[i]!];
            text = lines.join('\n');
          }
        }
        const file = temp.file(`mutant-${run++}.csv`);
        writeFileSync(file, text);
        const before = await snapshot(workspace);
        const result = await callOperation(
          { workspace, upload: () => createReadStream(file) },
          'imports:file',
          { fileName: path.basename(file), kind: 'readings' },
        );
        if (result.ok) {
          expect(['stored', 'unchanged']).toContain((result.value as { status: string }).status);
        } else {
          expect(result.error.code).toBe('invalid_input');
          expect(result.error.message).toMatch(/^mutant-\d+\.csv: /);
          expect(await snapshot(workspace)).toEqual(before);
        }
      }),
      { numRuns: 150 },
    );
    expect(await workspace.db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    await workspace.close();
  }, 60_000);
});

describe('an import killed at random moments', () => {
  it('leaves the workspace unchanged and intact, 20 times out of 20', async () => {
    const db = temp.file('killed-import.sqlite');
    await (await smallWorkspace(db)).close();
    // 3 meters × 200,000 hours, long enough to be killed half-way; the kill moments are spread over the
    // time a whole import takes on this machine (measured first, on a copy), so most land mid-import.
    const lines = ['meter_id,interval_start,interval_minutes,energy_kwh'];
    const start = Date.UTC(2015, 0, 1) / 1000;
    for (const meter of ['gen-a-pv', 'con-b-main', 'con-c-main']) {
      for (let h = 0; h < 200_000; h++)
        lines.push(
          `${meter},${new Date((start + h * 3600) * 1000).toISOString().replace('.000Z', 'Z')},60,${(h % 97) / 10}`,
        );
    }
    const file = temp.file('large.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const workspace = await Workspace.open(db);
    const before = await snapshot(workspace);
    await workspace.close();

    // The import is one transaction: its write-ahead log grows until it commits. A kill is aimed
    // at a share of the log's final size, watched as it grows, so it lands mid-import however
    // fast or busy the machine is (a kill timed from a first run missed when the load changed).
    const walSize = (target: string) => {
      try {
        return statSync(`${target}-wal`).size;
      } catch {
        return 0;
      }
    };
    const runImport = (target: string, killAtWal: number | null) =>
      new Promise<{ code: number | null; largestWal: number }>((resolve) => {
        const child = spawn(process.execPath, [bin, 'import', '--db', target, file], { stdio: 'ignore' });
        let largestWal = 0;
        const watch = setInterval(() => {
          largestWal = Math.max(largestWal, walSize(target));
          if (killAtWal !== null && largestWal >= killAtWal) child.kill('SIGKILL');
        }, 5);
        child.on('exit', (code) => {
          clearInterval(watch);
          resolve({ code, largestWal });
        });
      });
    const trialBase = temp.file('killed-import-before.sqlite');
    copyFileSync(db, trialBase);
    const trial = temp.file('killed-import-trial.sqlite');
    copyFileSync(db, trial);
    const whole = await runImport(trial, null);
    expect(whole.code).toBe(0);
    expect(whole.largestWal).toBeGreaterThan(0);

    const random = seededRandom(20221112);
    let completed = 0;
    let killedMidway = 0;
    for (let attempt = 0; attempt < 20; attempt++) {
      // Between 5 % and 110 % of the log a whole import writes (past 100 %: the import may finish first).
      const { code: exitCode } = await runImport(db, Math.floor(whole.largestWal * (0.05 + random() * 1.05)));
      const reopened = await Workspace.open(db);
      expect(await reopened.db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      const now = await snapshot(reopened);
      await reopened.close();
      // Either exactly what was there before, or the whole file (it may have committed just before the kill).
      const landed = now.readings.length === 600_000 && now.stored.length === before.stored.length + 1;
      if (exitCode === 0 || landed) {
        expect(landed).toBe(true);
        completed++;
        // Back to the workspace as it was, so the next attempt imports the file again.
        for (const suffix of ['-wal', '-shm']) rmSync(db + suffix, { force: true });
        copyFileSync(trialBase, db);
      } else {
        expect(now).toEqual(before);
        killedMidway++;
      }
    }
    expect(completed).toBeLessThan(20);
    expect(killedMidway).toBeGreaterThanOrEqual(10);
  }, 180_000);
});
