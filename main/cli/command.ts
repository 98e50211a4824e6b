/**
 * What a command of the command line is: its name, its usage and help lines (the help text is
 * made from them), its `node:util` parseArgs options, and what it runs on the parsed arguments.
 * The dispatcher (main.ts) parses the arguments with the options; each command module exports one.
 */
import type { parseArgs } from 'node:util';

type OptionsConfig = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

/** The values parseArgs answers for these options (strict, positionals allowed). */
export type ParsedValues<O extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>['values'];

export interface Parsed<O extends OptionsConfig> {
  values: ParsedValues<O>;
  positionals: string[];
  /** The first word, taken before the options are parsed (for commands with `action: 'first'`). */
  action: string | undefined;
}

export interface Command<O extends OptionsConfig = OptionsConfig> {
  name: string;
  /** The usage lines: the first follows the name in the help, the others are indented under it. */
  usage: readonly string[];
  /** What it does, as the help prints it (one or more lines, indented under the usage). */
  help: readonly string[];
  options: O;
  /** Positional arguments are taken (a command without them refuses any). */
  positionals?: boolean;
  /** 'first': the first word is the action (`tariffs list`), parsed apart from the options after it. */
  action?: 'first';
  /** Runs the command; answers the process's exit code. */
  run(parsed: Parsed<O>): Promise<number>;
}

/** Declares a command, its options' types flowing into its run. */
export function defineCommand<const O extends OptionsConfig>(command: Command<O>): Command<O> {
  return command;
}
