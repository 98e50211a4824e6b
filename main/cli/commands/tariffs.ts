/** `tariffs`: lists tariffs, saves a URDB rate as a tariff (naming what it cannot price), or writes one as URDB JSON. */
import { readFileSync } from 'node:fs';

import { callOperation } from '../../api/dispatch';
import { InvalidTextError, decodeUtf8Strictly } from '../../importers/text-decoding';
import { UsageError, common, printJson, refusal, stderr, withWorkspace } from '../cli-support';
import { defineCommand } from '../command';

export const tariffs = defineCommand({
  name: 'tariffs',
  usage: ['[--db FILE] list | import-urdb FILE.json [--currency USD] | export-urdb ID'],
  help: [
    'List tariffs, save a URDB rate as a tariff (what it cannot price is named), or',
    'write a tariff as URDB JSON.',
  ],
  options: { ...common, currency: { type: 'string' } },
  positionals: true,
  action: 'first',
  async run({ values, positionals, action: sub }) {
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
        if (exported.notExported.length > 0)
          stderr(`not in the URDB file: ${exported.notExported.join('; ')}`);
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
  },
});
