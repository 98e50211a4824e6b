/**
 * Text read as UTF-8 is read strictly (issue 16, item 5): the first byte that is not UTF-8 is
 * found where WHATWG's decoder finds it, whole or streamed in chunks of any size, and named by
 * its line and byte offset; JSON numbers are checked on their text before JSON.parse.
 */
import { Readable } from 'node:stream';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { jsonNumberError, lineOfJsonField, parseBoundedJson } from '../../main/importers/json-text';
import {
  decodeUtf8Strictly,
  decoder,
  InvalidTextError,
  invalidUtf8Offset,
} from '../../main/importers/text-decoding';

/** Bytes mostly ASCII (with line feeds), with some UTF-8 characters and some bytes that are not UTF-8. */
const someBytes = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...Buffer.from('ab1,.\n')) },
      { weight: 2, arbitrary: fc.constantFrom('é', '€', '😀', 'Z').map((c) => [...Buffer.from(c)]) },
      { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
    ),
    { maxLength: 60 },
  )
  .map((parts) => Buffer.from(parts.flat()));

async function streamed(
  bytes: Buffer,
  cuts: number[],
): Promise<{ text: string } | { error: InvalidTextError }> {
  const chunks: Buffer[] = [];
  let from = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    chunks.push(bytes.subarray(from, cut));
    from = cut;
  }
  chunks.push(bytes.subarray(from));
  let text = '';
  try {
    for await (const piece of Readable.from(chunks.filter((c) => c.length > 0)).pipe(decoder('utf-8', 0)))
      text += piece as string;
    return { text };
  } catch (error) {
    return { error: error as InvalidTextError };
  }
}

describe('strict UTF-8', () => {
  it('finds the first byte that is not UTF-8 where the WHATWG decoder fails', () => {
    fc.assert(
      fc.property(someBytes, (bytes) => {
        const offset = invalidUtf8Offset(bytes);
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          valid = false;
        }
        expect(offset === -1).toBe(valid);
        if (offset >= 0) {
          // Everything before it decodes; the bytes from it on do not.
          expect(() =>
            new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, offset)),
          ).not.toThrow();
          expect(() => decodeUtf8Strictly(bytes)).toThrow(InvalidTextError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('names the same line and byte offset streamed in chunks of any size as read whole', async () => {
    await fc.assert(
      fc.asyncProperty(someBytes, fc.array(fc.nat(), { maxLength: 8 }), async (bytes, cuts) => {
        const result = await streamed(bytes, cuts);
        let whole: string | InvalidTextError;
        try {
          whole = decodeUtf8Strictly(bytes);
        } catch (error) {
          whole = error as InvalidTextError;
        }
        if (typeof whole === 'string') {
          expect(result).toEqual({ text: whole });
          return;
        }
        expect(whole).toBeInstanceOf(InvalidTextError);
        expect('error' in result && result.error).toBeInstanceOf(InvalidTextError);
        const streamedError = (result as { error: InvalidTextError }).error;
        expect([streamedError.line, streamedError.byteOffset]).toEqual([whole.line, whole.byteOffset]);
        expect(whole.line).toBe(bytes.subarray(0, whole.byteOffset).toString('latin1').split('\n').length);
      }),
      { numRuns: 500 },
    );
  });

  it('says where, in words', () => {
    const bytes = Buffer.concat([Buffer.from('name\nZ'), Buffer.from([0xe4]), Buffer.from('hler\n')]);
    expect(() => decodeUtf8Strictly(bytes)).toThrow(
      'line 2: is not valid UTF-8 at byte offset 6 (0xe4 0x68 0x6c 0x65): refused rather than stored as U+FFFD',
    );
    // Windows-1252 and UTF-16 are decoded as they are, never refused.
    expect(new TextDecoder('windows-1252').decode(bytes.subarray(5, 7))).toBe('Zä');
  });
});

describe('JSON numbers checked on their text', () => {
  it('names the line, the field path and the value of the first number out of range', () => {
    const text = '{\n  "a": [1, 2, {"b": 1e309}],\n  "c\\"d": "1e100000000",\n  "e": 1e-100000000\n}';
    expect(jsonNumberError(text)).toMatchObject({ line: 2, field: 'a[2].b', value: '1e309' });
    expect(jsonNumberError('[{"x": 1}, {"y": [0.5, 1e-400]}]')).toMatchObject({ line: 1, field: '[1].y[1]' });
    const million = `{"v": ${'1'.repeat(1_000_000)}}`;
    expect(() => parseBoundedJson(million)).toThrow(
      'line 1, v "111111111111111111111111… (1000000 characters)" is too long for a number: 1000000 characters (at most 64)',
    );
    // Strings are not numbers; what is not JSON is JSON.parse's to name.
    expect(jsonNumberError('{"s": "1e100000000", "t": [true, null, -0.5]}')).toBeNull();
    expect(() => parseBoundedJson('{"a": 1.}')).toThrow(SyntaxError);
    expect(lineOfJsonField(text, 'e')).toBe(4);
    expect(lineOfJsonField(text, 'c"d')).toBe(3);
    expect(lineOfJsonField(text, 'a[2].b')).toBe(2);
    expect(lineOfJsonField(text, 'missing')).toBeNull();
  });
});
