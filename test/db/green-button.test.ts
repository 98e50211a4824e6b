/**
 * Green Button (ESPI) XML through the real importer into real workspace
 * files: hand-made fixtures (test/fixtures/green-button/, listed in its
 * README) for hourly and 15-minute data, daily data across both DST changes,
 * multipliers 10^-3 and 10^3, costs present and absent, a feed with an
 * electric and a gas usage point, the `espi:`, `ns:` and default namespaces,
 * an empty ReadingType, fractional epoch starts, a bare IntervalBlock; and
 * malformed files (cut short, not XML, XML of another kind, a value that is
 * not a number). A property test cuts a valid file at random offsets.
 */
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import type { Workspace } from '../../main/store/workspace';
import type { ImportReportDto } from '../../shared/contract';
import { fixturesDir, smallWorkspace, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
afterAll(() => temp.cleanup());

const fixture = (name: string) => path.join(fixturesDir, 'green-button', name);
const createFor = (participantId: string) => ({ createMeters: { participantId } });

async function importXml(
  workspace: Workspace,
  file: string,
  extra: Record<string, unknown> = {},
): Promise<
  | { ok: true; value: ImportReportDto }
  | { ok: false; error: { message: string; fields?: Record<string, string[]> } }
> {
  return (await callOperation({ workspace, upload: () => createReadStream(file) }, 'imports:file', {
    fileName: path.basename(file),
    ...extra,
  })) as never;
}

const storedOf = (workspace: Workspace, table = 'readings') =>
  workspace.db.all<{
    meter_id: string;
    start_utc: number;
    end_utc: number;
    energy_milliwh: number;
    is_estimated: number;
    file_cost: number | null;
    file_currency: string | null;
    quality: number | null;
  }>(
    `SELECT meter_id, start_utc, end_utc, energy_milliwh, is_estimated, file_cost, file_currency, quality FROM ${table} ORDER BY meter_id, start_utc`,
  );

/** A snapshot of everything an import could touch. */
async function snapshot(workspace: Workspace) {
  return {
    readings: await workspace.db.all('SELECT * FROM readings ORDER BY meter_id, start_utc'),
    summaries: await workspace.db.all('SELECT * FROM summary_readings ORDER BY meter_id, start_utc'),
    meters: await workspace.db.all('SELECT * FROM meters ORDER BY id'),
    stored: await workspace.db.all("SELECT id FROM imports WHERE status = 'stored'"),
  };
}

describe('Green Button XML', () => {
  it('detects Green Button by content and stores hourly readings exactly, with their costs and quality', async () => {
    const workspace = await smallWorkspace(temp.file('hourly.sqlite'));
    // Named .data: the kind comes from the content, not the name.
    const file = temp.file('export.data');
    writeFileSync(file, readFileSync(fixture('hourly-electric.xml')));
    const result = await importXml(workspace, file, { mapping: createFor('con-b') });
    expect(result).toMatchObject({
      ok: true,
      value: {
        kind: 'readings',
        format: 'green-button',
        status: 'stored',
        rowsStored: 3,
        metersCreated: ['gb-up1-mr1'],
        meters: [
          { meterId: 'gb-up1-mr1', totalKWh: '3.33', from: '2022-01-01 00:00:00', to: '2022-01-01 02:59:59' },
        ],
      },
    });
    expect(await storedOf(workspace)).toEqual([
      {
        meter_id: 'gb-up1-mr1',
        start_utc: 1640995200,
        end_utc: 1640998800,
        energy_milliwh: 1_250_000,
        is_estimated: 0,
        file_cost: 18750,
        file_currency: 'USD',
        quality: null,
      },
      {
        meter_id: 'gb-up1-mr1',
        start_utc: 1640998800,
        end_utc: 1641002400,
        energy_milliwh: 980_000,
        is_estimated: 1,
        file_cost: 14700,
        file_currency: 'USD',
        quality: 8,
      },
      {
        meter_id: 'gb-up1-mr1',
        start_utc: 1641002400,
        end_utc: 1641006000,
        energy_milliwh: 1_100_000,
        is_estimated: 0,
        file_cost: 16500,
        file_currency: 'USD',
        quality: null,
      },
    ]);
    const report = (result as { value: ImportReportDto }).value.greenButton!;
    expect(report.series).toEqual([
      expect.objectContaining({
        series: 'UsagePoint/1/MeterReading/1',
        readingType: 'ReadingType/07',
        commodity: 'electricity',
        unit: 'Wh',
        direction: 'consumption',
        intervalSeconds: [3600],
        readings: 3,
        valueSum: '3330 Wh',
        costSum: '0.4995',
        costCurrency: 'USD',
        refused: null,
      }),
    ]);
    expect(report.usageSummaries).toEqual([
      expect.objectContaining({
        usagePoint: 'UsagePoint/1',
        billingPeriod: { from: '2022-01-01 00:00:00', to: '2022-01-01 02:59:59' },
        currency: 'USD',
        statedConsumption: '3.33 kWh',
        computedConsumption: '3.33 kWh',
        consumptionDifference: '0 kWh',
        statedBill: '0.4995',
        computedCost: '0.4995',
        billDifference: '0',
        differs: false,
        lineItems: [{ amount: '250000', note: 'Customer charge', itemKind: '1' }],
      }),
    ]);
    expect(report.localTimeParameters).toEqual([
      {
        key: 'LocalTimeParameters/01',
        dstEndRule: 'B40E2000',
        dstOffset: '3600',
        dstStartRule: '360E2000',
        tzOffset: '-28800',
      },
    ]);
    // Kept with the import: the log's report is the same.
    const [logged] = await workspace.db.all<{ report_json: string }>(
      "SELECT report_json FROM imports WHERE kind = 'readings' AND status = 'stored'",
    );
    expect(JSON.parse(logged!.report_json).greenButton.usageSummaries[0].statedBill).toBe('0.4995');
    // The same file again: already imported, nothing stored.
    expect(await importXml(workspace, file, { mapping: createFor('con-b') })).toMatchObject({
      ok: true,
      value: { status: 'unchanged' },
    });
    await workspace.close();
  });

  it('reads 15-minute data with the espi: prefix and a multiplier of 10^-3, and reports a UsageSummary that disagrees', async () => {
    const workspace = await smallWorkspace(temp.file('quarter.sqlite'));
    const result = await importXml(workspace, fixture('quarter-hourly-espi-prefix.xml'), {
      mapping: { meterMap: { 'UsagePoint/2': 'con-b-main' } },
    });
    expect(result).toMatchObject({ ok: true, value: { rowsStored: 8, metersCreated: [] } });
    const stored = await storedOf(workspace);
    expect(stored.map((r) => [r.end_utc - r.start_utc, r.energy_milliwh, r.file_cost])).toEqual(
      [250500, 250250, 249999, 251000, 300000, 0, 125125, 100].map((mWh) => [900, mWh, null]),
    );
    const summary = (result as { value: ImportReportDto }).value.greenButton!.usageSummaries[0]!;
    expect(summary).toMatchObject({
      statedConsumption: '1.276975 kWh',
      computedConsumption: '1.426974 kWh',
      consumptionDifference: '0.149999 kWh',
      differs: true,
    });
    expect((result as { value: ImportReportDto }).value.message).toMatch(
      /UsageSummary differs from the stored readings/,
    );
    // The stored total equals the file's own interval sum, to the Wh and below.
    expect(stored.reduce((sum, r) => sum + r.energy_milliwh, 0)).toBe(1_426_974);
    expect((result as { value: ImportReportDto }).value.greenButton!.series[0]!.valueSum).toBe('1426.974 Wh');
    await workspace.close();
  });

  it('keeps daily data as summary usage, 23- and 25-hour days as long as the file says, with the ns: prefix and 10^3', async () => {
    const workspace = await smallWorkspace(temp.file('daily.sqlite'));
    const result = await importXml(workspace, fixture('daily-dst-ns-prefix.xml'), {
      mapping: createFor('con-c'),
    });
    expect(result).toMatchObject({ ok: true, value: { rowsStored: 6 } });
    expect(await storedOf(workspace)).toEqual([]);
    const days = await storedOf(workspace, 'summary_readings');
    expect(days.map((d) => [(d.end_utc - d.start_utc) / 3600, d.energy_milliwh])).toEqual([
      [24, 12_000_000],
      [23, 11_000_000],
      [24, 13_000_000],
      [24, 14_000_000],
      [25, 16_000_000],
      [24, 15_000_000],
    ]);
    await workspace.close();
  });

  it('stores days a file writes as 86400 seconds as long as the local day of its LocalTimeParameters', async () => {
    const workspace = await smallWorkspace(temp.file('daily-86400.sqlite'));
    const result = await importXml(workspace, fixture('daily-stated-86400.xml'), {
      mapping: createFor('con-c'),
    });
    expect(result).toMatchObject({ ok: true, value: { rowsStored: 6 } });
    const days = await storedOf(workspace, 'summary_readings');
    expect(days.map((d) => (d.end_utc - d.start_utc) / 3600)).toEqual([24, 23, 24, 24, 25, 24]);
    expect((result as { value: ImportReportDto }).value.greenButton!.notes).toContain(
      'daily readings read in America/Los_Angeles (from LocalTimeParameters (tzOffset -28800, dstOffset 3600)); 2 day(s) starting at local midnight stored as long as the local day (23 or 25 hours on DST changes) instead of the stated duration',
    );
    await workspace.close();
  });

  it('turns a feed with an electric and a gas usage point into two meters; gas in therms never settles', async () => {
    const workspace = await smallWorkspace(temp.file('container.sqlite'));
    const result = await importXml(workspace, fixture('container-electric-gas.xml'), {
      mapping: createFor('con-b'),
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        metersCreated: ['gb-up10-mr1', 'gb-up11-mr1'],
        meters: [
          { meterId: 'gb-up10-mr1', totalKWh: '1.35' },
          { meterId: 'gb-up11-mr1', total: '4.13', unit: 'therm' },
        ],
      },
    });
    expect(
      await workspace.db.all(
        "SELECT id, name, commodity, unit, settles FROM meters WHERE id LIKE 'gb-%' ORDER BY id",
      ),
    ).toEqual([
      { id: 'gb-up10-mr1', name: 'Electric service', commodity: 'electricity', unit: 'Wh', settles: 1 },
      { id: 'gb-up11-mr1', name: 'Gas service', commodity: 'natural-gas', unit: 'therm', settles: 0 },
    ]);
    // 2.15 and 1.98 therm, stored as thousandths of a therm, on summary (daily) readings.
    expect((await storedOf(workspace, 'summary_readings')).map((r) => r.energy_milliwh)).toEqual([
      2150, 1980,
    ]);
    // The workspace definition now describes the gas meter, and stays valid.
    const definition = await callOperation({ workspace }, 'workspace:get', {});
    expect(definition).toMatchObject({ ok: true });
    const gas = (definition as { value: { meters: { id: string }[] } }).value.meters.find(
      (m) => m.id === 'gb-up11-mr1',
    );
    expect(gas).toMatchObject({ commodity: 'natural-gas', unit: 'therm', settles: false });
    // The file's costs are listed beside the readings; gas comes in therms, as summary (daily) usage.
    const electric = await callOperation({ workspace }, 'meters:readings', {
      meterId: 'gb-up10-mr1',
      from: '2022-01-01',
      to: '2022-01-01',
    });
    expect(electric).toMatchObject({
      ok: true,
      value: {
        unit: 'kWh',
        totalKWh: '1.35',
        fileCostTotal: '0.1755',
        fileCurrency: 'USD',
        readings: [
          { startDate: '2022-01-01 00:00:00', kWh: '0.7', fileCost: '0.091' },
          { startDate: '2022-01-01 01:00:00', kWh: '0.65', fileCost: '0.0845' },
        ],
      },
    });
    const therms = await callOperation({ workspace }, 'meters:readings', {
      meterId: 'gb-up11-mr1',
      from: '2021-12-31',
      to: '2022-01-02',
    });
    expect(therms).toMatchObject({
      ok: true,
      value: {
        unit: 'therm',
        readings: [],
        summaryReadings: [
          { startDate: '2022-01-01 00:00:00', kWh: '2.15', minutes: 1440, fileCost: '3.01' },
          { startDate: '2022-01-02 00:00:00', kWh: '1.98', minutes: 1440, fileCost: '2.772' },
        ],
        fileCostTotal: '5.782',
      },
    });
    await workspace.close();
  });

  it('refuses a series whose ReadingType is empty, naming it, and stores nothing', async () => {
    const workspace = await smallWorkspace(temp.file('empty-type.sqlite'));
    const before = await snapshot(workspace);
    const result = await importXml(workspace, fixture('empty-reading-type.xml'), {
      mapping: createFor('con-b'),
    });
    expect(result).toMatchObject({ ok: false });
    expect(JSON.stringify((result as { error: { fields: unknown } }).error.fields)).toMatch(
      /ReadingType is empty \(no uom, no multiplier\)/,
    );
    expect(await snapshot(workspace)).toEqual({ ...before, stored: before.stored });
    await workspace.close();
  });

  it('rounds fractional epoch starts to the nearest second and says so', async () => {
    const workspace = await smallWorkspace(temp.file('fractional.sqlite'));
    const result = await importXml(workspace, fixture('fractional-starts.xml'), {
      mapping: { meterId: 'con-b-main' },
    });
    expect(result).toMatchObject({ ok: true, value: { rowsStored: 3 } });
    expect((await storedOf(workspace)).map((r) => r.start_utc)).toEqual([1640995200, 1640998800, 1641002400]);
    expect((result as { value: ImportReportDto }).value.greenButton!.notes).toContain(
      '2 start time(s) with fractional seconds rounded to the nearest second',
    );
    await workspace.close();
  });

  it('reads a bare IntervalBlock document with the ReadingType the mapping gives', async () => {
    const workspace = await smallWorkspace(temp.file('bare.sqlite'));
    const without = await importXml(workspace, fixture('bare-interval-block.xml'), {
      mapping: { meterId: 'con-b-main' },
    });
    expect(without).toMatchObject({ ok: false });
    expect((without as { error: { message: string } }).error.message).toMatch(/no ReadingType says its unit/);
    const result = await importXml(workspace, fixture('bare-interval-block.xml'), {
      mapping: {
        meterId: 'con-b-main',
        readingType: {
          uom: 72,
          powerOfTenMultiplier: 0,
          flowDirection: 1,
          accumulationBehaviour: 4,
          commodity: 1,
        },
      },
    });
    expect(result).toMatchObject({
      ok: true,
      value: { rowsStored: 2, meters: [{ meterId: 'con-b-main', totalKWh: '4.5' }] },
    });
    await workspace.close();
  });

  it('rejects malformed files with a message naming the place, storing nothing', async () => {
    const workspace = await smallWorkspace(temp.file('malformed.sqlite'));
    const before = await snapshot(workspace);
    const cases: [string, RegExp][] = [
      [
        'truncated.xml',
        /truncated\.xml: line 50, column \(file\): is not well-formed XML \(line 50\): unclosed tag/,
      ],
      ['not-xml.xml', /not-xml\.xml: .*is not XML, so not a Green Button \(ESPI\) file/],
      [
        'other-kind.xml',
        /other-kind\.xml: .*is XML but not Green Button \(ESPI\): its root element is <rss>/,
      ],
      [
        'non-numeric-value.xml',
        /non-numeric-value\.xml: line 34, column value value "n\/a": IntervalReading \(column \d+\) of UsagePoint\/1\/MeterReading\/1: is not a number/,
      ],
    ];
    for (const [name, message] of cases) {
      const result = await importXml(workspace, fixture(name), { mapping: createFor('con-b') });
      expect(result.ok, name).toBe(false);
      expect((result as { error: { message: string } }).error.message).toMatch(message);
      expect(await snapshot(workspace)).toEqual(before);
    }
    // Partial mode stores the valid readings of a file with a bad value, but never a file cut short.
    expect(
      await importXml(workspace, fixture('truncated.xml'), { mode: 'partial', mapping: createFor('con-b') }),
    ).toMatchObject({ ok: false });
    expect(await snapshot(workspace)).toEqual(before);
    const partial = await importXml(workspace, fixture('non-numeric-value.xml'), {
      mode: 'partial',
      mapping: createFor('con-b'),
    });
    expect(partial).toMatchObject({ ok: true, value: { rowsStored: 2, rowsRejected: 1 } });
    await workspace.close();
  });

  it('is undone with its readings, summary readings and created meters', async () => {
    const workspace = await smallWorkspace(temp.file('undo.sqlite'));
    const before = await snapshot(workspace);
    const result = await importXml(workspace, fixture('container-electric-gas.xml'), {
      mapping: createFor('con-b'),
    });
    const undo = await callOperation({ workspace }, 'imports:remove', {
      importId: (result as { value: ImportReportDto }).value.importId,
    });
    expect(undo).toMatchObject({
      ok: true,
      value: { readingsRemoved: 4, metersRemoved: ['gb-up10-mr1', 'gb-up11-mr1'] },
    });
    expect({ ...(await snapshot(workspace)), stored: before.stored }).toEqual(before);
    await workspace.close();
  });

  it('never crashes and never half-imports a file cut at a random offset', async () => {
    const whole = readFileSync(fixture('container-electric-gas.xml'));
    // Any cut before the root element's last '>' leaves the document unfinished.
    const lastByteOfRoot = whole.lastIndexOf('</feed>') + '</feed>'.length - 1;
    const workspace = await smallWorkspace(temp.file('cut.sqlite'));
    const before = await snapshot(workspace);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: lastByteOfRoot - 1 }), async (offset) => {
        const file = temp.file(`cut-${run++}.xml`);
        writeFileSync(file, whole.subarray(0, offset));
        const result = await importXml(workspace, file, { mapping: createFor('con-b') });
        // Cut anywhere before the end of the root element, the file is not whole: rejected, nothing stored.
        expect(result.ok).toBe(false);
        expect(await snapshot(workspace)).toEqual(before);
      }),
      { numRuns: 60 },
    );
    expect(await workspace.db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    await workspace.close();
  });
});
