/** Monthly statements and audit packs (issue 10): as JSON, and as PDF or CSV files (base64, so IPC and JSON carry them). */
import { writeAuditPack } from '../audit/pack';
import { accountStatementCsv, buildAccountStatement } from '../statements/account';
import { accountStatementPdf } from '../statements/account-pdf';
import { buildStatement } from '../statements/statement';
import { statementCsv } from '../statements/statement-csv';
import { statementPdf } from '../statements/statement-pdf';

import type { Handlers } from './dispatch';

export const statementHandlers: Pick<
  Handlers,
  'statements:get' | 'statements:file' | 'statements:account' | 'statements:account-file' | 'audit-pack:get'
> = {
  'statements:account': ({ workspace }, input) => buildAccountStatement(workspace, input),
  async 'statements:account-file'({ workspace }, input) {
    const account = await buildAccountStatement(workspace, input);
    const base = `statement-of-account-${account.participant.id}-${account.from}-to-${account.to}`;
    if (input.format === 'csv')
      return {
        fileName: `${base}.csv`,
        mediaType: 'text/csv',
        base64: Buffer.from(accountStatementCsv(account), 'utf8').toString('base64'),
      };
    return {
      fileName: `${base}.pdf`,
      mediaType: 'application/pdf',
      base64: (await accountStatementPdf(account)).toString('base64'),
    };
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
    const base = `statement-${statement.participant.id}-${statement.month}-run${statement.run.id}`;
    if (input.format === 'csv')
      return {
        fileName: `${base}.csv`,
        mediaType: 'text/csv',
        base64: Buffer.from(statementCsv(statement), 'utf8').toString('base64'),
      };
    return {
      fileName: `${base}.pdf`,
      mediaType: 'application/pdf',
      base64: (await statementPdf(statement)).toString('base64'),
    };
  },
};
