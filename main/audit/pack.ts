/**
 * The audit pack (issue 10): one zip file holding everything an auditor needs to
 * re-verify a month's settlement without the workspace:
 *
 *   identity.json            the run (id, identity, engine, options), the workspace's settings
 *   manifest.json            the run's manifest as stored when it was published
 *   inputs/definition.json   participants, settling meters, pools, offer and utility plans as the run used them
 *   inputs/tariffs.json      the tariffs those plans name
 *   inputs/readings.csv      every settling meter's readings the run read (estimates and virtual meters' use included)
 *   inputs/market-prices.csv the month's market prices
 *   imports/import-N.json    each source import's report and sha256
 *   lines.csv                the run's lines
 *   statements/*.csv|pdf     each participant's statement from the run
 *   README.md                how to re-verify
 *   SHA256SUMS               the sha256 of every other file
 *
 * `verifyPack` rebuilds a workspace from the inputs alone, settles the month with
 * the same engine and options, and compares identity and every line; altered,
 * missing or added files are named from SHA256SUMS.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';

import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

import { contract, type OperationName, type OperationParsedInput } from '../../shared/contract';
import { csvRow } from '../../shared/csv';
import { zodFieldErrors } from '../../shared/definition';
import type { WorkspaceDefinition } from '../../shared/definition';
import type { Tariff } from '../../shared/tariff';
import { formatLocalIso, formatSeedUtc } from '../../shared/time';
import { Dec, milliWhToKwh } from '../../shared/units';
import { importHandlers } from '../api/import-handlers';
import { writeLinesCsv } from '../api/run-export';
import { readSettlementInputs, settleMonth } from '../api/settlement';
import { tariffHandlers } from '../api/tariff-handlers';
import { ENGINE_VERSION } from '../engine/settle-period';
import { ApiError } from '../errors';
import { importDefinition } from '../importers/workspace-json';
import { buildStatement, statementParticipants } from '../statements/statement';
import { statementCsv } from '../statements/statement-csv';
import { statementPdf } from '../statements/statement-pdf';
import { readDefinition } from '../store/definition-repository';
import { marketPricesBetween } from '../store/readings-repository';
import { latestPublishedRun, runById, type RunRow } from '../store/settlement-repository';
import { readVirtualSetup } from '../store/virtual-meter-repository';
import { Workspace } from '../store/workspace';

/** A pack file's part checked against an operation's input, as the API would check it; refused naming the file. */
function parsedOrThrow<K extends OperationName>(
  file: string,
  operation: K,
  input: unknown,
): OperationParsedInput<K> {
  const parsed = contract[operation].input.safeParse(input);
  if (parsed.success) return parsed.data as OperationParsedInput<K>;
  const [field, messages] = Object.entries(zodFieldErrors(parsed.error))[0] ?? ['input', ['is not valid']];
  throw new Error(`${file}: ${operation}: ${field} ${messages[0]}`);
}

export const PACK_FORMAT = 1;

export interface PackIdentity {
  packFormat: number;
  createdBy: string;
  createdUtc: string;
  month: string;
  engineVersion: string;
  run: { id: number; identity: string; options: { allowGaps: boolean }; publishedUtc: string; lines: number };
  workspace: { name: string; timezone: string; currency: string; priceZone: string };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Collects what a stream writer writes, as text. */
async function collectText(write: (out: Writable) => Promise<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    },
  });
  await write(sink);
  return Buffer.concat(chunks).toString('utf8');
}

/** Semantic versions compared number by number: 1.10.0 is newer than 1.9.3. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** The run a pack is made of: the one asked for, or the month's run in force. */
async function packRun(workspace: Workspace, month: string, runId?: number): Promise<RunRow> {
  if (runId !== undefined) {
    const run = await runById(workspace.db, runId);
    if (!run || run.status !== 'published')
      throw new ApiError('not_found', `run ${runId} does not exist or was not published`);
    if (run.month !== month)
      throw new ApiError('invalid_input', `run ${runId} settles ${run.month}, not ${month}`);
    return run;
  }
  const run = await latestPublishedRun(workspace.db, month);
  if (!run)
    throw new ApiError(
      'not_found',
      `${month} is not settled: settle it first (energy-ledger settle --month ${month}); an audit pack is made of a published run`,
    );
  return run;
}

