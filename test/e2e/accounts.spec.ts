import { expect, test } from '@playwright/test';

import { EnergyLedgerApp } from './models';

test('edits the reference data, refuses an account field by field beside the fields, then creates it and watches it intervalize', async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  await app.open('#/accounts');
  await expect(page.getByTestId('accounts-page')).toBeVisible();

  // The workspace's reference data: one utility with what its accounts may use.
  await page.getByText('Reference data: utilities').click();
  await page.getByLabel('Reference data JSON').fill(
    JSON.stringify({
      utilities: [
        {
          code: 'MEA',
          name: 'Metropolitan Electricity Authority',
          load_zones: ['TH-BKK'],
          rate_classes: ['3.1'],
          voltages: ['LV', 'MV'],
          load_profiles: ['SF-SmallOffice'],
        },
      ],
    }),
  );
  await page.getByRole('button', { name: 'Save reference data' }).click();
  await expect(page.getByTestId('account-message')).toHaveText('Saved the reference data');

  const editor = page.getByTestId('account-editor');
  await editor.getByLabel('Account id').fill('acc-e2e');
  await editor.getByLabel('account_number', { exact: true }).fill('MEA-0001');
  await editor.getByLabel('location', { exact: true }).fill('1 Rama IV Rd');
  await editor.getByLabel('city', { exact: true }).fill('Bangkok');
  await editor.getByLabel('state', { exact: true }).fill('Bangkok');
  await editor.getByLabel('Utility', { exact: true }).selectOption('MEA');
  await editor.getByLabel('Load zone', { exact: true }).selectOption('TH-BKK');
  await editor.getByLabel('Rate class', { exact: true }).selectOption('3.1');
  await editor.getByLabel('Voltage', { exact: true }).selectOption('LV');
  await editor.getByLabel('Load profile', { exact: true }).selectOption('SF-SmallOffice');
  await editor.getByRole('button', { name: 'Add a row' }).first().click();
  await editor.getByLabel('Summary usages 1 Starts on').fill('2022-11-1');
  await editor.getByLabel('Summary usages 1 Ends on').fill('2022-11-30');
  await editor.getByLabel('Summary usages 1 kWh').fill('-3');
  await editor.getByRole('button', { name: 'Create account' }).click();
  // Each refusal beside its field; nothing stored.
  await expect(editor.getByTestId('error-state')).toHaveText("must be the state's 2-letter abbreviation");
  await expect(editor.getByTestId('error-summary_usages')).toContainText('volume_kwh: must be a number ≥ 0');
  await expect(page.getByTestId('accounts-table').locator('[data-account="acc-e2e"]')).toHaveCount(0);

  await editor.getByLabel('state', { exact: true }).fill('TH');
  await editor.getByLabel('Summary usages 1 kWh').fill('1234.567');
  await editor.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('account-message')).toContainText('Saved account acc-e2e');
  const row = page.getByTestId('accounts-table').locator('[data-account="acc-e2e"]');
  await expect(row.getByTestId('intervalization-status')).toHaveText('intervalized');

  // The API agrees: November's 720 hours hold the summary exactly.
  const account = await (
    await page.request.get('/api/v1/accounts/acc-e2e', { headers: { Authorization: 'Bearer e2e-token' } })
  ).json();
  expect(account).toMatchObject({
    intervalization_status: 'intervalized',
    summary_usages: [{ starts_on: '2022-11-01', ends_on: '2022-11-30', volume_kwh: 1234.567 }],
    intervalization: { readings: 720, periods: 1, periods_done: 1 },
  });
});
