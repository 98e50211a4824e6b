/** One record of a tabular file (CSV text, or an XLSX sheet's row), where it starts in the file. */
export interface CsvRecord {
  /** 1-based line in the file where the record starts (the header is line 1). */
  line: number;
  fields: string[];
}
