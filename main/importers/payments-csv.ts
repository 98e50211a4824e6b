/**
 * Payments CSV: `participant_id,statement_month,paid_on,amount,reference` —
 * money received from or paid to a participant against an issued monthly
 * statement, the amount more than zero and on the currency's minor unit (the
 * checks of main/statements/payments.ts, as in the form and the CLI). Strict
 * (default) or partial, atomic and idempotent like every import: in strict
 * mode a file with a bad row stores nothing, and the same bytes again are
 * reported as already imported. A payment whose participant and reference
 * are already recorded (by this file or an earlier one) is rejected as a
 * duplicate: bank exports overlap, and a payment must count once.
 */
import type { ImportReportDto } from '../../shared/contract';
import { formatMinorUnits, parseTenThousandths } from '../../shared/currency';
import { isValidDay, isValidMonth } from '../../shared/time';
import { shortValue } from '../../shared/units';
import { amountProblem, paymentContext, paymentProblems } from '../statements/payments';
import { beginImport, finishImport } from '../store/imports-repository';
import { participantIds } from '../store/participant-directory';
import { insertImportedPayments, type ImportedPaymentRow } from '../store/payments-repository';
import type { Store } from '../store/store';

import { countingHasher, csvRecords } from './csv-source';
import type { ImportOptions } from './readings-csv';
import { DryRunFinished, refuseRejectedRows, refuseRepeatedFile, RowErrors } from './row-errors';

export interface PaymentsImportOptions extends ImportOptions {
  mode?: 'strict' | 'partial';
  dryRun?: boolean;
}

const COLUMNS = ['participant_id', 'statement_month', 'paid_on', 'amount'] as const;

export async function importPaymentsCsv(db: Store, options: PaymentsImportOptions): Promise<ImportReportDto> {
  const { fileName } = options;
  const mode = options.mode ?? 'strict';
  const errors = new RowErrors(fileName);
  const { transform, counter } = countingHasher();
  let rowsRead = 0;
  try {
    return await db.write(async (tx) => {
      const importId = await beginImport(tx, 'payments', fileName);
      const participants = new Set(await participantIds(tx));
      // The checks a payment gets in the form and the CLI too (main/statements/payments.ts).
      const context = await paymentContext(tx);
      let index: Record<string, number> | null = null;
      const rows: ImportedPaymentRow[] = [];
      const now = Math.floor(Date.now() / 1000);
      try {
        for await (const record of csvRecords(options.source, transform)) {
          if (!index) {
            const header = record.fields.map((h) => h.trim().toLowerCase());
            const missing = COLUMNS.filter((c) => !header.includes(c));
            if (missing.length > 0) {
              errors.add(
                record.line,
                '(header)',
                header.join(','),
                `is missing column(s) ${missing.join(', ')}; expected participant_id,statement_month,paid_on,amount,reference`,
                'header',
              );
              break;
            }
            index = Object.fromEntries([...COLUMNS, 'reference'].map((c) => [c, header.indexOf(c)]));
            continue;
          }
          rowsRead++;
          const cell = (column: string) =>
            index![column]! >= 0 ? (record.fields[index![column]!] ?? '').trim() : '';
          const before = errors.count;
          if (!participants.has(cell('participant_id')))
            errors.add(
              record.line,
              'participant_id',
              cell('participant_id'),
              'is not a participant of this workspace',
              'unknown-participant',
            );
          if (!isValidMonth(cell('statement_month')))
            errors.add(
              record.line,
              'statement_month',
              cell('statement_month'),
              'must be a month YYYY-MM',
              'bad-month',
            );
          if (!isValidDay(cell('paid_on')))
            errors.add(record.line, 'paid_on', cell('paid_on'), 'must be a date YYYY-MM-DD', 'bad-date');
          const amountBefore = errors.count;
          if (!/^-?\d+(\.\d+)?$/.test(cell('amount')))
            errors.add(
              record.line,
              'amount',
              shortValue(cell('amount')),
              'must be an amount, e.g. 1250.50',
              'bad-amount',
            );
          else errors.checkDecimal(record.line, 'amount', cell('amount'));
          const amountIssue =
            errors.count === amountBefore ? amountProblem(cell('amount'), context) : undefined;
          if (amountIssue)
            errors.add(
              record.line,
              'amount',
              shortValue(cell('amount')),
              amountIssue.message,
              amountIssue.code,
            );
          if (cell('reference').length > 200)
            errors.add(
              record.line,
              'reference',
              shortValue(cell('reference')),
              'is longer than 200 characters (as the payment form allows)',
              'too-long',
            );
          if (isValidMonth(cell('statement_month')) && participants.has(cell('participant_id'))) {
            const { problems } = paymentProblems(
              {
                participantId: cell('participant_id'),
                month: cell('statement_month'),
                amount: '1',
                reference: cell('reference'),
              },
              context,
            );
            for (const p of problems)
              errors.add(
                record.line,
                p.field,
                p.field === 'reference' ? cell('reference') : cell('statement_month'),
                p.message,
                p.code,
              );
          }
          if (errors.count === before) {
            if (cell('reference') !== '')
              context.references.set(
                `${cell('participant_id')}\u0000${cell('reference')}`,
                `line ${record.line} of this file`,
              );
            rows.push([
              cell('participant_id'),
              cell('statement_month'),
              cell('paid_on'),
              formatMinorUnits(parseTenThousandths(cell('amount'))!, context.currency),
              cell('reference'),
              now,
              importId,
            ]);
          }
        }
      } catch (error) {
        errors.addCsvError(error);
      }
      if (!index && errors.count === 0) errors.addFileError('the file is empty', 'empty');
      if (index && rowsRead === 0 && errors.count === 0)
        errors.add(2, '(rows)', '', 'the file has a header but no payments', 'empty');
      const sha256 = counter.sha256();
      await refuseRepeatedFile(tx, sha256, importId);
      refuseRejectedRows(errors, mode, rows.length);
      await insertImportedPayments(tx, rows);
      const report: ImportReportDto = {
        importId,
        kind: 'payments',
        fileName,
        sha256,
        status: options.dryRun ? 'dry-run' : 'stored',
        rowsRead,
        rowsStored: rows.length,
        valuesRounded: 0,
        ...errors.facts,
        sizeBytes: counter.bytesRead,
        mode,
        message: `${fileName}: ${options.dryRun ? 'dry run, nothing stored: would store' : 'stored'} ${rows.length} payment(s)${errors.note()}`,
      };
      if (options.dryRun) throw new DryRunFinished(report);
      await finishImport(tx, report);
      return report;
    });
  } catch (error) {
    return errors.failedImport(
      error,
      db,
      { kind: 'payments', sha256: counter.sha256(), rowsRead, mode },
      options.dryRun ? { dryRun: true } : {},
    );
  }
}
