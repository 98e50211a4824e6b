import { expect, test } from '@playwright/test';

import { EnergyLedgerApp } from './models';

test('edits the reference data, refuses an account field by field beside the fields, then creates it and watches it intervalize', async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  await app.open('#/accounts');
  await expect(page.getByTestId('accounts-page')).toBeVisible();

  // The workspace's reference data, edited as JSON: the demo's utilities (its accounts use them),
  // MEA with two more voltages for this account, and a utility whose lists are not filled in yet.
  const reference = await app.api<{ data: { utilities: { code: string; voltages: string[] }[] } }>(
    '/api/reference',
  );
  expect(reference.data.utilities.map((u) => u.code)).toContain('MEA');
  await page.getByText('Reference data: utilities').click();
  await page.getByLabel('Reference data JSON').fill(
    JSON.stringify({
      utilities: [
        ...reference.data.utilities.map((u) =>
          u.code === 'MEA' ? { ...u, voltages: [...u.voltages, 'LV', 'MV'] } : u,
        ),
        { code: 'E2E-NEW', name: 'A utility not filled in yet' },
      ],
    }),
  );
  await app.clickAndWait(page.getByRole('button', { name: 'Save reference data' }), 'reference:save');
  await expect(page.getByTestId('account-message')).toHaveText('Saved the reference data');

  // Its lists are empty: the editor says so where the list would be, with the way to the
  // reference data (which opens, where they are entered).
  const editor = page.getByTestId('account-editor');
  const referenceData = page.locator('details.reference-data');
  await page.getByText('Reference data: utilities').click();
  await expect(referenceData).not.toHaveAttribute('open');
  await editor.getByLabel('Utility', { exact: true }).selectOption('E2E-NEW');
  const noZones = editor.getByTestId('reference-empty-load_zone');
  await expect(noZones).toContainText('Load zone: utility E2E-NEW has no load zones in the reference data.');
  for (const key of ['rate_class', 'voltage', 'load_profile'])
    await expect(editor.getByTestId(`reference-empty-${key}`)).toBeVisible();
  await expect(editor.getByLabel('Load zone', { exact: true })).toHaveCount(0);
  await noZones.getByRole('button', { name: 'Enter them in the reference data' }).click();
  await expect(referenceData).toHaveAttribute('open');
  await expect(page.getByLabel('Reference data JSON')).toBeVisible();

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
  await app.clickAndWait(editor.getByRole('button', { name: 'Create account' }), 'accounts:create', {
    expect: 'refused',
  });
  // Each refusal beside its field; nothing stored.
  await expect(editor.getByTestId('error-state')).toHaveText("must be the state's 2-letter abbreviation");
  await expect(editor.getByTestId('error-summary_usages')).toContainText('volume_kwh: must be a number ≥ 0');
  await expect(page.getByTestId('accounts-table').locator('[data-account="acc-e2e"]')).toHaveCount(0);
  const refused = await page.request.get('/api/v1/accounts/acc-e2e', {
    headers: { Authorization: 'Bearer e2e-token' },
  });
  expect(refused.status()).toBe(404);

  await editor.getByLabel('state', { exact: true }).fill('TH');
  await editor.getByLabel('Summary usages 1 kWh').fill('1234.567');
  await app.clickAndWait(editor.getByRole('button', { name: 'Create account' }), 'accounts:create');
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

  // Shadow prices for the account's zone, imported through the API (replacing the demo's own for
  // that day), shown hour by hour beside its estimated load.
  const prices = Array.from({ length: 24 }, (_, i) => ({
    load_zone: 'TH-BKK',
    price_date: '2022-11-15',
    hour: i + 1,
    lmp_price: `${2000 + i}`,
    capacity_price: '150.5',
    total_price_per_mwh: `${2150 + i}.5`,
  }));
  const imported = await page.request.post('/api/imports?fileName=th-bkk-shadow.json&onConflict=replace', {
    headers: { Authorization: 'Bearer e2e-token' },
    data: Buffer.from(JSON.stringify(prices)),
  });
  expect(imported.status()).toBe(200);
  await row.getByRole('button', { name: 'Edit' }).click();
  const panel = page.getByTestId('shadow-prices');
  await panel.getByLabel('Shadow price day').fill('2022-11-15');
  await panel.getByRole('button', { name: 'Show shadow prices' }).click();
  const table = panel.getByRole('table', { name: 'Shadow prices' });
  await expect(table.locator('tbody tr')).toHaveCount(24);
  // The hour in the workspace's zone (UTC on hover), prices per MWh in its currency, the load in kWh.
  const firstHour = table.locator('tbody tr').first();
  await expect(firstHour.locator('time')).toHaveText('2022-11-15 00:00 +07:00');
  await expect(firstHour.locator('time')).toHaveAttribute('title', '2022-11-14 17:00:00 UTC');
  await expect(firstHour).toContainText('฿2,150.50');
  await expect(firstHour).toContainText('฿150.50');
  await expect(firstHour).toContainText(/\d\.\d{3} \(est\.\)/);
  await expect(table.locator('thead')).toContainText('Total (THB/MWh)');
  await page.screenshot({ path: 'test-results/screenshots/accounts.png', fullPage: true });

  // A load profile from CSV: refused when it does not sum to 1, saved when normalized.
  const weights = {
    name: 'flat.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`${Array.from({ length: 8760 }, () => '1').join('\n')}\n`),
  };
  await page.getByLabel('Profile code').fill('FLAT-YEAR');
  await app.answerTo('load-profiles:save', () => page.getByLabel('Load profile CSV').setInputFiles(weights), {
    params: { code: 'FLAT-YEAR' },
    expect: 'refused',
  });
  await expect(page.getByTestId('account-errors')).toContainText('the weights sum to 8760, not 1');
  await page.getByLabel('normalize to 1').check();
  await app.answerTo(
    'load-profiles:save',
    () => page.getByLabel('Load profile CSV').setInputFiles({ ...weights, name: 'flat-again.csv' }),
    { params: { code: 'FLAT-YEAR' } },
  );
  await expect(page.getByTestId('account-message')).toHaveText(
    'Saved load profile FLAT-YEAR (8,760 weights, normalized from a sum of 8,760)',
  );
});
