/**
 * `npm run fuzz`: seeded mutations of real fixture files through every importer (readings CSV
 * and XLSX, Green Button, seed-004 JSON and XML, URDB, workspace definition, market prices,
 * shadow prices, payments, load profiles), each case bounded to 10 s in a worker process that
 * is ended and replaced when a case runs past it (a hang) or dies (a crash, out of memory).
 *
 *   npm run fuzz -- [--cases 10000] [--seed 1] [--target NAME] [--case N] [--write FILE]
 *
 * Target: 0 crashes, hangs, internal errors, unnamed refusals or refusals that changed the
 * workspace. A failure prints its target, seed and case, and the command that replays it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { mutate } from './mutate';
import { targets } from './targets';
import type { CaseOutcome, CaseRequest } from './worker';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CASE_LIMIT_MS = 10_000;

export interface FuzzReport {
  cases: number;
  byTarget: Record<string, Record<string, number>>;
  failures: (CaseOutcome | (CaseRequest & { verdict: 'hang'; steps: string[]; detail: string }))[];
  seconds: number;
  stoppedEarly: boolean;
}

class Worker {
  private child: ChildProcess;
  private ready: Promise<void>;
  constructor() {
    this.child = fork(path.join(root, 'bin', 'run-ts.mjs'), [path.join(root, 'test', 'fuzz', 'worker.ts')], {
      execArgv: ['--max-old-space-size=1024'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child.stderr?.resume();
    this.ready = new Promise((resolve) => this.child.once('message', () => resolve()));
  }
  async run(request: CaseRequest): Promise<CaseOutcome | 'hang' | 'died'> {
    await this.ready;
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish('hang'), CASE_LIMIT_MS);
      const onMessage = (outcome: CaseOutcome) => finish(outcome);
      const onExit = () => finish('died');
      const finish = (value: CaseOutcome | 'hang' | 'died') => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        resolve(value);
      };
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send(request);
    });
  }
  stop(): void {
    this.child.kill('SIGKILL');
  }
}

/** Runs `cases` cases spread over the targets (or one target), within `timeLimitMs` in all. */
export async function runFuzz(options: {
  cases: number;
  seed: number;
  target?: string;
  only?: number;
  timeLimitMs?: number;
  log?: (line: string) => void;
}): Promise<FuzzReport> {
  const log = options.log ?? (() => undefined);
  const chosen = options.target ? targets.filter((t) => t.name === options.target) : targets;
  if (chosen.length === 0)
    throw new Error(`no fuzz target "${options.target}"; targets: ${targets.map((t) => t.name).join(', ')}`);
  const started = Date.now();
  const report: FuzzReport = { cases: 0, byTarget: {}, failures: [], seconds: 0, stoppedEarly: false };
  let worker = new Worker();
  const requests: CaseRequest[] = [];
  if (options.only !== undefined) {
    for (const t of chosen) requests.push({ target: t.name, seed: options.seed, index: options.only });
  } else {
    // First each target's original file (it should import), then the mutations, targets taking turns.
    for (const t of chosen) requests.push({ target: t.name, seed: options.seed, index: -1 });
    for (let i = 0; requests.length < options.cases + chosen.length; i++)
      for (const t of chosen) requests.push({ target: t.name, seed: options.seed, index: i });
  }
  for (const request of requests) {
    if (options.timeLimitMs && Date.now() - started > options.timeLimitMs) {
      report.stoppedEarly = true;
      break;
    }
    const outcome = await worker.run(request);
    let verdict: string;
    if (outcome === 'hang' || outcome === 'died') {
      worker.stop();
      worker = new Worker();
      const target = targets.find((t) => t.name === request.target)!;
      const steps =
        request.index < 0
          ? ['the original file']
          : mutate(target.original(), target.format, request.seed, request.index, target.original()).steps;
      verdict = outcome === 'hang' ? 'hang' : 'crash';
      report.failures.push({
        ...request,
        verdict: 'hang',
        steps,
        detail:
          outcome === 'hang'
            ? `no answer within ${CASE_LIMIT_MS / 1000} s`
            : 'the worker died (crash or out of memory)',
      });
    } else {
      verdict = outcome.verdict;
      if (request.index < 0 && verdict !== 'accepted')
        log(`note: ${request.target}'s original file was ${verdict}: ${outcome.detail ?? ''}`);
      if (!['accepted', 'refused'].includes(verdict)) report.failures.push(outcome);
    }
    const counts = (report.byTarget[request.target] ??= {});
    counts[verdict] = (counts[verdict] ?? 0) + 1;
    report.cases++;
    if (report.cases % 500 === 0)
      log(
        `${report.cases} cases, ${report.failures.length} failure(s), ${Math.round((Date.now() - started) / 1000)} s`,
      );
  }
  worker.stop();
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

export function describeFailure(failure: FuzzReport['failures'][number]): string {
  return [
    `${failure.verdict.toUpperCase()} ${failure.target} seed ${failure.seed} case ${failure.index}`,
    `  mutation: ${failure.steps.join(' | ')}`,
    `  ${(failure.detail ?? '').split('\n').slice(0, 6).join('\n  ')}`,
    `  replay: npm run fuzz -- --target ${failure.target} --seed ${failure.seed} --case ${failure.index} --write case${path.extname(targets.find((t) => t.name === failure.target)?.fileName ?? '')}`,
  ].join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      target: { type: 'string' },
      case: { type: 'string' },
      write: { type: 'string' },
    },
  });
  const seed = Number(values.seed);
  if (values.write) {
    const target = targets.find((t) => t.name === values.target);
    if (!target || values.case === undefined) throw new Error('--write needs --target and --case');
    const index = Number(values.case);
    const other =
      targets[(targets.indexOf(target) + 1 + (index % (targets.length - 1))) % targets.length]!.original();
    const { bytes, steps } = mutate(target.original(), target.format, seed, index, other);
    writeFileSync(values.write, bytes);
    console.log(`${values.write}: ${bytes.length} bytes (${steps.join(' | ')})`);
  }
  const report = await runFuzz({
    cases: Number(values.cases),
    seed,
    ...(values.target ? { target: values.target } : {}),
    ...(values.case !== undefined ? { only: Number(values.case) } : {}),
    log: (line) => console.log(line),
  });
  console.log(
    `\nEnergy Ledger fuzz: ${report.cases} case(s), seed ${seed}, ${report.seconds.toFixed(0)} s (each case bounded to ${CASE_LIMIT_MS / 1000} s)`,
  );
  for (const [target, counts] of Object.entries(report.byTarget))
    console.log(
      `  ${target.padEnd(24)} ${Object.entries(counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  console.log(`failures (crash, hang, internal, unnamed, changed): ${report.failures.length} (target 0)`);
  for (const failure of report.failures) console.log(describeFailure(failure));
  return report.failures.length === 0 ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error((error as Error).message);
      process.exit(2);
    },
  );
}
