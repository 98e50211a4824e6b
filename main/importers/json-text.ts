/**
 * JSON text read with its numbers checked on their text first. JSON.parse turns `1e309`
 * into Infinity and `1e-100000000` into 0 without a word, and by then the number's text is
 * gone; so every number token is checked with the bounded parser's rules
 * (shared/units.ts jsonNumberProblem) before the text is parsed, and one out of range is
 * refused naming its line, its field (as `a.b[2].c`) and its value, shortened.
 *
 * The walk is a scanner, not a validator: what is not well-formed JSON is left to
 * JSON.parse to name.
 */
import { jsonNumberProblem, NOT_A_DECIMAL, shortValue } from '../../shared/units';

/** A JSON number out of range: its line, field path, value (shortened) and why. */
export class JsonNumberError extends Error {
  constructor(
    readonly line: number,
    readonly field: string,
    readonly value: string,
    readonly problem: string,
  ) {
    super(`line ${line}, ${field} "${value}" ${problem}`);
    this.name = 'JsonNumberError';
  }
}

/**
 * How deep a JSON document may nest. Real ones need fewer than 20 levels; deeper text is
 * refused by line before it is parsed (each value's path costs its depth, so 50,000 levels
 * took minutes).
 */
export const MAX_JSON_DEPTH = 64;

interface Frame {
  array: boolean;
  /** The member's key (objects; null until its key is read) or the element's index (arrays). */
  key: string | number | null;
}

/** `a.b[2].c` (the field paths of shared/definition.ts fieldPath), `(root)` for the document. */
function pathOf(stack: Frame[]): string {
  let out = '';
  for (const frame of stack) {
    if (frame.key === null) continue;
    if (typeof frame.key === 'number') out += `[${frame.key}]`;
    else out += out === '' ? frame.key : `.${frame.key}`;
  }
  return out === '' ? '(root)' : out;
}

/** The index of the quote closing the string opened at `start`, or -1. */
function endOfString(text: string, start: number): number {
  for (let from = start + 1; ;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

const isDelimiter = (code: number) =>
  code === 44 || code === 93 || code === 125 || code === 58 || code <= 32 || code === 34;

/**
 * Walks the values of JSON text in order; `visit` gets each value's kind, its text for
 * numbers, its line and its path (built only when asked), and stops the walk by returning true.
 */
function walk(
  text: string,
  visit: (kind: 'number' | 'string' | 'other', token: string, line: number, path: () => string) => boolean,
): void {
  const stack: Frame[] = [];
  let line = 1;
  const path = () => pathOf(stack);
  for (let i = 0; i < text.length;) {
    const code = text.charCodeAt(i);
    if (code === 10) {
      line++;
      i++;
    } else if (code === 32 || code === 9 || code === 13 || code === 58) {
      i++;
    } else if (code === 123 || code === 91) {
      // { or [
      if (visit('other', '', line, path)) return;
      if (stack.length >= MAX_JSON_DEPTH)
        throw new JsonNumberError(
          line,
          path(),
          String.fromCharCode(code),
          `nests deeper than ${MAX_JSON_DEPTH} levels (real documents need fewer than 20)`,
        );
      stack.push({ array: code === 91, key: code === 91 ? 0 : null });
      i++;
    } else if (code === 125 || code === 93) {
      stack.pop();
      i++;
    } else if (code === 44) {
      // , : the next element or member
      const top = stack[stack.length - 1];
      if (top) top.key = top.array ? (top.key as number) + 1 : null;
      i++;
    } else if (code === 34) {
      const end = endOfString(text, i);
      if (end < 0) return;
      const top = stack[stack.length - 1];
      if (top && !top.array && top.key === null) {
        const raw = text.slice(i + 1, end);
        try {
          top.key = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        } catch {
          return;
        }
      } else if (visit('string', '', line, path)) return;
      i = end + 1;
    } else {
      let end = i + 1;
      while (end < text.length && !isDelimiter(text.charCodeAt(end))) end++;
      const token = text.slice(i, end);
      const number = code === 45 || (code >= 48 && code <= 57);
      if (visit(number ? 'number' : 'other', number ? token : '', line, path)) return;
      i = end;
    }
  }
}

/** The first number of the JSON text out of range, or null. */
export function jsonNumberError(text: string): JsonNumberError | null {
  let found: JsonNumberError | null = null;
  walk(text, (kind, token, line, path) => {
    if (kind !== 'number') return false;
    const problem = jsonNumberProblem(token);
    // A token that is no number at all is JSON.parse's to name.
    if (problem === null || problem === NOT_A_DECIMAL) return false;
    found = new JsonNumberError(line, path(), shortValue(token), problem);
    return true;
  });
  return found;
}

/**
 * JSON.parse, after every number of the text was checked: throws JsonNumberError naming the
 * line, field and value of the first out of range, or JSON.parse's SyntaxError.
 */
export function parseBoundedJson(text: string): unknown {
  const error = jsonNumberError(text);
  if (error) throw error;
  return JSON.parse(text);
}

/** The line of the value at `field` (a path as `a.b[2].c`), or null when the text has none there. */
export function lineOfJsonField(text: string, field: string): number | null {
  let found: number | null = null;
  try {
    walk(text, (_kind, _token, line, path) => {
      if (path() !== field) return false;
      found = line;
      return true;
    });
  } catch {
    return null;
  }
  return found;
}
