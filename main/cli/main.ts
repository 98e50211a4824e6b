/**
 * energy-ledger: the command line of Energy Ledger, for scripts, auditors and
 * CI. Every command works on one workspace file (`--db FILE`) or, without it,
 * on the default workspace in the user's data folder.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

import type {
  ImportProgress,
  ImportReportDto,
  AcceptRunDto,
  CloseMonthDto,
  StatementFileDto,
} from '../../shared/contract';
import { csvRow } from '../../shared/csv';
import { callOperation } from '../api/dispatch';
import { ApiError } from '../api/errors';
import {
  OutputExists,
  atomicWriteStream,
  produceFileAtomic,
  refuseExisting,
  writeFileAtomic,
} from '../atomic-file';
import { PackRefused, verifyPack, writeAuditPack, type VerifyReport } from '../audit/pack';
import { describeVerification } from '../audit/verify-report';
import { buildDemoWorkspace } from '../demo/build-demo';
import { defaultRendererDir, startServer } from '../http/server';
import { InvalidTextError, decodeUtf8Strictly } from '../importers/text-decoding';
import { statementParticipants, statementRun } from '../statements/statement';
import { WorkspaceFileError, inspectWorkspaceFile, quickCheck } from '../store/database';
import { rememberRecent } from '../store/recent-workspaces';
import { describeStoreError } from '../store/store-errors';
import { Workspace } from '../store/workspace';

import { UsageError, common, openWorkspace, printJson, refusal, stderr, withWorkspace } from './cli-support';
import { dataFolder, defaultWorkspacePath } from './default-workspace';
import { writeReadingsCsv } from './export-readings';
import { refusalHints, rowHint } from './import-wording';
import { commandAccountStatement, commandPay, commandPayments, commandReceivables } from './money-commands';

const help = `energy-ledger — settle and explain a peer-to-peer 24/7 carbon-free-energy market

Usage: energy-ledger <command> [options]

Commands:
  demo     --db FILE [--key prorata|priority|static] [--seed N]
           Build the demo workspace (Bangkok, 3 solar prosumers, 8 consumers, 2022 hourly).
  serve    [--db FILE] [--port N] [--token T]
           Serve the app and its API on http://127.0.0.1 (prints a link with the token).
  query    <operation> ['<json input>'|@input.json] [--db FILE]
           Run one API operation and print its result as JSON; @FILE reads the input from a
           file. 'query --list' lists operations.
  import   [--db FILE] [--create] [--kind auto|workspace|readings|green-button|cost-consumption|market-prices|payments] FILE...
           [--partial] [--on-conflict reject|replace|keep] [--dry-run] [--json]
           [--mapping JSON|@file.json] [--profile NAME] [--save-profile NAME] [--timezone TZ]
           Import a workspace definition (.json), readings (CSV or XLSX in any layout, mapping
           detected from the header; Green Button XML), market prices or payments. Strict by default: a file with
           a rejected row stores nothing; --partial stores the valid rows. --dry-run checks only.
  imports  [--db FILE] list | remove ID
           List imports, or undo one (its rows and the meters it created go, what it superseded
           comes back).
  export   [--db FILE] --definition | --readings --from YYYY-MM-DD --to YYYY-MM-DD [--meter ID] [--out FILE]
           | --lines --month YYYY-MM|--run ID|--from YYYY-MM --to YYYY-MM [--format csv|xlsx] [--out FILE]
           Write the workspace definition JSON, readings as canonical CSV, or a run's raw lines
           (CSV streamed; XLSX split across sheets past Excel's row limit).
  settle   [--db FILE] --month YYYY-MM | --from YYYY-MM --to YYYY-MM [--allow-gaps]
           Settle months hour by hour; re-settling unchanged inputs adds no run.
  tariffs  [--db FILE] list | import-urdb FILE.json [--currency USD] | export-urdb ID
           List tariffs, save a URDB rate as a tariff (what it cannot price is named), or
           write a tariff as URDB JSON.
  load-profiles [--db FILE] list | import FILE.csv --code CODE [--name NAME] [--typical-days] [--normalize]
           List load profiles, or save one from CSV (a year of 8,760 weights, or typical days
           month,day_type,hour,weight); weights must sum to 1 unless --normalize.
  consumption [--db FILE] --device METER [--resolution DAILY] [--from DATE|TIME] [--to DATE|TIME]
           [--limit-to-latest N] [--include-submetering-devices] [--xml]
           Cost and consumption of a meter (physical or virtual) at a resolution (seed 004), JSON or XML.
  statements [--db FILE] --month YYYY-MM [--participant ID] [--run ID] [--format pdf|csv] [--as-of YYYY-MM-DD]
           [--out DIR]
           Write each participant's monthly statement (earnings or bill, payments, balances) from the
           month's published run, one file each (PDF with an embedded Thai-capable font, or CSV).
  receivables [--db FILE] [--as-of YYYY-MM-DD] [--participant ID] [--status S] [--overdue] [--json]
           Each statement (invoice or credit note) per participant and month: amount due in the
           currency's minor unit, payments, outstanding, balances carried; totals per direction,
           aging buckets and the overdue list as of a date.
  audit    [--db FILE] [--kind KIND] [--from DATE] [--to DATE] [--text TEXT] [--csv]
           The audit log (imports, undo, settlements, payments, tariff, account and meter changes),
           oldest first; it cannot be edited.
  calculate [--db FILE] --account ID --from DATE --to DATE [--group-by MONTH|ALL]
           [--detail RATE|CHARGE_TYPE|TOTAL] [--usage metered|grid] [--tariff ID]
           Price an account's usage on its tariff (seed 001's CalculatedCost, as JSON).
  audit-pack [--db FILE] --month YYYY-MM [--run ID] --out PACK.zip
           Write a month's run (or --run) as an audit pack: identity, manifest, normalized inputs,
           source imports' reports and hashes, lines, statements, README, SHA256SUMS.
  verify-pack PACK.zip [--json]
           Recompute the settlement from the pack alone: IDENTICAL, or each difference (hour,
           participant, figure) and any altered file; exit 0 identical, 1 different, 2 refused.
  close    [--db FILE] --month YYYY-MM [--note TEXT] [--out-of-order]
           Close (lock) a settled month on its run in force: its statements are final. Refused
           while an earlier month with data is open, unless --out-of-order (the audit log says so).
  accept   [--db FILE] --run ID [--dry-run]
           Accept a held run of a closed month: each participant's difference becomes a
           prior-period adjustment on the next open month's statement (--dry-run: show them only).
  pay      [--db FILE] --participant ID (--statement EL-YYYY-NNNNNN | --month YYYY-MM) --amount X
           --date YYYY-MM-DD [--reference R]
           Record a payment against an issued statement. The amount is more than zero and on the
           currency's minor unit (2 decimals for THB); a reference counts once per participant.
  payments [--db FILE] list [--participant ID] [--month YYYY-MM] [--json] | undo ID --reason TEXT
           List payments (undone ones marked), or undo one recorded by mistake, with a reason.
  account-statement [--db FILE] --participant ID [--from YYYY-MM] [--to YYYY-MM] [--as-of DATE]
           [--format pdf|csv] [--out DIR]
           Write a participant's statement of account: opening balance, statements, payments,
           closing balance.
  backup   [--db FILE] --out COPY
           Save a consistent copy of a workspace (SQLite VACUUM INTO), written aside and renamed whole.
  check    [--db FILE]
           Check a workspace file for damage (SQLite's integrity check and foreign keys), reading
           only; exit 0 when sound, 1 when damaged (a damaged workspace opens read-only).
  help     Show this help.

Without --db, commands use the default workspace (${'$'}ENERGY_LEDGER_HOME or the user's data folder),
created from the demo the first time. A --db path that does not exist is an error,
except for 'demo' and 'import --create', which make new files.`;

async function commandDemo(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      key: { type: 'string', default: 'prorata' },
      seed: { type: 'string', default: '2022' },
    },
  });
  if (!values.db) throw new UsageError('demo needs --db FILE (the new workspace file to create)');
  if (!['prorata', 'priority', 'static'].includes(values.key))
    throw new UsageError('--key must be one of prorata, priority, static');
  if (!/^\d+$/.test(values.seed)) throw new UsageError('--seed must be a whole number');
  if (existsSync(values.db))
    throw new UsageError(`${path.resolve(values.db)}: already exists; the demo makes a new file`);
  const started = Date.now();
  const { workspace, readings } = await buildDemoWorkspace(values.db, {
    key: values.key as 'prorata',
    seed: Number(values.seed),
  });
  await workspace.close();
  stderr(
    `Demo workspace written to ${path.resolve(values.db)}: ${readings} hourly readings of 2022, key ${values.key}, seed ${values.seed} (${Date.now() - started} ms).`,
  );
  return 0;
}

async function commandServe(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      port: { type: 'string', default: '4870' },
      token: { type: 'string' },
      renderer: { type: 'string' },
    },
  });
  if (!/^\d+$/.test(values.port) || Number(values.port) > 65535)
    throw new UsageError('--port must be a port number (0 picks a free one)');
  if (values.token !== undefined && values.token.length === 0)
    throw new UsageError('--token must not be empty');
  const workspace = await openWorkspace(values.db, stderr);
  const rendererDir = values.renderer ?? defaultRendererDir();
  const recentFile = path.join(dataFolder(), 'recent-workspaces.json');
  const server = await startServer({
    workspace,
    port: Number(values.port),
    ...(values.token ? { token: values.token } : {}),
    rendererDir,
    recentFile,
  });
  const settings = await workspace.settings();
  // The workspace served first is one the person opened too: it heads the Workspace page's list.
  rememberRecent(recentFile, { path: workspace.filePath, name: settings.name });
  process.stdout.write(
    `Energy Ledger is serving "${settings.name}" (${workspace.filePath})\nOpen: ${server.url}\n`,
  );
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    stderr(
      `Note: the user interface is not built (${rendererDir}); the API works. 'npm run serve' builds it first.`,
    );
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await workspace.close();
  return 0;
}

async function commandQuery(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...common, list: { type: 'boolean' } },
  });
  const { contract } = await import('../../shared/contract');
  if (values.list) {
    for (const [name, operation] of Object.entries(contract))
      process.stdout.write(`${name.padEnd(30)} ${operation.http}\n`);
    return 0;
  }
  const [operation, json] = positionals;
  if (!operation) throw new UsageError("query needs an operation name (see 'energy-ledger query --list')");
  if (!(operation in contract))
    throw new UsageError(`unknown operation "${operation}" (see 'energy-ledger query --list')`);
  let input: unknown = {};
  if (json !== undefined) {
    // '@FILE' reads the input from that file (as import's --mapping @file.json does).
    const file = json.startsWith('@') ? json.slice(1) : undefined;
    let text = json;
    if (file !== undefined) {
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        const { code, message } = error as NodeJS.ErrnoException;
        throw new UsageError(
          `${path.resolve(file)}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${message})`} (the input given as @FILE)`,
        );
      }
    }
    try {
      input = JSON.parse(text);
    } catch (error) {
      throw new UsageError(
        `${file !== undefined ? `${file}: ` : ''}the input is not JSON: ${(error as Error).message}`,
      );
    }
  }
  if (operation === 'imports:file') throw new UsageError("use 'energy-ledger import FILE' to import files");
  return withWorkspace(values.db, async (workspace) => {
    const result = await callOperation({ workspace }, operation, input);
    if (result.ok) {
      printJson(result.value);
      return 0;
    }
    stderr(`error (${result.error.code}): ${result.error.message}`);
    if (result.error.fields) stderr(JSON.stringify(result.error.fields, null, 2));
    return result.error.code === 'invalid_input' ? 2 : 1;
  });
}

/** A progress line on a terminal: bytes, rows, rate and time left. */
function progressPrinter(): (p: ImportProgress) => void {
  if (!process.stderr.isTTY) return () => undefined;
  return (p) => {
    const share = p.bytesTotal ? p.bytesRead / p.bytesTotal : 0;
    const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '.');
    const left = p.secondsLeft !== undefined ? `, ${p.secondsLeft} s left` : '';
    process.stderr.write(
      `\r[${bar}] ${(share * 100).toFixed(0)}% ${p.rowsRead} rows, ${p.rowsPerSecond ?? 0} rows/s${left} `,
    );
  };
}

