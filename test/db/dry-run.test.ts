/**
 * A dry run stores nothing, for every importer kind: every table's rows are the same before
 * and after (issue 16, item 1). A workspace definition import can be undone: the definition
 * it replaced comes back.
 */
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import { Workspace } from '../../main/store/workspace';
import { runCli } from '../helpers/cli';
import { databaseSnapshot } from '../helpers/db-snapshot';
import { goldenWorkspace, importGoldenMonth } from '../helpers/golden';
import { writeMonthPrices, writeMonthReadings } from '../helpers/month-files';
import { callOk, fixturesDir, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
afterAll(() => temp.cleanup());

const golden = () => JSON.parse(readFileSync(path.join(fixturesDir, 'workspace-golden.json'), 'utf8'));

async function xlsxReadings(file: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Readings');
  sheet.addRow(['meter_id', 'interval_start', 'interval_minutes', 'energy_kwh']);
  for (let hour = 0; hour < 24; hour++)
    sheet.addRow(['c1-main', `2022-03-01T${String(hour).padStart(2, '0')}:00:00+07:00`, 60, 1.25]);
  await book.xlsx.writeFile(file);
}

function shadowPricesDay(): string {
  return JSON.stringify(
    Array.from({ length: 24 }, (_, i) => ({
      price_date: '2022-3-2',
      hour: i + 1,
      lmp_price: '30.5',
      capacity_price: '1.25',
      total_price_per_mwh: '31.75',
    })),
  );
}

describe('a dry run', () => {
  it('stores nothing for any importer kind: every table is unchanged, and the same file then imports', async () => {
    const workspace = await goldenWorkspace(temp.file('dry-run.sqlite'));
    await importGoldenMonth(workspace, temp.dir, '2022-01', {
      'gA-pv@2022-01-03T12': '10',
      'c1-main@2022-01-03T12': '4',
    });
    await callOk(workspace, 'settlement:settle', { month: '2022-01' });

    const renamed = golden();
    renamed.settings.name = 'Renamed by a dry run';
    renamed.participants.push({ id: 'c3', name: 'Consumer 3', role: 'consumer' });
    writeFileSync(temp.file('changed-definition.json'), JSON.stringify(renamed));
    writeMonthReadings(temp.file('february.csv'), '2022-02', 'Asia/Bangkok', ['c1-main'], {
      'c1-main@2022-02-01T10': '3',
    });
    writeMonthPrices(temp.file('february-prices.csv'), '2022-02', 'Asia/Bangkok', {});
    await xlsxReadings(temp.file('portal.xlsx'));
    writeFileSync(temp.file('shadow.json'), shadowPricesDay());
    writeFileSync(
      temp.file('payments.csv'),
      'participant_id,statement_month,paid_on,amount,reference\nc1,2022-01,2022-02-10,10,TRX-1\n',
    );
    const cases: [string, string, Record<string, unknown>][] = [
      ['changed-definition.json', 'workspace', {}],
      ['february.csv', 'readings', {}],
      ['portal.xlsx', 'readings', {}],
      [
        path.join(fixturesDir, 'green-button', 'hourly-electric.xml'),
        'readings',
        { mapping: { createMeters: { participantId: 'c1' } } },
      ],
      [
        path.join(fixturesDir, 'cost-consumption', 'seed-monthly.json'),
        'readings',
        { mapping: { meterId: 'c2-main' }, mode: 'partial' },
      ],
      ['february-prices.csv', 'market-prices', {}],
      ['shadow.json', 'market-prices', {}],
      ['payments.csv', 'payments', {}],
    ];
    for (const [name, kind, extra] of cases) {
      const file = path.isAbsolute(name) ? name : temp.file(name);
      const upload = () => createReadStream(file);
      const before = await databaseSnapshot(workspace);
      const dry = await callOperation({ workspace, upload }, 'imports:file', {
        fileName: path.basename(file),
        dryRun: true,
        ...extra,
      });
      expect(dry.ok, `${name}: ${dry.ok ? '' : dry.error.message}`).toBe(true);
      expect(dry.ok && dry.value).toMatchObject({ status: 'dry-run', kind });
      expect(
        await databaseSnapshot(workspace),
        `${name} (${kind}) changed the workspace in a dry run`,
      ).toEqual(before);
      // The file was one the importer accepts: imported for real, it changes the workspace.
      const real = await callOperation({ workspace, upload }, 'imports:file', {
        fileName: path.basename(file),
        ...extra,
      });
      expect(real.ok && real.value).toMatchObject({ status: 'stored', kind });
      expect(await databaseSnapshot(workspace)).not.toEqual(before);
    }
    expect((await workspace.settings()).name).toBe('Renamed by a dry run');
    await workspace.close();
  }, 60_000);

  it('of a definition from the command line says what it would change and stores nothing', async () => {
    const file = temp.file('cli-dry.sqlite');
    const workspace = await goldenWorkspace(file);
    const before = await databaseSnapshot(workspace);
    await workspace.close();
    const renamed = golden();
    renamed.settings.name = 'Another name';
    writeFileSync(temp.file('cli-definition.json'), JSON.stringify(renamed));
    const { code, stdout } = await runCli([
      'import',
      '--db',
      file,
      '--dry-run',
      temp.file('cli-definition.json'),
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('dry run, nothing stored');
    expect(stdout).toContain(
      'importing it renames the workspace from "Golden test market" to "Another name"',
    );
    const reopened = await Workspace.open(file);
    expect(await databaseSnapshot(reopened)).toEqual(before);
    await reopened.close();
  });
});

describe('undoing a workspace definition import', () => {
  it('restores the definition it replaced, only for the definition in force', async () => {
    const workspace = await goldenWorkspace(temp.file('undo-definition.sqlite'));
    const first = await databaseSnapshot(workspace);
    const original = await callOk(workspace, 'workspace:get', {});
    const second = golden();
    second.settings.name = 'Second';
    second.participants.push({ id: 'c3', name: 'Consumer 3', role: 'consumer' });
    const secondReport = await callOk(workspace, 'workspace:import-definition', { definition: second });
    const third = golden();
    third.settings.name = 'Third';
    const thirdReport = await callOk(workspace, 'workspace:import-definition', { definition: third });
    expect(thirdReport.message).toContain(
      'renames the workspace from "Second" to "Third"; drops participant(s) c3',
    );

    // Only the definition in force can be undone.
    const early = await callOperation({ workspace }, 'imports:remove', { importId: secondReport.importId });
    expect(early.ok).toBe(false);
    expect(!early.ok && early.error.message).toContain(
      `is not the definition in force: import #${thirdReport.importId} (workspace definition) replaced it`,
    );
    const undoThird = await callOk(workspace, 'imports:remove', { importId: thirdReport.importId });
    expect(undoThird.message).toContain('the workspace definition it replaced ("Second") is restored');
    expect((await callOk(workspace, 'participants:list', {})).map((p: { id: string }) => p.id)).toContain(
      'c3',
    );
    await callOk(workspace, 'imports:remove', { importId: secondReport.importId });
    expect(await callOk(workspace, 'workspace:get', {})).toEqual(original);
    // The definition tables are as they were before the two imports.
    const now = await databaseSnapshot(workspace);
    for (const table of ['participants', 'meters', 'pools', 'pool_members', 'offer_plans', 'settings'])
      expect(now[table], table).toEqual(first[table]);
    // The first definition has none before it.
    const [firstImport] = (await callOk(workspace, 'imports:list', { limit: 10 })).filter(
      (i: { kind: string; importId: number }) => i.kind === 'workspace' && i.importId < secondReport.importId,
    );
    const none = await callOperation({ workspace }, 'imports:remove', { importId: firstImport.importId });
    expect(!none.ok && none.error.message).toContain("is the workspace's first definition");
    await workspace.close();
  });

  it('is refused when stored readings need a meter the earlier definition lacks', async () => {
    const workspace = await goldenWorkspace(temp.file('undo-refused.sqlite'));
    const extended = golden();
    extended.meters.push({ id: 'c1-sub', participantId: 'c1', direction: 'consumption' });
    const report = await callOk(workspace, 'workspace:import-definition', { definition: extended });
    writeMonthReadings(temp.file('sub.csv'), '2022-01', 'Asia/Bangkok', ['c1-sub'], {
      'c1-sub@2022-01-01T10': '2',
    });
    const upload = () => createReadStream(temp.file('sub.csv'));
    expect((await callOperation({ workspace, upload }, 'imports:file', { fileName: 'sub.csv' })).ok).toBe(
      true,
    );
    const before = await databaseSnapshot(workspace);
    const refused = await callOperation({ workspace }, 'imports:remove', { importId: report.importId });
    expect(!refused.ok && refused.error.message).toContain(
      'leaves out meter "c1-sub", which has stored readings',
    );
    expect(await databaseSnapshot(workspace)).toEqual(before);
    await workspace.close();
  });
});
