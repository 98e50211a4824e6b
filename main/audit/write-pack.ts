/**
 * Writing a month's audit pack (issue 10): the zip an auditor re-verifies without the workspace
 * (its files are listed in main/audit/verify-pack.ts's header). A pack is only written from a run
 * whose inputs are still those the run used: it is verified before it is handed over.
 */

import { strToU8, zipSync } from 'fflate';

import { csvRow } from '../../shared/csv';
import type { WorkspaceDefinition } from '../../shared/definition';
import type { Tariff } from '../../shared/tariff';
import { formatLocalIso, formatSeedUtc } from '../../shared/time';
import { milliWhToKwh } from '../../shared/units';
import { ApiError } from '../errors';
import { readSettlementInputs } from '../settlement/gather-inputs';
import { writeLinesCsv } from '../settlement/run-export';
import { buildStatement, statementParticipants } from '../statements/statement';
import { statementCsv } from '../statements/statement-csv';
import { statementPdf } from '../statements/statement-pdf';
import { readDefinition } from '../store/definition-repository';
import { marketPricesBetween } from '../store/readings-repository';
import { importRecord } from '../store/run-inputs-log';
import { latestPublishedRun, runById, type RunRow } from '../store/settlement-repository';
import { readVirtualSetup } from '../store/virtual-meter-repository';
import { type Workspace } from '../store/workspace';

import { PACK_FORMAT, type PackIdentity, collectText, sha256 } from './pack-format';
import { verifyPack } from './verify-pack';

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
    const row = await importRecord(workspace.db, source.importId);
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
