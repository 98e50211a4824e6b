/**
 * Import benchmark (part of npm run bench): a canonical CSV of
 * 1,000 meters × one year hourly (8.76 million readings) and the same data as
 * a wide CSV (one row per meter and day), imported into fresh workspaces;
 * readings per second and peak RSS, the canonical import also at half size to
 * show memory stays flat as the file doubles. In the same run the sqlite3
 * command-line shell's `.import` of the same canonical rows into a plain
 * table is timed (installed from Debian if missing). Printed as ratios against
 * those baselines (issue 21's targets): the wide rate as a fraction of the
 * canonical rate (≥ 0.9), and the canonical rate as a fraction of the shell's
 * (≥ 0.6).
 *
 * Options: --meters N --days N (defaults 1000, 365).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { callOperation } from '../../main/api/dispatch';
import { writeDefinition } from '../../main/store/definition-repository';
import { Workspace } from '../../main/store/workspace';
import type { WorkspaceDefinition } from '../../shared/definition';

const { values } = parseArgs({
  options: { meters: { type: 'string', default: '1000' }, days: { type: 'string', default: '365' } },
});
const METERS = Number(values.meters);
const DAYS = Number(values.days);
const START = Date.UTC(2022, 0, 1) / 1000 - 7 * 3600; // 2022-01-01 00:00 in Asia/Bangkok

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const meterId = (m: number) => `m${String(m).padStart(4, '0')}`;
const value = (m: number, h: number) => ((m * 7 + h * 13) % 5000) / 1000; // kWh with up to 3 decimals

async function writeLines(
  file: string,
  produce: (write: (line: string) => Promise<void>) => Promise<void>,
): Promise<void> {
  const out = createWriteStream(file);
  let buffer = '';
  const write = async (line: string) => {
    buffer += line;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  };
  await produce(write);
  out.end(buffer);
  await once(out, 'finish');
}

function iso(seconds: number): string {
  return `${new Date((seconds + 7 * 3600) * 1000).toISOString().slice(0, 19)}+07:00`;
}

async function canonical(file: string, meters: number): Promise<number> {
  let rows = 0;
  await writeLines(file, async (write) => {
    await write('meter_id,interval_start,interval_minutes,energy_kwh\n');
    for (let m = 0; m < meters; m++) {
      for (let h = 0; h < DAYS * 24; h++) {
        await write(`${meterId(m)},${iso(START + h * 3600)},60,${value(m, h)}\n`);
        rows++;
      }
    }
  });
  return rows;
}

async function wide(file: string): Promise<void> {
  await writeLines(file, async (write) => {
    await write(
      `meter,date,${Array.from({ length: 24 }, (_, i) => `H${String(i + 1).padStart(2, '0')}`).join(',')}\n`,
    );
    for (let m = 0; m < METERS; m++) {
      for (let d = 0; d < DAYS; d++) {
        const values = Array.from({ length: 24 }, (_, i) => value(m, d * 24 + i));
        await write(`${meterId(m)},${iso(START + d * 86400).slice(0, 10)},${values.join(',')}\n`);
      }
    }
  });
}

async function workspaceWithMeters(file: string): Promise<Workspace> {
  const definition: WorkspaceDefinition = {
    format: 'energy-ledger-workspace',
    formatVersion: 1,
    settings: { name: 'Import benchmark', timezone: 'Asia/Bangkok', currency: 'THB', priceZone: 'BENCH' },
    participants: [{ id: 'site', name: 'Benchmark site', role: 'consumer' }],
    meters: Array.from({ length: METERS }, (_, m) => ({
      id: meterId(m),
      participantId: 'site',
      meterType: 1,
      direction: 'consumption' as const,
      settles: true,
    })),
    pools: [],
    offerPlans: [],
    utilityPlans: [],
    utilityPlanAssignments: [],
  };
  const workspace = await Workspace.create(file, definition.settings);
  await workspace.db.write((tx) => writeDefinition(tx, definition));
  return workspace;
}

async function timeImport(
  label: string,
  folder: string,
  csv: string,
  rows: number,
  mapping?: Record<string, unknown>,
): Promise<number> {
  const workspace = await workspaceWithMeters(path.join(folder, `${label.replace(/\W+/g, '-')}.sqlite`));
  global.gc?.();
  peakRss = process.memoryUsage().rss;
  const before = peakRss;
  const t0 = performance.now();
  const result = await callOperation({ workspace, upload: () => createReadStream(csv) }, 'imports:file', {
    fileName: path.basename(csv),
    kind: 'readings',
    ...(mapping ? { mapping } : {}),
  });
  const seconds = (performance.now() - t0) / 1000;
  if (!result.ok) throw new Error(`${label}: ${result.error.message}`);
  const stored = (result.value as { rowsStored: number }).rowsStored;
  if (stored !== rows) throw new Error(`${label}: stored ${stored} of ${rows}`);
  console.log(
    `  ${label.padEnd(34)} ${rows} readings (${mb(statSync(csv).size)} file) in ${seconds.toFixed(1)} s: ${Math.round(rows / seconds)} readings/s, peak RSS ${mb(peakRss)} (${mb(before)} before)`,
  );
  await workspace.close();
  return rows / seconds;
}

function sqliteShell(): string | null {
  if (spawnSync('sqlite3', ['-version']).status === 0) return 'sqlite3';
  console.log('  (installing the sqlite3 command-line shell from Debian for the comparison)');
  const install = spawnSync('sh', [
    '-c',
    'apt-get install -y -qq sqlite3 >/dev/null 2>&1 || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq sqlite3 >/dev/null 2>&1)',
  ]);
  return install.status === 0 && spawnSync('sqlite3', ['-version']).status === 0 ? 'sqlite3' : null;
}

async function main() {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'energy-ledger-import-bench-'));
  try {
    console.log(
      `Import benchmark: ${METERS} meters × ${DAYS} days hourly (node ${process.version}, ${os.cpus().length} cores)`,
    );
    const full = path.join(folder, 'canonical.csv');
    const half = path.join(folder, 'canonical-half.csv');
    const wideFile = path.join(folder, 'wide.csv');
    const rows = await canonical(full, METERS);
    const halfRows = await canonical(half, Math.ceil(METERS / 2));
    await wide(wideFile);
    console.log(
      `  files written: canonical ${mb(statSync(full).size)}, half ${mb(statSync(half).size)}, wide ${mb(statSync(wideFile).size)}`,
    );

    const halfRate = await timeImport('canonical CSV, half the meters', folder, half, halfRows);
    const ourRate = await timeImport('canonical CSV', folder, full, rows);
    const wideRate = await timeImport('wide CSV (24 columns a day)', folder, wideFile, rows, {
      layout: 'wide',
      meterColumn: 'meter',
      timeColumn: 'date',
      energyColumn: 'H01',
      unit: 'kWh',
      intervalsPerDay: 24,
    });
    void halfRate;
    console.log(
      `  wide CSV rate as a fraction of the canonical rate: ${(wideRate / ourRate).toFixed(2)} (target ≥ 0.9)`,
    );

    const shell = sqliteShell();
    if (!shell) {
      console.log('  sqlite3 shell: not available here; no comparison');
      return;
    }
    const plain = path.join(folder, 'plain.sqlite');
    execFileSync(shell, [
      plain,
      'CREATE TABLE readings_plain (meter_id TEXT, interval_start TEXT, interval_minutes INTEGER, energy_kwh TEXT);',
    ]);
    const t0 = performance.now();
    execFileSync(shell, [plain, '.mode csv', `.import --skip 1 ${full} readings_plain`]);
    const shellSeconds = (performance.now() - t0) / 1000;
    const shellRate = rows / shellSeconds;
    console.log(
      `  sqlite3 shell .import (plain table, no checks)    ${rows} rows in ${shellSeconds.toFixed(1)} s: ${Math.round(shellRate)} rows/s`,
    );
    console.log(
      `  our canonical import as a fraction of the shell: ${(ourRate / shellRate).toFixed(2)} (target ≥ 0.6)`,
    );
  } finally {
    clearInterval(sampler);
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