const README = (id: PackIdentity) => `# Energy Ledger audit pack: ${id.month}, run ${id.run.id}

Workspace: ${id.workspace.name} (${id.workspace.timezone}, ${id.workspace.currency}, price zone ${id.workspace.priceZone})
Run ${id.run.id}, published ${id.run.publishedUtc} UTC, engine ${id.engineVersion}, ${id.run.lines} lines
Run identity: ${id.run.identity}

The run identity is the sha256 of the engine version, the settlement options and the
content of every input. It is printed on every statement of the run: check that the
statements you were sent carry the identity above.

## Re-verify

    energy-ledger verify-pack THIS-PACK.zip

It checks every file against SHA256SUMS (an altered, missing or added file is named),
then rebuilds a workspace from \`inputs/\` alone, settles ${id.month} with the same engine and
options, and compares the identity and every line of \`lines.csv\`: it reports
IDENTICAL, or each difference with its hour, participants, figure and both values.
A pack made by a newer engine than yours is refused with the version named.

By hand: \`sha256sum -c SHA256SUMS\`; create a workspace, import \`inputs/definition.json\`,
save \`inputs/tariffs.json\`'s tariffs, import \`inputs/readings.csv\` and
\`inputs/market-prices.csv\`, settle ${id.month}${id.run.options.allowGaps ? ' with --allow-gaps' : ''} and export its lines
(\`energy-ledger export --lines --month ${id.month}\`); they equal \`lines.csv\` but for run_id.

## Files

- \`identity.json\`: the run and the workspace's settings; \`manifest.json\`: the run's manifest as
  published (the inputs' digests, the source imports, plans, pools and tariffs in force).
- \`inputs/definition.json\`: participants, the settling meters (virtual meters as the meters
  whose hourly use the run read), pools, offer and utility plans with the versions in force.
- \`inputs/tariffs.json\`: the tariffs the utility plans name.
- \`inputs/readings.csv\`: the settling meters' readings as the run read them (kWh exact to the mWh,
  local time with its offset); hours an account's estimates filled, and virtual meters' hourly use,
  are written as hourly readings.
- \`inputs/market-prices.csv\`: the month's hourly market prices of the price zone.
- \`imports/import-N.json\`: each source import's file name, kind, sha256 and report.
- \`lines.csv\`: every line of the run (traded, open market, unsold, grid) with energy, price and amount.
- \`statements/\`: each participant's statement of the run, CSV and PDF.
`;

