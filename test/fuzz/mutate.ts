/**
 * Seeded mutations of real input files for `npm run fuzz`: the same seed and case number
 * always give the same bytes, so any failure can be replayed. Pure code: no file system.
 */
import { unzipSync, zipSync } from 'fflate';

/** xorshift32: small, fast and the same on every machine. */
export function prng(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}

export type Format = 'csv' | 'json' | 'xml' | 'xlsx';

export interface Mutation {
  bytes: Uint8Array;
  /** What was done, in words, for the failure report. */
  steps: string[];
}

const HUGE_NUMBERS = [
  '1e100000000',
  '1e-100000000',
  '-1e100000000',
  '1e309',
  '-1e309',
  '9'.repeat(100_000),
  `0.${'0'.repeat(100_000)}1`,
  'NaN',
  'Infinity',
  '1e-400',
  '123456789012345678901234567890.123456789012345678901234567890',
];

const ENCODING_BYTES: [string, number[]][] = [
  ['invalid UTF-8 (0xC3 0x28)', [0xc3, 0x28]],
  ['a lone continuation byte (0x80)', [0x80]],
  ['windows-1252 é (0xE9)', [0xe9]],
  ['a UTF-16LE byte order mark', [0xff, 0xfe]],
  ['NUL bytes', [0, 0, 0]],
  ['an overlong NUL (0xC0 0x80)', [0xc0, 0x80]],
  ['a UTF-8 BOM in the middle', [0xef, 0xbb, 0xbf]],
];

const encoder = new TextEncoder();
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const fromLatin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

function insert(bytes: Uint8Array, at: number, extra: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + extra.length);
  out.set(bytes.subarray(0, at));
  out.set(extra, at);
  out.set(bytes.subarray(at), at + extra.length);
  return out;
}

type Mutator = (bytes: Uint8Array, random: () => number, format: Format, other: Uint8Array) => Mutation;

