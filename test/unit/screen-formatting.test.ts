/**
 * Each screen's numbers and times go through the shared formatters (issue 18, "one way to show
 * units and times"): renderer/src/format.ts, components/TableFoot.tsx, components/LocalTime.tsx
 * and the charts' tooltip texts (charts/chart-parts.ts). This reads every .tsx under
 * renderer/src/pages and renderer/src/components with TypeScript's parser and names, file:line,
 * what bypasses them. Each rule is first shown to fire on a small bad sample and to stay quiet on
 * the good way of writing the same thing, so the scan can fail.
 *
 * What is "shown" (a place whose text reaches the screen): a JSX child `{…}`; a `title`, `label`,
 * `caption` or `placeholder` attribute; a `render`, `label`, `caption`, `content` or `title`
 * property; a DataTable column's `value` when the column has neither `render` nor `foot`; a
 * template literal's `${…}`. Within it, conditionals, `??`/`||`/`&&`, templates, `.map(…)`
 * callbacks and `.join(…)` are followed to the expressions actually written out. A numeric cell
 * is a JSX element whose class names `num`, or a DataTable column with `numeric: true`; a
 * column's header (`<th scope="col">`, `<thead>`), an id (`e.id`, `runId`) and a name the file
 * fills with formatted text (`{ price: formatPrice(…) }`) are not raw figures.
 *
 * The rules:
 * - `to-fixed`, `to-string`: `.toFixed(…)`, `.toPrecision(…)`, `.toString()` written out as is;
 * - `locale-string`: `.toLocaleString(…)` (and its date and time forms) anywhere: the machine's
 *   locale, not the ledger's way of writing figures;
 * - `iso-time`: `.toISOString()` anywhere but a `<time dateTime>`, and `.replace('T', ' ')` (the
 *   `.slice(0, 16).replace('T', …` idiom): instants are worded by LocalTime in the workspace's zone;
 * - `number-to-string`: `Number(…).toString(…)`;
 * - `utc-label`: "(UTC)" in any text, or "UTC" in a label or on screen (a column of UTC times);
 *   the zone's offset (`UTC+07:00`) and "UTC on hover" are fine;
 * - `numeric-raw`: a numeric cell whose content holds no shared formatter (`String(x)`, `x.kWh`,
 *   a number as it came);
 * - `per-value-unit`: formatEnergy (kWh switching to MWh by size) in a table cell, a column's
 *   render or a list built with `.map(…)`: figures read side by side need one unit;
 * - `chart-tooltip`: an ECharts `tooltip: {…}` without a formatter or valueFormatter (ECharts
 *   would write the raw numbers, `30882.229649`).
 *
 * components/LocalTime.tsx is where instants are worded: the `iso-time` rule does not apply to it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

import { formatKw, formatKwh } from '../../renderer/src/format';

const root = path.resolve(__dirname, '..', '..');
const renderer = path.join(root, 'renderer', 'src');

/** The modules whose exports are the shared formatters. */
const FORMATTER_MODULES = [
  'format.ts',
  'components/TableFoot.tsx',
  'components/LocalTime.tsx',
  'charts/chart-parts.ts',
];
/** Where instants are worded: `toISOString` and `replace('T', ' ')` belong there. */
const TIME_WORDING = new Set(['components/LocalTime.tsx']);

type Rule =
  | 'to-fixed'
  | 'to-string'
  | 'locale-string'
  | 'iso-time'
  | 'number-to-string'
  | 'utc-label'
  | 'numeric-raw'
  | 'per-value-unit'
  | 'chart-tooltip';

interface Finding {
  line: number;
  rule: Rule;
  code: string;
}

const parse = (text: string, fileName: string) =>
  ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);

/** The names a module exports (functions, components, constants). */
function exportedNames(file: ts.SourceFile): string[] {
  const names: string[] = [];
  const exported = (node: ts.Node) =>
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const statement of file.statements) {
    if (!exported(statement)) continue;
    if (ts.isFunctionDeclaration(statement) && statement.name) names.push(statement.name.text);
    if (ts.isVariableStatement(statement))
      for (const declaration of statement.declarationList.declarations)
        if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
  }
  return names;
}

