/**
 * The house as its imports draw it (issue 20), read afresh from the code with TypeScript's own
 * parser: every `import` and `export … from` of main/ and shared/, type-only ones included.
 * There are no circles; every arrow points down the floors of docs/development.md (the store
 * and the importers never import the API, the demo, the audit pack or a transport; the reports
 * never import the statements); the store never imports the engine for a value (types only);
 * every SQL statement is in main/store/; and no file is over 500 lines unless its header says
 * why (a line starting "Why one file:").
 * ESLint's import/no-cycle catches value circles while editing; this test also catches the
 * type-only ones it ignores.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const LIMIT = 500;

interface Edge {
  to: string;
  typeOnly: boolean;
}

function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, folder))) {
    const relative = path.join(folder, name);
    if (statSync(path.join(root, relative)).isDirectory()) out.push(...sourceFiles(relative));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(relative);
  }
  return out;
}

function resolve(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.join(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), base])
    if (existsSync(path.join(root, candidate)) && statSync(path.join(root, candidate)).isFile())
      return candidate;
  return null;
}

function edgesOf(file: string): Edge[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const edges: Edge[] = [];
  for (const statement of source.statements) {
    let specifier: ts.Expression | undefined;
    let typeOnly = false;
    if (ts.isImportDeclaration(statement)) {
      specifier = statement.moduleSpecifier;
      const clause = statement.importClause;
      typeOnly = Boolean(
        clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly))),
      );
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      specifier = statement.moduleSpecifier;
      typeOnly = statement.isTypeOnly;
    }
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    const to = resolve(file, specifier.text);
    if (to) edges.push({ to, typeOnly });
  }
  return edges;
}

const files = [...sourceFiles('main'), ...sourceFiles('shared')];
const graph = new Map(files.map((file) => [file, edgesOf(file)]));

/** Strongly connected components of more than one file (or a file importing itself): Tarjan's. */
function circles(graph: ReadonlyMap<string, Edge[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const { to } of graph.get(v) ?? []) {
      if (!graph.has(to)) continue;
      if (!indexOf.has(to)) {
        visit(to);
        low.set(v, Math.min(low.get(v)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(v, Math.min(low.get(v)!, indexOf.get(to)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).some((e) => e.to === v)) found.push(component.sort());
    }
  };
  for (const file of graph.keys()) if (!indexOf.has(file)) visit(file);
  return found;
}

const under = (file: string, ...folders: string[]) => folders.some((f) => file.startsWith(`${f}/`));

/**
 * The floors of the house (docs/development.md), bottom up. A file may import files of its own
 * folder and of lower floors; two folders on one floor never import each other.
 */
const FLOORS: [floor: number, place: string][] = [
  [0, 'shared'],
  [1, 'main/errors.ts'],
  [1, 'main/atomic-file.ts'],
  [1, 'main/shipped-data.ts'],
  [2, 'main/engine'],
  [3, 'main/store'],
  [4, 'main/reports'],
  [5, 'main/statements'],
  [6, 'main/importers'],
  [7, 'main/settlement'],
  [7, 'main/accounts'],
  [8, 'main/audit'],
  [9, 'main/api'],
  [10, 'main/demo'],
  [11, 'main/http'],
  [11, 'main/electron'],
  [12, 'main/cli'],
];

function placeOf(file: string): [number, string] | undefined {
  return FLOORS.find(([, place]) => file === place || file.startsWith(`${place}/`));
}
const floorOf = (file: string) => placeOf(file)?.[0];

function upwardArrows(drawn: ReadonlyMap<string, Edge[]>): string[] {
  return [...drawn].flatMap(([file, edges]) => {
    const from = placeOf(file);
    return edges
      .filter((e) => {
        const to = placeOf(e.to);
        if (!from || !to || from[1] === to[1]) return false;
        return to[0] >= from[0];
      })
      .map((e) => `${file} -> ${e.to}`);
  });
}

/** SQL statements in a file's string literals and template texts (comments are not read). */
function sqlIn(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  const statement =
    /\b(SELECT\s[\s\S]*?\sFROM\s+\w+|INSERT\s+(?:OR\s+\w+\s+)?INTO\s+\w+|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\s+\w+|PRAGMA\s+\w+|CREATE\s+(?:TEMP\s+)?(?:TABLE|INDEX|TRIGGER)\b)/;
  const visit = (node: ts.Node) => {
    if (
      ts.isStringLiteralLike(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      const match = statement.exec(node.text);
      if (match) found.push(match[1]!.replace(/\s+/g, ' '));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the import graph of main/ and shared/', () => {
  it('reads every file and finds the imports (a check that reads nothing would pass)', () => {
    expect(files.length).toBeGreaterThan(140);
    expect(graph.get('main/api/dispatch.ts')!.map((e) => e.to)).toContain('main/api/handlers.ts');
    expect(graph.get('main/api/handlers.ts')!.some((e) => e.to === 'main/api/context.ts' && e.typeOnly)).toBe(
      true,
    );
  });

  it('has no circles, type-only imports included', () => {
    // The search itself finds a circle closed by a type-only import, and a file importing itself.
    const drawn = new Map<string, Edge[]>([
      ['a', [{ to: 'b', typeOnly: false }]],
      ['b', [{ to: 'c', typeOnly: false }]],
      ['c', [{ to: 'a', typeOnly: true }]],
      ['d', [{ to: 'd', typeOnly: false }]],
      ['e', [{ to: 'a', typeOnly: false }]],
    ]);
    expect(circles(drawn)).toEqual([['a', 'b', 'c'], ['d']]);
    expect(circles(graph)).toEqual([]);
  });

  it('points every arrow down the floors of docs/development.md, and the floors are all of the house', () => {
    const unplaced = files.filter((file) => floorOf(file) === undefined);
    expect(unplaced).toEqual([]);
    // A check that could not fail would pass here too: an upward and a sideways arrow are caught.
    expect(upwardArrows(new Map([['main/store/x.ts', [{ to: 'main/api/y.ts', typeOnly: true }]]]))).toEqual([
      'main/store/x.ts -> main/api/y.ts',
    ]);
    expect(
      upwardArrows(new Map([['main/reports/x.ts', [{ to: 'main/importers/y.ts', typeOnly: false }]]])),
    ).toEqual(['main/reports/x.ts -> main/importers/y.ts']);
    expect(upwardArrows(graph)).toEqual([]);
  });

  it('lets the store import the engine for types only', () => {
    const computing = [...graph]
      .filter(([file]) => under(file, 'main/store'))
      .flatMap(([file, edges]) =>
        edges.filter((e) => under(e.to, 'main/engine') && !e.typeOnly).map((e) => `${file} -> ${e.to}`),
      );
    expect(computing).toEqual([]);
  });

  it('keeps every SQL statement in main/store/', () => {
    expect(sqlIn('x.ts', 'const q = `SELECT id FROM runs WHERE month = ?`;')).toEqual([
      'SELECT id FROM runs',
    ]);
    expect(sqlIn('x.ts', "// SELECT id FROM runs, in a comment\nconst s = 'select a person';")).toEqual([]);
    const outside = files
      .filter((file) => !under(file, 'main/store'))
      .flatMap((file) =>
        sqlIn(file, readFileSync(path.join(root, file), 'utf8')).map((q) => `${file}: ${q}`),
      );
    expect(outside).toEqual([]);
  });

  it('has no file over 500 lines unless its header says why it is one file', () => {
    const tooBig = files.filter((file) => {
      const text = readFileSync(path.join(root, file), 'utf8');
      const lines = text.split('\n').length;
      const header = text.slice(0, text.indexOf('*/') + 2);
      return lines > LIMIT && !/Why one file:/.test(header);
    });
    expect(tooBig).toEqual([]);
  });
});