/** Writes the audit pack of a month's run (or of runId); refused for an unsettled month. */
export async function writeAuditPack(
  workspace: Workspace,
  input: { month: string; runId?: number },
): Promise<{ zip: Uint8Array; identity: PackIdentity; files: string[] }> {
  const run = await packRun(workspace, input.month, input.runId);
  const settings = await workspace.settings();
  const { timezone } = settings;
  const manifest = JSON.parse(run.manifest_json) as {
    sources: { importId: number }[];
    pools: WorkspaceDefinition['pools'];
    offerPlans: WorkspaceDefinition['offerPlans'];
    utilityPlans: WorkspaceDefinition['utilityPlans'];
    utilityPlanAssignments: WorkspaceDefinition['utilityPlanAssignments'];
    tariffs: Tariff[];
  };
  const options = JSON.parse(run.options_json) as { allowGaps: boolean };

  // The settling meters' readings, exactly as the settlement reads them (through the shared
  // cell writer, like every export: ids, times and decimals pass as they are).
  const readingLines = [csvRow(['meter_id', 'interval_start', 'interval_minutes', 'energy_kwh'])];
  const virtualIds = new Set<string>();
  await readSettlementInputs(workspace, input.month, {
    physical(meterId, readings, estimated) {
      for (const r of readings)
        readingLines.push(
          csvRow([
            meterId,
            formatLocalIso(r.startUtc, timezone),
            (r.endUtc - r.startUtc) / 60,
            milliWhToKwh(r.energyMilliWh),
          ]),
        );
      for (const [hour, mWh] of estimated)
        readingLines.push(csvRow([meterId, formatLocalIso(hour, timezone), 60, milliWhToKwh(mWh)]));
    },
    virtual(meterId, hours, values, gaps) {
      virtualIds.add(meterId);
      hours.forEach((hour, h) => {
        if (!gaps[h])
          readingLines.push(csvRow([meterId, formatLocalIso(hour, timezone), 60, milliWhToKwh(values[h]!)]));
      });
    },
  });
  const prices = await marketPricesBetween(
    workspace.db,
    settings.priceZone,
    run.period_start_utc,
    run.period_end_utc,
  );
  const priceLines = [csvRow(['interval_start', 'price_per_kwh'])];
  for (const p of prices) priceLines.push(csvRow([formatLocalIso(p.startUtc, timezone), p.pricePerKwh]));

  // The definition as the run used it: its plans and pools from the manifest, its settling meters.
  const current = await readDefinition(workspace.db, settings);
  const virtualMeters = (await readVirtualSetup(workspace.db)).virtual.filter((m) => virtualIds.has(m.id));
  const definition: WorkspaceDefinition = {
    ...current,
    meters: [
      ...current.meters.filter((m) => m.settles),
      ...virtualMeters.map((m) => ({
        id: m.id,
        participantId: m.participantId,
        name: `${m.name ?? m.id} (virtual meter: its hourly use as the run read it)`,
        meterType: m.meterType,
        direction: m.direction,
        settles: true,
        commodity: 'electricity' as const,
      })),
    ],
    pools: manifest.pools,
    offerPlans: manifest.offerPlans,
    utilityPlans: manifest.utilityPlans,
    utilityPlanAssignments: manifest.utilityPlanAssignments,
  };

  const files: Record<string, Uint8Array> = {};
  const put = (name: string, content: string | Uint8Array) => {
    files[name] = typeof content === 'string' ? strToU8(content) : content;
  };
  const identity: PackIdentity = {
    packFormat: PACK_FORMAT,
    createdBy: 'Energy Ledger',
    createdUtc: formatSeedUtc(Math.floor(Date.now() / 1000)),
    month: run.month,
    engineVersion: run.engine_version,
    run: {
      id: run.id,
      identity: run.identity,
      options,
      publishedUtc: formatSeedUtc(run.created_utc),
      lines: run.line_count,
    },
    workspace: {
      name: settings.name,
      timezone,
      currency: settings.currency,
      priceZone: settings.priceZone,
    },
  };
  put('README.md', README(identity));
  put('identity.json', `${JSON.stringify(identity, null, 2)}\n`);
  put('manifest.json', `${JSON.stringify(JSON.parse(run.manifest_json), null, 2)}\n`);
  put('inputs/definition.json', `${JSON.stringify(definition, null, 2)}\n`);
  put('inputs/tariffs.json', `${JSON.stringify(manifest.tariffs ?? [], null, 2)}\n`);
  put('inputs/readings.csv', `${readingLines.join('\n')}\n`);
  put('inputs/market-prices.csv', `${priceLines.join('\n')}\n`);
  for (const source of manifest.sources ?? []) {
    const row = await workspace.db.get<{
      id: number;
      file_name: string;
      kind: string;
      sha256: string;
      imported_utc: number;
      status: string;
      report_json: string;
    }>('SELECT id, file_name, kind, sha256, imported_utc, status, report_json FROM imports WHERE id = ?', [
      source.importId,
    ]);
    if (!row) continue;
    put(
      `imports/import-${row.id}.json`,
      `${JSON.stringify(
        {
          importId: row.id,
          fileName: row.file_name,
          kind: row.kind,
          sha256: row.sha256,
          importedUtc: formatSeedUtc(row.imported_utc),
          status: row.status,
          report: JSON.parse(row.report_json) as unknown,
        },
        null,
        2,
      )}\n`,
    );
  }
  put('lines.csv', await collectText((out) => writeLinesCsv(workspace, run, out)));
  const participants = await statementParticipants(workspace, run);
  for (const id of participants) {
    const statement = await buildStatement(workspace, { participantId: id, month: run.month, runId: run.id });
    put(`statements/${id}.csv`, statementCsv(statement));
    put(`statements/${id}.pdf`, await statementPdf(statement));
  }
  const names = Object.keys(files).sort();
  put('SHA256SUMS', names.map((name) => `${sha256(files[name]!)}  ${name}\n`).join(''));
  // Fixed file times, so the same files make the same zip.
  const zip = zipSync(
    Object.fromEntries(
      Object.entries(files).map(([name, data]) => [
        name,
        [data, { mtime: new Date('2000-01-01T00:00:00Z') }],
      ]),
    ),
    { level: 6 },
  );
  // The pack must reproduce its run: if the workspace's inputs changed since (a newer import,
  // an undo, a plan edit), the readings written are not the ones the run read.
  const check = await verifyPack(zip);
  if (check.recomputationError)
    throw new Error(
      `${run.month}: the pack of run ${run.id} does not reproduce it: ${check.recomputationError}`,
    );
  const reproduced = check.identity.comparable
    ? check.identity.same
    : check.lines.differing === 0 && check.lines.pack === check.lines.recomputed;
  if (!reproduced)
    throw new ApiError(
      'conflict',
      `${run.month}: the workspace's inputs are no longer those run ${run.id} used (their identity is now ${check.identity.recomputed}); settle ${run.month} again and pack the new run, or pack from a backup made at the time`,
    );
  return { zip, identity, files: [...names, 'SHA256SUMS'] };
}

