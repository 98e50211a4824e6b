/**
 * A seeded slice of `npm run fuzz` in every test run: about 300 mutated files through every
 * importer, each bounded to 10 s in a worker process, 3 minutes in all. No crash, hang,
 * internal error, unnamed refusal, or refusal that changed the workspace (issue 16).
 */
import { describe, expect, it } from 'vitest';

import { describeFailure, runFuzz } from '../fuzz/run';

describe('fuzzed files through every importer', () => {
  it('are accepted or refused by name, never crash, hang or change the workspace when refused', async () => {
    const report = await runFuzz({ cases: 300, seed: 20261203, timeLimitMs: 180_000 });
    expect(report.failures.map(describeFailure)).toEqual([]);
    // Every importer was reached, and most of the slice ran even on a busy machine.
    expect(Object.keys(report.byTarget)).toHaveLength(12);
    expect(report.cases).toBeGreaterThan(report.stoppedEarly ? 100 : 300);
  }, 240_000);
});
