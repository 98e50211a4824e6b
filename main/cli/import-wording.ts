/**
 * How the command line words what an import found. The API answers codes and facts (a rejected
 * row's `rule`, a field error naming the input that decides, such as `onConflict` or `kind`); the
 * command line names its own flags for them, as the app names its own controls.
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
