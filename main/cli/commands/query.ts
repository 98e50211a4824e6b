/** `query`: runs one API operation (input as JSON or @FILE) and prints its result as JSON; `--list` lists them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { callOperation } from '../../api/dispatch';
import { UsageError, common, printJson, stderr, withWorkspace } from '../cli-support';
import { defineCommand } from '../command';

export const query = defineCommand({
  name: 'query',
  usage: ["<operation> ['<json input>'|@input.json] [--db FILE]"],
  help: [
    'Run one API operation and print its result as JSON; @FILE reads the input from a',
    "file. 'query --list' lists operations.",
  ],
  options: { ...common, list: { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals }) {
    const { contract } = await import('../../../shared/contract');
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
  },
});