const mutators: Record<string, Mutator> = {
  truncate(bytes, random) {
    const at = Math.floor(random() * bytes.length);
    return { bytes: bytes.subarray(0, at), steps: [`truncated at byte ${at} of ${bytes.length}`] };
  },
  flip(bytes, random) {
    const out = Uint8Array.from(bytes);
    const steps: string[] = [];
    const count = 1 + Math.floor(random() * 8);
    for (let i = 0; i < count && out.length > 0; i++) {
      const at = Math.floor(random() * out.length);
      const value = Math.floor(random() * 256);
      steps.push(`byte ${at} set to 0x${value.toString(16)}`);
      out[at] = value;
    }
    return { bytes: out, steps };
  },
  hugeNumber(bytes, random) {
    const text = latin1(bytes);
    const numbers = [...text.matchAll(/-?\d+(?:\.\d+)?/g)];
    const huge = pick(random, HUGE_NUMBERS);
    const shown = huge.length > 40 ? `${huge.slice(0, 12)}…(${huge.length} characters)` : huge;
    if (numbers.length === 0) {
      const at = Math.floor(random() * (text.length + 1));
      return {
        bytes: fromLatin1(text.slice(0, at) + huge + text.slice(at)),
        steps: [`${shown} inserted at ${at}`],
      };
    }
    const target = pick(random, numbers);
    const at = target.index ?? 0;
    return {
      bytes: fromLatin1(text.slice(0, at) + huge + text.slice(at + target[0].length)),
      steps: [`the number "${target[0]}" at ${at} replaced by ${shown}`],
    };
  },
  deepNesting(bytes, random, format) {
    const depth = pick(random, [100, 5_000, 50_000, 300_000]);
    const text = latin1(bytes);
    if (format === 'xml') {
      const root = text.search(/<[A-Za-z][^?!]*?>/);
      const at = root < 0 ? 0 : text.indexOf('>', root) + 1;
      const nest = `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`;
      return {
        bytes: fromLatin1(text.slice(0, at) + nest + text.slice(at)),
        steps: [`${depth} nested elements at ${at}`],
      };
    }
    if (format === 'json') {
      const wrapped =
        random() < 0.5
          ? `${'['.repeat(depth)}${text}${']'.repeat(depth)}`
          : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      return { bytes: fromLatin1(wrapped), steps: [`JSON nested ${depth} levels deep`] };
    }
    const quoted = `"${'"'.repeat(depth * 2)}"`;
    const at = Math.floor(random() * (text.length + 1));
    return {
      bytes: fromLatin1(text.slice(0, at) + quoted + text.slice(at)),
      steps: [`${depth * 2 + 2} quotes at ${at}`],
    };
  },
  entities(bytes, random, format) {
    const text = latin1(bytes).replace(/^<\?xml[^>]*\?>/, '');
    const trick = pick(random, [
      `<!DOCTYPE r [<!ENTITY a "${'a'.repeat(100)}"><!ENTITY b "${'&a;'.repeat(100)}"><!ENTITY c "${'&b;'.repeat(100)}"><!ENTITY d "${'&c;'.repeat(100)}">]>`,
      '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
      '<!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd">',
      '<!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/hostname"> %p;]>',
    ]);
    const reference = format === 'xml' ? pick(random, ['&d;', '&x;', '&undefined;', '&#0;', '&#xD800;']) : '';
    const valueAt = text.search(/<value>/);
    const body =
      reference && valueAt >= 0 ? text.slice(0, valueAt + 7) + reference + text.slice(valueAt + 7) : text;
    return {
      bytes: fromLatin1(`<?xml version="1.0"?>${trick}${body}`),
      steps: [`DOCTYPE ${trick.slice(0, 48)}…${reference ? ` and ${reference} in a value` : ''}`],
    };
  },
  longField(bytes, random) {
    const size = pick(random, [10_000, 1_000_000, 5_000_000]);
    const at = Math.floor(random() * (bytes.length + 1));
    return {
      bytes: insert(bytes, at, encoder.encode('x'.repeat(size))),
      steps: [`${size} characters inserted at ${at}`],
    };
  },
  mixedEncoding(bytes, random) {
    const [what, extra] = pick(random, ENCODING_BYTES);
    const at = random() < 0.2 ? 0 : Math.floor(random() * (bytes.length + 1));
    return { bytes: insert(bytes, at, Uint8Array.from(extra)), steps: [`${what} at ${at}`] };
  },
  splice(bytes, random, _format, other) {
    const source = random() < 0.5 ? bytes : other;
    const a = Math.floor(random() * source.length);
    const b = Math.min(source.length, a + Math.floor(random() * 4096));
    const at = Math.floor(random() * (bytes.length + 1));
    return {
      bytes: insert(bytes, at, source.subarray(a, b)),
      steps: [`bytes ${a}–${b} of ${source === bytes ? 'the file' : 'another fixture'} spliced in at ${at}`],
    };
  },
};

const TEXT_MUTATORS = Object.keys(mutators);

/**
 * Case `index` of `seed` for a file: one to three mutations. For a workbook, half the cases
 * mutate the zip's bytes and half mutate a worksheet's XML and zip it again.
 */
export function mutate(
  original: Uint8Array,
  format: Format,
  seed: number,
  index: number,
  other: Uint8Array,
): Mutation {
  const random = prng((seed * 2_654_435_761 + index * 40_503 + 1) >>> 0);
  const count = 1 + Math.floor(random() * 3);
  if (format === 'xlsx' && random() < 0.5) {
    try {
      const entries = unzipSync(original);
      const sheets = Object.keys(entries).filter((name) =>
        /^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/.test(name),
      );
      const name = pick(random, sheets.length ? sheets : Object.keys(entries));
      let inner: Mutation = { bytes: entries[name]!, steps: [] };
      for (let i = 0; i < count; i++) {
        const step = mutators[pick(random, TEXT_MUTATORS)]!(inner.bytes, random, 'xml', other);
        inner = { bytes: step.bytes, steps: [...inner.steps, ...step.steps] };
      }
      entries[name] = new Uint8Array(inner.bytes);
      return { bytes: zipSync(entries), steps: inner.steps.map((s) => `${name}: ${s}`) };
    } catch {
      // not a zip after all: mutate its bytes below
    }
  }
  let result: Mutation = { bytes: original, steps: [] };
  for (let i = 0; i < count; i++) {
    const name = pick(
      random,
      format === 'xml' ? TEXT_MUTATORS : TEXT_MUTATORS.filter((m) => m !== 'entities'),
    );
    const step = mutators[name]!(result.bytes, random, format, other);
    result = { bytes: step.bytes, steps: [...result.steps, `${name}: ${step.steps.join('; ')}`] };
  }
  return result;
}
