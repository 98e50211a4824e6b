/** The seed-shape checker of issue 19 on small hand-made examples, one behaviour each. */
import { describe, expect, it } from 'vitest';

import { checkSeedShape, jsonType, noRules, parseRulesSection, seedRules } from '../helpers/seed-shape';

const docs = [
  '# API',
  '',
  "## Keys added to the seeds' answers",
  '',
  '| operation | object | keys | why |',
  '| --- | --- | --- | --- |',
  '| `demo:op` | `$.data` | `settled`, `runId` | a month without a run |',
  '| `demo:op` | `$.data.rows[]` | `exact` | the unrounded figure |',
  '| `other:op` | `$` | `extra` | another operation |',
  '',
  '## Seed keys that may be null',
  '',
  '| operation | object | keys | why |',
  '| --- | --- | --- | --- |',
  '| `demo:op` | `$.data.rows[]` | `price` | no price that hour |',
  '',
  '## Next section',
  '',
  '| `demo:op` | `$` | `ignored` | not in a rules section |',
].join('\n');
const rules = seedRules('demo:op', docs);

describe('jsonType', () => {
  it('names the six JSON types', () => {
    expect([1, 'a', true, {}, [], null].map(jsonType)).toEqual([
      'number',
      'string',
      'boolean',
      'object',
      'array',
      'null',
    ]);
  });
});

describe('checkSeedShape', () => {
  it('accepts an answer of the same keys and types, whatever the values', () => {
    expect(checkSeedShape({ a: 1, b: 'x', c: [{ d: true }] }, { a: 2, b: 'y', c: [{ d: false }] })).toEqual(
      [],
    );
  });

  it('names a key of the example the answer lacks', () => {
    expect(checkSeedShape({ data: { a: 1, b: 2 } }, { data: { a: 1 } })).toEqual(['MISSING $.data.b']);
  });

  it('names a value of another JSON type, and does not look below it', () => {
    expect(
      checkSeedShape(
        { data: { total: 2300, pct: '0', o: { k: 1 } } },
        { data: { total: '2300', pct: 0, o: [] } },
      ),
    ).toEqual([
      'TYPE $.data.o: expected object, got array',
      'TYPE $.data.pct: expected string, got number',
      'TYPE $.data.total: expected number, got string',
    ]);
  });

  it('allows an added key only where docs/api.md lists it for that object', () => {
    const example = { data: { rows: [{ v: 1 }] } };
    const answer = {
      data: { rows: [{ v: 1, exact: '1.000' }], settled: true, runId: 3, secret: 1 },
      extra: 1,
    };
    expect(checkSeedShape(example, answer, rules)).toEqual([
      'UNDOCUMENTED $.data.secret',
      'UNDOCUMENTED $.extra',
    ]);
    expect(checkSeedShape(example, answer, noRules)).toEqual([
      'UNDOCUMENTED $.data.rows[].exact',
      'UNDOCUMENTED $.data.runId',
      'UNDOCUMENTED $.data.secret',
      'UNDOCUMENTED $.data.settled',
      'UNDOCUMENTED $.extra',
    ]);
  });

  it('allows null only where docs/api.md says the seed key may be null', () => {
    const example = { data: { rows: [{ price: '0.005', cost: '1' }] } };
    const answer = { data: { rows: [{ price: null, cost: null }] } };
    expect(checkSeedShape(example, answer, rules)).toEqual([
      'TYPE $.data.rows[].cost: expected string, got null',
    ]);
  });

  it('holds every element of an answer array against the example first element', () => {
    const example = { items: [{ a: 1 }, { b: 'only in the second' }] };
    const answer = { items: [{ a: 1 }, { a: 'two' }, {}] };
    expect(checkSeedShape(example, answer)).toEqual([
      'MISSING $.items[].a',
      'TYPE $.items[].a: expected number, got string',
    ]);
  });

  it('reports an example array the answer leaves empty, since nothing below it was checked', () => {
    expect(checkSeedShape({ results: [{ items: [{ cost: 1 }] }] }, { results: [{ items: [] }] })).toEqual([
      'VACUOUS $.results[].items',
    ]);
    expect(checkSeedShape({ sumMeters: [] }, { sumMeters: [{ anything: 1 }] })).toEqual([]);
    // An hour without trades among hours with them: the path was checked.
    const hours = { hours: [{ traded: [{ cost: '1' }] }] };
    expect(checkSeedShape(hours, { hours: [{ traded: [] }, { traded: [{ cost: '2' }] }] })).toEqual([]);
    expect(checkSeedShape(hours, { hours: [{ traded: [] }, { traded: [] }] })).toEqual([
      'VACUOUS $.hours[].traded',
    ]);
  });

  it('starts at a given path, for a fragment of an answer', () => {
    expect(checkSeedShape({ items: [{ a: 1 }] }.items, [{}], noRules, '$.results[].items')).toEqual([
      'MISSING $.results[].items[].a',
    ]);
  });
});

describe('seedRules', () => {
  it('reads only the two sections, in their table grammar, per operation', () => {
    const added = parseRulesSection(docs, "Keys added to the seeds' answers");
    expect([...added.keys()]).toEqual(['demo:op', 'other:op']);
    expect(rules.added('$.data')).toEqual(['settled', 'runId']);
    expect(rules.added('$')).toEqual([]);
    expect(rules.nullable('$.data.rows[].price')).toBe(true);
    expect(rules.nullable('$.data.rows[].cost')).toBe(false);
  });

  it('reads the real docs/api.md without failing', () => {
    expect(() => seedRules('consumer:overview')).not.toThrow();
  });
});
