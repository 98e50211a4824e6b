import { readFileSync } from 'node:fs';

import { expect, test } from '@playwright/test';

import { Dec } from '../../shared/units';
import { pdfText } from '../helpers/pdf-text';

import { expectFoots, readFigure } from './footing';
import { EnergyLedgerApp } from './models';

test('lists the audit log, filters it, and finds a payment just recorded', async ({ page }) => {
  const recorded = await page.request.post('/api/payments', {
    headers: { Authorization: 'Bearer e2e-token' },
    // November's credit note: the demo's bank file paid January to October, November is open.
    data: {
      participantId: 'p-sunrise',
      month: '2022-11',
      paidOn: '2022-12-03',
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
  // The newest entry (the payment) is already the first row: wait for the filter's own answer.
  const filter = page.getByRole('button', { name: 'Filter' });
  await app.clickAndWait(filter, 'audit:list');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table.locator('tbody tr').first()).toContainText(
    'payment of 1234.50 for p-sunrise (2022-11), paid on 2022-12-03, reference AUDIT-E2E-1',
  );
  await page.getByLabel('Audit text').fill('no such entry anywhere');
  await app.clickAndWait(filter, 'audit:list');
  // While the log is read again there is no table (and so no row): the empty table must be drawn.
  await expect(table).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(0);
});

test('lists receivables both ways as of a date, with the overdue statements', async ({ page }) => {
  const api = await (
    await page.request.get('/api/receivables?asOf=2022-03-15', {
      headers: { Authorization: 'Bearer e2e-token' },
    })
  ).json();
  const app = new EnergyLedgerApp(page);
  await app.open('#/receivables');
  await page.getByLabel('As of').fill('2022-03-15');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('heading', { name: 'Overdue as of 2022-03-15' })).toBeVisible();
  // January's statements were due on 28 February: every one not fully paid is overdue, as the API says.
  await expect(page.getByTestId('overdue-table').locator('tbody tr')).toHaveCount(api.data.overdue.length);
  expect(api.data.overdue.every((o: { month: string }) => o.month === '2022-01')).toBe(true);
  const statements = page.getByTestId('statements-table').locator('tbody tr');
  await expect(statements).toHaveCount(
    api.data.participants.reduce((n: number, p: { months: unknown[] }) => n + p.months.length, 0),
  );
  await expect(statements.filter({ hasText: 'Sunrise Rooftops' }).first()).toContainText('2022-01');
});

test("saves a consumer's monthly bill as PDF from its month and a statement as CSV from Receivables", async ({
  page,
}) => {
  const overview = await (
    await page.request.get('/api/consumer/c-school/overview?month=1&year=2022&meterType=1', {
      headers: { Authorization: 'Bearer e2e-token' },
    })
  ).json();
  const app = new EnergyLedgerApp(page);
  await app.open('#/consumer/c-school/2022-01');
  await expect(page.getByTestId('total-cost')).toBeVisible();
  const pdfDownload = page.waitForEvent('download');
  await page.getByTestId('consumer-cards').getByRole('button', { name: 'PDF' }).click();
  const pdf = await pdfDownload;
  expect(pdf.suggestedFilename()).toBe(`statement-c-school-2022-01-run${overview.data.runId}.pdf`);
  const text = await pdfText(readFileSync(await pdf.path()));
  expect(text).toContain('Electricity bill');
  expect(text).toContain('Bang Rak Primary School');
  // The bill states the overview's total in baht, rounded half-up to the satang (the minor unit).
  const total = new Dec(String(overview.data.total_cost)).toDecimalPlaces(2, Dec.ROUND_HALF_UP).toFixed(2);
  expect(text.replace(/,/g, '')).toContain(`฿${total}`);

  await app.open('#/receivables');
  await page.getByLabel('As of').fill('2022-03-15');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('heading', { name: 'Overdue as of 2022-03-15' })).toBeVisible();
  const row = page
    .getByTestId('statements-table')
    .locator('tbody tr')
    .filter({ hasText: 'Sunrise Rooftops' })
    .first();
  const csvDownload = page.waitForEvent('download');
  await row.getByRole('button', { name: 'CSV' }).click();
  const csv = readFileSync(await (await csvDownload).path(), 'utf8');
  expect(csv.split('\r\n')[0]).toContain('amount_THB');
  expect(csv).toContain('total earnings');
  expect(csv).toContain('Sunrise Rooftops');
});

test("shows where a consumer's month and one hour's lines come from: readings, imports, plans and price", async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  await app.open('#/consumer/c-school/2022-03');
  await page.getByRole('button', { name: 'Where does this come from?' }).click();
  const panel = page.getByTestId('lineage');
  await expect(panel).toContainText('Where Bang Rak Primary School’s figures for 2022-03 come from');
  await expect(panel).toContainText('Settlement run #');
  await expect(panel.getByTestId('lineage-figures')).toContainText('24/7 CFE traded');
  await expect(panel.getByTestId('lineage-meter')).toContainText('Main incomer (c-school-main, consumption)');
  await expect(panel.getByTestId('lineage-imports')).toContainText('demo generator');
  await expect(panel.getByTestId('lineage-terms')).toContainText('Utility plan Brown Energy Plan (EGAT)');
  await expect(panel.getByTestId('lineage-terms')).toContainText('Pool Bangkok 24/7 CFE pool');

  // One hour: its lines, the reading behind them and the hour's grid price.
  await app.open('#/consumer/c-school/2022-03-10T12');
  // The month's own button is on screen until the hour is drawn.
  await expect(page.getByTestId('consumer-hour-lines')).toBeVisible();
  await page.getByRole('button', { name: 'Where does this come from?' }).click();
  // Its times in the workspace's zone with their offset.
  await expect(panel).toContainText('the hour from 2022-03-10 12:00 +07:00');
  await expect(panel.getByTestId('lineage-meter')).toContainText('2022-03-10 12:00 +07:00, 60 min');
  // The demo's grid is priced by MEA's TOU tariff (docs/tariffs.md): the hour's terms name it.
  await expect(panel.getByTestId('lineage-terms')).toContainText(
    'tariff Small General Service TOU, below 12 kV (2.2.2) (mea-2.2.2-tou)',
  );
  await panel.screenshot({ path: 'test-results/screenshots/lineage-hour.png' });
  // The hour's lines foot, and their total is the meter's reading.
  const figures = panel.getByTestId('lineage-figures');
  const kwh = await expectFoots(figures, 'kWh');
  await expectFoots(figures, 'Amount (THB)');
  const read = (await panel.getByTestId('lineage-meter').innerText()).match(/: ([\d.,]+) kWh read/)![1]!;
  expect(kwh.total.toFixed()).toBe(readFigure(read).toFixed());

  // A generator's hour: what it sold to whom, its meter and its offer plan in force.
  await app.open('#/prosumer/p-sunrise/2022-03-10T12');
  await expect(page.getByTestId('hour-lines')).toBeVisible();
  await page.getByRole('button', { name: 'Where does this come from?' }).click();
  await expect(panel.getByTestId('lineage-figures')).toContainText(
    '24/7 CFE traded to Bang Rak Primary School',
  );
  await expect(panel.getByTestId('lineage-terms')).toContainText('Offer plan Sunrise 24/7 Solar');
});
