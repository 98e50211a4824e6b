/**
 * The readings sink writes back-to-back intervals of a meter as runs (one
 * JSON array of energies each) and everything else a row per reading. Random
 * files of runs, gaps, mixed interval lengths and shuffled rows go through the
 * real importer into a real workspace file: what is stored is exactly what the
 * file says, reading by reading.
 */
import { createReadStream, writeFileSync } from 'node:fs';

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import { smallWorkspace, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
afterAll(() => temp.cleanup());

interface Reading {
  meter: string;
  start: number;
  end: number;
  milliWh: number;
}

const segment = fc.record({
  minutes: fc.constantFrom(5, 15, 30, 60),
  count: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 2_500 })),
  gapIntervals: fc.integer({ min: 0, max: 3 }),
});

const meterPlan = fc.array(segment, { minLength: 1, maxLength: 5 });

function readingsOf(meter: string, segments: { minutes: number; count: number; gapIntervals: number }[]) {
  const readings: Reading[] = [];
  let at = Date.UTC(2022, 0, 1) / 1000;
  for (const { minutes, count, gapIntervals } of segments) {
    // Each interval starts on a boundary of its own length (or of 15 minutes for hours).
    const step = minutes * 60;
    const alignTo = Math.min(minutes, 15) * 60;
    at = Math.ceil(at / alignTo) * alignTo + gapIntervals * step;
    for (let i = 0; i < count; i++) {
      readings.push({ meter, start: at, end: at + step, milliWh: (at / 60 + i * 7) % 100_003 });
      at += step;
    }
  }
  return readings;
}

describe('the readings sink', () => {
  it('stores runs, gaps, mixed lengths and shuffled rows exactly as the file says', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        meterPlan,
        meterPlan,
        fc.boolean(),
        fc.integer({ min: 0, max: 1_000_000 }),
        async (planA, planB, shuffle, seed) => {
          run++;
          const readings = [...readingsOf('gen-a-pv', planA), ...readingsOf('con-b-main', planB)];
          const rows = [...readings];
          if (shuffle) {
            // A deterministic shuffle: rows of the two meters interleave and arrive out of order.
            let state = seed;
            for (let i = rows.length - 1; i > 0; i--) {
              state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
              const j = state % (i + 1);
              [rows[i], rows[j]] = [rows[j]!, rows[i]!];
            }
          }
          const file = temp.file(`sink-${run}.csv`);
          writeFileSync(
            file,
            'meter_id,interval_start,interval_minutes,energy_wh\n' +
              rows
                .map(
                  (r) =>
                    `${r.meter},${new Date(r.start * 1000).toISOString().replace('.000Z', 'Z')},${(r.end - r.start) / 60},${r.milliWh / 1000}`,
                )
                .join('\n'),
          );
          const workspace = await smallWorkspace(temp.file(`sink-${run}.sqlite`));
          try {
            const result = await callOperation(
              { workspace, upload: () => createReadStream(file) },
              'imports:file',
              { fileName: `sink-${run}.csv`, kind: 'readings' },
            );
            expect(result.ok && (result.value as { rowsStored: number }).rowsStored).toBe(readings.length);
            const stored = await workspace.db.all<{
              meter_id: string;
              start_utc: number;
              end_utc: number;
              energy_milliwh: number;
              is_estimated: number;
            }>(
              'SELECT meter_id, start_utc, end_utc, energy_milliwh, is_estimated FROM readings ORDER BY meter_id DESC, start_utc',
            );
            expect(stored).toEqual(
              readings.map((r) => ({
                meter_id: r.meter,
                start_utc: r.start,
                end_utc: r.end,
                energy_milliwh: r.milliWh,
                is_estimated: 0,
              })),
            );
            const imported = await workspace.db.all<{ n: number }>(
              'SELECT count(*) AS n FROM readings WHERE import_id = (SELECT max(id) FROM imports)',
            );
            expect(imported[0]!.n).toBe(readings.length);
          } finally {
            await workspace.close();
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
