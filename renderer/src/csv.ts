import { csvCell } from '../../shared/csv';

/** Tables as CSV text: exact values, quoted where needed, CRLF line ends (what spreadsheets expect). */
export interface CsvColumn<T> {
  label: string;
  /** The exact value (decimal strings as the API gives them). */
  value: (row: T) => string;
}

/** The CSV text of rows (header line first), exact values, CRLF line ends. */
export function toCsv<T>(columns: CsvColumn<T>[], rows: T[]): string {
  const lines = [columns.map((c) => csvCell(c.label)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
