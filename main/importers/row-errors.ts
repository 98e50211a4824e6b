/** Collects rejected rows of a file: every one counted, the first ones listed with line, column and value. */
import type { ImportReportDto, ImportRowFacts } from '../../shared/contract';
import { decimalProblem, NOT_A_DECIMAL, shortValue } from '../../shared/units';
import { recordRejectedImport, storedImportWithSha256 } from '../store/imports-repository';
import type { Store, WriteTransaction } from '../store/store';

import { CsvSyntaxError } from './csv-tokenizer';
import { InvalidTextError } from './text-decoding';

const MAX_LISTED = 1_000;

/** An instant as ISO 8601 UTC to the second (`2022-11-12T09:00:00Z`). */
export const utcIso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
/** A listed value longer than this is shortened (shared/units.ts shortValue): a row error never carries a megabyte. */
const MAX_VALUE_LENGTH = 256;

/** Thrown inside an import's transaction when the same bytes were already imported: nothing is stored. */
export class AlreadyImported extends Error {
  constructor(readonly importId: number) {
    super('already imported');
  }
}

/** Throws AlreadyImported when a stored, not removed import has the same SHA-256. */
export async function refuseRepeatedFile(
  tx: WriteTransaction,
  sha256: string,
  importId: number,
): Promise<void> {
  const earlier = await storedImportWithSha256(tx, sha256, importId);
  if (earlier !== undefined) throw new AlreadyImported(earlier);
}

/** Thrown inside an import's transaction to roll it back after rows were rejected. */
export class ImportRejected extends Error {
  constructor() {
    super('import rejected');
  }
}

/** Thrown at the end of a dry run's transaction, carrying its report: everything was checked, nothing is kept. */
export class DryRunFinished extends Error {
  constructor(readonly report: ImportReportDto) {
    super('dry run');
  }
}

/**
 * What strict and partial mode make of a file's rejected rows, once every row was read. A file
 * with bytes that are not UTF-8 stores nothing in either mode.
 */
export function refuseRejectedRows(errors: RowErrors, mode: 'strict' | 'partial', rowsToStore: number): void {
  if (errors.byRule.encoding) throw new ImportRejected();
  if (mode === 'strict' && errors.count > 0) throw new ImportRejected();
  if (mode === 'partial' && rowsToStore === 0) throw new ImportRejected();
}

export class RowErrors {
  private readonly rows: ImportReportDto['rejectedRows'] = [];
  readonly byRule: Record<string, number> = {};
  count = 0;

  constructor(private readonly fileName: string) {}

  /**
   * `rule` names the check that failed (unknown-meter, bad-time, bad-number, dst-gap, conflict, …),
   * for counts by reason and for each transport to word; `facts` are what it met (a conflict's
   * stored interval and import). The message says it without naming any transport's controls.
   */
  add(
    line: number,
    column: string,
    value: string,
    message: string,
    rule = 'invalid',
    facts?: ImportRowFacts,
  ): void {
    this.count++;
    this.byRule[rule] = (this.byRule[rule] ?? 0) + 1;
    if (this.rows.length < MAX_LISTED)
      this.rows.push({
        line,
        column,
        value: value.length > MAX_VALUE_LENGTH ? shortValue(value) : value,
        message,
        rule,
        ...(facts ? { facts } : {}),
      });
  }

  /**
   * A row overlapping data another import stored (rule `conflict`), kept out under the conflict
   * rule `reject`: the message names what is stored (its start in UTC) and the import; the facts
   * carry the instants for a transport to show in the workspace's zone.
   */
  addConflict(
    record: { line: number; column: string; value: string; startUtc: number; endUtc: number },
    what: { meterId: string } | { priceZone: string },
    stored: ImportRowFacts['stored'],
  ): void {
    const message =
      'meterId' in what
        ? `overlaps the stored reading of meter ${what.meterId} from ${utcIso(stored.startUtc)} (${stored.importId === null ? 'stored without an import' : `import #${stored.importId} ${stored.fileName ?? ''}`.trim()})`
        : `is already priced for ${what.priceZone} by ${stored.importId === null ? 'the workspace' : `import #${stored.importId} (${stored.fileName ?? ''})`}`;
    this.add(record.line, record.column, record.value, message, 'conflict', {
      startUtc: record.startUtc,
      endUtc: record.endUtc,
      ...what,
      stored,
    });
  }

