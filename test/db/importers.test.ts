import { readdirSync } from 'node:fs';

import { afterAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import { formatSeedUtc } from '../../shared/time';
import {
  fixturesDir,
  importFixture,
  readFixtureJson,
  smallWorkspace,
  tempFolder,
} from '../helpers/temp-workspace';

const temp = tempFolder();
afterAll(() => temp.cleanup());

interface Expected {
  mapping?: Record<string, unknown>;
  /** Mapping fields the importer must have detected (from the header and first rows), as the report shows them. */
  detected?: Record<string, unknown>;
  encoding?: string;
  dstFoldsResolved?: number;
  rowsStored?: number;
  valuesRounded?: number;
  readings?: [string, string, number, number][];
  /** Per meter: total kWh and first start / last end (UTC), for fixtures too long to list. */
  totals?: Record<string, string>;
  firstLast?: Record<string, [string, string]>;
  rejected?: { line: number; column: string; value: string }[];
}

const cases = readdirSync(`${fixturesDir}/readings`)
  .filter((name) => name.endsWith('.input.csv'))
  .map((name) => name.replace('.input.csv', ''));

describe('readings CSV fixtures', () => {
  it('has fixture cases to run', () => expect(cases.length).toBeGreaterThanOrEqual(12));

  for (const name of cases) {
    it(name, async () => {
      const expected = readFixtureJson<Expected>(`readings/${name}.expected.json`);
      const workspace = await smallWorkspace(temp.file(`${name}.sqlite`));
      const result = await importFixture(
        workspace,
        `readings/${name}.input.csv`,
        'readings',
        expected.mapping,
      );
      const stored = await workspace.db.all<{
        meter_id: string;
        start_utc: number;
        end_utc: number;
        energy_milliwh: number;
      }>('SELECT meter_id, start_utc, end_utc, energy_milliwh FROM readings ORDER BY meter_id, start_utc');
      const log = await workspace.db.all<{ status: string; report_json: string }>(
        'SELECT status, report_json FROM imports WHERE kind = ?',
        ['readings'],
      );
      if (expected.rejected) {
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error.code).toBe('invalid_input');
        expect(result.error.message).toMatch(new RegExp(`^${name}\\.input\\.csv: .*Nothing was stored\\.$`));
        expect(stored).toEqual([]);
        expect(log.map((l) => l.status)).toEqual(['rejected']);
        const report = JSON.parse(log[0]!.report_json) as {
          rejectedRows: { line: number; column: string; value: string }[];
        };
        expect(report.rejectedRows.map(({ line, column, value }) => ({ line, column, value }))).toEqual(
          expected.rejected,
        );
      } else {
        expect(result).toMatchObject({
          ok: true,
          value: { status: 'stored', rowsStored: expected.rowsStored, valuesRounded: expected.valuesRounded },
        });
        const value = (
          result as {
            value: {
              encoding: string;
              mapping: Record<string, unknown>;
              dstFoldsResolved: number;
              meters: { meterId: string; totalKWh: string; from: string; to: string }[];
            };
          }
        ).value;
        if (expected.encoding) expect(value.encoding).toBe(expected.encoding);
        if (expected.detected) expect(value.mapping).toMatchObject(expected.detected);
        if (expected.dstFoldsResolved !== undefined)
          expect(value.dstFoldsResolved).toBe(expected.dstFoldsResolved);
        if (expected.readings) {
          expect(
            stored.map((r) => [
              r.meter_id,
              formatSeedUtc(r.start_utc),
              (r.end_utc - r.start_utc) / 60,
              r.energy_milliwh,
            ]),
          ).toEqual(expected.readings);
        }
        for (const [meterId, total] of Object.entries(expected.totals ?? {})) {
          const figures = value.meters.find((m) => m.meterId === meterId)!;
          expect(figures.totalKWh).toBe(total);
          // The report's total is the sum of what was stored, to the mWh.
          expect(
            stored.filter((r) => r.meter_id === meterId).reduce((sum, r) => sum + r.energy_milliwh, 0),
          ).toBe(Number(total) * 1_000_000);
          expect([figures.from, figures.to]).toEqual(expected.firstLast![meterId]);
        }
        expect(log.map((l) => l.status)).toEqual(['stored']);
      }
      await workspace.close();
    });
  }

  it('keeps what was stored when a later file is rejected', async () => {
    const workspace = await smallWorkspace(temp.file('keep.sqlite'));
    expect((await importFixture(workspace, 'readings/hourly-kwh.input.csv')).ok).toBe(true);
    const before = await workspace.db.all('SELECT * FROM readings ORDER BY meter_id, start_utc');
    expect((await importFixture(workspace, 'readings/bad-rows.input.csv')).ok).toBe(false);
    expect(await workspace.db.all('SELECT * FROM readings ORDER BY meter_id, start_utc')).toEqual(before);
    expect(
      (
        await workspace.db.all<{ status: string }>('SELECT status FROM imports WHERE kind = ? ORDER BY id', [
          'readings',
        ])
      ).map((r) => r.status),
    ).toEqual(['stored', 'rejected']);
    await workspace.close();
  });

  it("reads a wide row's day in the import's own timezone, however often the same day text was read before", async () => {
    // Wide days are cached per timezone and format (issue 21): the same "2022-03-27" is a 23-hour
    // day in Berlin, a 24-hour day in UTC, and a 23-hour day in Berlin again.
    const file = 'readings/wide-extra-value-on-short-day.input.csv';
    const mapping = {
      layout: 'wide',
      meterColumn: 'meter',
      timeColumn: 'date',
      energyColumn: 'H01',
      unit: 'kWh',
      intervalsPerDay: 24,
    };
    const answers = [];
    for (const [i, timezone] of ['Europe/Berlin', 'UTC', 'Europe/Berlin'].entries()) {
      const workspace = await smallWorkspace(temp.file(`wide-zone-${i}.sqlite`));
      const result = await importFixture(workspace, file, 'readings', { ...mapping, timezone });
      const stored = await workspace.db.all<{ start_utc: number; end_utc: number }>(
        'SELECT start_utc, end_utc FROM readings ORDER BY start_utc',
      );
      answers.push({
        ok: result.ok,
        readings: stored.length,
        first: stored[0] ? formatSeedUtc(stored[0].start_utc) : null,
        last: stored.at(-1) ? formatSeedUtc(stored.at(-1)!.end_utc) : null,
        message: result.ok ? null : /H24.*?intervals of 60 minutes in [\w/]+/.exec(result.error.message)?.[0],
      });
      await workspace.close();
    }
    const berlin = {
      ok: false,
      readings: 0,
      first: null,
      last: null,
      message: expect.stringMatching(/2022-03-27, which has 23 intervals of 60 minutes in Europe\/Berlin$/),
    };
    expect(answers).toEqual([
      berlin,
      { ok: true, readings: 24, first: '2022-03-27 00:00:00', last: '2022-03-28 00:00:00', message: null },
      berlin,
    ]);
  });
});

