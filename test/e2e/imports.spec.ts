import { mkdirSync } from 'node:fs';

import { expect, test } from '@playwright/test';

import type { ImportReportDto, SettlementStatusDto } from '../../shared/contract';

import { EnergyLedgerApp } from './models';

const screenshots = 'test-results/screenshots';
mkdirSync(screenshots, { recursive: true });

const csv = (rows: string[]) =>
  Buffer.from(['meter_id,interval_start,interval_minutes,energy_kwh', ...rows].join('\n') + '\n');

interface Readings {
  readings: { kWh: string }[];
}

test('imports a file through the wizard (dry run, preview, import), refuses a bad one, and undoes an import', async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  await app.open('#/imports');
  const readingsOfJanuary = async () =>
    (await app.api<{ data: Readings }>('/api/meters/c-mall-main/readings?from=2023-01-01&to=2023-01-01'))
      .data;
  expect((await readingsOfJanuary()).readings).toEqual([]);

  // A good file: the dry run shows what will be stored, and stores nothing.
  await app.answerTo('imports:file', () =>
    page.getByLabel('File to import').setInputFiles({
      name: 'mall-2023-01-01.csv',
      mimeType: 'text/csv',
      buffer: csv([
        'c-mall-main,2023-01-01T00:00:00+07:00,60,41.25',
        'c-mall-main,2023-01-01T01:00:00+07:00,60,40.5',
        'c-mall-main,2023-01-01T02:00:00+07:00,60,39.125',
      ]),
    }),
  );
  const preview = page.getByTestId('import-preview');
  await expect(preview).toContainText('Dry run: nothing stored yet');
  await expect(preview).toContainText('would store 3 readings');
  await expect(page.getByTestId('import-preview-rows').locator('tbody tr')).toHaveCount(3);
  // Times as the workspace's market reads them (Asia/Bangkok), the UTC instant on hover.
  const firstStart = page.getByTestId('import-preview-rows').locator('tbody time').first();
  await expect(firstStart).toHaveText('2023-01-01 00:00 +07:00');
  await expect(firstStart).toHaveAttribute('title', '2022-12-31 17:00:00 UTC');
  await expect(page.getByLabel('mapping timeColumn')).toHaveValue('interval_start');
  expect((await readingsOfJanuary()).readings).toEqual([]);
  await page.screenshot({ path: `${screenshots}/import-wizard.png`, fullPage: true });

  const stored = await app.clickAndWait(
    page.getByRole('button', { name: 'Import mall-2023-01-01.csv' }),
    'imports:file',
  );
  const imported = ((await stored.json()) as { data: ImportReportDto }).data;
  await expect(page.getByTestId('import-result')).toContainText('stored 3 readings');
  expect((await readingsOfJanuary()).readings.map((r) => r.kWh)).toEqual(['41.25', '40.5', '39.125']);
  const logged = page.getByTestId('import-log').locator('tbody tr', { hasText: 'mall-2023-01-01.csv' });
  await expect(logged).toContainText('stored');
  expect(imported.monthsTouched).toEqual([{ month: '2023-01', runId: null }]);

  // January 2023 is not settled: the report's next step is settling it, on the Settlement screen,
  // which opens on that month (the header's month follows). Nothing is settled here.
  const next = page.getByTestId('settle-next');
  await expect(next).toContainText('Next: settle January 2023, now that it has readings.');
  await app.answerTo('months:readiness', () =>
    next.getByRole('link', { name: 'Settle January 2023 on the Settlement screen' }).click(),
  );
  await expect(page).toHaveURL(/#\/settlement\/2023-01$/);
  await expect(page.getByRole('heading', { name: 'Runs of January 2023' })).toBeVisible();
  await expect(page.getByTestId('month-readiness')).toContainText(
    /^January 2023: \d+ of \d+ meter\(s\) have readings/,
  );
  await expect(page.getByRole('button', { name: 'Settle January 2023' })).toBeEnabled();
  await expect(page.locator('header').getByLabel('Month', { exact: true })).toHaveValue('2023-01');
  await app.answerTo('imports:list', () => app.navLink('Imports').click());

  // A bad file: the check says it would store nothing, with its line, column and value, and what
  // to do in the wizard's words; it cannot be imported, and nothing changes.
  await app.answerTo('imports:file', () =>
    page.getByLabel('File to import').setInputFiles({
      name: 'mall-bad.csv',
      mimeType: 'text/csv',
      buffer: csv(['c-mall-main,2023-01-01T03:00:00+07:00,60,lots']),
    }),
  );
  const rejected = page.getByTestId('import-rejected');
  await expect(rejected).toContainText('this file would store nothing as it is');
  await expect(rejected.getByTestId('rejected-rows')).toContainText('line 2, energy_kwh: “lots”');
  await expect(rejected).toContainText('choose “partial: store the valid rows” under “Rows rejected”');
  // The control the advice names is found by those words: its name is its visible label.
  await expect(page.getByRole('combobox', { name: 'Rows rejected', exact: true })).toHaveValue('strict');
  await expect(page.getByLabel('Mode', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Import mall-bad.csv' })).toBeDisabled();
  expect((await readingsOfJanuary()).readings).toHaveLength(3);

  // Undo (after saying yes to the question): the readings go.
  page.once('dialog', (dialog) => void dialog.accept());
  await app.clickAndWait(logged.getByRole('button', { name: 'Undo' }), 'imports:remove');
  await expect(page.getByTestId('undo-message')).toContainText('removed: 3 reading(s)');
  expect((await readingsOfJanuary()).readings).toEqual([]);
  await expect(logged).toContainText('removed');
});

test('an overlap is worded with the wizard’s controls, choosing replace checks the file again at once, and the settled month it changes is marked until settled again', async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  await app.open('#/imports');
  // April 2022 (settled by the demo, and no other journey's month): the warehouse's first three
  // hours of 5 April, corrected.
  const fix = {
    name: 'warehouse-april-fix.csv',
    mimeType: 'text/csv',
    buffer: csv([
      'c-warehouse-main,2022-04-05T00:00:00+07:00,60,77.5',
      'c-warehouse-main,2022-04-05T01:00:00+07:00,60,76.25',
      'c-warehouse-main,2022-04-05T02:00:00+07:00,60,75',
    ]),
  };
  const april = async () =>
    (await app.api<{ data: SettlementStatusDto[] }>('/api/settlements/status?month=2022-04')).data[0]!;
  const before = await april();
  expect(before.status).toBe('current');

  // Overlapping what the demo stored: the check names the wizard's own control, not a flag, and
  // shows each overlap in the workspace's time with its offset.
  await app.answerTo('imports:file', () => page.getByLabel('File to import').setInputFiles(fix));
  const rejected = page.getByTestId('import-rejected');
  await expect(rejected.getByTestId('import-advice')).toContainText(
    '3 row(s) overlap data already stored. Choose “replace” or “keep” under “Overlaps stored data”',
  );
  const overlaps = rejected.locator('li[data-rule="conflict"]');
  await expect(overlaps).toHaveCount(3);
  await expect(overlaps.first()).toContainText(
    'line 2: meter c-warehouse-main’s reading from 2022-04-05 00:00 +07:00 overlaps the one stored from 2022-04-05 00:00 +07:00 by import #',
  );
  await expect(overlaps.first().locator('time').first()).toHaveAttribute('title', '2022-04-04 17:00:00 UTC');
  await expect(page.locator('body')).not.toContainText('--on-conflict');
  await expect(page.locator('body')).not.toContainText('.000Z');
  const importButton = page.getByRole('button', { name: 'Import warehouse-april-fix.csv' });
  await expect(importButton).toBeDisabled();
  await page.screenshot({ path: `${screenshots}/import-overlap.png`, fullPage: true });

  // Replace, under the words the advice uses: the control's name is its visible label. The file
  // is checked again at once (no Check again), and can be imported.
  await expect(page.getByLabel('On conflict')).toHaveCount(0);
  await app.answerTo('imports:file', () =>
    page.getByLabel('Overlaps stored data', { exact: true }).selectOption('replace'),
  );
  const preview = page.getByTestId('import-preview');
  await expect(preview).toContainText(
    'would store 3 readings for 1 meter(s); 3 stored reading(s) superseded',
  );
  await expect(page.getByTestId('import-preview-rows').locator('tbody time').first()).toHaveText(
    '2022-04-05 00:00 +07:00',
  );
  await expect(rejected).toHaveCount(0);
  await expect(importButton).toBeEnabled();
  const answer = await app.clickAndWait(importButton, 'imports:file');
  const imported = ((await answer.json()) as { data: ImportReportDto }).data;
  expect(imported.settleAgain).toEqual([{ month: '2022-04', runId: before.runId }]);
  // April is settled: the import names it to settle again, never as a first settlement.
  expect(imported.monthsTouched).toEqual([{ month: '2022-04', runId: before.runId }]);
  await expect(page.getByTestId('settle-next')).toHaveCount(0);

  // The import says, prominently, that April needs settling again, and leads to Settlement.
  const settleAgain = page.getByTestId('settle-again');
  await expect(settleAgain).toContainText(`April 2022’s run ${before.runId}`);
  await app.answerTo('settlement:status', () =>
    settleAgain.getByRole('link', { name: 'Settle on the Settlement screen' }).click(),
  );
  await expect(page).toHaveURL(/#\/settlement\/2022-04$/);
  await expect(page.getByRole('heading', { name: 'Runs of April 2022' })).toBeVisible();
  const row = page.getByTestId('settlement-status').locator('tr[data-month="2022-04"]');
  await expect(row.getByTestId('stale-mark')).toHaveText('inputs changed');
  await expect(row).toContainText(
    `inputs changed since run ${before.runId}: 1 import(s) added (#${imported.importId} warehouse-april-fix.csv); settle again.`,
  );
  expect(await april()).toMatchObject({
    status: 'changed',
    changes: { importsAdded: [{ importId: imported.importId, fileName: 'warehouse-april-fix.csv' }] },
  });
  await page.screenshot({ path: `${screenshots}/settle-again.png`, fullPage: true });

  // Settled again from the mark: a new run in force, and the mark is gone.
  await app.clickAndWait(row.getByRole('button', { name: 'Settle April 2022 again' }), 'settlement:settle');
  await expect(page.getByTestId('settle-outcome')).toContainText('2022-04: published run');
  await expect(row.getByTestId('stale-mark')).toHaveCount(0);
  await expect(row).toContainText('as settled');
  const after = await april();
  expect(after.status).toBe('current');
  expect(after.runId).toBeGreaterThan(before.runId);
});

test('a file of no kind it knows: the wizard says to pick one under Kind, and a mapping typed in is checked again as typing pauses', async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  await app.open('#/imports');
  const file = {
    name: 'meter-export.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('when;how much\n2023-02-01 00:00;1.5\n2023-02-01 01:00;1.25\n'),
  };
  await app.answerTo('imports:file', () => page.getByLabel('File to import').setInputFiles(file), {
    expect: 'refused',
  });
  await expect(page.getByTestId('import-advice')).toContainText(
    'Energy Ledger could not tell what this file holds. Pick its kind under “Kind”',
  );
  await expect(page.locator('body')).not.toContainText('name it explicitly');
  await expect(page.getByLabel('Kind')).toHaveAttribute('aria-invalid', 'true');

  // Readings: checked again at once; its header says too little, and the mapping fields are there.
  await app.answerTo('imports:file', () => page.getByLabel('Kind').selectOption('readings'));
  await expect(page.getByTestId('import-rejected').getByTestId('import-advice')).toContainText(
    'Complete the mapping fields',
  );
  await expect(page.locator('body')).not.toContainText('--mapping');

  // Typed in: checked again once typing pauses, then importable (nothing is imported here).
  await app.answerTo('imports:file', async () => {
    await page.getByLabel('mapping timeColumn').fill('when');
    await page.getByLabel('mapping energyColumn').fill('how much');
    await page.getByLabel('mapping meterId').fill('c-mall-main');
    await page.getByLabel('mapping unit').fill('kWh');
  });
  const preview = page.getByTestId('import-preview');
  await expect(preview).toContainText('would store 2 readings');
  await expect(page.getByTestId('import-preview-rows').locator('tbody time').nth(1)).toHaveText(
    '2023-02-01 01:00 +07:00',
  );
  await expect(page.getByRole('button', { name: 'Import meter-export.txt' })).toBeEnabled();
});