function readMapping(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  let json = text;
  if (text.startsWith('@')) {
    const file = text.slice(1);
    try {
      json = readFileSync(file, 'utf8');
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      throw new UsageError(
        `--mapping ${path.resolve(file)}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${message})`}`,
      );
    }
  }
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    throw new UsageError(`--mapping is not JSON: ${(error as Error).message}`);
  }
}

function printReport(report: ImportReportDto): void {
  process.stdout.write(`${report.message}\n`);
  if (report.status === 'dry-run' && report.mapping) {
    process.stdout.write(
      `  mapping (detected or given; confirm, then import without --dry-run, or --save-profile it): ${JSON.stringify(report.mapping)}\n`,
    );
    process.stdout.write(
      `  read as ${report.encoding ?? 'text'} in ${report.timezone ?? 'the workspace timezone'}\n`,
    );
  }
  if (report.metersCreated?.length)
    process.stdout.write(`  meters created: ${report.metersCreated.join(', ')}\n`);
  for (const meter of report.meters ?? []) {
    process.stdout.write(
      `  ${meter.meterId}: ${meter.readings} readings, ${meter.from} … ${meter.to} UTC, ${meter.totalKWh !== undefined ? `${meter.totalKWh} kWh` : `${meter.total} ${meter.unit}`}\n`,
    );
  }
  for (const note of report.dstNotes ?? []) process.stdout.write(`  DST: ${note}\n`);
  for (const row of (report.rejectedRows ?? []).slice(0, 20)) {
    process.stdout.write(
      `  rejected line ${row.line}, ${row.column} "${row.value}": ${row.message}${rowHint(row)}\n`,
    );
  }
  if ((report.rowsRejected ?? 0) > 20)
    process.stdout.write(
      `  … ${(report.rowsRejected ?? 0) - 20} more rejected row(s); all are listed in the import report\n`,
    );
}

async function commandImport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...common,
      create: { type: 'boolean' },
      kind: { type: 'string', default: 'auto' },
      partial: { type: 'boolean' },
      'on-conflict': { type: 'string', default: 'reject' },
      'dry-run': { type: 'boolean' },
      mapping: { type: 'string' },
      profile: { type: 'string' },
      'save-profile': { type: 'string' },
      timezone: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length === 0) throw new UsageError('import needs at least one FILE');
  let workspace: Workspace;
  if (values.create) {
    if (!values.db) throw new UsageError('import --create needs --db FILE (the new workspace file)');
    if (existsSync(values.db))
      throw new UsageError(`${path.resolve(values.db)}: already exists; --create makes a new file`);
    workspace = await Workspace.create(values.db);
  } else {
    workspace = await openWorkspace(values.db, stderr);
  }
  let failures = 0;
  try {
    let mapping = readMapping(values.mapping) as Record<string, unknown> | undefined;
    if (values.profile) {
      const profiles = await callOperation({ workspace }, 'import-profiles:list', {});
      const found = profiles.ok
        ? (profiles.value as { name: string; mapping: Record<string, unknown> }[]).find(
            (p) => p.name === values.profile,
          )
        : undefined;
      if (!found)
        throw new UsageError(
          `no saved mapping profile "${values.profile}" (see energy-ledger query import-profiles:list)`,
        );
      mapping = { ...found.mapping, ...(mapping ?? {}) };
    }
    if (values.timezone) mapping = { ...(mapping ?? {}), timezone: values.timezone };
    for (const file of positionals) {
      if (!existsSync(file)) {
        stderr(`${file}: no such file`);
        failures++;
        continue;
      }
      const result = await callOperation(
        {
          workspace,
          upload: () => createReadStream(file),
          uploadSize: statSync(file).size,
          onProgress: progressPrinter(),
        },
        'imports:file',
        {
          fileName: path.basename(file),
          kind: values.kind,
          mode: values.partial ? 'partial' : 'strict',
          onConflict: values['on-conflict'],
          dryRun: Boolean(values['dry-run']),
          ...(mapping ? { mapping } : {}),
        },
      );
      if (process.stderr.isTTY) process.stderr.write('\n');
      if (result.ok) {
        const report = result.value as ImportReportDto;
        if (values.json) printJson(report);
        else printReport(report);
        // A dry run answers its report even when the file would store nothing.
        if (report.status === 'rejected') failures++;
        if (values['save-profile'] && report.mapping && report.status === 'stored') {
          await callOperation({ workspace }, 'import-profiles:save', {
            name: values['save-profile'],
            mapping: report.mapping,
          });
          process.stdout.write(`  mapping saved as profile "${values['save-profile']}"\n`);
        }
      } else {
        failures++;
        stderr(`error: ${result.error.message}`);
        if (result.error.fields) stderr(JSON.stringify(result.error.fields, null, 2));
        for (const hint of refusalHints(result.error)) stderr(hint);
      }
    }
  } finally {
    await workspace.close();
  }
  return failures === 0 ? 0 : 2;
}

async function commandImports(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...common } });
  const [action, id] = positionals;
  return withWorkspace(values.db, async (workspace) => {
    if (action === 'list' || action === undefined) {
      const result = await callOperation({ workspace }, 'imports:list', {});
      if (!result.ok) throw new Error(result.error.message);
      for (const report of result.value as ImportReportDto[]) {
        process.stdout.write(
          `#${report.importId} ${report.kind} ${report.status}${report.removed ? ' (removed)' : ''} ${report.fileName}: ${report.rowsStored} stored of ${report.rowsRead} read\n`,
        );
      }
      return 0;
    }
    if (action === 'remove') {
      if (!id || !/^\d+$/.test(id))
        throw new UsageError('imports remove needs an import id (see energy-ledger imports list)');
      const result = await callOperation({ workspace }, 'imports:remove', { importId: Number(id) });
      if (!result.ok) return refusal(result.error);
      process.stdout.write(`${(result.value as { message: string }).message}\n`);
      return 0;
    }
    throw new UsageError(`imports: unknown action "${action}" (list or remove)`);
  });
}

