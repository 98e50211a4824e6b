/**
 * Cells of the CSV and XLSX files Energy Ledger writes (statements, run lines, readings,
 * the audit log, the tables' "Export CSV"), safe to open in a spreadsheet.
 *
 * Formula injection (OWASP, "CSV Injection"): a spreadsheet runs a cell that begins with
 * `=`, `+`, `-` or `@` (or a tab, CR or LF before one) as a formula, so a participant named
 * `=HYPERLINK(…)` or a payment reference `+cmd|…` would run on the reader's machine. Such a
 * text cell is written with a single quote before it (and, in CSV, quoted), so it reads as
 * text. A plain decimal number (`-12.3400`, `-0.5`) is a number, not a formula: it is left
 * as it is, so a spreadsheet can still add it up.
 */

/** What a spreadsheet could take for the start of a formula (OWASP's list, with LF). */
const FORMULA_START = /^[=+\-@\t\r\n]/;

/** A plain decimal number, as exports write amounts, energies and prices: never neutralised. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** Whether a text cell could be taken for a formula (and is not a plain decimal number). */
export function isFormulaLike(text: string): boolean {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
}

/** A text cell neutralised against formula injection: `'` before it if it could be taken for a formula. */
export function neutraliseFormula(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}

/**
 * A CSV cell as Energy Ledger writes it: exact text, quoted only where needed (RFC 4180);
 * a cell that could be taken for a formula is neutralised (`'` before it) and quoted.
 * Numbers (and decimal strings) are written as they are.
 */
export function csvCell(value: string | number): string {
  const text = String(value);
  if (isFormulaLike(text)) return `"'${text.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV row's cells, comma-separated, without a line end. */
export const csvRow = (cells: (string | number)[]): string => cells.map(csvCell).join(',');

/** One CSV line, CRLF-terminated (what spreadsheets expect). */
export const csvLine = (cells: (string | number)[]): string => `${csvRow(cells)}\r\n`;

/**
 * An XLSX cell value: numbers stay numbers; text stays text (a plain string, never a
 * formula object), neutralised like a CSV cell.
 */
export function xlsxCell(value: string | number | null | undefined): string | number | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? value : neutraliseFormula(value);
}
