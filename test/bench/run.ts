/**
 * Energy Ledger benchmark (npm run bench): a pool of 10 prosumers × 100
 * consumers with a year of hourly readings, settled month by month, then
 * every seed-000 view called 200 times, then a month's and the year's lines
 * exported as one streamed CSV. Prints figures and, for the
 * allocation arithmetic, the ratio to a plain Float64Array prorata loop run
 * in the same process (the baseline). Not a test: nothing here fails on time.
 *
 * Options: --prosumers N --consumers N --months N (defaults 10, 100, 12).
 */
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { callOperation } from '../../main/api/dispatch';
import { seededRandom } from '../../main/demo/random';
import { allocateHour, type Buyer, type Supplier } from '../../main/engine/allocation';
import { runsToExport, writeLinesCsv } from '../../main/settlement/run-export';
import { settleMonth } from '../../main/settlement/settle-month';
import { writeDefinition } from '../../main/store/definition-repository';
import { Workspace } from '../../main/store/workspace';
import { quickCheck } from '../../main/store/workspace-file';
import type { WorkspaceDefinition } from '../../shared/definition';
import { monthRangeUtc } from '../../shared/time';

const { values } = parseArgs({
  options: {
    prosumers: { type: 'string', default: '10' },
    consumers: { type: 'string', default: '100' },
    months: { type: 'string', default: '12' },
  },
});
const PROSUMERS = Number(values.prosumers);
const CONSUMERS = Number(values.consumers);
const MONTHS = Number(values.months);
const TZ = 'Asia/Bangkok';
const YEAR = 2022;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function market(): {
  definition: WorkspaceDefinition;
  supply: Float64Array[];
  load: Float64Array[];
  hours: number;
} {
  const random = seededRandom(42);
  const start = monthRangeUtc(`${YEAR}-01`, TZ).start;
  const end = monthRangeUtc(`${YEAR}-${String(MONTHS).padStart(2, '0')}`, TZ).end;
  const hours = (end - start) / 3600;
  const supply = Array.from({ length: PROSUMERS }, (_, g) => {
    const peak = 200 + 100 * g; // kW
    return Float64Array.from({ length: hours }, (_, h) => {
      const hour = (h + 7) % 24;
      const sun = hour >= 6 && hour < 18 ? Math.sin(((hour - 6 + 0.5) / 12) * Math.PI) : 0;
      return Math.round(peak * sun * (0.6 + 0.4 * random()) * 1_000_000);
    });
  });
  const load = Array.from({ length: CONSUMERS }, (_, c) => {
    const base = 20 + (c % 17) * 3; // kW
    return Float64Array.from({ length: hours }, (_, h) => {
      const hour = (h + 7) % 24;
      const day = hour >= 8 && hour < 20 ? 1.6 : 1;
      return Math.round(base * day * (0.85 + 0.3 * random()) * 1_000_000) + 1;
    });
  });
  const pid = (i: number) => `p${String(i).padStart(3, '0')}`;
  const cid = (i: number) => `c${String(i).padStart(3, '0')}`;
  const definition: WorkspaceDefinition = {
    format: 'energy-ledger-workspace',
    formatVersion: 1,
    settings: { name: 'Benchmark pool', timezone: TZ, currency: 'THB', priceZone: 'BENCH' },
    participants: [
      ...supply.map((_, g) => ({ id: pid(g), name: `Prosumer ${g}`, role: 'prosumer' as const })),
      ...load.map((_, c) => ({ id: cid(c), name: `Consumer ${c}`, role: 'consumer' as const })),
    ],
    meters: [
      ...supply.map((_, g) => ({
        id: `${pid(g)}-pv`,
        participantId: pid(g),
        meterType: 1,
        direction: 'generation' as const,
        settles: true,
      })),
      ...load.map((_, c) => ({
        id: `${cid(c)}-main`,
        participantId: cid(c),
        meterType: 1,
        direction: 'consumption' as const,
        settles: true,
      })),
    ],
    pools: [
      {
        id: 'bench',
        name: 'Bench pool',
        versions: [{ effectiveFrom: `${YEAR}-01-01`, key: 'prorata' }],
        members: [
          ...supply.map((_, g) => ({ participantId: pid(g), effectiveFrom: `${YEAR}-01-01` })),
          ...load.map((_, c) => ({ participantId: cid(c), effectiveFrom: `${YEAR}-01-01` })),
        ],
      },
    ],
    offerPlans: supply.map((_, g) => ({
      id: `${pid(g)}-offer`,
      participantId: pid(g),
      planName: `Offer ${g}`,
      providerName: `Prosumer ${g}`,
      energyType: 'Solar',
      versions: [
        {
          effectiveFrom: `${YEAR}-01-01`,
          pricePerKwh: `3.${g}5`,
          sellsLeftoversToMarket: true,
          marketFloorPricePerKwh: '0',
          feedInPricePerKwh: '0',
        },
      ],
    })),
    utilityPlans: [
      {
        id: 'grid',
        providerName: 'EGAT',
        planName: 'TOU',
        energyType: 'Conventional',
        versions: [
          {
            effectiveFrom: `${YEAR}-01-01`,
            rate: {
              type: 'tou',
              hourlyPricesPerKwh: Array.from({ length: 24 }, (_, h) =>
                h >= 9 && h < 22 ? '5.7982' : '2.6369',
              ),
            },
          },
        ],
      },
    ],
    utilityPlanAssignments: load.map((_, c) => ({
      participantId: cid(c),
      utilityPlanId: 'grid',
      effectiveFrom: `${YEAR}-01-01`,
    })),
  };
  return { definition, supply, load, hours };
}

