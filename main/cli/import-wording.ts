/**
 * How the command line words what an import found: the report it prints, and hints in its own
 * flags. The API answers codes and facts (a rejected row's `rule`, a field error naming the input
 * that decides, such as `onConflict` or `kind`); the command line names its own flags for them, as
 * the app names its own controls.
 */
import type { ImportReportDto, OperationError } from '../../shared/contract';

const KINDS = 'workspace, readings, green-button, cost-consumption, market-prices or payments';

/** What to do about a rejected row, in the command line's words ('' when its message says it all). */
export function rowHint(row: ImportReportDto['rejectedRows'][number]): string {
  if (row.rule === 'conflict') return '; choose --on-conflict replace or keep';
  if (row.rule === 'header') return ' (give it with --mapping or --profile)';
  return '';
}

/** The lines to print after a refused import: what each input it names means on the command line. */
export function refusalHints(error: OperationError): string[] {
  const fields = error.fields ?? {};
  const hints: string[] = [];
  if (fields.onConflict)
    hints.push(
      'rows overlap data stored by other imports: choose --on-conflict replace (the stored data is kept as superseded) or keep',
    );
  if (fields.mapping && !Object.keys(fields).some((key) => key.startsWith('mapping.')))
    hints.push(
      'the header does not say how to read the rows: complete the mapping with --mapping (or --profile NAME)',
    );
  if (fields.kind) hints.push(`the file's kind could not be detected: name it with --kind (${KINDS})`);
  return hints;
}

/** Prints an import's report: its message, the mapping a dry run read, meters, DST notes, the first rejected rows. */
export function printReport(report: ImportReportDto): void {
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
