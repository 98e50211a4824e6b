import { csvRow } from '../../shared/csv';

/**
 * Tables as CSV text: exact values, quoted where needed, CRLF line ends (what spreadsheets
 * expect). Every cell goes through the shared cell writer: text a spreadsheet could take
 * for a formula (`=…`, `+…`, `-…`, `@…`) is neutralised with a leading `'`; decimal numbers
 * stay numbers.
 */
export interface CsvColumn<T> {
  label: string;
  /** The exact value (decimal strings as the API gives them). */
  value: (row: T) => string;
}

/** The CSV text of rows (header line first), exact values, CRLF line ends. */
export function toCsv<T>(columns: CsvColumn<T>[], rows: T[]): string {
  const lines = [csvRow(columns.map((c) => c.label))];
  for (const row of rows) lines.push(csvRow(columns.map((c) => c.value(row))));
  return `${lines.join('\r\n')}\r\n`;
}