const SHARED_FORMATTERS = new Set(
  FORMATTER_MODULES.flatMap((module) =>
    exportedNames(parse(readFileSync(path.join(renderer, module), 'utf8'), module)),
  ),
);

/** The name a call is made through: `formatMoney(…)` → formatMoney, `how.format(…)` → format. */
function calleeName(call: ts.CallExpression): string | null {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return null;
}

const unwrap = (expression: ts.Expression): ts.Expression => {
  let e = expression;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e))
    e = e.expression;
  return e;
};

const isJsx = (node: ts.Node) =>
  ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node);

/** Whether `node` holds a call to one of `formatters` (a Foot's `format` counts). */
function holdsFormatter(node: ts.Node, formatters: Set<string>): boolean {
  let found = false;
  const visit = (n: ts.Node) => {
    if (found) return;
    if (ts.isCallExpression(n)) {
      const name = calleeName(n);
      if (name !== null && (formatters.has(name) || name === 'format')) {
        found = true;
        return;
      }
    }
    if (isJsx(n)) {
      found = true; // a component (LocalTime, a chip…) writes its own content, checked where it is written
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** The file's own helpers that call a formatter (`const money = (a) => formatMoney(a, currency)`), with the shared ones. */
function formattersOf(file: ts.SourceFile): Set<string> {
  const formatters = new Set(SHARED_FORMATTERS);
  const helpers: [string, ts.Node][] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionDeclaration(node) && node.name && node.body) helpers.push([node.name.text, node.body]);
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))
    )
      helpers.push([node.name.text, node.initializer.body]);
    ts.forEachChild(node, visit);
  };
  visit(file);
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, body] of helpers)
      if (!formatters.has(name) && holdsFormatter(body, formatters)) {
        formatters.add(name);
        changed = true;
      }
  }
  return formatters;
}

/** What a function gives back: its expression body, or each `return`'s expression. */
function returned(fn: ts.ArrowFunction | ts.FunctionExpression): ts.Expression[] {
  if (!ts.isBlock(fn.body)) return [fn.body];
  const out: ts.Expression[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) out.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return out;
}

/**
 * Names the file fills with formatted text (`const total = formatMoney(…)`, `{ price:
 * formatPrice(…) }`): a bare identifier of that name written out is taken as formatted.
 */
function formattedNamesOf(file: ts.SourceFile, formatters: Set<string>): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node) => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      !ts.isArrowFunction(node.initializer) &&
      holdsFormatter(node.initializer, formatters)
    )
      names.add(node.name.text);
    if (
      ts.isPropertyAssignment(node) &&
      ts.isIdentifier(node.name) &&
      holdsFormatter(node.initializer, formatters)
    )
      names.add(node.name.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return names;
}

/**
 * The expressions a shown expression actually writes out (see the module comment). In a template
 * that formats a figure (`${formatUpTo(q, 3)} ${unit}`), the other parts are its words: they go
 * to `labels` (still checked, but not as figures).
 */
function leaves(
  expression: ts.Expression,
  formatters: Set<string>,
  labels: ts.Expression[] = [],
): ts.Expression[] {
  const e = unwrap(expression);
  const more = (next: ts.Expression) => leaves(next, formatters, labels);
  if (ts.isConditionalExpression(e)) return [...more(e.whenTrue), ...more(e.whenFalse)];
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return more(e.right);
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken)
      return [...more(e.left), ...more(e.right)];
  }
  if (ts.isTemplateExpression(e)) {
    const parts = e.templateSpans.flatMap((span) => more(span.expression));
    if (!holdsFormatter(e, formatters)) return parts;
    labels.push(...parts);
    return [];
  }
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return returned(e).flatMap(more);
  if (ts.isCallExpression(e)) {
    const name = calleeName(e);
    if (name !== null && (formatters.has(name) || name === 'format')) return [];
    if (name === 'map' && e.arguments[0]) return more(e.arguments[0]);
    if (name === 'join' && ts.isPropertyAccessExpression(e.expression)) return more(e.expression.expression);
  }
  if (isJsx(e)) return [];
  return [e];
}

/** An id (`e.id`, `runId`): a name that happens to be a number, not a figure to format. */
const isIdentity = (e: ts.Expression) => {
  const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : null;
  return name !== null && (name === 'id' || /[a-z]Id$/.test(name));
};