async function commandExport(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      definition: { type: 'boolean' },
      readings: { type: 'boolean' },
      from: { type: 'string' },
      to: { type: 'string' },
      meter: { type: 'string', multiple: true },
      out: { type: 'string' },
      lines: { type: 'boolean' },
      month: { type: 'string' },
      run: { type: 'string' },
      format: { type: 'string', default: 'csv' },
    },
  });
  if ([values.definition, values.readings, values.lines].filter(Boolean).length !== 1)
    throw new UsageError('export needs exactly one of --definition, --readings or --lines');
  if (values.lines) return exportLines(values);
  if (values.readings && (!values.from || !values.to))
    throw new UsageError('export --readings needs --from and --to (local days, YYYY-MM-DD)');
  if (values.out) await refuseExisting(values.out, 'export');
  // The file is written under a temporary name once the workspace opened, and moved into place whole.
  return withWorkspace(values.db, async (workspace) => {
    const target = values.out ? atomicWriteStream(values.out) : undefined;
    const out = target?.stream ?? process.stdout;
    try {
      if (values.definition) {
        const result = await callOperation({ workspace }, 'workspace:get', {});
        if (!result.ok) throw new Error(result.error.message);
        out.write(`${JSON.stringify(result.value, null, 2)}\n`);
      } else {
        await writeReadingsCsv(
          workspace,
          { from: values.from!, to: values.to!, meterIds: values.meter ?? [] },
          out,
        );
      }
      await target?.commit();
    } catch (error) {
      await target?.abort();
      throw error;
    }
    return 0;
  });
}

