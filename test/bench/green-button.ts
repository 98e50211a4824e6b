/**
 * Green Button benchmark (part of npm run bench): one year of 15-minute data
 * for 50 usage points (1,752,000 readings, with costs) written as one ESPI
 * Atom feed, imported into a fresh workspace; the same readings as a
 * canonical CSV imported into another, in the same process, as the baseline.
 * Prints readings per second and peak RSS for both, the file sizes, and the
 * Green Button rate as a fraction of the CSV rate. Never fails on time.
 *
 * Options: --points N --days N (defaults 50, 365).
 */
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
  options: { points: { type: 'string', default: '50' }, days: { type: 'string', default: '365' } },
});
const POINTS = Number(values.points);
const DAYS = Number(values.days);
const START = Date.UTC(2022, 0, 1) / 1000 + 8 * 3600; // 2022-01-01 00:00 in America/Los_Angeles
const PER_DAY = 96;
const ROWS = POINTS * DAYS * PER_DAY;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const meterId = (p: number) => `gb-up${p + 1}-mr1`;
/** Wh in a quarter hour (0–999), and its cost in 1/100,000 USD at 0.15 USD/kWh. */
const wh = (p: number, i: number) => (p * 37 + i * 11) % 1000;
const cost = (p: number, i: number) => wh(p, i) * 15;

async function writeText(file: string, produce: (write: (text: string) => Promise<void>) => Promise<void>) {
  const out = createWriteStream(file);
  let buffer = '';
  await produce(async (text) => {
    buffer += text;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  });
  out.end(buffer);
  await once(out, 'finish');
}

async function greenButtonFile(file: string): Promise<void> {
  const base = 'https://utility.example.com/DataCustodian/espi/1_1/resource/Subscription/1';
  await writeText(file, async (write) => {
    await write(
      '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xmlns:espi="http://naesb.org/espi">\n',
    );
    await write(
      `<entry><link rel="self" href="${base}/ReadingType/q"/><content><espi:ReadingType><espi:accumulationBehaviour>4</espi:accumulationBehaviour><espi:commodity>1</espi:commodity><espi:currency>840</espi:currency><espi:flowDirection>1</espi:flowDirection><espi:intervalLength>900</espi:intervalLength><espi:powerOfTenMultiplier>0</espi:powerOfTenMultiplier><espi:uom>72</espi:uom></espi:ReadingType></content></entry>\n`,
    );
    for (let p = 0; p < POINTS; p++) {
      const point = `${base}/UsagePoint/${p + 1}`;
      await write(
        `<entry><title>Service ${p + 1}</title><link rel="self" href="${point}"/><content><espi:UsagePoint><espi:ServiceCategory><espi:kind>0</espi:kind></espi:ServiceCategory></espi:UsagePoint></content></entry>\n`,
      );
      await write(
        `<entry><link rel="self" href="${point}/MeterReading/1"/><link rel="related" href="${base}/ReadingType/q"/><content><espi:MeterReading/></content></entry>\n`,
      );
      for (let d = 0; d < DAYS; d++) {
        const dayStart = START + d * 86400;
        let block = `<entry><link rel="self" href="${point}/MeterReading/1/IntervalBlock/${d + 1}"/><content><espi:IntervalBlock><espi:interval><espi:duration>86400</espi:duration><espi:start>${dayStart}</espi:start></espi:interval>\n`;
        for (let q = 0; q < PER_DAY; q++) {
          const i = d * PER_DAY + q;
          block += `<espi:IntervalReading><espi:cost>${cost(p, i)}</espi:cost><espi:timePeriod><espi:duration>900</espi:duration><espi:start>${dayStart + q * 900}</espi:start></espi:timePeriod><espi:value>${wh(p, i)}</espi:value></espi:IntervalReading>\n`;
        }
        await write(`${block}</espi:IntervalBlock></content></entry>\n`);
      }
    }
    await write('</feed>\n');
  });
}

async function canonicalFile(file: string): Promise<void> {
  await writeText(file, async (write) => {
    await write('meter_id,interval_start,interval_minutes,energy_wh\n');
    for (let p = 0; p < POINTS; p++) {
      for (let i = 0; i < DAYS * PER_DAY; i++) {
        const start = new Date((START + i * 900) * 1000).toISOString().replace('.000Z', 'Z');
        await write(`${meterId(p)},${start},15,${wh(p, i)}\n`);
      }
    }
  });
}

async function workspaceWithMeters(file: string): Promise<Workspace> {
  const definition: WorkspaceDefinition = {
    format: 'energy-ledger-workspace',
    formatVersion: 1,
    settings: {
      name: 'Green Button benchmark',
      timezone: 'America/Los_Angeles',
      currency: 'USD',
      priceZone: 'BENCH',
    },
    participants: [{ id: 'homes', name: 'Benchmark homes', role: 'consumer' }],
    meters: Array.from({ length: POINTS }, (_, p) => ({
      id: meterId(p),
      participantId: 'homes',
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

async function timeImport(label: string, folder: string, file: string, kind: string): Promise<number> {
  const workspace = await workspaceWithMeters(path.join(folder, `${label.replace(/\W+/g, '-')}.sqlite`));
  global.gc?.();
  peakRss = process.memoryUsage().rss;
  const before = peakRss;
  const t0 = performance.now();
  const result = await callOperation({ workspace, upload: () => createReadStream(file) }, 'imports:file', {
    fileName: path.basename(file),
    kind,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (!result.ok) throw new Error(`${label}: ${result.error.message}`);
  const stored = (result.value as { rowsStored: number }).rowsStored;
  if (stored !== ROWS) throw new Error(`${label}: stored ${stored} of ${ROWS}`);
  console.log(
    `  ${label.padEnd(28)} ${ROWS} readings (${mb(statSync(file).size)} file) in ${seconds.toFixed(1)} s: ${Math.round(ROWS / seconds)} readings/s, peak RSS ${mb(peakRss)} (${mb(before)} before)`,
  );
  await workspace.close();
  return ROWS / seconds;
}

async function main() {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'energy-ledger-green-button-bench-'));
  try {
    console.log(
      `Green Button benchmark: ${POINTS} usage points × ${DAYS} days of 15-minute data (node ${process.version}, ${os.cpus().length} cores)`,
    );
    const xml = path.join(folder, 'green-button.xml');
    const csv = path.join(folder, 'canonical.csv');
    await greenButtonFile(xml);
    await canonicalFile(csv);
    const csvRate = await timeImport('canonical CSV (baseline)', folder, csv, 'readings');
    const xmlRate = await timeImport('Green Button XML', folder, xml, 'green-button');
    console.log(
      `  Green Button rate as a fraction of the canonical CSV rate: ${(xmlRate / csvRate).toFixed(2)}`,
    );
  } finally {
    clearInterval(sampler);
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
