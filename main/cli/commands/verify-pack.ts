/** `verify-pack`: recomputes the settlement from an audit pack alone (no workspace); exit 0 identical, 1 different, 2 refused. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { PackRefused, verifyPack, type VerifyReport } from '../../audit/verify-pack';
import { describeVerification } from '../../audit/verify-report';
import { UsageError, common, printJson, stderr } from '../cli-support';
import { defineCommand } from '../command';

export const verifyPackCommand = defineCommand({
  name: 'verify-pack',
  usage: ['PACK.zip [--json]'],
  help: [
    'Recompute the settlement from the pack alone: IDENTICAL, or each difference (hour,',
    'participant, figure) and any altered file; exit 0 identical, 1 different, 2 refused.',
  ],
  options: { help: common.help, json: { type: 'boolean', default: false } },
  positionals: true,
  async run({ values, positionals }) {
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
  },
});
