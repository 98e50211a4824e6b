/**
 * Load test (npm run load, issue 16): the demo workspace served by `energy-ledger serve`
 * as a child process, 20 concurrent clients calling the seed-000 views for 30 s with
 * random participants and dates (a seeded PRNG, so runs repeat), while one readings
 * import and one settlement of the imported month run through the same API.
 *
 * Prints requests/s, count and p50/p95/p99 per view, the errors by view and status,
 * the server's RSS (VmRSS from /proc) before, at its peak (sampled every 250 ms) and
 * after, and the import's and settlement's outcomes and durations. Every response must
 * be 2xx with a JSON body; a request taking longer than 30 s is aborted and counted as
 * hung. Exits 1 on any error or hang, or if the import or the settlement fails; never on
 * latency (targets are in docs/benchmarks.md). Only 127.0.0.1 is contacted.
 *
 * Options: --seconds N (30) --clients N (20) --seed N (16).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { seededRandom } from '../../main/demo/random';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    clients: { type: 'string', default: '20' },
    seed: { type: 'string', default: '16' },
  },
});
for (const name of ['seconds', 'clients', 'seed'] as const) {
  if (!/^\d+$/.test(values[name]) || (name !== 'seed' && Number(values[name]) < 1)) {
    console.error(`--${name} must be a whole number${name === 'seed' ? '' : ' of 1 or more'}`);
    process.exit(2);
  }
}
const SECONDS = Number(values.seconds);
const CLIENTS = Number(values.clients);
const SEED = Number(values.seed);
const YEAR = 2022;
/** A request taking longer than this is aborted and counted as hung. */
const HANG_MS = 30_000;
/** Bounds on the child processes' own steps (not latency targets). */
const DEMO_TIMEOUT_MS = 180_000;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const TOKEN = 'load-test-token';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'energy-ledger.mjs');

const mb = (kB: number | undefined) => (kB === undefined ? 'n/a' : `${(kB / 1024).toFixed(0)} MB`);
const ms = (value: number) => value.toFixed(1);
const pad2 = (n: number) => String(n).padStart(2, '0');

// ---------------------------------------------------------------- child processes

interface Started {
  child: ChildProcess;
  exited: Promise<number | string>;
  output: () => string;
}

function start(args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, exited, output: () => output };
}