export interface LineDifference {
  hourStartUtc: string;
  hourStartLocal: string;
  meterType: string;
  kind: string;
  generatorId: string;
  consumerId: string;
  figure: string;
  pack: string;
  recomputed: string;
}

export interface VerifyReport {
  identical: boolean;
  month: string;
  runId: number;
  engineVersion: string;
  files: {
    checked: number;
    altered: { file: string; expected: string; found: string }[];
    missing: string[];
    added: string[];
  };
  /**
   * The run identity hashes the engine version: a pack made by an older engine cannot have
   * the identity this engine computes (comparable false); its lines are still compared.
   */
  identity: { pack: string; recomputed: string | null; same: boolean; comparable: boolean };
  lines: { pack: number; recomputed: number; differing: number };
  differences: LineDifference[];
  /** Why the recomputation could not be made from the inputs, if it could not. */
  recomputationError: string | null;
}

/** A pack that cannot be verified at all (not a pack, or made by a newer engine). */
export class PackRefused extends Error {}

type Row = Record<string, string>;
function parseCsv(text: string): { header: string[]; rows: Row[] } {
  const lines = text.split(/\r?\n/).filter((l) => l !== '');
  const header = (lines.shift() ?? '').split(',');
  // Lines and statements carry ids and decimals only: no quoted commas.
  return { header, rows: lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v]))) };
}

const isDecimal = (text: string) => /^-?\d+(\.\d+)?$/.test(text);

const KEY = ['hour_start_utc', 'meter_type', 'kind', 'generator_id', 'consumer_id'];