  /**
   * Checks a decimal of the file with the bounded parser (shared/units.ts): true when it is
   * one within the bounds; else a row error naming the value (shortened) and why, with
   * `notDecimal` as the message when it is no decimal at all. `prefix` starts the message.
   */
  checkDecimal(
    line: number,
    column: string,
    text: string,
    notDecimal = 'must be a decimal number',
    prefix = '',
    rule = 'bad-number',
  ): boolean {
    const problem = decimalProblem(text);
    if (problem === null) return true;
    this.add(
      line,
      column,
      shortValue(text.trim()),
      `${prefix}${problem === NOT_A_DECIMAL ? notDecimal : problem}`,
      rule,
    );
    return false;
  }

  /**
   * A CSV syntax error (a stray quote, a quote never closed) becomes a file error naming the
   * line, bytes that are not UTF-8 one naming the line and byte offset; anything else is rethrown.
   */
  addCsvError(error: unknown): void {
    if (error instanceof InvalidTextError) {
      this.addTextError(error);
      return;
    }
    if (!(error instanceof CsvSyntaxError)) throw error;
    this.addFileError(`is not valid CSV: ${error.message}`, 'csv');
  }

  /** Bytes that are not UTF-8: an `encoding` error naming the line and byte offset (the file then stores nothing). */
  addTextError(error: InvalidTextError): void {
    this.add(error.line, '(file)', '', error.reason, 'encoding');
  }

  /** For a whole file read as text: bytes that are not UTF-8 refuse it (ImportRejected); anything else is rethrown. */
  refuseText(error: unknown): never {
    if (!(error instanceof InvalidTextError)) throw error;
    this.addTextError(error);
    throw new ImportRejected();
  }

  /** A problem of the file as a whole (e.g. overlapping intervals), not of one row. */
  addFileError(message: string, rule = 'file'): void {
    this.add(0, '(file)', '', message, rule);
  }

  get listed(): ImportReportDto['rejectedRows'] {
    return this.rows;
  }

  /** What every import report says of its rejected rows. */
  get facts(): Pick<ImportReportDto, 'rejectedRows' | 'rejectedByRule' | 'rowsRejected'> {
    return { rejectedRows: this.rows, rejectedByRule: this.byRule, rowsRejected: this.count };
  }

  /** The end of a stored import's message when some rows were rejected (`reading` for Green Button), else ''. */
  note(noun = 'row'): string {
    return this.count > 0 ? `; ${this.count} ${noun}(s) rejected and listed with the import` : '';
  }

  describe(): string {
    const first = this.rows[0];
    if (!first) return `${this.fileName}: rejected`;
    const where = first.line > 0 ? `line ${first.line}, column ${first.column}` : 'the file';
    const value = first.value !== '' ? ` value "${first.value}"` : '';
    const more = this.count > 1 ? ` (and ${this.count - 1} more rejected row(s))` : '';
    return `${this.fileName}: ${where}${value}: ${first.message}${more}. Nothing was stored.`;
  }

  /**
   * The report of an import whose transaction ended by throwing: a dry run's,
   * already imported, or rejected (logged, except in a dry run); any other
   * error is rethrown.
   */
  async failedImport(
    error: unknown,
    db: Store,
    facts: Pick<ImportReportDto, 'kind' | 'sha256' | 'rowsRead'> & Partial<ImportReportDto>,
    options: { dryRun?: boolean } = {},
  ): Promise<ImportReportDto> {
    if (error instanceof DryRunFinished) return { ...error.report, importId: 0 };
    if (error instanceof AlreadyImported)
      return alreadyImportedReport({ ...facts, fileName: this.fileName }, error.importId);
    if (!(error instanceof ImportRejected)) throw error;
    if (options.dryRun) {
      return {
        valuesRounded: 0,
        ...facts,
        importId: 0,
        fileName: this.fileName,
        status: 'rejected',
        rowsStored: 0,
        rejectedRows: this.rows,
        message: `${this.describe()} (dry run)`,
      };
    }
    return this.rejectedReport(db, { valuesRounded: 0, ...facts });
  }

  async rejectedReport(
    db: Store,
    facts: Pick<ImportReportDto, 'kind' | 'sha256' | 'rowsRead' | 'valuesRounded'> & Partial<ImportReportDto>,
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

/** The report of a file whose bytes were imported before: nothing stored. */
export function alreadyImportedReport(
  facts: Pick<ImportReportDto, 'kind' | 'fileName' | 'sha256' | 'rowsRead'> & Partial<ImportReportDto>,
  earlierImportId: number,
): ImportReportDto {
  return {
    valuesRounded: 0,
    ...facts,
    importId: 0,
    status: 'unchanged',
    rowsStored: 0,
    rejectedRows: [],
    alreadyImportedAs: earlierImportId,
    message: `${facts.fileName}: already imported (import #${earlierImportId}, same SHA-256); nothing stored`,
  };
}
