/**
 * A streaming RFC 4180 tokenizer for decoded CSV text. csv-parse measured
 * about 200,000 records/s here, the ceiling of the whole import; this loop
 * over character codes keeps only the record being read between chunks.
 *
 * Rules: fields separated by the delimiter, records by LF or CRLF (a lone CR
 * too); a field that starts with a quote runs to the matching quote, with ""
 * for a quote inside it and line breaks kept; a quote anywhere else in an
 * unquoted field, text after a closing quote, or a quote left open at the end
 * is an error naming the line. Fields are trimmed of spaces and tabs (not of
 * the delimiter). Each record carries the line it starts on.
 */
import type { CsvRecord } from './csv-record';

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** The records of a stream one at a time (for small files; large ones read {@link tokenizeCsvBatches}). */
export async function* tokenizeCsv(
  chunks: AsyncIterable<string>,
  delimiter: string,
): AsyncGenerator<CsvRecord> {
  for await (const batch of tokenizeCsvBatches(chunks, delimiter)) yield* batch;
}

/**
 * The records completed by each chunk of text, as one array: an async step per
 * chunk rather than per record (a million-row file is a million promises
 * fewer).
 */
export async function* tokenizeCsvBatches(
  chunks: AsyncIterable<string>,
  delimiter: string,
): AsyncGenerator<CsvRecord[]> {
  const separator = delimiter.charCodeAt(0);
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let afterQuote = false; // just closed a quoted field: only a delimiter or line end may follow
  let fieldStarted = false; // the field has content (a quoted field is never trimmed)
  let line = 1;
  let recordLine = 1;
  let pendingCr = false;

  const endField = () => {
    fields.push(afterQuote ? field : field.trim());
    field = '';
    afterQuote = false;
    fieldStarted = false;
  };

  for await (const chunk of chunks) {
    const records: CsvRecord[] = [];
    let start = 0; // start of the unquoted run not yet copied into `field`
    for (let i = 0; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);
      if (pendingCr) {
        pendingCr = false;
        if (code === LF && !inQuotes) {
          start = i + 1;
          continue;
        }
      }
      if (inQuotes) {
        if (code === QUOTE) {
          field += chunk.slice(start, i);
          if (chunk.charCodeAt(i + 1) === QUOTE) {
            field += '"';
            i++;
          } else if (i + 1 === chunk.length) {
            // The next character decides (an escaped quote or the end of the field): look at the next chunk.
            start = i + 1;
            inQuotes = false;
            afterQuote = true;
            fieldStarted = true;
            continue;
          } else {
            inQuotes = false;
            afterQuote = true;
          }
          start = i + 1;
        } else if (code === LF) {
          line++;
        }
        continue;
      }
      if (code === separator) {
        if (!afterQuote) field += chunk.slice(start, i);
        endField();
        start = i + 1;
      } else if (code === LF || code === CR) {
        if (!afterQuote) field += chunk.slice(start, i);
        endField();
        if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
        fields = [];
        line++;
        recordLine = line;
        pendingCr = code === CR;
        start = i + 1;
      } else if (code === QUOTE) {
        if (afterQuote && start === i) {
          // `"a""` split across chunks: the quote after a closing quote at a chunk's end is an escaped quote.
          field += '"';
          inQuotes = true;
          afterQuote = false;
          start = i + 1;
        } else if (!fieldStarted && chunk.slice(start, i).trim() === '' && field.trim() === '') {
          field = '';
          inQuotes = true;
          fieldStarted = true;
          start = i + 1;
        } else {
          throw new CsvSyntaxError(`a quote inside an unquoted field (line ${line})`, line);
        }
      } else if (afterQuote && code !== 32 && code !== 9) {
        throw new CsvSyntaxError(`text after the closing quote of a field (line ${line})`, line);
      }
    }
    if (!afterQuote) field += chunk.slice(start);
    if (records.length > 0) yield records;
  }
  if (inQuotes)
    throw new CsvSyntaxError(
      `a quoted field opened on or before line ${recordLine} is never closed`,
      recordLine,
    );
  if (field !== '' || fields.length > 0 || afterQuote) {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) yield [{ line: recordLine, fields }];
  }
}