async function main() {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'energy-ledger-bench-'));
  try {
    console.log(
      `Energy Ledger benchmark: ${PROSUMERS} prosumers × ${CONSUMERS} consumers × ${MONTHS} month(s) of hourly readings (node ${process.version}, ${os.cpus().length} cores)`,
    );
    const { definition, supply, load, hours } = market();

    // --- arithmetic: the engine's allocation against a plain Float64Array prorata loop
    const suppliersByHour: Supplier[][] = [];
    const buyersByHour: Buyer[][] = [];
    for (let h = 0; h < hours; h++) {
      suppliersByHour.push(
        supply.flatMap((s, g) =>
          s[h]! > 0 ? [{ id: `p${String(g).padStart(3, '0')}`, supply: s[h]! }] : [],
        ),
      );
      buyersByHour.push(load.map((l, c) => ({ id: `c${String(c).padStart(3, '0')}`, load: l[h]! })));
    }
    const plain = () => {
      const out = new Float64Array(PROSUMERS * CONSUMERS);
      let checksum = 0;
      for (let h = 0; h < hours; h++) {
        let S = 0;
        let D = 0;
        for (let g = 0; g < PROSUMERS; g++) S += supply[g]![h]!;
        for (let c = 0; c < CONSUMERS; c++) D += load[c]![h]!;
        if (S === 0 || D === 0) continue;
        const T = Math.min(S, D);
        for (let g = 0; g < PROSUMERS; g++) {
          const share = (T * supply[g]![h]!) / S;
          for (let c = 0; c < CONSUMERS; c++) out[g * CONSUMERS + c] = (share * load[c]![h]!) / D;
        }
        checksum += out[0]!;
      }
      return checksum;
    };
    const engine = () => {
      let checksum = 0;
      for (let h = 0; h < hours; h++)
        checksum += allocateHour('prorata', suppliersByHour[h]!, buyersByHour[h]!).allocation[0] ?? 0;
      return checksum;
    };
    plain();
    engine();
    const time = (fn: () => number) => {
      const t0 = performance.now();
      for (let i = 0; i < 3; i++) fn();
      return (performance.now() - t0) / 3;
    };
    const plainMs = time(plain);
    const engineMs = time(engine);
    console.log(`\nallocation arithmetic for ${hours} hours × ${PROSUMERS * CONSUMERS} pairs`);
    console.log(`  baseline (plain Float64Array prorata, no rounding): ${ms(plainMs)}`);
    console.log(`  engine (exact rationals + normative rounding):      ${ms(engineMs)}`);
    console.log(`  ratio engine / baseline: ${(engineMs / plainMs).toFixed(2)}× (target ≤ 4×)`);

    // --- workspace with a year of readings
    const file = path.join(folder, 'bench.sqlite');
    const workspace = await Workspace.create(file, definition.settings);
    const start = monthRangeUtc(`${YEAR}-01`, TZ).start;
    const t0 = performance.now();
    await workspace.db.write(async (tx) => {
      await writeDefinition(tx, definition);
      const rows = [];
      for (let g = 0; g < PROSUMERS; g++)
        for (let h = 0; h < hours; h++)
          rows.push([
            definition.meters[g]!.id,
            start + h * 3600,
            start + h * 3600 + 3600,
            supply[g]![h]!,
            0,
            null,
          ]);
      for (let c = 0; c < CONSUMERS; c++)
        for (let h = 0; h < hours; h++)
          rows.push([
            definition.meters[PROSUMERS + c]!.id,
            start + h * 3600,
            start + h * 3600 + 3600,
            load[c]![h]!,
            0,
            null,
          ]);
      await tx.insertMany(
        'readings',
        ['meter_id', 'start_utc', 'end_utc', 'energy_milliwh', 'is_estimated', 'import_id'],
        rows,
      );
      const prices = Array.from({ length: hours }, (_, h) => [
        'BENCH',
        start + h * 3600,
        start + h * 3600 + 3600,
        (1.5 + (h % 24) / 10).toFixed(4),
        null,
      ]);
      await tx.insertMany(
        'market_prices',
        ['price_zone', 'start_utc', 'end_utc', 'price_per_kwh', 'import_id'],
        prices,
      );
    });
    console.log(`\nloaded ${(PROSUMERS + CONSUMERS) * hours} readings in ${ms(performance.now() - t0)}`);

    // --- settle
    peakRss = process.memoryUsage().rss;
    const rssBefore = peakRss;
    const settleStart = performance.now();
    let lines = 0;
    for (let m = 1; m <= MONTHS; m++) {
      const outcome = await settleMonth(workspace, `${YEAR}-${String(m).padStart(2, '0')}`, {
        allowGaps: false,
      });
      if (outcome.status !== 'published') throw new Error(outcome.message);
      lines += outcome.lines;
    }
    const settleMs = performance.now() - settleStart;
    console.log(
      `\nsettled ${MONTHS} month(s): ${(settleMs / 1000).toFixed(1)} s including storage (target < 30 s for a year)`,
    );
    console.log(`  lines: ${lines} (${Math.round(lines / (settleMs / 1000))} lines/s)`);
    console.log(`  peak RSS while settling: ${mb(peakRss)} (before: ${mb(rssBefore)})`);

    // --- the integrity check run when a workspace is opened for writing (issue 16): PRAGMA
    // quick_check over the whole file, against reading the file's bytes once (the baseline).
    {
      const bytes = statSync(file).size;
      const t = performance.now();
      const handle = await open(file, 'r');
      const buffer = Buffer.alloc(1 << 20);
      while ((await handle.read(buffer, 0, buffer.length)).bytesRead > 0);
      await handle.close();
      const readMs = performance.now() - t;
      const q = performance.now();
      const damage = await quickCheck(file);
      const checkMs = performance.now() - q;
      console.log(
        `\nintegrity check on opening for writing (PRAGMA quick_check) of the ${mb(bytes)} workspace`,
      );
      console.log(`  baseline (reading the file's bytes once): ${ms(readMs)}`);
      console.log(
        `  quick_check: ${ms(checkMs)} (${damage.length === 0 ? 'ok' : 'DAMAGED'}); ratio ${(checkMs / readMs).toFixed(1)}×; it runs in the background, only the first write waits for it`,
      );
    }

    // --- views: p50/p95 over 200 calls each
    const random = seededRandom(7);
    const pick = (n: number) => Math.floor(random() * n);
    const pid = () => `p${String(pick(PROSUMERS)).padStart(3, '0')}`;
    const month = () => 1 + pick(MONTHS);
    const day = () => `${YEAR}-${String(month()).padStart(2, '0')}-${String(1 + pick(28)).padStart(2, '0')}`;
    const views: [string, () => unknown][] = [
      [
        'consumer:overview',
        () => ({
          consumerId: `c${String(pick(CONSUMERS)).padStart(3, '0')}`,
          month: month(),
          year: YEAR,
          meterType: 1,
        }),
      ],
      ['prosumer:transactions', () => ({ prosumerId: pid(), month: month(), year: YEAR, meterType: 1 })],
      ['prosumer:distribution', () => ({ prosumerId: pid(), month: month(), year: YEAR, meterType: 1 })],
      ['prosumer:breakdown D', () => ({ prosumerId: pid(), period: 'D', date: day(), meterType: 1 })],
      ['prosumer:breakdown W', () => ({ prosumerId: pid(), period: 'W', date: day(), meterType: 1 })],
      ['prosumer:breakdown Y', () => ({ prosumerId: pid(), period: 'Y', date: day(), meterType: 1 })],
      ['prosumer:revenue', () => ({ prosumerId: pid(), meterType: 1 })],
      ['prosumer:payments', () => ({ prosumerId: pid(), meterType: 1, asOf: '2023-01-15' })],
      ['prosumer:daily-tracking', () => ({ prosumerId: pid(), date: day(), meterType: 1 })],
    ];
    console.log('\nviews, 200 calls each (target p95 < 50 ms):');
    for (const [label, input] of views) {
      const operation = label.split(' ')[0]!;
      const timings: number[] = [];
      for (let i = 0; i < 200; i++) {
        const t = performance.now();
        const result = await callOperation({ workspace }, operation, input());
        timings.push(performance.now() - t);
        if (!result.ok) throw new Error(`${label}: ${result.error.message}`);
      }
      timings.sort((a, b) => a - b);
      console.log(
        `  ${label.padEnd(26)} p50 ${ms(percentile(timings, 50)).padStart(9)}  p95 ${ms(percentile(timings, 95)).padStart(9)}`,
      );
    }

    // --- exporting lines: one month, then the whole year in one streamed CSV (issue 10: constant
    // memory). The baseline is the same process copying as many bytes of an in-memory buffer to a
    // file; memory is the peak RSS during each export less the RSS just before it.
    const runs = await runsToExport(
      workspace,
      Array.from({ length: MONTHS }, (_, i) => `${YEAR}-${String(i + 1).padStart(2, '0')}`),
    );
    const exportOf = async (label: string, list: typeof runs) => {
      const target = path.join(folder, `${label}.csv`);
      global.gc?.();
      const before = process.memoryUsage().rss;
      peakRss = before;
      const t = performance.now();
      const out = createWriteStream(target);
      const count = await writeLinesCsv(workspace, list, out);
      await new Promise<void>((resolve) => out.end(() => resolve()));
      const elapsed = performance.now() - t;
      const bytes = statSync(target).size;
      const copyStart = performance.now();
      const copy = createWriteStream(path.join(folder, `${label}-baseline.bin`));
      const chunk = Buffer.alloc(1 << 16, 120);
      for (let written = 0; written < bytes; written += chunk.length)
        if (!copy.write(chunk)) await once(copy, 'drain');
      await new Promise<void>((resolve) => copy.end(() => resolve()));
      const copyMs = performance.now() - copyStart;
      console.log(
        `  ${label.padEnd(12)} ${String(count).padStart(10)} lines, ${mb(bytes).padStart(7)}: ${ms(elapsed).padStart(11)} (${Math.round(count / (elapsed / 1000))} lines/s; ${(elapsed / copyMs).toFixed(1)}× writing as many bytes), RSS +${mb(Math.max(0, peakRss - before))} (peak ${mb(peakRss)})`,
      );
      rmSync(target);
    };
    console.log('\nexporting lines as CSV (streamed):');
    await exportOf('one month', [runs[0]!]);
    if (runs.length > 1) await exportOf(`${runs.length} months`, runs);

    await workspace.close();
  } finally {
    clearInterval(sampler);
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
