/**
 * Holds one of our answers against a seed document's own example JSON, key for key and
 * type for type (issue 19). The expected shape comes from the seed's example (kept as a
 * fixture under test/fixtures/seeds), never from our own output; the only keys an answer may
 * add, and the only seed keys it may leave null, are the ones docs/api.md lists in its two
 * sections "Keys added to the seeds' answers" and "Seed keys that may be null".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type JsonType = 'number' | 'string' | 'boolean' | 'object' | 'array' | 'null';

/** The JSON type of a parsed value; anything JSON cannot carry is named by `typeof` so it never matches. */
export function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'number' || type === 'string' || type === 'boolean' || type === 'object') return type;
  return type as JsonType;
}

/** What docs/api.md allows one operation's answer beyond the seed's example. */
export interface SeedRules {
  /** Keys the object at `path` (e.g. `$.data.traded`) may carry beyond the example's. */
  added(path: string): readonly string[];
  /** Whether the value at `path` (e.g. `$.data.open_market.price`) may be null where the example has a value. */
  nullable(path: string): boolean;
}

export const noRules: SeedRules = { added: () => [], nullable: () => false };

/**
 * Problems of `answer` against `example`, one line each, paths normalized so every array
 * element reads `[]` (`$.results[].items[]`):
 * `MISSING $.x.y` (a key of the example the answer lacks), `UNDOCUMENTED $.x.z` (a key the
 * answer adds that docs/api.md does not list), `TYPE $.x: expected string, got number`,
 * `VACUOUS $.x` (the example's array has elements but the answer's is empty wherever that
 * path occurs, so nothing below it was checked; one empty hour among full ones is fine).
 * Each answer element is held against the example's first element.
 */
export function checkSeedShape(
  example: unknown,
  answer: unknown,
  rules: SeedRules = noRules,
  at = '$',
): string[] {
  const problems = new Set<string>();
  const arrays = { empty: new Set<string>(), checked: new Set<string>() };
  walk(example, answer, rules, at, problems, arrays);
  for (const empty of arrays.empty) if (!arrays.checked.has(empty)) problems.add(`VACUOUS ${empty}`);
  return [...problems].sort();
}

function walk(
  example: unknown,
  answer: unknown,
  rules: SeedRules,
  at: string,
  problems: Set<string>,
  arrays: { empty: Set<string>; checked: Set<string> },
): void {
  const expected = jsonType(example);
  const actual = jsonType(answer);
  if (expected !== actual) {
    if (actual === 'null' && rules.nullable(at)) return;
    problems.add(`TYPE ${at}: expected ${expected}, got ${actual}`);
    return;
  }
  if (expected === 'array') {
    const exampleItems = example as unknown[];
    const answerItems = answer as unknown[];
    if (exampleItems.length === 0) return;
    if (answerItems.length === 0) {
      arrays.empty.add(at);
      return;
    }
    arrays.checked.add(at);
    for (const item of answerItems) walk(exampleItems[0], item, rules, `${at}[]`, problems, arrays);
    return;
  }
  if (expected !== 'object') return;
  const exampleObject = example as Record<string, unknown>;
  const answerObject = answer as Record<string, unknown>;
  for (const key of Object.keys(exampleObject)) {
    if (!Object.hasOwn(answerObject, key)) problems.add(`MISSING ${at}.${key}`);
    else walk(exampleObject[key], answerObject[key], rules, `${at}.${key}`, problems, arrays);
  }
  const added = rules.added(at);
  for (const key of Object.keys(answerObject)) {
    if (!Object.hasOwn(exampleObject, key) && !added.includes(key)) problems.add(`UNDOCUMENTED ${at}.${key}`);
  }
}

export const ADDED_SECTION = "Keys added to the seeds' answers";
export const NULLABLE_SECTION = 'Seed keys that may be null';

/**
 * The rows of one `## <title>` section of docs/api.md, in its fixed grammar
 * `| \`operation\` | \`$.path\` | \`key\`, \`key\` | …why… |`: operation → path → keys.
 * Header, separator and any row not in that grammar are skipped.
 */
export function parseRulesSection(markdown: string, title: string): Map<string, Map<string, string[]>> {
  const rows = new Map<string, Map<string, string[]>>();
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim() === `## ${title}`);
  if (start < 0) return rows;
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,2} /.test(line)) break;
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 5 || cells[0] !== '') continue;
    const operation = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    const at = /^`(\$[^`]*)`$/.exec(cells[2] ?? '')?.[1];
    const keys = [...(cells[3] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1] as string);
    if (!operation || !at || keys.length === 0) continue;
    const byPath = rows.get(operation) ?? new Map<string, string[]>();
    byPath.set(at, [...(byPath.get(at) ?? []), ...keys]);
    rows.set(operation, byPath);
  }
  return rows;
}

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const apiDocFile = path.join(repoRoot, 'docs', 'api.md');
/** The five seed documents as the repository keeps them (copies of the handbook's ../shared/seeds). */
export const seedsDir = path.resolve(repoRoot, 'docs', 'seeds');
/** The handbook's own copies, beside the repository on a developer's machine (absent in a bare clone). */
export const handbookSeedsDir = path.resolve(repoRoot, '..', 'shared', 'seeds');

/** What docs/api.md allows `operation`'s answers: its added keys by path and its nullable seed keys. */
export function seedRules(operation: string, markdown = readFileSync(apiDocFile, 'utf8')): SeedRules {
  const added = parseRulesSection(markdown, ADDED_SECTION).get(operation) ?? new Map<string, string[]>();
  const nullable =
    parseRulesSection(markdown, NULLABLE_SECTION).get(operation) ?? new Map<string, string[]>();
  return {
    added: (at) => added.get(at) ?? [],
    nullable: (at) => {
      const cut = at.lastIndexOf('.');
      return cut > 0 && (nullable.get(at.slice(0, cut)) ?? []).includes(at.slice(cut + 1));
    },
  };
}

/**
 * A seed's example text made JSON: `//` comments outside strings, lines that are only `...`,
 * Markdown's escaped `\[` and trailing commas before `}` or `]` removed.
 */
export function cleanSeedJson(text: string): string {
  const lines = text
    .replace(/\\\[/g, '[')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '...');
  let out = '';
  for (const line of lines) out += `${stripComment(line)}\n`;
  return out.replace(/,(\s*[}\]])/g, '$1');
}

function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '/' && line[i + 1] === '/') return line.slice(0, i).trimEnd();
  }
  return line;
}

/** Where a fixture came from: lines `from`–`to` (1-based, inclusive) of a seed file, wrapped in `{ }` when a fragment. */
export interface SeedBlock {
  fixture: string;
  seedFile: string;
  heading: string;
  from: number;
  to: number;
  wrap: boolean;
}

/** The example a block names, cut from the seed text and cleaned. */
export function extractSeedBlock(seedText: string, block: Pick<SeedBlock, 'from' | 'to' | 'wrap'>): unknown {
  const text = seedText
    .split(/\r?\n/)
    .slice(block.from - 1, block.to)
    .join('\n');
  return JSON.parse(cleanSeedJson(block.wrap ? `{\n${text}\n}` : text));
}
