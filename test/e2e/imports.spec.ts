import { mkdirSync } from 'node:fs';

import { expect, test } from '@playwright/test';

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
  await expect(page.getByTestId('import-preview-rows')).toContainText('2022-12-31 17:00:00');
  await expect(page.getByLabel('mapping timeColumn')).toHaveValue('interval_start');
  expect((await readingsOfJanuary()).readings).toEqual([]);
  await page.screenshot({ path: `${screenshots}/import-wizard.png`, fullPage: true });

  await app.clickAndWait(page.getByRole('button', { name: 'Import mall-2023-01-01.csv' }), 'imports:file');
  await expect(page.getByTestId('import-result')).toContainText('stored 3 readings');
  expect((await readingsOfJanuary()).readings.map((r) => r.kWh)).toEqual(['41.25', '40.5', '39.125']);
  const logged = page.getByTestId('import-log').locator('tbody tr', { hasText: 'mall-2023-01-01.csv' });
  await expect(logged).toContainText('stored');

  // A bad file: refused with its line, column and value; nothing changes.
  await app.answerTo(
    'imports:file',
    () =>
      page.getByLabel('File to import').setInputFiles({
        name: 'mall-bad.csv',
        mimeType: 'text/csv',
        buffer: csv(['c-mall-main,2023-01-01T03:00:00+07:00,60,lots']),
      }),
    { expect: 'refused' },
  );
  await expect(page.getByTestId('import-error')).toContainText('mall-bad.csv:2:energy_kwh');
  await expect(page.getByTestId('import-error')).toContainText('"lots"');
  expect((await readingsOfJanuary()).readings).toHaveLength(3);

  // Undo (after saying yes to the question): the readings go.
  page.once('dialog', (dialog) => void dialog.accept());
  await app.clickAndWait(logged.getByRole('button', { name: 'Undo' }), 'imports:remove');
  await expect(page.getByTestId('undo-message')).toContainText('removed: 3 reading(s)');
  expect((await readingsOfJanuary()).readings).toEqual([]);
  await expect(logged).toContainText('removed');
});