const isLiteral = (e: ts.Expression) =>
  ts.isStringLiteral(e) ||
  ts.isNoSubstitutionTemplateLiteral(e) ||
  e.kind === ts.SyntaxKind.NullKeyword ||
  e.kind === ts.SyntaxKind.TrueKeyword ||
  e.kind === ts.SyntaxKind.FalseKeyword ||
  (ts.isIdentifier(e) && e.text === 'undefined');

/** The JSX element a node sits in (its nearest opening tag), if any. */
function enclosingElements(node: ts.Node): (ts.JsxOpeningElement | ts.JsxSelfClosingElement)[] {
  const out: (ts.JsxOpeningElement | ts.JsxSelfClosingElement)[] = [];
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isJsxElement(n)) out.push(n.openingElement);
    if (ts.isJsxSelfClosingElement(n)) out.push(n);
    if (ts.isArrowFunction(n) || ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) {
      // Inside a callback in JSX (`{rows.map((r) => <td …>)}`) the elements around the callback count too.
      if (!n.parent || !(ts.isCallExpression(n.parent) || ts.isJsxExpression(n.parent))) break;
    }
  }
  return out;
}

/** An attribute's text when it is a plain string (`scope="col"`). */
function attributeText(
  element: ts.JsxOpeningElement | ts.JsxSelfClosingElement,
  name: string,
): string | null {
  for (const attribute of element.attributes.properties)
    if (ts.isJsxAttribute(attribute) && attribute.name.getText() === name && attribute.initializer)
      return ts.isStringLiteral(attribute.initializer) ? attribute.initializer.text : null;
  return null;
}

/** A column's header (`<th scope="col">`, anything in `<thead>`): its label, not a figure, even when aligned as one. */
const isHeader = (element: ts.JsxOpeningElement | ts.JsxSelfClosingElement) =>
  element.tagName.getText() === 'thead' ||
  (element.tagName.getText() === 'th' && attributeText(element, 'scope') === 'col');

/** Whether an element's className names the `num` class (a string, or a string inside an expression). */
function isNumericElement(element: ts.JsxOpeningElement | ts.JsxSelfClosingElement): boolean {
  for (const attribute of element.attributes.properties) {
    if (!ts.isJsxAttribute(attribute) || attribute.name.getText() !== 'className' || !attribute.initializer)
      continue;
    let numeric = false;
    const visit = (n: ts.Node) => {
      if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && /(^|\s)num(\s|$)/.test(n.text))
        numeric = true;
      ts.forEachChild(n, visit);
    };
    visit(attribute.initializer);
    if (numeric) return true;
  }
  return false;
}

/** A figure's cell: inside an element of the num class, and not in a column's header. */
const numericCell = (elements: (ts.JsxOpeningElement | ts.JsxSelfClosingElement)[]) =>
  elements.some(isNumericElement) && !elements.some(isHeader);

const tagName = (element: ts.JsxOpeningElement | ts.JsxSelfClosingElement) => element.tagName.getText();

/** A property of an object literal by name. */
function property(object: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  return object.properties.find(
    (p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === name,
  );
}

/** A DataTable column: an object literal with `key`, `label` and `value`. */
const isColumn = (object: ts.ObjectLiteralExpression) =>
  property(object, 'key') !== undefined &&
  property(object, 'label') !== undefined &&
  property(object, 'value') !== undefined;

const isNumericColumn = (object: ts.ObjectLiteralExpression) => {
  const numeric = property(object, 'numeric');
  return (
    numeric !== undefined &&
    ts.isPropertyAssignment(numeric) &&
    numeric.initializer.kind === ts.SyntaxKind.TrueKeyword
  );
};

/** Inside a `<time dateTime={…}>`: the instant for machines, never shown. */
function inMachineAttribute(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n && !ts.isSourceFile(n); n = n.parent)
    if (ts.isJsxAttribute(n)) return n.name.getText() === 'dateTime';
  return false;
}

const SHOWN_ATTRIBUTES = new Set(['title', 'label', 'caption', 'placeholder']);
const SHOWN_PROPERTIES = new Set(['render', 'label', 'caption', 'content', 'title']);
const UTC_FINE = /UTC\s*[+\-−]\s*\d|\bUTC( instant)? on hover\b/g;
const BARE_UTC = /\bUTC\b/;

