/**
 * energy-ledger: the command line of Energy Ledger, for scripts, auditors and
 * CI. Every command works on one workspace file (`--db FILE`) or, without it,
 * on the default workspace in the user's data folder.
 *
 * This file is the table of commands and the dispatcher: it parses a command's options (the
 * command's own parseArgs specs), runs it, turns refusals into exit codes, and makes the help
 * text from the table. The folder main/cli/ holds:
 *   command.ts            what a command is (name, usage, help, options, run)
 *   commands/*.ts         one module per command, each exporting one such object
 *   cli-support.ts        --db, opening the workspace, printing results and refusals
 *   import-wording.ts     how an import's report and refusals are worded
 *   export-readings.ts    readings as canonical CSV;  months.ts  YYYY-MM ranges
 * What it may import: the API (main/api/dispatch's callOperation, and the run-export and
 * cost-consumption-xml writers), main/store (workspace, database, readings, recent workspaces,
 * store errors), main/atomic-file, main/errors, main/audit (packs), main/http (serve),
 * main/statements (a month's statement run), main/demo (the demo and the default workspace in
 * the user's data folder), main/importers/text-decoding (URDB files) and shared/.
 * Nothing imports main.ts but the bin script and the tests; commands never import it.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

import { OutputExists } from '../atomic-file';
import { defaultWorkspacePath } from '../demo/default-workspace';
import { describeStoreError } from '../store/store-errors';
import { WorkspaceFileError } from '../store/workspace-file';

import { UsageError, stderr } from './cli-support';
import type { Command } from './command';
import { accept } from './commands/accept';
import { accountStatement } from './commands/account-statement';
import { audit } from './commands/audit';
import { auditPack } from './commands/audit-pack';
import { backup } from './commands/backup';
import { calculate } from './commands/calculate';
import { check } from './commands/check';
import { close } from './commands/close';
import { consumption } from './commands/consumption';
import { demo } from './commands/demo';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { imports } from './commands/imports';
import { loadProfiles } from './commands/load-profiles';
import { pay } from './commands/pay';
import { payments } from './commands/payments';
import { query } from './commands/query';
import { receivables } from './commands/receivables';
import { serve } from './commands/serve';
import { settle } from './commands/settle';
import { statements } from './commands/statements';
import { tariffs } from './commands/tariffs';
import { verifyPackCommand } from './commands/verify-pack';

/** The commands, in the order the help lists them. */
const commands: readonly Command[] = [
  demo,
  serve,
  query,
  importCommand,
  imports,
  exportCommand,
  settle,
  tariffs,
  loadProfiles,
  consumption,
  statements,
  receivables,
  audit,
  calculate,
  auditPack,
  verifyPackCommand,
  close,
  accept,
  pay,
  payments,
  accountStatement,
  backup,
  check,
];

/** The help text, made from the table: each command's usage lines, then what it does. */
function helpText(): string {
  const entry = (name: string, lines: readonly string[]) =>
    lines.map((line, i) => (i === 0 ? `  ${name.padEnd(8)} ${line}` : `${' '.repeat(11)}${line}`));
  return [
    'energy-ledger — settle and explain a peer-to-peer 24/7 carbon-free-energy market',
    '',
    'Usage: energy-ledger <command> [options]',
    '',
    'Commands:',
    ...commands.flatMap((command) => entry(command.name, [...command.usage, ...command.help])),
    ...entry('help', ['Show this help.']),
    '',
    "Without --db, commands use the default workspace ($ENERGY_LEDGER_HOME or the user's data folder),",
    'created from the demo the first time. A --db path that does not exist is an error,',
    "except for 'demo' and 'import --create', which make new files.",
  ].join('\n');
}

/** Parses a command's arguments with its options (its first word apart, for `action: 'first'`) and runs it. */
function runCommand(command: Command, args: string[]): Promise<number> {
  const action = command.action === 'first' ? args[0] : undefined;
  const { values, positionals } = parseArgs({
    args: command.action === 'first' ? args.slice(1) : args,
    options: command.options,
    allowPositionals: command.positionals ?? false,
    strict: true,
  });
  return command.run({ values, positionals, action });
}

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
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${helpText()}\n`);
    return name ? 0 : 1;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    stderr(`energy-ledger: unknown command "${name}"\n\n${helpText()}`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${helpText()}\n`);
    return 0;
  }
  try {
    return await runCommand(command, rest);
  } catch (error) {
    if (error instanceof UsageError || error instanceof WorkspaceFileError || error instanceof OutputExists) {
      stderr(`energy-ledger ${name}: ${error.message}`);
      return 2;
    }
    if ((error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      stderr(`energy-ledger ${name}: ${(error as Error).message}`);
      return 2;
    }
    const store = describeStoreError(error, argDb(rest) ?? 'the workspace');
    if (store) {
      stderr(`energy-ledger ${name}: ${store.message}`);
      return 1;
    }
    stderr(`energy-ledger ${name}: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

export { defaultWorkspacePath };