/**
 * `export --lines`: a run's raw lines (the month's run in force, or --run), or a range of
 * months' (--from YYYY-MM --to YYYY-MM: each month's run in force, one file), as CSV or XLSX.
 */
async function exportLines(values: {
  db?: string;
  month?: string;
  run?: string;
  from?: string;
  to?: string;
  format?: string;
  out?: string;
}): Promise<number> {
  const range = values.from !== undefined || values.to !== undefined;
  if ([values.month, values.run, range ? 'range' : undefined].filter(Boolean).length !== 1)
    throw new UsageError(
      'export --lines needs one of --month YYYY-MM, --run ID or --from YYYY-MM --to YYYY-MM',
    );
  if (range && !(/^\d{4}-\d{2}$/.test(values.from ?? '') && /^\d{4}-\d{2}$/.test(values.to ?? '')))
    throw new UsageError('export --lines --from and --to are months, YYYY-MM');
  if (range && values.from! > values.to!)
    throw new UsageError(`export --lines --from ${values.from} comes after --to ${values.to}`);
  if (values.format !== 'csv' && values.format !== 'xlsx') throw new UsageError('--format is csv or xlsx');
  if (values.format === 'xlsx' && !values.out)
    throw new UsageError('export --lines --format xlsx needs --out FILE.xlsx');
  if (values.out) await refuseExisting(values.out, 'export');
  return withWorkspace(values.db, async (workspace) => {
    const { runToExport, runsToExport, writeLinesCsv, writeLinesXlsx } = await import('../api/run-export');
    let runs;
    try {
      runs = range
        ? await runsToExport(workspace, monthsBetween(values.from!, values.to!))
        : [
            await runToExport(
              workspace,
              values.run ? { runId: Number(values.run) } : { month: values.month! },
            ),
          ];
    } catch (error) {
      stderr(`error: ${(error as Error).message}`);
      return 2;
    }
    const what =
      runs.length === 1
        ? `run ${runs[0]!.id} (${runs[0]!.month})`
        : `${runs.length} runs (${runs[0]!.month} to ${runs.at(-1)!.month})`;
    if (values.format === 'xlsx') {
      const { lines, sheets } = await produceFileAtomic(values.out!, (partial) =>
        writeLinesXlsx(workspace, runs, partial),
      );
      process.stdout.write(`Wrote ${lines} line(s) of ${what} to ${values.out} in ${sheets} sheet(s)\n`);
      return 0;
    }
    const target = values.out ? atomicWriteStream(values.out) : undefined;
    let lines: number;
    try {
      lines = await writeLinesCsv(workspace, runs, target?.stream ?? process.stdout);
      await target?.commit();
    } catch (error) {
      await target?.abort();
      throw error;
    }
    if (target) process.stdout.write(`Wrote ${lines} line(s) of ${what} to ${values.out}\n`);
    return 0;
  });
}