async function within<T>(promise: Promise<T>, limitMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${limitMs / 1000} s`)), limitMs);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves with the port once the server prints its `Open:` line; rejects if it exits first. */
function openLine(server: Started): Promise<number> {
  return new Promise((resolve, reject) => {
    const look = () => {
      const match = /^Open: http:\/\/127\.0\.0\.1:(\d+)\/#token=/m.exec(server.output());
      if (match) {
        server.child.stdout!.off('data', look);
        resolve(Number(match[1]));
      }
    };
    server.child.stdout!.on('data', look);
    void server.exited.then((code) =>
      reject(new Error(`the server exited (${code}) before serving:\n${server.output()}`)),
    );
    look();
  });
}

async function stop(server: Started): Promise<number | string> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.exited;
  server.child.kill('SIGTERM');
  try {
    return await within(server.exited, STOP_TIMEOUT_MS, 'the server stopping on SIGTERM');
  } catch (error) {
    console.error(`${(error as Error).message}; killing it`);
    server.child.kill('SIGKILL');
    return server.exited;
  }
}

/** The process's resident set (VmRSS) in kB, or undefined once it has gone or off Linux. */
function rssKb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- HTTP

interface Answer {
  ok: boolean;
  /** The HTTP status, or `hung`, `network` or `not JSON`. */
  status: string;
  ms: number;
  body: unknown;
  detail: string;
}

let base = '';

async function call(
  method: string,
  pathAndQuery: string,
  body?: string | Buffer,
  type?: string,
): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(`${base}${pathAndQuery}`, {
      method,
      headers: { Authorization: `Bearer ${TOKEN}`, ...(type ? { 'Content-Type': type } : {}) },
      ...(body !== undefined ? { body } : {}),
      signal: AbortSignal.timeout(HANG_MS),
    });
    const text = await response.text();
    const elapsed = performance.now() - started;
    let parsed: unknown;
    let json = /^application\/json\b/.test(response.headers.get('content-type') ?? '');
    try {
      parsed = JSON.parse(text);
    } catch {
      json = false;
    }
    if (response.status < 200 || response.status > 299)
      return {
        ok: false,
        status: String(response.status),
        ms: elapsed,
        body: parsed,
        detail: text.slice(0, 300),
      };
    if (!json || parsed === null || typeof parsed !== 'object')
      return { ok: false, status: 'not JSON', ms: elapsed, body: undefined, detail: text.slice(0, 300) };
    return { ok: true, status: String(response.status), ms: elapsed, body: parsed, detail: '' };
  } catch (error) {
    const elapsed = performance.now() - started;
    const name = (error as Error).name;
    const hung = name === 'TimeoutError' || name === 'AbortError';
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      ok: false,
      status: hung ? 'hung' : 'network',
      ms: elapsed,
      body: undefined,
      detail: hung
        ? `no answer within ${HANG_MS / 1000} s`
        : `${(error as Error).message} ${cause?.code ?? cause?.message ?? ''}`,
    };
  }
}

/** The `data` of an `{ data: … }` answer, or a thrown error naming the request. */
async function data<T>(
  what: string,
  method: string,
  pathAndQuery: string,
  body?: string | Buffer,
  type?: string,
) {
  const answer = await call(method, pathAndQuery, body, type);
  if (!answer.ok) throw new Error(`${what}: ${answer.status} ${answer.detail}`);
  return { value: (answer.body as { data: T }).data, ms: answer.ms };
}

// ---------------------------------------------------------------- the views

interface Participants {
  consumers: string[];
  prosumers: string[];
}

type View = { label: string; path: (random: () => number) => string };

function views(people: Participants): View[] {
  const pick = <T>(random: () => number, list: T[]) => list[Math.floor(random() * list.length)]!;
  const consumer = (random: () => number) => encodeURIComponent(pick(random, people.consumers));
  const prosumer = (random: () => number) => encodeURIComponent(pick(random, people.prosumers));
  const month = (random: () => number) => 1 + Math.floor(random() * 12);
  const date = (random: () => number) =>
    new Date(Date.UTC(YEAR, 0, 1 + Math.floor(random() * 365))).toISOString().slice(0, 10);
  const monthView = (role: 'consumer' | 'prosumer', name: string): View => ({
    label: `${role}:${name}`,
    path: (r) =>
      `/api/${role}/${role === 'consumer' ? consumer(r) : prosumer(r)}/${name}?month=${month(r)}&year=${YEAR}&meterType=1`,
  });
  const breakdown = (period: 'D' | 'W' | 'Y'): View => ({
    label: `prosumer:breakdown ${period}`,
    path: (r) => `/api/prosumer/${prosumer(r)}/breakdown?period=${period}&date=${date(r)}&meterType=1`,
  });
  return [
    monthView('consumer', 'overview'),
    monthView('prosumer', 'transactions'),
    monthView('prosumer', 'distribution'),
    breakdown('D'),
    breakdown('W'),
    breakdown('Y'),
    { label: 'prosumer:revenue', path: (r) => `/api/prosumer/${prosumer(r)}/revenue?meterType=1` },
    {
      label: 'prosumer:payments',
      path: (r) => `/api/prosumer/${prosumer(r)}/payments?meterType=1&asOf=${date(r)}`,
    },
    {
      label: 'prosumer:daily-tracking',
      path: (r) => `/api/prosumer/${prosumer(r)}/daily-tracking?date=${date(r)}&meterType=1`,
    },
  ];
}

interface Tally {
  timings: Map<string, number[]>;
  /** view → status → count */
  errors: Map<string, Map<string, number>>;
  /** The first answer of each view and status that failed, for the report. */
  samples: Map<string, string>;
}

function countError(tally: Tally, label: string, answer: Answer): void {
  const byStatus = tally.errors.get(label) ?? new Map<string, number>();
  byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
  tally.errors.set(label, byStatus);
  const key = `${label} ${answer.status}`;
  if (!tally.samples.has(key) && tally.samples.size < 20) tally.samples.set(key, answer.detail);
}

/** Calls random views until the deadline has passed and `busy()` is false (the writers are done). */
async function client(
  index: number,
  list: View[],
  deadline: number,
  busy: () => boolean,
  tally: Tally,
): Promise<void> {
  const random = seededRandom(SEED * 1000 + index);
  while (performance.now() < deadline || busy()) {
    const view = list[Math.floor(random() * list.length)]!;
    const answer = await call('GET', view.path(random));
    tally.timings.get(view.label)!.push(answer.ms);
    if (!answer.ok) countError(tally, view.label, answer);
  }
}

// ---------------------------------------------------------------- the writers

interface Written {
  line: string;
  ok: boolean;
}

interface ImportReport {
  status: string;
  rowsStored: number;
  readingsReplaced?: number;
  message: string;
}

interface SettleOutcome {
  runId: number;
  status: string;
  lines: number;
  message: string;
}

interface Reading {
  startDate: string;
  kWh: string;
}

/** One month of one meter's hourly readings, 5 % higher, as a canonical readings CSV. */
async function readingsCsv(file: string, meterId: string, month: number): Promise<number> {
  const last = new Date(Date.UTC(YEAR, month, 0)).getUTCDate();
  const { value } = await data<{ readings: Reading[] }>(
    `the readings of ${meterId}`,
    'GET',
    `/api/meters/${encodeURIComponent(meterId)}/readings?from=${YEAR}-${pad2(month)}-01&to=${YEAR}-${pad2(month)}-${last}&resolution=hour`,
  );
  const rows = value.readings.map(
    (r) => `${meterId},${r.startDate.replace(' ', 'T')}Z,60,${(Number(r.kWh) * 1.05).toFixed(6)}`,
  );
  writeFileSync(file, `meter_id,interval_start,interval_minutes,energy_kwh\n${rows.join('\n')}\n`);
  return rows.length;
}

/** The import, then the settlement of its month; each line says how it went. */
async function writers(file: string, meterId: string, month: number, startedAt: number): Promise<Written[]> {
  const out: Written[] = [];
  const monthText = `${YEAR}-${pad2(month)}`;
  const since = () => `${((performance.now() - startedAt) / 1000).toFixed(1)} s into the load`;

  const importStart = since();
  const fileName = path.basename(file);
  const imported = await call(
    'POST',
    `/api/imports?fileName=${encodeURIComponent(fileName)}&onConflict=replace`,
    readFileSync(file),
    'text/csv',
  );
  const report = (imported.body as { data?: ImportReport } | undefined)?.data;
  const importOk = imported.ok && report?.status === 'stored';
  out.push({
    ok: importOk,
    line: importOk
      ? `import of ${meterId} ${monthText}: ${ms(imported.ms)} ms (started ${importStart}), ${report.rowsStored} readings stored, ${report.readingsReplaced ?? 0} replaced`
      : `import of ${meterId} ${monthText} FAILED: ${imported.status} ${report ? `${report.status}: ${report.message}` : imported.detail}`,
  });
  if (!importOk) return out;

  const settleStart = since();
  const settled = await call(
    'POST',
    '/api/settlements',
    JSON.stringify({ month: monthText }),
    'application/json',
  );
  const outcome = (settled.body as { data?: SettleOutcome } | undefined)?.data;
  const settleOk = settled.ok && outcome?.status === 'published';
  out.push({
    ok: settleOk,
    line: settleOk
      ? `settlement of ${monthText}: ${ms(settled.ms)} ms (started ${settleStart}), run ${outcome.runId} published, ${outcome.lines} lines`
      : `settlement of ${monthText} FAILED: ${settled.status} ${outcome ? `${outcome.status}: ${outcome.message}` : settled.detail}`,
  });
  return out;
}

// ---------------------------------------------------------------- the run

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<number> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'energy-ledger-load-'));
  const env = { ...process.env, ENERGY_LEDGER_HOME: folder };
  const demo = path.join(folder, 'demo.sqlite');
  let server: Started | undefined;
  try {
    console.log(`load test: ${CLIENTS} clients for ${SECONDS} s, seed ${SEED}, workspace in ${folder}`);
    const building = start(['demo', '--db', demo], env);
    const built = performance.now();
    const demoCode = await within(building.exited, DEMO_TIMEOUT_MS, 'building the demo workspace').catch(
      (error: Error) => {
        building.child.kill('SIGKILL');
        throw error;
      },
    );
    if (demoCode !== 0) throw new Error(`the demo build exited ${demoCode}:\n${building.output()}`);
    console.log(`demo workspace built in ${((performance.now() - built) / 1000).toFixed(1)} s`);

    server = start(['serve', '--db', demo, '--port', '0', '--token', TOKEN], env);
    const pid = server.child.pid!;
    const port = await within(openLine(server), START_TIMEOUT_MS, 'the server printing its Open: line');
    base = `http://127.0.0.1:${port}`;

    const { value: participants } = await data<{ id: string; role: string }[]>(
      'the participants',
      'GET',
      '/api/participants',
    );
    const people: Participants = {
      consumers: participants.filter((p) => p.role === 'consumer').map((p) => p.id),
      prosumers: participants.filter((p) => p.role === 'prosumer').map((p) => p.id),
    };
    if (people.consumers.length === 0 || people.prosumers.length === 0)
      throw new Error(`the demo needs consumers and prosumers: ${JSON.stringify(participants)}`);
    const { value: meters } = await data<{ id: string; participantId: string; direction: string }[]>(
      'the meters',
      'GET',
      '/api/meters',
    );
    // Readings are imported into a physical meter: the virtual meters the list also holds are derived.
    const { value: virtualMeters } = await data<{ id: string }[]>(
      'the virtual meters',
      'GET',
      '/api/virtual-meters',
    );
    const derived = new Set(virtualMeters.map((v) => v.id));
    const consumerMeters = meters.filter(
      (m) =>
        m.direction === 'consumption' && people.consumers.includes(m.participantId) && !derived.has(m.id),
    );
    if (consumerMeters.length === 0) throw new Error('the demo has no consumer meter');
    const writerRandom = seededRandom(SEED);
    const importMeter = consumerMeters[Math.floor(writerRandom() * consumerMeters.length)]!.id;
    const importMonth = 1 + Math.floor(writerRandom() * 12);
    const csv = path.join(folder, `readings-${importMeter}-${YEAR}-${pad2(importMonth)}.csv`);
    const csvRows = await readingsCsv(csv, importMeter, importMonth);
    console.log(
      `${people.consumers.length} consumers, ${people.prosumers.length} prosumers; will import ${csvRows} readings of ${importMeter} for ${YEAR}-${pad2(importMonth)} and settle that month`,
    );

    const list = views(people);
    const tally: Tally = {
      timings: new Map(list.map((v) => [v.label, [] as number[]])),
      errors: new Map(),
      samples: new Map(),
    };
    const rssBefore = rssKb(pid);
    let rssPeak = rssBefore ?? 0;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssKb(pid) ?? 0)), 250);

    const loadStart = performance.now();
    const deadline = loadStart + SECONDS * 1000;
    // The import and settlement begin a quarter of the way in, so they meet the full load.
    const writing = new Promise<Written[]>((resolve) =>
      setTimeout(
        () =>
          resolve(
            writers(csv, importMeter, importMonth, loadStart).catch((error: Error) => [
              { ok: false, line: `import and settlement FAILED: ${error.message}` },
            ]),
          ),
        (SECONDS * 1000) / 4,
      ),
    );
    // The clients go on past the deadline until the writers are done, so both always meet the load
    // (each writer request is bounded by HANG_MS, so this ends too).
    let writersDone = false;
    void writing.then(() => (writersDone = true));
    await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => client(i, list, deadline, () => !writersDone, tally)),
    );
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const written = await writing;
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, rssKb(pid) ?? 0);
    const rssAfter = rssKb(pid);

    // ------------------------------------------------------------ report
    console.log(`\nviews (${CLIENTS} clients, ${loadSeconds.toFixed(1)} s):`);
    const header = `  ${'view'.padEnd(26)} ${'count'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'errors'.padStart(6)}`;
    console.log(header);
    const all: number[] = [];
    let errors = 0;
    let hung = 0;
    for (const { label } of list) {
      const timings = tally.timings.get(label)!.sort((a, b) => a - b);
      all.push(...timings);
      const failed = [...(tally.errors.get(label)?.values() ?? [])].reduce((a, b) => a + b, 0);
      errors += failed;
      hung += tally.errors.get(label)?.get('hung') ?? 0;
      console.log(
        `  ${label.padEnd(26)} ${String(timings.length).padStart(6)} ${ms(percentile(timings, 50)).padStart(8)} ${ms(percentile(timings, 95)).padStart(8)} ${ms(percentile(timings, 99)).padStart(8)} ${ms(timings.at(-1) ?? NaN).padStart(8)} ${String(failed).padStart(6)}`,
      );
    }
    all.sort((a, b) => a - b);
    console.log(
      `  ${'all views'.padEnd(26)} ${String(all.length).padStart(6)} ${ms(percentile(all, 50)).padStart(8)} ${ms(percentile(all, 95)).padStart(8)} ${ms(percentile(all, 99)).padStart(8)} ${ms(all.at(-1) ?? NaN).padStart(8)} ${String(errors).padStart(6)}`,
    );
    console.log(
      `\nthroughput: ${all.length} requests in ${loadSeconds.toFixed(1)} s = ${(all.length / loadSeconds).toFixed(1)} requests/s`,
    );
    console.log(`errors: ${errors} (hung > ${HANG_MS / 1000} s: ${hung})`);
    for (const [label, byStatus] of tally.errors)
      console.log(`  ${label}: ${[...byStatus].map(([status, n]) => `${status} × ${n}`).join(', ')}`);
    for (const [key, detail] of tally.samples) console.log(`  e.g. ${key}: ${detail}`);
    console.log(`server RSS: before ${mb(rssBefore)}, peak ${mb(rssPeak)}, after ${mb(rssAfter)}`);
    for (const { line } of written) console.log(line);
    if (loadSeconds > SECONDS + 1)
      console.log(`  (the clients went on to ${loadSeconds.toFixed(1)} s, until the settlement ended)`);

    const writersOk = written.length === 2 && written.every((w) => w.ok);
    const passed = errors === 0 && writersOk;
    console.log(
      `\n${passed ? 'PASS' : 'FAIL'}: ${errors} errors, ${hung} hung, import and settlement ${writersOk ? 'succeeded' : 'did not both succeed'} (target: 0 errors, none hung; latency is not a target here, see docs/benchmarks.md)`,
    );
    return passed ? 0 : 1;
  } finally {
    if (server) {
      const code = await stop(server);
      if (code !== 0) console.error(`the server exited ${code} on SIGTERM:\n${server.output()}`);
    }
    rmSync(folder, { recursive: true, force: true });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`load test failed: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
