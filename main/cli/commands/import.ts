/**
 * `import`: imports files into a workspace (a new one with --create): a workspace definition,
 * readings (CSV, XLSX, Green Button XML), cost and consumption, market prices or payments, through
 * the API's `imports:file`; prints each file's report. Also its --mapping reader and progress line.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import type { ImportProgress, ImportReportDto } from '../../../shared/contract';
import { callOperation } from '../../api/dispatch';
import { Workspace } from '../../store/workspace';
import { UsageError, common, openWorkspace, printJson, stderr } from '../cli-support';
import { defineCommand } from '../command';
import { printReport, refusalHints } from '../import-wording';

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

export const importCommand = defineCommand({
  name: 'import',
  usage: [
    '[--db FILE] [--create] [--kind auto|workspace|readings|green-button|cost-consumption|market-prices|payments] FILE...',
    '[--partial] [--on-conflict reject|replace|keep] [--dry-run] [--json]',
    '[--mapping JSON|@file.json] [--profile NAME] [--save-profile NAME] [--timezone TZ]',
  ],
  help: [
    'Import a workspace definition (.json), readings (CSV or XLSX in any layout, mapping',
    'detected from the header; Green Button XML), market prices or payments. Strict by default: a file with',
    'a rejected row stores nothing; --partial stores the valid rows. --dry-run checks only.',
  ],
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
  positionals: true,
  async run({ values, positionals }) {
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
  },
});