/** `check`: SQLite's full integrity check and the foreign keys, reading only; exit 0 sound, 1 damaged. */
async function commandCheck(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...common } });
  const file = path.resolve(values.db ?? (await defaultWorkspacePath()));
  const { schemaVersion } = await inspectWorkspaceFile(file);
  const problems = await quickCheck(file, 'integrity_check');
  if (problems.length === 0) {
    const workspace = await Workspace.open(file, { readOnly: true });
    try {
      const keys = await workspace.db.all<Record<string, unknown>>('PRAGMA foreign_key_check');
      for (const row of keys.slice(0, 100))
        problems.push(`a row of ${String(row.table)} refers to a missing row of ${String(row.parent)}`);
    } finally {
      await workspace.close();
    }
  }
  if (problems.length === 0) {
    process.stdout.write(
      `${file}: ok (SQLite integrity_check and foreign_key_check found nothing wrong; schema ${schemaVersion})\n`,
    );
    return 0;
  }
  process.stdout.write(`${file}: damaged; SQLite's integrity check found ${problems.length} problem(s):\n`);
  for (const problem of problems) process.stdout.write(`  ${problem}\n`);
  process.stdout.write(
    `It opens read-only, so nothing more is written into it. Restore a backup, or copy out what you need (every view and export still works where its pages are intact).\n`,
  );
  return 1;
}

async function commandBackup(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...common, out: { type: 'string' } } });
  if (!values.out) throw new UsageError('backup needs --out COPY');
  const out = values.out;
  await refuseExisting(out, 'copy');
  return withWorkspace(values.db, async (workspace) => {
    await workspace.saveCopy(out);
    process.stdout.write(`Saved a copy of ${workspace.filePath} to ${path.resolve(out)}\n`);
    return 0;
  });
}

function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  const [endYear, endMonth] = to.split('-').map(Number) as [number, number];
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return months;
}

async function commandSettle(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      month: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'allow-gaps': { type: 'boolean' },
    },
  });
  const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;
  let months: string[];
  if (values.month) {
    if (!monthPattern.test(values.month)) throw new UsageError('--month must be YYYY-MM');
    months = [values.month];
  } else if (values.from && values.to) {
    if (!monthPattern.test(values.from) || !monthPattern.test(values.to))
      throw new UsageError('--from and --to must be YYYY-MM');
    months = monthsBetween(values.from, values.to);
    if (months.length === 0) throw new UsageError('--to must not be before --from');
  } else {
    throw new UsageError('settle needs --month YYYY-MM, or --from YYYY-MM and --to YYYY-MM');
  }
  return withWorkspace(values.db, async (workspace) => {
    let failures = 0;
    for (const month of months) {
      const result = await callOperation({ workspace }, 'settlement:settle', {
        month,
        allowGaps: Boolean(values['allow-gaps']),
      });
      if (result.ok) process.stdout.write(`${(result.value as { message: string }).message}\n`);
      else {
        failures++;
        stderr(`error: ${result.error.message}`);
      }
    }
    return failures === 0 ? 0 : 2;
  });
}

