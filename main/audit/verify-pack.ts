/**
 * Verifying an audit pack (issue 10): one zip file holding everything an auditor needs to
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
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';

import { strFromU8, unzipSync } from 'fflate';

import type { Tariff } from '../../shared/tariff';
import { Dec } from '../../shared/units';
import { ENGINE_VERSION } from '../engine/settle-period';
import { refuseInvalidTariff } from '../engine/tariff-check';
import { importFile } from '../importers';
import { importDefinition } from '../importers/workspace-json';
import { writeLinesCsv } from '../settlement/run-export';
import { settleMonth } from '../settlement/settle-month';
import { runById } from '../store/settlement-repository';
import { saveTariff } from '../store/tariff-repository';
import { Workspace } from '../store/workspace';

import {
  PACK_FORMAT,
  type PackIdentity,
  collectText,
  compareVersions,
  parsedOrThrow,
  sha256,
} from './pack-format';

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
    // Each tariff as tariffs:save takes it: parsed by the contract, checked whole, stored.
    for (const tariff of JSON.parse(text('inputs/tariffs.json')) as Tariff[]) {
      const input = parsedOrThrow('inputs/tariffs.json', 'tariffs:save', { tariff });
      try {
        refuseInvalidTariff(input.tariff);
        await saveTariff(workspace.db, input.tariff, 'json');
      } catch (error) {
        throw new Error(`inputs/tariffs.json: ${(error as Error).message}`);
      }
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
      // As imports:file imports it (the contract's defaults); a file whose rows were all rejected
      // is refused with the importer's message. What the handler does besides (accounts'
      // intervalizations, settled months to settle again) has nothing to act on in a new workspace.
      const input = parsedOrThrow(name, 'imports:file', { fileName: name, kind });
      const report = await importFile(workspace, {
        fileName: input.fileName,
        kind: input.kind,
        source: Readable.from([content]),
        mode: input.mode,
        onConflict: input.onConflict,
        dryRun: input.dryRun,
        ...(input.mapping ? { mapping: input.mapping } : {}),
      }).catch((error: unknown) => {
        throw new Error(`${name}: ${(error as Error).message}`);
      });
      if (report.status === 'rejected' && !input.dryRun) throw new Error(`${name}: ${report.message}`);
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
