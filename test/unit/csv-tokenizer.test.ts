import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { CsvSyntaxError, tokenizeCsv } from '../../main/importers/csv-tokenizer';

async function tokens(chunks: string[], delimiter = ','): Promise<{ line: number; fields: string[] }[]> {
  const out = [];
  for await (const record of tokenizeCsv(
    (async function* () {
      yield* chunks;
    })(),
    delimiter,
  ))
    out.push(record);
  return out;
}

const text = 'a,b,c\r\n1, two ,"three, with comma"\n\n"multi\nline ""quoted""",x,\n  "spaced" ,y,z\n';

describe('the CSV tokenizer', () => {
  it('reads quotes, escaped quotes, line breaks in fields, blank lines and CRLF, with the line each record starts on', async () => {
    expect(await tokens([text])).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'two', 'three, with comma'] },
      { line: 4, fields: ['multi\nline "quoted"', 'x', ''] },
      { line: 6, fields: ['spaced', 'y', 'z'] },
    ]);
  });

  it('gives the same records however the text is cut into chunks', async () => {
    const whole = await tokens([text]);
    for (let cut = 0; cut <= text.length; cut++) {
      for (const second of [cut, Math.min(text.length, cut + 1), Math.min(text.length, cut + 2)]) {
        expect(await tokens([text.slice(0, cut), text.slice(cut, second), text.slice(second)])).toEqual(
          whole,
        );
      }
    }
  });

  it('agrees with csv-parse on random well-formed files', async () => {
    const cell = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'b', '1', '.', ' ', '-', 'ä') }),
      fc
        .string({ unit: fc.constantFrom('a', ',', '"', '\n', ' ', ';') })
        .map((s) => `"${s.replace(/"/g, '""')}"`),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        async (rows, cutAt) => {
          const file = rows.map((r) => r.join(',')).join('\n') + '\n';
          const expected = (
            parse(file, { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][]
          ).filter((r) => !(r.length === 1 && r[0] === ''));
          const cut = cutAt % (file.length + 1);
          const got = (await tokens([file.slice(0, cut), file.slice(cut)])).map((r) => r.fields);
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('names the line of a stray quote, text after a closing quote, and a quote never closed', async () => {
    await expect(tokens(['a,b\nx,y"z\n'])).rejects.toThrow(
      new CsvSyntaxError('a quote inside an unquoted field (line 2)', 2),
    );
    await expect(tokens(['a,b\n"x"y,z\n'])).rejects.toThrow(
      /text after the closing quote of a field \(line 2\)/,
    );
    await expect(tokens(['a,b\n1,"never closed\n2,3\n'])).rejects.toThrow(
      /opened on or before line 2 is never closed/,
    );
  });
});
