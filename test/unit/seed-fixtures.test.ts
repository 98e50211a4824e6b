/**
 * The seed examples kept as fixtures (test/fixtures/seeds/README.md) are the seeds' own:
 * each line range named in the README is cut again from the seed documents the repository
 * keeps (docs/seeds, copies of the handbook's ../shared/seeds), cleaned the same way, and must
 * equal its fixture, so a fixture edited by hand, or a seed that changed,
 * fails here rather than passing the conformance tests against a shape nobody wrote.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  cleanSeedJson,
  extractSeedBlock,
  handbookSeedsDir,
  seedsDir,
  type SeedBlock,
} from '../helpers/seed-shape';
import { fixturesDir } from '../helpers/temp-workspace';

function blocks(): SeedBlock[] {
  const readme = readFileSync(path.join(fixturesDir, 'seeds', 'README.md'), 'utf8');
  const rows: SeedBlock[] = [];
  for (const line of readme.split('\n')) {
    const row = /^\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|\s*(.+?)\s*\|\s*(\d+)–(\d+)\s*\|\s*(yes|no)\s*\|$/.exec(
      line,
    );
    if (!row) continue;
    const [, fixture, seedFile, heading, from, to, wrap] = row as unknown as string[];
    rows.push({
      fixture,
      seedFile,
      heading,
      from: Number(from),
      to: Number(to),
      wrap: wrap === 'yes',
    } as SeedBlock);
  }
  return rows;
}

describe('seed fixtures', () => {
  const rows = blocks();

  // Where the handbook sits beside the repository (a developer's machine), the repository's
  // copies must be its documents byte for byte; a bare clone (CI) has only the copies.
  it.runIf(existsSync(handbookSeedsDir))('keeps docs/seeds identical to the handbook’s seeds', () => {
    const names = readdirSync(handbookSeedsDir).sort();
    expect(readdirSync(seedsDir).sort()).toEqual(names);
    for (const name of names)
      expect(readFileSync(path.join(seedsDir, name), 'utf8'), name).toBe(
        readFileSync(path.join(handbookSeedsDir, name), 'utf8'),
      );
  });

  it('lists every seed and every fixture file under seeds/', () => {
    expect(new Set(rows.map((row) => row.seedFile.slice(0, 3)))).toEqual(
      new Set(['000', '001', '002', '003', '004']),
    );
    expect(rows.length).toBe(19);
  });

  it.each(rows.map((row) => [row.fixture, row] as const))('%s is the seed example, cleaned', (_name, row) => {
    const seed = readFileSync(path.join(seedsDir, row.seedFile), 'utf8');
    const fixture = JSON.parse(readFileSync(path.join(fixturesDir, row.fixture), 'utf8'));
    expect(extractSeedBlock(seed, row)).toEqual(fixture);
  });

  it('cleans comments outside strings only, trailing commas, `...` lines and `\\[`', () => {
    const text = [
      '{ "url": "http://x//y", // a comment',
      '  "list": \\[',
      '    1,',
      '    ...',
      '  ],',
      '}',
    ].join('\n');
    expect(JSON.parse(cleanSeedJson(text))).toEqual({ url: 'http://x//y', list: [1] });
  });
});