describe('market prices CSV', () => {
  it('stores exact hourly prices for the workspace price zone, negative ones included', async () => {
    const workspace = await smallWorkspace(temp.file('prices.sqlite'));
    const result = await importFixture(workspace, 'market-prices.csv');
    expect(result).toMatchObject({ ok: true, value: { kind: 'market-prices', rowsStored: 3 } });
    const listed = await callOperation({ workspace }, 'market-prices:list', {
      from: '2022-01-01',
      to: '2022-01-01',
    });
    expect(listed).toEqual({
      ok: true,
      value: {
        priceZone: 'TH-TEST',
        currency: 'THB',
        prices: [
          { startDate: '2021-12-31 17:00:00', endDate: '2021-12-31 17:59:59', pricePerKwh: '2.1' },
          { startDate: '2021-12-31 18:00:00', endDate: '2021-12-31 18:59:59', pricePerKwh: '-0.0425' },
          { startDate: '2021-12-31 19:00:00', endDate: '2021-12-31 19:59:59', pricePerKwh: '3.3333' },
        ],
      },
    });
    await workspace.close();
  });

  it('keeps prices a later file replaces (--on-conflict replace), and restores them when that import is removed', async () => {
    const workspace = await smallWorkspace(temp.file('prices-replaced.sqlite'));
    expect((await importFixture(workspace, 'market-prices.csv')).ok).toBe(true);
    const { writeFileSync } = await import('node:fs');
    const correction = temp.file('price-correction.csv');
    writeFileSync(correction, 'interval_start,price_per_kwh\n2022-01-01T01:00:00+07:00,1.5\n');
    const { createReadStream } = await import('node:fs');
    const corrected = await callOperation(
      { workspace, upload: () => createReadStream(correction) },
      'imports:file',
      { fileName: 'price-correction.csv', onConflict: 'replace' },
    );
    expect(corrected).toMatchObject({
      ok: true,
      value: { message: expect.stringContaining('1 earlier price(s) superseded') },
    });
    const prices = async () =>
      (
        (await callOperation({ workspace }, 'market-prices:list', {
          from: '2022-01-01',
          to: '2022-01-01',
        })) as { value: { prices: { pricePerKwh: string }[] } }
      ).value.prices.map((p) => p.pricePerKwh);
    expect(await prices()).toEqual(['2.1', '1.5', '3.3333']);
    const undo = await callOperation({ workspace }, 'imports:remove', {
      importId: (corrected as { value: { importId: number } }).value.importId,
    });
    expect(undo).toMatchObject({ ok: true, value: { pricesRemoved: 1, pricesRestored: 1 } });
    expect(await prices()).toEqual(['2.1', '-0.0425', '3.3333']);
    await workspace.close();
  });

  it('reports the same prices file again as already imported', async () => {
    const workspace = await smallWorkspace(temp.file('prices-twice.sqlite'));
    const first = await importFixture(workspace, 'market-prices.csv');
    expect(await importFixture(workspace, 'market-prices.csv')).toMatchObject({
      ok: true,
      value: {
        status: 'unchanged',
        alreadyImportedAs: (first as { value: { importId: number } }).value.importId,
      },
    });
    await workspace.close();
  });

  it('rejects a price that is not on the hour, naming the line', async () => {
    const workspace = await smallWorkspace(temp.file('prices-bad.sqlite'));
    const result = await importFixture(workspace, 'market-prices-bad.csv');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.fields).toEqual({
        'market-prices-bad.csv:3:interval_start': ['"2022-01-01T01:30:00+07:00" must start on a whole hour'],
        'market-prices-bad.csv:4:price_per_kwh': ['"cheap" must be a decimal number'],
      });
    expect(await workspace.db.all('SELECT * FROM market_prices')).toEqual([]);
    await workspace.close();
  });
});
