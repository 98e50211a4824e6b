/** Collects rejected rows of a file: every one counted, the first ones listed with line, column and value. */
import type { ImportReportDto } from '../../shared/contract';
import type { Database } from '../store/database';
import { recordRejectedImport } from '../store/imports-repository';

const MAX_LISTED = 1_000;

/** Thrown inside an import's transaction to roll it back after rows were rejected. */
export class ImportRejected extends Error {
  constructor() {
    super('import rejected');
  }
}

export class RowErrors {
  private readonly rows: ImportReportDto['rejectedRows'] = [];
  readonly byRule: Record<string, number> = {};
  count = 0;

  constructor(private readonly fileName: string) {}

  /** `rule` names the check that failed (unknown-meter, bad-time, bad-number, dst-gap, conflict, …), for counts by reason. */
  add(line: number, column: string, value: string, message: string, rule = 'invalid'): void {
    this.count++;
    this.byRule[rule] = (this.byRule[rule] ?? 0) + 1;
    if (this.rows.length < MAX_LISTED) this.rows.push({ line, column, value, message, rule });
  }

  /** A problem of the file as a whole (e.g. overlapping intervals), not of one row. */
  addFileError(message: string, rule = 'file'): void {
    this.add(0, '(file)', '', message, rule);
  }

  get listed(): ImportReportDto['rejectedRows'] {
    return this.rows;
  }

  describe(): string {
    const first = this.rows[0];
    if (!first) return `${this.fileName}: rejected`;
    const where = first.line > 0 ? `line ${first.line}, column ${first.column}` : 'the file';
    const value = first.value !== '' ? ` value "${first.value}"` : '';
    const more = this.count > 1 ? ` (and ${this.count - 1} more rejected row(s))` : '';
    return `${this.fileName}: ${where}${value}: ${first.message}${more}. Nothing was stored.`;
  }

  async rejectedReport(
    db: Database,
    facts: Pick<ImportReportDto, 'kind' | 'sha256' | 'rowsRead' | 'valuesRounded'>,
  ): Promise<ImportReportDto> {
    const report: Omit<ImportReportDto, 'importId'> = {
      ...facts,
      fileName: this.fileName,
      status: 'rejected',
      rowsStored: 0,
      rejectedRows: this.rows,
      message: this.describe(),
    };
    const importId = await recordRejectedImport(db, report);
    return { ...report, importId };
  }
}