/** Recomputes a pack's settlement from its inputs alone and compares it with its lines. */
export async function verifyPack(bytes: Uint8Array, limit = 1000): Promise<VerifyReport> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch {
    throw new PackRefused('not an audit pack: the file is not a zip archive');
  }
  for (const required of ['SHA256SUMS', 'identity.json'])
    if (!files[required]) throw new PackRefused(`not an audit pack: it has no ${required}`);
  let identity: PackIdentity;
  try {
    identity = JSON.parse(strFromU8(files['identity.json']!)) as PackIdentity;
  } catch (error) {
    throw new PackRefused(`not an audit pack: identity.json is not JSON (${(error as Error).message})`);
  }
  if (
    typeof identity !== 'object' ||
    identity === null ||
    typeof identity.month !== 'string' ||
    typeof identity.engineVersion !== 'string' ||
    typeof identity.run?.identity !== 'string' ||
    typeof identity.run?.options?.allowGaps !== 'boolean'
  )
    throw new PackRefused('not an audit pack: identity.json lacks the month, engine version or run');
  if (identity.packFormat !== PACK_FORMAT)
    throw new PackRefused(
      `pack format ${identity.packFormat} is not one this Energy Ledger reads (format ${PACK_FORMAT})`,
    );
  if (compareVersions(identity.engineVersion, ENGINE_VERSION) > 0)
    throw new PackRefused(
      `this pack was made by settlement engine ${identity.engineVersion}, newer than this Energy Ledger's engine ${ENGINE_VERSION}: verify it with an Energy Ledger whose engine is ${identity.engineVersion} or later`,
    );

  // Every file against SHA256SUMS.
  const listed = new Map<string, string>();
  for (const line of strFromU8(files.SHA256SUMS!).split('\n')) {
    const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (match) listed.set(match[2]!, match[1]!);
  }
  const altered: VerifyReport['files']['altered'] = [];
  const missing: string[] = [];
  for (const [name, expected] of listed) {
    const data = files[name];
    if (!data) missing.push(name);
    else if (sha256(data) !== expected) altered.push({ file: name, expected, found: sha256(data) });
  }
  const added = Object.keys(files)
    .filter((name) => name !== 'SHA256SUMS' && !listed.has(name) && !name.endsWith('/'))
    .sort();

  const packLines = parseCsv(files['lines.csv'] ? strFromU8(files['lines.csv']) : '');
  const report: VerifyReport = {
    identical: false,
    month: identity.month,
    runId: identity.run.id,
    engineVersion: identity.engineVersion,
    files: { checked: listed.size, altered, missing, added },
    identity: {
      pack: identity.run.identity,
      recomputed: null,
      same: false,
      comparable: identity.engineVersion === ENGINE_VERSION,
    },
    lines: { pack: packLines.rows.length, recomputed: 0, differing: 0 },
    differences: [],
    recomputationError: null,
  };

  const temp = mkdtempSync(path.join(os.tmpdir(), 'energy-ledger-verify-'));
  const workspace = await Workspace.create(path.join(temp, 'verify.sqlite'));
  try {
    const text = (name: string) => {
      const data = files[name];
      if (!data) throw new Error(`${name} is missing from the pack`);
      return strFromU8(data);
    };
    for (const tariff of JSON.parse(text('inputs/tariffs.json')) as Tariff[]) {
      await tariffHandlers['tariffs:save'](
        { workspace },
        parsedOrThrow('inputs/tariffs.json', 'tariffs:save', { tariff }),
      ).catch((error: unknown) => {
        throw new Error(`inputs/tariffs.json: ${(error as Error).message}`);
      });
    }
    await importDefinition(
      workspace.db,
      'inputs/definition.json',
      JSON.parse(text('inputs/definition.json')),
    );
    for (const [name, kind] of [
      ['inputs/readings.csv', 'readings'],
      ['inputs/market-prices.csv', 'market-prices'],
    ] as const) {
      const content = Buffer.from(files[name] ?? new Uint8Array());
      if (content.length === 0) throw new Error(`${name} is missing from the pack`);
      // A month without market prices (or without readings) has a header only: nothing to import.
      if (content.toString('utf8').trim().split('\n').length < 2) continue;
      await importHandlers['imports:file'](
        { workspace, upload: () => Readable.from([content]) },
        parsedOrThrow(name, 'imports:file', { fileName: name, kind }),
      ).catch((error: unknown) => {
        throw new Error(`${name}: ${(error as Error).message}`);
      });
    }
    const outcome = await settleMonth(workspace, identity.month, {
      allowGaps: identity.run.options.allowGaps,
    });
    if (outcome.status === 'refused') throw new Error(outcome.message);
    report.identity.recomputed = outcome.identity;
    report.identity.same = outcome.identity === identity.run.identity;
    const run = (await runById(workspace.db, outcome.runId))!;
    const recomputed = parseCsv(await collectText((out) => writeLinesCsv(workspace, run, out)));
    report.lines.recomputed = recomputed.rows.length;
    compareLines(packLines, recomputed, report, limit);
  } catch (error) {
    report.recomputationError = error instanceof Error ? error.message : String(error);
  } finally {
    await workspace.close();
    rmSync(temp, { recursive: true, force: true });
  }
  report.identical =
    altered.length === 0 &&
    missing.length === 0 &&
    added.length === 0 &&
    report.recomputationError === null &&
    (report.identity.same || !report.identity.comparable) &&
    report.lines.differing === 0 &&
    report.lines.pack === report.lines.recomputed;
  return report;
}

function compareLines(
  pack: { header: string[]; rows: Row[] },
  recomputed: { header: string[]; rows: Row[] },
  report: VerifyReport,
  limit: number,
) {
  const figures = recomputed.header.filter(
    (h) => !KEY.includes(h) && h !== 'run_id' && h !== 'hour_start_local',
  );
  const keyOf = (row: Row) => KEY.map((k) => row[k] ?? '').join('|');
  const before = new Map(pack.rows.map((row) => [keyOf(row), row]));
  const after = new Map(recomputed.rows.map((row) => [keyOf(row), row]));
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const key of keys) {
    const a = before.get(key);
    const b = after.get(key);
    const base = (a ?? b)!;
    let differs = false;
    for (const figure of figures) {
      const x = a?.[figure] ?? '(no line)';
      const y = b?.[figure] ?? '(no line)';
      if (x === y || (isDecimal(x) && isDecimal(y) && new Dec(x).equals(y))) continue;
      differs = true;
      if (report.differences.length < limit)
        report.differences.push({
          hourStartUtc: base.hour_start_utc ?? '',
          hourStartLocal: base.hour_start_local ?? '',
          meterType: base.meter_type ?? '',
          kind: base.kind ?? '',
          generatorId: base.generator_id ?? '',
          consumerId: base.consumer_id ?? '',
          figure,
          pack: x,
          recomputed: y,
        });
    }
    if (differs) report.lines.differing++;
  }
}
