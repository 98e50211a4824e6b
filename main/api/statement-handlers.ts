/** Monthly statements and audit packs (issue 10): as JSON, and as PDF or CSV files (base64, so IPC and JSON carry them). */
import type { StatementFileDto } from '../../shared/contract';
import { writeAuditPack } from '../audit/write-pack';
import { accountStatementCsv, buildAccountStatement } from '../statements/account';
import { accountStatementPdf } from '../statements/account-pdf';
import { buildStatement } from '../statements/statement';
import { statementCsv } from '../statements/statement-csv';
import { statementPdf } from '../statements/statement-pdf';

import type { Handlers } from './context';

const MEDIA_TYPES = { csv: 'text/csv', pdf: 'application/pdf' } as const;

/** A statement as a file named `<base>.csv` (UTF-8) or `<base>.pdf`: only the format asked for is made. */
async function statementFile(
  base: string,
  format: 'pdf' | 'csv',
  make: { csv: () => string; pdf: () => Promise<Buffer> },
): Promise<StatementFileDto> {
  const bytes = format === 'csv' ? Buffer.from(make.csv(), 'utf8') : await make.pdf();
  return { fileName: `${base}.${format}`, mediaType: MEDIA_TYPES[format], base64: bytes.toString('base64') };
}

export const statementHandlers: Pick<
  Handlers,
  'statements:get' | 'statements:file' | 'statements:account' | 'statements:account-file' | 'audit-pack:get'
> = {
  'statements:account': ({ workspace }, input) => buildAccountStatement(workspace, input),
  async 'statements:account-file'({ workspace }, input) {
    const account = await buildAccountStatement(workspace, input);
    return statementFile(
      `statement-of-account-${account.participant.id}-${account.from}-to-${account.to}`,
      input.format,
      { csv: () => accountStatementCsv(account), pdf: () => accountStatementPdf(account) },
    );
  },
  async 'audit-pack:get'({ workspace }, input) {
    const pack = await writeAuditPack(workspace, input);
    return {
      fileName: `audit-pack-${pack.identity.month}-run${pack.identity.run.id}.zip`,
      mediaType: 'application/zip',
      base64: Buffer.from(pack.zip).toString('base64'),
    };
  },
  'statements:get': ({ workspace }, input) => buildStatement(workspace, input),
  async 'statements:file'({ workspace }, input) {
    const statement = await buildStatement(workspace, input);
    return statementFile(
      `statement-${statement.participant.id}-${statement.month}-run${statement.run.id}`,
      input.format,
      { csv: () => statementCsv(statement), pdf: () => statementPdf(statement) },
    );
  },
};
