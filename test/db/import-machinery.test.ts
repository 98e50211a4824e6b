/**
 * The import machinery shared by every readings format: strict vs partial,
 * dry runs, the same file twice, conflicts with stored readings (reject,
 * replace, keep), undo with superseded readings coming back, re-import,
 * saved mapping profiles, meters created and removed with an import, and the
 * same rules for market prices and payments.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import type { Workspace } from '../../main/store/workspace';
import { settleSmallMonth } from '../helpers/month-files';
import { importFixture, smallWorkspace, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
afterAll(() => temp.cleanup());

const readingsOf = (workspace: Workspace) =>
  workspace.db.all<{ meter_id: string; start_utc: number; energy_milliwh: number; import_id: number }>(
    'SELECT meter_id, start_utc, energy_milliwh, import_id FROM readings ORDER BY meter_id, start_utc',
  );

function csv(name: string, rows: string[]): string {
  const file = temp.file(name);
  writeFileSync(file, ['meter_id,interval_start,interval_minutes,energy_kwh', ...rows].join('\n') + '\n');
  return file;
}

async function importPath(workspace: Workspace, file: string, extra: Record<string, unknown> = {}) {
  const { createReadStream } = await import('node:fs');
  return callOperation({ workspace, upload: () => createReadStream(file) }, 'imports:file', {
    fileName: path.basename(file),
    ...extra,
  });
}

describe('strict, partial and dry runs', () => {
  it('partial mode stores the valid rows and lists the rejected ones by rule', async () => {
    const workspace = await smallWorkspace(temp.file('partial.sqlite'));
    const result = await importFixture(workspace, 'readings/bad-rows.input.csv', 'auto', undefined, {
      mode: 'partial',
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        status: 'stored',
        rowsRead: 6,
        rowsStored: 1,
        rowsRejected: 5,
        rejectedByRule: {
          'unknown-meter': 1,
          'bad-time': 1,
          'bad-minutes': 1,
          'bad-number': 1,
          duplicate: 1,
        },
      },
    });
    expect(await readingsOf(workspace)).toHaveLength(1);
    const listed = await callOperation({ workspace }, 'imports:list', {});
    expect(listed.ok && (listed.value as { rejectedRows: unknown[] }[])[0]!.rejectedRows).toHaveLength(5);
    await workspace.close();
  });

  it('a dry run reports what would land and stores nothing', async () => {
    const workspace = await smallWorkspace(temp.file('dry.sqlite'));
    const result = await importFixture(workspace, 'readings/hourly-kwh.input.csv', 'auto', undefined, {
      dryRun: true,
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        status: 'dry-run',
        rowsStored: 4,
        meters: [
          { meterId: 'con-b-main', readings: 2, totalKWh: '5.250001' },
          { meterId: 'gen-a-pv', readings: 2, totalKWh: '1.5' },
        ],
      },
    });
    expect(await readingsOf(workspace)).toEqual([]);
    expect(await workspace.db.all("SELECT * FROM imports WHERE kind = 'readings'")).toEqual([]);
    await workspace.close();
  });

  it('the same bytes again are reported as already imported and store nothing', async () => {
    const workspace = await smallWorkspace(temp.file('twice.sqlite'));
    const first = await importFixture(workspace, 'readings/hourly-kwh.input.csv');
    const again = await importFixture(workspace, 'readings/hourly-kwh.input.csv');
    expect(again).toMatchObject({
      ok: true,
      value: {
        status: 'unchanged',
        rowsStored: 0,
        alreadyImportedAs: (first as { value: { importId: number } }).value.importId,
      },
    });
    expect(await readingsOf(workspace)).toHaveLength(4);
    await workspace.close();
  });
});

describe('conflicts, undo and re-import', () => {
  it('rejects, replaces (keeping the old as superseded) or keeps, and undo brings superseded readings back', async () => {
    const workspace = await smallWorkspace(temp.file('conflicts.sqlite'));
    const original = await importPath(
      workspace,
      csv('original.csv', [
        'gen-a-pv,2022-01-01T00:00:00+07:00,60,1',
        'gen-a-pv,2022-01-01T01:00:00+07:00,60,2',
      ]),
    );
    expect(original.ok).toBe(true);
    const correction = csv('correction.csv', [
      'gen-a-pv,2022-01-01T01:00:00+07:00,60,2.5',
      'gen-a-pv,2022-01-01T02:00:00+07:00,60,3',
    ]);

    const rejected = await importPath(workspace, correction);
    expect(rejected).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(rejected.ok ? '' : rejected.error.message).toContain(
      'overlaps the stored reading of meter gen-a-pv from 2021-12-31T18:00:00Z (import #2 original.csv)',
    );
    // The API names no transport's controls: the input that decides is a field error of its own,
    // and a dry run's report gives each conflict's facts (UTC seconds) for the caller to word.
    expect(JSON.stringify(rejected)).not.toContain('--on-conflict');
    expect(rejected.ok ? {} : rejected.error.fields).toMatchObject({ onConflict: [expect.any(String)] });
    const checked = await importPath(workspace, correction, { dryRun: true });
    expect(checked).toMatchObject({
      ok: true,
      value: {
        status: 'rejected',
        rejectedByRule: { conflict: 1 },
        rejectedRows: [
          {
            line: 2,
            rule: 'conflict',
            facts: {
              meterId: 'gen-a-pv',
              startUtc: 1_640_973_600,
              endUtc: 1_640_977_200,
              stored: {
                startUtc: 1_640_973_600,
                endUtc: 1_640_977_200,
                importId: 2,
                fileName: 'original.csv',
              },
            },
          },
        ],
      },
    });

    const kept = await importPath(workspace, correction, { onConflict: 'keep', dryRun: true });
    expect(kept).toMatchObject({ ok: true, value: { status: 'dry-run', rowsStored: 1, readingsKept: 1 } });

    const replaced = await importPath(workspace, correction, { onConflict: 'replace' });
    expect(replaced).toMatchObject({ ok: true, value: { rowsStored: 2, readingsReplaced: 1 } });
    const correctionId = (replaced as { value: { importId: number } }).value.importId;
    expect((await readingsOf(workspace)).map((r) => r.energy_milliwh)).toEqual([
      1_000_000, 2_500_000, 3_000_000,
    ]);
    expect(
      await workspace.db.all('SELECT energy_milliwh, superseded_by_import_id FROM superseded_readings'),
    ).toEqual([{ energy_milliwh: 2_000_000, superseded_by_import_id: correctionId }]);

    const undo = await callOperation({ workspace }, 'imports:remove', { importId: correctionId });
    expect(undo).toMatchObject({
      ok: true,
      value: { readingsRemoved: 2, readingsRestored: 1, affectedRuns: [] },
    });
    expect((await readingsOf(workspace)).map((r) => r.energy_milliwh)).toEqual([1_000_000, 2_000_000]);
    expect(await callOperation({ workspace }, 'imports:remove', { importId: correctionId })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: `import #${correctionId} (correction.csv) was already removed` },
    });

    // Removed, the same file can come in again, this time keeping what is stored.
    const reimport = await importPath(workspace, correction, { onConflict: 'keep' });
    expect(reimport).toMatchObject({ ok: true, value: { status: 'stored', rowsStored: 1, readingsKept: 1 } });
    expect((await readingsOf(workspace)).map((r) => r.energy_milliwh)).toEqual([
      1_000_000, 2_000_000, 3_000_000,
    ]);
    const listed = await callOperation({ workspace }, 'imports:list', {});
    expect(
      listed.ok &&
        (listed.value as { fileName: string; removed: boolean }[]).map((r) => [r.fileName, r.removed]),
    ).toEqual([
      ['correction.csv', false],
      ['correction.csv', true],
      ['correction.csv', false],
      ['original.csv', false],
      ['workspace-small.json', false],
    ]);
    await workspace.close();
  });

  it('removing an import a published run used names the run', async () => {
    const { buildDemoWorkspace } = await import('../../main/demo/build-demo');
    const { workspace } = await buildDemoWorkspace(temp.file('demo-undo.sqlite'));
    const demoImport = (await workspace.db.get<{ id: number }>(
      "SELECT id FROM imports WHERE file_name LIKE 'demo generator%'",
    ))!.id;
    const removal = await callOperation({ workspace }, 'imports:remove', { importId: demoImport });
    expect(removal.ok).toBe(true);
    const value = (removal as { value: { affectedRuns: { month: string }[]; message: string } }).value;
    expect(value.affectedRuns.map((r) => r.month)).toEqual([
      '2022-01',
      '2022-02',
      '2022-03',
      '2022-04',
      '2022-05',
      '2022-06',
      '2022-07',
      '2022-08',
      '2022-09',
      '2022-10',
      '2022-11',
      '2022-12',
    ]);
    expect(value.message).toContain('settle those months again');
    expect(await workspace.db.get('SELECT COUNT(*) AS n FROM readings')).toEqual({ n: 0 });
    await workspace.close();
  }, 30_000);
});

describe('mappings', () => {
  it('reads a long layout with a saved profile and refuses an incomplete mapping, naming the field', async () => {
    const workspace = await smallWorkspace(temp.file('profiles.sqlite'));
    const file = temp.file('portal-export.csv');
    writeFileSync(file, 'Read Date,Usage\n2022-01-01 00:00,1.25\n2022-01-01 01:00,0.75\n');
    const incomplete = await importPath(workspace, file, { mapping: { timeColumn: 'Read Date' } });
    expect(incomplete).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(incomplete.ok ? {} : incomplete.error.fields).toMatchObject({
      'mapping.energyColumn': expect.any(Array),
    });
    const saved = await callOperation({ workspace }, 'import-profiles:save', {
      name: 'portal',
      mapping: { meterId: 'con-b-main', timeColumn: 'Read Date', energyColumn: 'Usage', unit: 'kWh' },
    });
    expect(saved.ok).toBe(true);
    const profiles = await callOperation({ workspace }, 'import-profiles:list', {});
    const mapping = (profiles as { value: { mapping: Record<string, unknown> }[] }).value[0]!.mapping;
    const result = await importPath(workspace, file, { mapping });
    expect(result).toMatchObject({
      ok: true,
      value: {
        rowsStored: 2,
        timezone: 'Asia/Bangkok',
        meters: [{ meterId: 'con-b-main', totalKWh: '2', from: '2021-12-31 17:00:00' }],
      },
    });
    await workspace.close();
  });
});

describe('payments CSV', () => {
  it('stores payments whole, rejects a bad row naming it, refuses the same file twice, and can be undone', async () => {
    const workspace = await smallWorkspace(temp.file('payments.sqlite'));
    await settleSmallMonth(workspace, temp.dir, '2022-11');
    const good = temp.file('payments.csv');
    writeFileSync(
      good,
      'participant_id,statement_month,paid_on,amount,reference\ngen-a,2022-11,2022-12-10,20,TRX-1\ngen-a,2022-11,2023-01-05,3.29,TRX-2\n',
    );
    const stored = await importPath(workspace, good);
    expect(stored).toMatchObject({ ok: true, value: { kind: 'payments', rowsStored: 2 } });
    expect(
      await workspace.db.all(
        'SELECT participant_id, statement_month, paid_on, amount, reference FROM payments ORDER BY id',
      ),
    ).toEqual([
      {
        participant_id: 'gen-a',
        statement_month: '2022-11',
        paid_on: '2022-12-10',
        amount: '20.00',
        reference: 'TRX-1',
      },
      {
        participant_id: 'gen-a',
        statement_month: '2022-11',
        paid_on: '2023-01-05',
        amount: '3.29',
        reference: 'TRX-2',
      },
    ]);
    expect(await importPath(workspace, good)).toMatchObject({ ok: true, value: { status: 'unchanged' } });
    const bad = temp.file('payments-bad.csv');
    writeFileSync(
      bad,
      'participant_id,statement_month,paid_on,amount,reference\ngen-a,2022-12,2023-01-10,12.34567,TRX-3\n',
    );
    const rejected = await importPath(workspace, bad);
    expect(rejected).toMatchObject({
      ok: false,
      error: {
        fields: {
          'payments-bad.csv:2:amount': [
            '"12.34567" has 5 decimal(s); THB is paid in whole units of 0.01 (at most 2 decimal(s)); it is not rounded for you',
          ],
        },
      },
    });
    const undo = await callOperation({ workspace }, 'imports:remove', {
      importId: (stored as { value: { importId: number } }).value.importId,
    });
    expect(undo).toMatchObject({ ok: true, value: { paymentsRemoved: 2 } });
    expect(await workspace.db.all('SELECT * FROM payments')).toEqual([]);
    await workspace.close();
  });
});

describe('meters the workspace lacks', () => {
  it('are created for the named participant inside the import, and vanish with a rejected file', async () => {
    const workspace = await smallWorkspace(temp.file('create-meters.sqlite'));
    const mapping = { createMeters: { participantId: 'con-b' } };
    const bad = csv('new-meter-bad.csv', [
      'sub-meter-1,2022-01-01T00:00:00+07:00,60,1',
      'sub-meter-1,2022-01-01T01:00:00+07:00,60,x',
    ]);
    expect((await importPath(workspace, bad, { mapping })).ok).toBe(false);
    expect(await workspace.db.all("SELECT id FROM meters WHERE id = 'sub-meter-1'")).toEqual([]);
    const good = csv('new-meter.csv', ['sub-meter-1,2022-01-01T00:00:00+07:00,60,1']);
    expect(await importPath(workspace, good, { mapping })).toMatchObject({
      ok: true,
      value: { rowsStored: 1, metersCreated: ['sub-meter-1'] },
    });
    expect(
      await workspace.db.all("SELECT participant_id, direction FROM meters WHERE id = 'sub-meter-1'"),
    ).toEqual([{ participant_id: 'con-b', direction: 'consumption' }]);
    const wrong = await importPath(workspace, good, {
      mapping: { createMeters: { participantId: 'con-b', direction: 'generation' } },
      dryRun: true,
    });
    expect(wrong).toMatchObject({
      ok: false,
      error: { fields: { 'mapping.createMeters.direction': ['generation meters belong to prosumers'] } },
    });
    await workspace.close();
  });
});

describe('market prices and payments follow the same rules', () => {
  const write = (name: string, text: string) => {
    const file = temp.file(name);
    writeFileSync(file, text);
    return file;
  };
  const pricesOf = (workspace: Workspace) =>
    workspace.db.all<{ start_utc: number; price_per_kwh: string }>(
      'SELECT start_utc, price_per_kwh FROM market_prices ORDER BY start_utc',
    );

  it('hours already priced by another import are rejected by default, kept or replaced on request', async () => {
    const workspace = await smallWorkspace(temp.file('prices-conflicts.sqlite'));
    expect((await importFixture(workspace, 'market-prices.csv')).ok).toBe(true);
    const stored = await pricesOf(workspace);
    const later = write(
      'prices-later.csv',
      'interval_start,price_per_kwh\n2022-01-01T02:00:00+07:00,9.99\n2022-01-01T03:00:00+07:00,4.00\n',
    );
    const rejected = await importPath(workspace, later);
    expect(rejected).toMatchObject({
      ok: false,
      error: {
        fields: {
          'prices-later.csv:2:interval_start': [
            expect.stringMatching(/already priced for TH-TEST by import #2 \(market-prices.csv\)$/),
          ],
        },
      },
    });
    expect(await pricesOf(workspace)).toEqual(stored);

    const dryRun = await importPath(workspace, later, { onConflict: 'keep', dryRun: true });
    expect(dryRun).toMatchObject({ ok: true, value: { status: 'dry-run', rowsStored: 1, pricesKept: 1 } });
    expect(await pricesOf(workspace)).toEqual(stored);

    const kept = await importPath(workspace, later, { onConflict: 'keep' });
    expect(kept).toMatchObject({ ok: true, value: { status: 'stored', rowsStored: 1, pricesKept: 1 } });
    expect((await pricesOf(workspace)).map((p) => p.price_per_kwh)).toEqual([
      '2.1',
      '-0.0425',
      '3.3333',
      '4',
    ]);
    await workspace.close();
  });

  it('partial mode stores the valid prices and lists the rejected ones', async () => {
    const workspace = await smallWorkspace(temp.file('prices-partial.sqlite'));
    const file = write(
      'prices-partial.csv',
      'interval_start,price_per_kwh\n2022-01-01T00:00:00+07:00,2\n2022-01-01T00:30:00+07:00,2\n2022-01-01T01:00:00+07:00,cheap\n2022-01-01T00:00:00+07:00,3\n2022-01-01T02:00:00+07:00,1.25\n',
    );
    expect(await importPath(workspace, file)).toMatchObject({ ok: false });
    expect(await pricesOf(workspace)).toEqual([]);
    const partial = await importPath(workspace, file, { mode: 'partial' });
    expect(partial).toMatchObject({
      ok: true,
      value: {
        status: 'stored',
        rowsRead: 5,
        rowsStored: 2,
        rowsRejected: 3,
        rejectedByRule: { 'bad-time': 1, 'bad-number': 1, duplicate: 1 },
      },
    });
    const listed = (partial as { value: { rejectedRows: { line: number; message: string }[] } }).value
      .rejectedRows;
    expect(listed.map((r) => [r.line, r.message])).toEqual([
      [3, 'must start on a whole hour'],
      [4, 'must be a decimal number'],
      [5, 'repeats the hour of line 2'],
    ]);
    expect((await pricesOf(workspace)).map((p) => p.price_per_kwh)).toEqual(['2', '1.25']);
    await workspace.close();
  });

  it('a payment already recorded is a duplicate; partial mode and dry runs as for readings', async () => {
    const workspace = await smallWorkspace(temp.file('payments-partial.sqlite'));
    await settleSmallMonth(workspace, temp.dir, '2022-11');
    const header = 'participant_id,statement_month,paid_on,amount,reference\n';
    expect(
      (await importPath(workspace, write('bank-1.csv', `${header}gen-a,2022-11,2022-12-10,20,TRX-1\n`))).ok,
    ).toBe(true);
    const overlapping = write(
      'bank-2.csv',
      `${header}gen-a,2022-11,2022-12-10,20,TRX-1\ncon-b,2022-11,2022-12-11,5.5,TRX-9\ncon-b,2022-11,2022-12-11,5.5,TRX-9\nnobody,2022-11,2022-12-12,1,TRX-10\n`,
    );
    const strict = await importPath(workspace, overlapping);
    expect(strict).toMatchObject({
      ok: false,
      error: {
        fields: {
          'bank-2.csv:2:reference': ['"TRX-1" is already recorded for gen-a (import #4 (bank-1.csv))'],
          'bank-2.csv:4:reference': ['"TRX-9" is already recorded for con-b (line 3 of this file)'],
          'bank-2.csv:5:participant_id': ['"nobody" is not a participant of this workspace'],
        },
      },
    });
    const dryRun = await importPath(workspace, overlapping, { mode: 'partial', dryRun: true });
    expect(dryRun).toMatchObject({ ok: true, value: { status: 'dry-run', rowsStored: 1, rowsRejected: 3 } });
    expect(await workspace.db.all('SELECT reference FROM payments ORDER BY id')).toEqual([
      { reference: 'TRX-1' },
    ]);
    const partial = await importPath(workspace, overlapping, { mode: 'partial' });
    expect(partial).toMatchObject({ ok: true, value: { status: 'stored', rowsStored: 1, rowsRejected: 3 } });
    expect(await workspace.db.all('SELECT reference, amount FROM payments ORDER BY id')).toEqual([
      { reference: 'TRX-1', amount: '20.00' },
      { reference: 'TRX-9', amount: '5.50' },
    ]);
    await workspace.close();
  });
});

describe('undoing an import that created meters', () => {
  it('removes the meters it created, keeping one that another import now uses', async () => {
    const workspace = await smallWorkspace(temp.file('undo-created-meters.sqlite'));
    const mapping = { createMeters: { participantId: 'con-b' } };
    const first = await importPath(
      workspace,
      csv('sub-meters.csv', ['sub-1,2022-01-01T00:00:00+07:00,60,1', 'sub-2,2022-01-01T00:00:00+07:00,60,2']),
      { mapping },
    );
    expect(first).toMatchObject({ ok: true, value: { metersCreated: ['sub-1', 'sub-2'] } });
    expect(
      (await importPath(workspace, csv('sub-2-more.csv', ['sub-2,2022-01-01T01:00:00+07:00,60,3']))).ok,
    ).toBe(true);
    const undo = await callOperation({ workspace }, 'imports:remove', {
      importId: (first as { value: { importId: number } }).value.importId,
    });
    expect(undo).toMatchObject({
      ok: true,
      value: {
        readingsRemoved: 2,
        metersRemoved: ['sub-1'],
        metersKept: ['sub-2'],
        message: expect.stringContaining(
          'meter(s) it created removed: sub-1; meter(s) it created kept because other data now uses them: sub-2',
        ),
      },
    });
    expect(await workspace.db.all("SELECT id FROM meters WHERE id LIKE 'sub-%' ORDER BY id")).toEqual([
      { id: 'sub-2' },
    ]);
    // The same file can then be imported again, creating sub-1 afresh.
    expect(
      await importPath(
        workspace,
        csv('sub-meters.csv', [
          'sub-1,2022-01-01T00:00:00+07:00,60,1',
          'sub-2,2022-01-01T00:00:00+07:00,60,2',
        ]),
        { mapping },
      ),
    ).toMatchObject({ ok: true, value: { metersCreated: ['sub-1'], rowsStored: 2 } });
    await workspace.close();
  });
});