async function commandAuditPack(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...common, month: { type: 'string' }, run: { type: 'string' }, out: { type: 'string' } },
  });
  if (!values.month || !values.out)
    throw new UsageError('audit-pack needs --month YYYY-MM and --out PACK.zip');
  await refuseExisting(values.out, 'audit pack');
  return withWorkspace(values.db, async (workspace) => {
    try {
      const pack = await writeAuditPack(workspace, {
        month: values.month!,
        ...(values.run ? { runId: Number(values.run) } : {}),
      });
      await writeFileAtomic(values.out!, pack.zip);
      process.stdout.write(
        `${values.out}: audit pack of ${pack.identity.month}, run ${pack.identity.run.id} (identity ${pack.identity.run.identity}), ${pack.files.length} files\n`,
      );
      return 0;
    } catch (error) {
      if (error instanceof ApiError) {
        stderr(`error: ${error.message}`);
        return 2;
      }
      throw error;
    }
  });
}

async function commandVerifyPack(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { help: common.help, json: { type: 'boolean', default: false } },
  });
  const file = positionals[0];
  if (!file) throw new UsageError('verify-pack needs the pack: energy-ledger verify-pack PACK.zip');
  if (!existsSync(file)) throw new UsageError(`${path.resolve(file)}: no such file`);
  let report: VerifyReport;
  try {
    report = await verifyPack(readFileSync(file));
  } catch (error) {
    if (error instanceof PackRefused) {
      stderr(`error: ${file}: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (values.json) printJson(report);
  else process.stdout.write(describeVerification(file, report));
  return report.identical ? 0 : 1;
}

async function commandClose(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      month: { type: 'string' },
      note: { type: 'string' },
      'out-of-order': { type: 'boolean', default: false },
    },
  });
  if (!values.month) throw new UsageError('close needs --month YYYY-MM');
  return withWorkspace(values.db, async (workspace) => {
    const result = await callOperation({ workspace }, 'months:close', {
      month: values.month,
      ...(values.note ? { note: values.note } : {}),
      outOfOrder: values['out-of-order'],
    });
    if (!result.ok) return refusal(result.error);
    const closed = result.value as CloseMonthDto;
    process.stdout.write(
      `${closed.month} closed on run ${closed.runId} (identity ${closed.identity}); its statements are final\n`,
    );
    if (closed.outOfOrder)
      process.stdout.write(`closed out of order: ${closed.earlierOpen.join(', ')} still open\n`);
    return 0;
  });
}

async function commandAccept(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...common, run: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  });
  if (!values.run) throw new UsageError('accept needs --run ID (a held run of a closed month)');
  return withWorkspace(values.db, async (workspace) => {
    const result = await callOperation({ workspace }, 'runs:accept', {
      runId: values.run,
      dryRun: values['dry-run'],
    });
    if (!result.ok) return refusal(result.error);
    const a = result.value as AcceptRunDto;
    process.stdout.write(
      `${a.accepted ? 'Accepted' : 'Would accept'} run ${a.runId} of ${a.month} (in place of run ${a.fromRunId}); ${
        a.adjustments.length
      } prior-period adjustment(s) on the statements of ${a.appliedMonth}:\n`,
    );
    for (const x of a.adjustments)
      process.stdout.write(
        `  ${x.participantId.padEnd(16)} ${x.before.padStart(16)} → ${x.after.padStart(16)}  adjustment ${x.amount}\n`,
      );
    return 0;
  });
}

async function commandTariffs(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { ...common, currency: { type: 'string' } },
  });
  return withWorkspace(values.db, async (workspace) => {
    if (sub === 'list') {
      const result = await callOperation({ workspace }, 'tariffs:list', {});
      if (!result.ok) throw new Error(result.error.message);
      for (const stored of result.value as {
        tariff: { masterTariffId: string; tariffName: string; versions: unknown[] };
        source: string;
        unsupported: string[];
      }[])
        process.stdout.write(
          `${stored.tariff.masterTariffId}  ${stored.tariff.tariffName}  (${stored.source}, ${stored.tariff.versions.length} version(s))${stored.unsupported.length ? `  not priced: ${stored.unsupported.join('; ')}` : ''}\n`,
        );
      return 0;
    }
    if (sub === 'export-urdb' && positionals.length === 1) {
      const result = await callOperation({ workspace }, 'tariffs:export-urdb', {
        masterTariffId: positionals[0],
      });
      if (!result.ok) return refusal(result.error);
      const exported = result.value as { rate: unknown; notExported: string[] };
      printJson(exported.rate);
      if (exported.notExported.length > 0) stderr(`not in the URDB file: ${exported.notExported.join('; ')}`);
      return 0;
    }
    if (sub !== 'import-urdb' || positionals.length !== 1)
      throw new UsageError(
        'tariffs list | tariffs import-urdb FILE.json [--currency USD] | tariffs export-urdb ID',
      );
    // The file's text goes to the importer whole, so its numbers are checked on their text
    // (1e-100000000 is refused, not read as 0) and bytes that are not UTF-8 are refused.
    let rate: string;
    try {
      rate = decodeUtf8Strictly(readFileSync(positionals[0]!));
    } catch (error) {
      const reason =
        error instanceof InvalidTextError
          ? `line ${error.line}: ${error.reason}`
          : `cannot be read (${(error as Error).message})`;
      stderr(`error: ${positionals[0]}: ${reason}; nothing was stored`);
      return 2;
    }
    const result = await callOperation({ workspace }, 'tariffs:import-urdb', {
      rate,
      ...(values.currency ? { currency: values.currency } : {}),
    });
    if (!result.ok) {
      stderr(`error: ${positionals[0]}: ${result.error.message}`);
      if (result.error.fields) stderr(JSON.stringify(result.error.fields, null, 2));
      return 2;
    }
    const saved = result.value as {
      tariff: { masterTariffId: string; tariffName: string };
      unsupported: string[];
    };
    process.stdout.write(`saved tariff ${saved.tariff.masterTariffId} (${saved.tariff.tariffName})\n`);
    if (saved.unsupported.length > 0)
      process.stdout.write(`  not priced by Energy Ledger: ${saved.unsupported.join('; ')}\n`);
    return 0;
  });
}

async function commandLoadProfiles(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      ...common,
      code: { type: 'string' },
      name: { type: 'string' },
      'typical-days': { type: 'boolean', default: false },
      normalize: { type: 'boolean', default: false },
    },
  });
  return withWorkspace(values.db, async (workspace) => {
    if (sub === 'list') {
      const result = await callOperation({ workspace }, 'load-profiles:list', {});
      if (!result.ok) throw new Error(result.error.message);
      for (const p of result.value as { code: string; name: string; shape: string; weights: number }[])
        process.stdout.write(`${p.code}  ${p.name}  (${p.shape}, ${p.weights} weights)\n`);
      return 0;
    }
    if (sub !== 'import' || positionals.length !== 1 || !values.code)
      throw new UsageError(
        'load-profiles list | load-profiles import FILE.csv --code CODE [--name NAME] [--typical-days] [--normalize]',
      );
    const { readFileSync } = await import('node:fs');
    const file = positionals[0]!;
    const result = await callOperation({ workspace }, 'load-profiles:save', {
      code: values.code,
      name: values.name ?? values.code,
      shape: values['typical-days'] ? 'typical-days' : 'year',
      csv: readFileSync(file, 'utf8'),
      normalize: values.normalize,
      source: `imported from ${file}`,
    });
    if (!result.ok) return refusal(result.error, file);
    const saved = result.value as {
      code: string;
      weights: number;
      sum: string;
      normalized: boolean;
      accountsRequeued: string[];
    };
    process.stdout.write(
      `saved load profile ${saved.code}: ${saved.weights} weights${saved.normalized ? ` (summed to ${saved.sum}; normalized to 1)` : ''}${saved.accountsRequeued.length ? `; intervalized again: ${saved.accountsRequeued.join(', ')}` : ''}\n`,
    );
    return 0;
  });
}

async function commandConsumption(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      device: { type: 'string' },
      resolution: { type: 'string', default: 'DAILY' },
      from: { type: 'string' },
      to: { type: 'string' },
      'limit-to-latest': { type: 'string' },
      'include-submetering-devices': { type: 'boolean', default: false },
      xml: { type: 'boolean', default: false },
    },
  });
  if (!values.device)
    throw new UsageError(
      'consumption --device METER [--resolution QUARTER_HOURLY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY|RANGE] [--from DATE] [--to DATE] [--xml]',
    );
  return withWorkspace(values.db, async (workspace) => {
    const result = await callOperation({ workspace }, 'consumption:device', {
      userId: 'current-user',
      accountId: 'default-account',
      locationId: 'default-location',
      deviceId: values.device,
      resolution: values.resolution,
      ...(values.from ? { from: values.from } : {}),
      ...(values.to ? { to: values.to } : {}),
      ...(values['limit-to-latest'] ? { 'limit-to-latest': values['limit-to-latest'] } : {}),
      ...(values['include-submetering-devices'] ? { 'include-submetering-devices': 'true' } : {}),
    });
    if (!result.ok) {
      stderr(`error: ${result.error.message}`);
      return result.error.code === 'not_found' ? 3 : 2;
    }
    if (values.xml) {
      const { costAndConsumptionXml } = await import('../api/cost-consumption-xml');
      process.stdout.write(costAndConsumptionXml(result.value as never));
    } else printJson(result.value);
    return 0;
  });
}

async function commandAudit(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      kind: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      text: { type: 'string' },
      limit: { type: 'string', default: '100000' },
      csv: { type: 'boolean', default: false },
    },
  });
  return withWorkspace(values.db, async (workspace) => {
    const result = await callOperation({ workspace }, 'audit:list', {
      ...(values.kind ? { kind: values.kind } : {}),
      ...(values.from ? { from: values.from } : {}),
      ...(values.to ? { to: values.to } : {}),
      ...(values.text ? { text: values.text } : {}),
      limit: values.limit,
    });
    if (!result.ok) return refusal(result.error);
    const log = result.value as {
      entries: {
        id: number;
        at: string;
        atLocal: string;
        kind: string;
        subject: string;
        description: string;
      }[];
    };
    if (values.csv) {
      process.stdout.write(`${csvRow(['id', 'at_utc', 'at_local', 'kind', 'subject', 'description'])}\n`);
      for (const e of [...log.entries].reverse())
        process.stdout.write(`${csvRow([e.id, e.at, e.atLocal, e.kind, e.subject, e.description])}\n`);
    } else
      for (const e of [...log.entries].reverse())
        process.stdout.write(`${e.atLocal}  ${e.kind.padEnd(13)} ${e.description}\n`);
    return 0;
  });
}

async function commandStatements(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      month: { type: 'string' },
      participant: { type: 'string' },
      run: { type: 'string' },
      format: { type: 'string', default: 'pdf' },
      'as-of': { type: 'string' },
      out: { type: 'string', default: '.' },
    },
  });
  if (!values.month) throw new UsageError('statements needs --month YYYY-MM');
  if (values.format !== 'pdf' && values.format !== 'csv') throw new UsageError('--format must be pdf or csv');
  const format = values.format;
  return withWorkspace(values.db, async (workspace) => {
    let ids: string[];
    if (values.participant) ids = [values.participant];
    else {
      // The month's statement of record (the run it was closed on, else its run in force), or --run.
      let run;
      try {
        run = await statementRun(workspace, values.month!, values.run ? Number(values.run) : undefined);
      } catch (error) {
        stderr(`error: ${(error as Error).message}`);
        return 2;
      }
      ids = await statementParticipants(workspace, run);
    }
    await mkdir(values.out!, { recursive: true });
    for (const participantId of ids) {
      const result = await callOperation({ workspace }, 'statements:file', {
        participantId,
        month: values.month,
        format,
        ...(values.run ? { runId: values.run } : {}),
        ...(values['as-of'] ? { asOf: values['as-of'] } : {}),
      });
      if (!result.ok) return refusal(result.error);
      const file = result.value as StatementFileDto;
      const target = path.join(values.out!, file.fileName);
      await writeFileAtomic(target, Buffer.from(file.base64, 'base64'), { replace: true });
      process.stdout.write(`${target}\n`);
    }
    return 0;
  });
}

async function commandCalculate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      account: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'group-by': { type: 'string', default: 'MONTH' },
      detail: { type: 'string', default: 'RATE' },
      usage: { type: 'string', default: 'metered' },
      tariff: { type: 'string' },
    },
  });
  if (!values.account || !values.from || !values.to)
    throw new UsageError('calculate needs --account ID --from DATE --to DATE');
  return withWorkspace(values.db, async (workspace) => {
    const result = await callOperation({ workspace }, 'accounts:calculate', {
      accountId: values.account,
      fromDateTime: values.from,
      toDateTime: values.to,
      groupBy: values['group-by'],
      detailLevel: values.detail,
      usage: values.usage,
      ...(values.tariff ? { masterTariffId: values.tariff } : {}),
    });
    if (!result.ok) {
      stderr(`error: ${result.error.message}`);
      if (result.error.fields) stderr(JSON.stringify(result.error.fields, null, 2));
      return result.error.code === 'invalid_input' ? 2 : 1;
    }
    printJson(result.value);
    return 0;
  });
}

const commands: Record<string, (args: string[]) => Promise<number>> = {
  tariffs: commandTariffs,
  'load-profiles': commandLoadProfiles,
  consumption: commandConsumption,
  audit: commandAudit,
  receivables: commandReceivables,
  statements: commandStatements,
  close: commandClose,
  'audit-pack': commandAuditPack,
  'verify-pack': commandVerifyPack,
  accept: commandAccept,
  calculate: commandCalculate,
  imports: commandImports,
  settle: commandSettle,
  pay: commandPay,
  payments: commandPayments,
  'account-statement': commandAccountStatement,
  demo: commandDemo,
  serve: commandServe,
  query: commandQuery,
  import: commandImport,
  export: commandExport,
  backup: commandBackup,
  check: commandCheck,
};

/** The --db a command was given, for messages about the workspace file. */
function argDb(args: string[]): string | undefined {
  const at = args.findIndex((arg) => arg === '--db' || arg.startsWith('--db='));
  if (at < 0) return undefined;
  const value = args[at]!.startsWith('--db=') ? args[at]!.slice('--db='.length) : args[at + 1];
  return value === undefined ? undefined : path.resolve(value);
}

export async function main(argv: string[]): Promise<number> {
  // Output piped into a reader that stops early (`| head`) ends the command quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${help}\n`);
    return command ? 0 : 1;
  }
  const run = commands[command];
  if (!run) {
    stderr(`energy-ledger: unknown command "${command}"\n\n${help}`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  try {
    return await run(rest);
  } catch (error) {
    if (error instanceof UsageError || error instanceof WorkspaceFileError || error instanceof OutputExists) {
      stderr(`energy-ledger ${command}: ${error.message}`);
      return 2;
    }
    if ((error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      stderr(`energy-ledger ${command}: ${(error as Error).message}`);
      return 2;
    }
    const store = describeStoreError(error, argDb(rest) ?? 'the workspace');
    if (store) {
      stderr(`energy-ledger ${command}: ${store.message}`);
      return 1;
    }
    stderr(`energy-ledger ${command}: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

export { defaultWorkspacePath };