/** Every finding of the rules in one .tsx text. */
function scan(text: string, fileName: string): Finding[] {
  const file = parse(text, fileName);
  const formatters = formattersOf(file);
  const formattedNames = formattedNamesOf(file, formatters);
  const findings: Finding[] = [];
  const add = (node: ts.Node, rule: Rule) => {
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    if (findings.some((f) => f.line === line && f.rule === rule)) return;
    findings.push({ line, rule, code: node.getText(file).replace(/\s+/g, ' ').slice(0, 120) });
  };
  const timeWording = TIME_WORDING.has(fileName);

  /** Checks what a shown expression writes out; `numeric` for a numeric cell. */
  const shown = (expression: ts.Expression, numeric: boolean) => {
    const labels: ts.Expression[] = [];
    const written = leaves(expression, formatters, labels);
    for (const leaf of [...written, ...labels]) {
      if (ts.isCallExpression(leaf)) {
        const name = calleeName(leaf);
        if (name === 'toFixed' || name === 'toPrecision') add(leaf, 'to-fixed');
        if (name === 'toString') add(leaf, 'to-string');
      }
      if (
        (ts.isStringLiteral(leaf) || ts.isNoSubstitutionTemplateLiteral(leaf)) &&
        BARE_UTC.test(leaf.text.replace(UTC_FINE, ''))
      )
        add(leaf, 'utc-label');
    }
    if (!numeric) return;
    for (const leaf of written)
      if (
        !isLiteral(leaf) &&
        !holdsFormatter(leaf, formatters) &&
        !(ts.isIdentifier(leaf) && formattedNames.has(leaf.text)) &&
        !isIdentity(leaf)
      )
        add(leaf, 'numeric-raw');
  };

  const visit = (node: ts.Node) => {
    // Text anywhere: "(UTC)".
    if (
      (ts.isStringLiteral(node) ||
        ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isTemplateLiteralToken(node)) &&
      node.text.includes('(UTC)')
    )
      add(node, 'utc-label');
    if (ts.isJsxText(node) && (node.text.includes('(UTC)') || BARE_UTC.test(node.text.replace(UTC_FINE, ''))))
      add(node, 'utc-label');

    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name === 'toLocaleString' || name === 'toLocaleDateString' || name === 'toLocaleTimeString')
        add(node, 'locale-string');
      if (!timeWording && name === 'toISOString' && !inMachineAttribute(node)) add(node, 'iso-time');
      if (!timeWording && name === 'replace' && node.arguments[0]) {
        const first = node.arguments[0];
        const pattern = ts.isStringLiteral(first)
          ? first.text
          : ts.isRegularExpressionLiteral(first)
            ? first.text
            : '';
        if (pattern === 'T' || /^\/\\?T\/[a-z]*$/.test(pattern)) add(node, 'iso-time');
      }
      if (
        name === 'toString' &&
        ts.isPropertyAccessExpression(node.expression) &&
        ts.isCallExpression(unwrap(node.expression.expression)) &&
        calleeName(unwrap(node.expression.expression) as ts.CallExpression) === 'Number'
      )
        add(node, 'number-to-string');
      if (name === 'formatEnergy') {
        const inCell = enclosingElements(node).some((element) => ['td', 'th'].includes(tagName(element)));
        let inRenderOrList = false;
        for (let n: ts.Node | undefined = node.parent; n && !ts.isSourceFile(n); n = n.parent) {
          if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && n.name.text === 'render')
            inRenderOrList = true;
          if (ts.isCallExpression(n) && calleeName(n) === 'map') inRenderOrList = true;
        }
        if (inCell || inRenderOrList) add(node, 'per-value-unit');
      }
    }

    if (ts.isTemplateSpan(node)) {
      const e = unwrap(node.expression);
      if (ts.isCallExpression(e) && ['toFixed', 'toPrecision'].includes(calleeName(e) ?? ''))
        add(e, 'to-fixed');
    }

    // A JSX child written out; numeric when an element around it has the num class.
    if (
      ts.isJsxExpression(node) &&
      node.expression &&
      (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))
    )
      shown(node.expression, numericCell(enclosingElements(node)));
    if (
      ts.isJsxAttribute(node) &&
      SHOWN_ATTRIBUTES.has(node.name.getText()) &&
      node.initializer &&
      ts.isJsxExpression(node.initializer) &&
      node.initializer.expression
    )
      shown(node.initializer.expression, false);

    if (ts.isObjectLiteralExpression(node)) {
      const column = isColumn(node);
      const numeric = column && isNumericColumn(node);
      for (const p of node.properties) {
        if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) continue;
        const name = p.name.text;
        if (SHOWN_PROPERTIES.has(name)) shown(p.initializer, name === 'render' && numeric);
        if (name === 'value' && column && !property(node, 'render') && !property(node, 'foot'))
          shown(p.initializer, numeric);
        if (name === 'tooltip' && ts.isObjectLiteralExpression(p.initializer)) {
          const tooltip = p.initializer;
          if (!property(tooltip, 'formatter') && !property(tooltip, 'valueFormatter'))
            add(p, 'chart-tooltip');
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return findings.sort((a, b) => a.line - b.line);
}

const rulesOf = (text: string, fileName = 'pages/Sample.tsx') => scan(text, fileName).map((f) => f.rule);

describe('the scan fires on each bypass, and not on the shared formatters', () => {
  const cases: { rule: Rule; bad: string; good: string }[] = [
    {
      rule: 'to-fixed',
      bad: 'const A = ({ v }: { v: number }) => <p>{v.toFixed(2)} kWh</p>;',
      good: 'const A = ({ v }: { v: number }) => <p>{formatKwh(v)}</p>;',
    },
    {
      rule: 'to-fixed',
      bad: 'const message = `Saved ${total.toFixed(2)} kWh`;',
      good: 'const message = `Saved ${formatKwh(total.toFixed())}`;',
    },
    {
      rule: 'to-string',
      bad: 'const A = ({ n }: { n: number }) => <p>{n.toString()}</p>;',
      good: 'const A = ({ n }: { n: number }) => <p>{formatNumber(n, 0)}</p>;',
    },
    {
      rule: 'locale-string',
      bad: 'const A = ({ n }: { n: number }) => <p>{`${n.toLocaleString("en")} bytes`}</p>;',
      good: 'const A = ({ n }: { n: number }) => <p>{`${formatNumber(n, 0)} bytes`}</p>;',
    },
    {
      rule: 'iso-time',
      bad: 'const A = ({ t }: { t: number }) => <p>{new Date(t * 1000).toISOString()}</p>;',
      good: 'const A = ({ t, zone }: { t: number; zone: string }) => <p><LocalTime seconds={t} zone={zone} /></p>;',
    },
    {
      rule: 'iso-time',
      bad: "const labels = rows.map((r) => r.fromDate.slice(0, 16).replace('T', ' '));",
      good: 'const labels = rows.map((r) => localTimeText(r.seconds, zone));',
    },
    {
      rule: 'iso-time',
      bad: "const A = ({ at }: { at: string }) => <td>{at.replace(/T/, ' ')}</td>;",
      good: 'const A = ({ at, zone }: { at: string; zone: string }) => <td><SeedTime text={at} zone={zone} /></td>;',
    },
    {
      rule: 'iso-time',
      bad: 'const A = ({ t }: { t: number }) => <time title={new Date(t * 1000).toISOString()}>{t}</time>;',
      good: 'const A = ({ t, zone }: { t: number; zone: string }) => <time dateTime={new Date(t * 1000).toISOString()}>{localTimeText(t, zone)}</time>;',
    },
    {
      rule: 'number-to-string',
      bad: 'const text = Number(row.kWh).toString();',
      good: 'const text = formatKwh(row.kWh);',
    },
    {
      rule: 'utc-label',
      bad: "const columns = [{ key: 'from', label: 'From (UTC)', value: (r: R) => r.from }];",
      good: "const columns = [{ key: 'from', label: 'From', value: (r: R) => r.from, render: (r: R) => <InstantTime text={r.from} zone={zone} /> }];",
    },
    {
      rule: 'utc-label',
      bad: 'const A = ({ at }: { at: string }) => <p>Below zero from {at} UTC</p>;',
      good: 'const A = ({ zone }: { zone: string }) => <p>Times in {zoneText(zone)} (UTC+07:00), UTC on hover</p>;',
    },
    {
      rule: 'utc-label',
      bad: "const columns = [{ key: 'utc', label: 'UTC', value: (e: E) => e.at, render: (e: E) => e.at }];",
      good: "const columns = [{ key: 'at', label: 'At', value: (e: E) => e.at, render: (e: E) => <SeedTime text={e.at} zone={zone} /> }];",
    },
    {
      rule: 'numeric-raw',
      bad: "const columns = [{ key: 'kwh', label: 'kWh', numeric: true, value: (c: C) => String(c.kWh), render: (c: C) => String(c.kWh) }];",
      good: "const columns = [{ key: 'kwh', label: 'Consumption (kWh)', foot: energyFoot, value: (c: C) => String(c.kWh) }];",
    },
    {
      rule: 'numeric-raw',
      bad: "const columns = [{ key: 'cost', label: 'Cost', numeric: true, value: (c: C) => c.cost ?? '' }];",
      good: "const columns = [{ key: 'cost', label: 'Cost', numeric: true, value: (c: C) => c.cost ?? '', render: (c: C) => (c.cost === undefined ? '—' : formatMoney(c.cost, currency)) }];",
    },
    {
      rule: 'numeric-raw',
      bad: 'const A = ({ r }: { r: Row }) => <td className="num">{r.total === null ? "—" : String(r.total)}</td>;',
      good: 'const A = ({ r }: { r: Row }) => <td className="num">{r.total === null ? "—" : formatPrice(r.total, "THB")}</td>;',
    },
    {
      rule: 'numeric-raw',
      bad: 'const A = ({ rows }: { rows: Row[] }) => <>{rows.map((r) => <td key={r.id} className={r.x ? "num" : undefined}>{r.kWh}</td>)}</>;',
      good: 'const money = (a: string) => formatMoney(a, "THB");\nconst A = ({ rows }: { rows: Row[] }) => <>{rows.map((r) => <td key={r.id} className="num">{money(r.cost)}</td>)}</>;',
    },
    {
      rule: 'numeric-raw',
      bad: 'const A = ({ q, unit }: { q: string; unit: string }) => <td className="num">{`${q} ${unit}`}</td>;',
      good: 'const A = ({ q, unit }: { q: string; unit: string }) => <td className="num">{`${formatUpTo(q, 3)} ${unit}`}</td>;',
    },
    {
      rule: 'numeric-raw',
      bad: 'const A = ({ lines }: { lines: L[] }) => <>{lines.map(({ price }) => <td className="num">{price}</td>)}</>;',
      good: 'const lines = rows.map((l) => ({ price: formatPrice(l.price, "THB") }));\nconst A = () => <>{lines.map(({ price }) => <td className="num">{price}</td>)}</>;',
    },
    {
      rule: 'per-value-unit',
      bad: "const columns = [{ key: 'e', label: 'Energy', value: (r: R) => r.kWh, render: (r: R) => formatEnergy(r.kWh) }];",
      good: 'const A = ({ total }: { total: string }) => <p className="stat-value">{formatEnergy(total)}</p>;',
    },
    {
      rule: 'per-value-unit',
      bad: "const A = ({ p }: { p: P }) => <p>{p.sources.map((s) => ` · ${s.id} ${formatEnergy(s.kWh)}`).join('')}</p>;",
      good: "const A = ({ p }: { p: P }) => <p>{p.sources.map((s) => ` · ${s.id} ${formatKwh(s.kWh)}`).join('')}</p>;",
    },
    {
      rule: 'chart-tooltip',
      bad: "const option = { tooltip: { trigger: 'axis' }, series: [] };",
      good: 'const option = { tooltip: axisTooltip((v) => kWhText(v)), series: [] };',
    },
  ];
  it.each(cases.map((c, i) => [`${c.rule} #${i + 1}`, c] as const))('%s', (_name, { rule, bad, good }) => {
    expect(rulesOf(bad)).toContain(rule);
    expect(rulesOf(good)).toEqual([]);
  });

  it('leaves LocalTime.tsx to word instants with toISOString', () => {
    const wording =
      "export const utcText = (s: number) => new Date(s * 1000).toISOString().slice(0, 19).replace('T', ' ');";
    expect(rulesOf(wording, 'components/LocalTime.tsx')).toEqual([]);
    expect(rulesOf(wording, 'pages/Other.tsx')).toContain('iso-time');
  });
});

/** LocalTime.tsx's pure helpers (loaded at run time: the node project's type check has no JSX). */
interface TimeWording {
  exclusiveEndOf(lastDay: string): string;
  lastDayBefore(end: string): string;
  instantSeconds(text: string): number | null;
  localSpanText(from: number, to: number, zone: string): string;
  zoneText(zone: string, seconds?: number): string;
}

describe('the formatters the screens share', () => {
  let time: TimeWording;
  beforeAll(async () => {
    time = (await import(path.join(renderer, 'components', 'LocalTime.tsx'))) as TimeWording;
  });

  it('writes kWh and kW in one unit, to 3 decimals, zero as any other figure', () => {
    expect(formatKwh('30882.229649')).toBe('30,882.230 kWh');
    expect(formatKwh(0)).toBe('0.000 kWh');
    expect(formatKwh('-0.0004')).toBe('0.000 kWh');
    expect(formatKwh('-1234.5675')).toBe('−1,234.568 kWh');
    expect(formatKw('319.097201')).toBe('319.097 kW');
  });

  it('turns a last day included into the day the API ends before, and back', () => {
    expect(time.exclusiveEndOf('2022-01-31')).toBe('2022-02-01');
    expect(time.exclusiveEndOf('2022-12-31')).toBe('2023-01-01');
    expect(time.exclusiveEndOf('2024-02-28')).toBe('2024-02-29');
    expect(time.lastDayBefore('2022-03-01')).toBe('2022-02-28');
    expect(time.lastDayBefore('2023-01-01')).toBe('2022-12-31');
    // Not a date: left for the API to name.
    expect(time.exclusiveEndOf('2022-02-30')).toBe('2022-02-30');
    expect(time.exclusiveEndOf('')).toBe('');
  });

  it('reads the API’s instants, and words a span as local days when it runs midnight to midnight', () => {
    const start = time.instantSeconds('2022-01-02T17:00:00.000+00:00');
    expect(start).toBe(time.instantSeconds('2022-01-03T00:00:00+07:00'));
    expect(start).toBe(time.instantSeconds('2022-01-02 17:00:00'));
    expect(time.instantSeconds('2022-01-03')).toBeNull();
    const end = start! + 7 * 86400;
    expect(time.localSpanText(start!, end, 'Asia/Bangkok')).toBe('2022-01-03 – 2022-01-09');
    expect(time.localSpanText(start!, start! + 86400, 'Asia/Bangkok')).toBe('2022-01-03');
    expect(time.localSpanText(start! + 3600, end, 'Asia/Bangkok')).toBe(
      '2022-01-03 01:00 +07:00 – 2022-01-10 00:00 +07:00',
    );
  });

  it('names the zone with its offset, both offsets where the clocks change', () => {
    const mid2022 = Date.UTC(2022, 5, 1) / 1000;
    expect(time.zoneText('Asia/Bangkok', mid2022)).toBe('Asia/Bangkok (UTC+07:00)');
    expect(time.zoneText('Europe/Berlin', mid2022)).toBe('Europe/Berlin (UTC+01:00, UTC+02:00 in summer)');
    expect(time.zoneText('America/St_Johns', mid2022)).toBe(
      'America/St_Johns (UTC−03:30, UTC−02:30 in summer)',
    );
  });
});

/** Every .tsx of the screens and their components, relative to renderer/src. */
function screenFiles(): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(path.join(renderer, folder), { withFileTypes: true })) {
      const relative = path.posix.join(folder, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith('.tsx')) out.push(relative);
    }
  };
  walk('pages');
  walk('components');
  return out.sort();
}

describe('a unit test holds each screen’s tables to the shared formatters', () => {
  const files = screenFiles();
  it('reads the screens', () => {
    expect(files).toContain('pages/MetersPage.tsx');
    expect(files.length).toBeGreaterThan(20);
  });
  it.each(files)('renderer/src/%s', (file) => {
    const findings = scan(readFileSync(path.join(renderer, file), 'utf8'), file).map(
      (f) => `renderer/src/${file}:${f.line} ${f.rule}: ${f.code}`,
    );
    expect(findings).toEqual([]);
  });
});
