import { expect, test } from '@playwright/test';

import { EnergyLedgerApp } from './models';

test('lists the audit log, filters it, and finds a payment just recorded', async ({ page }) => {
  const recorded = await page.request.post('/api/payments', {
    headers: { Authorization: 'Bearer e2e-token' },
    data: {
      participantId: 'p-sunrise',
      month: '2022-01',
      paidOn: '2022-02-03',
      amount: '1234.5',
      reference: 'AUDIT-E2E-1',
    },
  });
  expect(recorded.status()).toBe(200);
  const app = new EnergyLedgerApp(page);
  await app.open('#/audit');
  const table = page.getByTestId('audit-table');
  await expect(table.locator('tbody tr').first()).toBeVisible();
  await page.getByLabel('Audit kind').selectOption('payment');
  await page.getByLabel('Audit text').fill('AUDIT-E2E-1');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table.locator('tbody tr').first()).toContainText(
    'payment of 1234.5 for p-sunrise (2022-01), paid on 2022-02-03, reference AUDIT-E2E-1',
  );
  await page.getByLabel('Audit text').fill('no such entry anywhere');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(0);
});
