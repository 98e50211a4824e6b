import { mkdirSync } from 'node:fs';

import { expect, test } from '@playwright/test';

import { hourTotal } from '../../renderer/src/charts/drill-sums';
import { formatEnergy, formatMoney } from '../../renderer/src/format';
import { Dec } from '../../shared/units';

import { energyAsShown, expectColumnsFoot, expectFoots } from './footing';
import { EnergyLedgerApp } from './models';

const screenshots = 'test-results/screenshots';
mkdirSync(screenshots, { recursive: true });

interface Line {
  allocation: string;
  cost: string;
}
interface Hour {
  localHour: string;
  traded: (Line & { id: string })[];
  open_market: Line;
  unsold: Line;
}

const SALES_KWH = ['Open market (kWh)', 'Unsold (kWh)'];

test('drills from a generator’s revenue to a month, a day and one hour, every figure equal to the API’s', async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await app.open('#/prosumer/p-sunrise');

  // 1. Revenue: the month's net earnings as the API gives them.
  const revenue = await app.api<{ data: { month: string; total_cost: number }[] }>(
    '/api/prosumer/p-sunrise/revenue?meterType=1',
  );
  const november = revenue.data.find((m) => m.month === '2022-11')!;
  await expect(page.getByTestId('revenue-chart').locator('canvas')).toHaveCount(1);
  const novemberRow = page.getByTestId('revenue-table').locator('tr[data-month="2022-11"]');
  await expect(novemberRow.getByTestId('month-earnings')).toHaveText(formatMoney(november.total_cost, 'THB'));
  // Every table foots: the months' cells as shown (+ Rounding) add up to the total shown.
  await expect(page.getByTestId('revenue-table').locator('tbody tr')).toHaveCount(revenue.data.length);
  await expectColumnsFoot(page.getByTestId('revenue-table'), [
    'Net earnings (THB)',
    '24/7 CFE traded (kWh)',
    ...SALES_KWH,
  ]);
  await page.screenshot({ path: `${screenshots}/prosumer-revenue.png`, fullPage: true });

  // 2. The month: cards equal the transactions view; its net earnings equal the revenue row.
  await novemberRow.getByRole('link').click();
  await expect(page).toHaveURL(/#\/prosumer\/p-sunrise\/2022-11$/);
  const transactions = await app.api<{ data: { net_earnings: number; traded: Line } }>(
    '/api/prosumer/p-sunrise/transactions?month=11&year=2022&meterType=1',
  );
  await expect(page.getByTestId('net-earnings')).toHaveText(formatMoney(november.total_cost, 'THB'));
  await expect(page.getByTestId('net-earnings')).toHaveText(
    formatMoney(transactions.data.net_earnings, 'THB'),
  );
  await expect(page.getByTestId('card-traded')).toContainText(
    formatEnergy(transactions.data.traded.allocation),
  );
  await expect(page.getByTestId('days-chart').locator('canvas')).toHaveCount(1);
  await expect(page.getByTestId('distribution-pie').locator('canvas')).toHaveCount(1);
  // 'Revenue' was already the (unlinked) crumb of the revenue page: below it, it is a link.
  await expect(app.breadcrumbs().getByRole('link', { name: 'Revenue' })).toBeVisible();
  await expect(app.breadcrumbs()).toContainText('November 2022');
  await page.screenshot({ path: `${screenshots}/prosumer-month.png`, fullPage: true });

  // The breakdown's D / W / Y switch: hours of a day, days of the month, months of the year; each foots.
  const breakdown = page.getByRole('group', { name: 'Breakdown' });
  const daysTable = page.getByTestId('days-table');
  const breakdownColumns = ['Earnings (THB)', 'Traded (kWh)', ...SALES_KWH];
  await breakdown.getByRole('button', { name: 'Y' }).click();
  await expect(daysTable.locator('tbody tr')).toHaveCount(12);
  await expectColumnsFoot(daysTable, breakdownColumns);
  await breakdown.getByRole('button', { name: 'D' }).click();
  await expect(daysTable.locator('tbody tr')).toHaveCount(24);
  await expectColumnsFoot(daysTable, breakdownColumns);
  await breakdown.getByRole('button', { name: 'W' }).click();
  await expect(daysTable.locator('tbody tr')).toHaveCount(30);
  await expectColumnsFoot(daysTable, breakdownColumns);

  // 3. The day: each hour's production equals the API's lines for that hour.
  await page.getByTestId('days-table').locator('tr[data-day="2022-11-12"]').getByRole('link').click();
  await expect(page).toHaveURL(/#\/prosumer\/p-sunrise\/2022-11-12$/);
  const tracking = await app.api<{ data: { transactions: Hour[] } }>(
    '/api/prosumer/p-sunrise/daily-tracking?date=2022-11-12&meterType=1',
  );
  const one = tracking.data.transactions.find((h) => h.localHour.startsWith('2022-11-12T13'))!;
  const hourRow = page.getByTestId('hours-table').locator('tr[data-hour="13"]');
  await expect(hourRow.getByTestId('hour-production')).toHaveText(energyAsShown(hourTotal(one)));
  await expect(page.getByTestId('hours-table').locator('tbody tr')).toHaveCount(24);
  // The day's hours foot; their earnings need a Rounding row (the demo's 12 Nov: +฿0.01).
  const dayEarnings = await expectFoots(page.getByTestId('hours-table'), 'Earnings (THB)');
  expect(dayEarnings.rounding.isZero()).toBe(false);
  await expect(page.getByTestId('hours-table').locator('tr[data-foot="rounding"] th')).toHaveText('Rounding');
  await expectColumnsFoot(page.getByTestId('hours-table'), [
    'Traded (kWh)',
    ...SALES_KWH,
    'Production (kWh)',
  ]);
  await expect(page.getByTestId('day-chart').locator('canvas')).toHaveCount(1);
  await page.screenshot({ path: `${screenshots}/prosumer-day.png`, fullPage: true });

  // Sortable by any column, exportable to CSV with the exact values behind the cells.
  const hoursTable = page.getByTestId('hours-table');
  const production = hoursTable.getByRole('columnheader', { name: /Production/ });
  await production.click();
  await production.click();
  await expect(production).toHaveAttribute('aria-sort', 'descending');
  const largest = tracking.data.transactions.reduce((best, h) =>
    new Dec(hourTotal(h)).greaterThan(hourTotal(best)) ? h : best,
  );
  await expect(hoursTable.locator('tbody tr').first()).toHaveAttribute(
    'data-hour',
    largest.localHour.slice(11, 13),
  );
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = await (await download).createReadStream().then(async (stream) => {
    let text = '';
    for await (const chunk of stream) text += chunk.toString();
    return text;
  });
  expect(csv.split('\r\n').filter(Boolean)).toHaveLength(25);
  expect(csv).toContain(`${one.localHour},`);
  expect(csv).toContain(`,${hourTotal(one)},`);
  await production.click();

  // 4. The hour: its lines sum to the day's bar for that hour.
  const dayProduction = await hourRow.getByTestId('hour-production').innerText();
  const hourEarnings = await hourRow.getByTestId('hour-earnings').innerText();
  await hourRow.getByRole('link').click();
  await expect(page).toHaveURL(/#\/prosumer\/p-sunrise\/2022-11-12T13$/);
  // The day page already showed '12 Nov 2022' as its own crumb: on the hour's page it is a link.
  await expect(app.breadcrumbs().getByRole('link', { name: '12 Nov 2022' })).toBeVisible();
  const lines = page.getByTestId('hour-lines');
  await expect(lines.locator('tbody tr')).toHaveCount(one.traded.length + 2);
  // The lines as shown (kWh to 3 decimals, amounts to the satang) + Rounding = the totals shown,
  // which are the day's production and earnings cells for this hour.
  await expectFoots(lines, 'kWh');
  await expect(lines.getByTestId('hour-total-kwh')).toHaveText(energyAsShown(hourTotal(one)));
  await expect(lines.getByTestId('hour-total-kwh')).toHaveText(dayProduction);
  const amounts = await expectFoots(lines, 'Amount');
  expect(amounts.rounding.toFixed()).toBe('-0.01');
  await expect(lines.getByTestId('hour-total-amount')).toHaveText(hourEarnings);
  const exactAmount = [...one.traded, one.open_market, one.unsold].reduce(
    (total, line) => total.plus(line.cost),
    new Dec(0),
  );
  await expect(lines.getByTestId('hour-total-amount')).toHaveText(formatMoney(exactAmount.toFixed(), 'THB'));
  await page.screenshot({ path: `${screenshots}/prosumer-hour.png`, fullPage: true });

  // Back through the breadcrumbs, and the browser's back button.
  await app.breadcrumbs().getByRole('link', { name: 'November 2022' }).click();
  await expect(page).toHaveURL(/#\/prosumer\/p-sunrise\/2022-11$/);
  await page.goBack();
  await expect(page).toHaveURL(/#\/prosumer\/p-sunrise\/2022-11-12T13$/);

  const times = await app.drillTimes();
  console.log(`drill-down click → painted (ms): ${JSON.stringify(times)}`);
  expect(problems).toEqual([]);
});

test('opens an hour cold from a deep link', async ({ page }) => {
  const app = new EnergyLedgerApp(page);
  await app.open('#/prosumer/p-sunrise/2022-06-01T12');
  await expect(page.getByTestId('hour-lines')).toBeVisible();
  await expect(app.breadcrumbs()).toContainText('June 2022');
  await expect(app.breadcrumbs()).toContainText('1 Jun 2022');
  const first = await app.drillTimes();
  console.log(
    `first chart or table painted after opening (ms): ${JSON.stringify(first['first-chart'] ?? [])}`,
  );
});

test('drills from a consumer’s month to a day and an hour, the day’s load equal to its hours and lines', async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  await app.open('#/consumer/c-mall/2022-11');
  const overview = await app.api<{ data: { total_cost: number; cfe_score: string } }>(
    '/api/consumer/c-mall/overview?month=11&year=2022&meterType=1',
  );
  await expect(page.getByTestId('total-cost')).toHaveText(formatMoney(overview.data.total_cost, 'THB'));
  await expect(page.getByTestId('providers-table')).toContainText('Sunrise Rooftops');
  await expect(page.getByTestId('providers-table')).toContainText('EGAT');
  // The providers' costs foot to the month's total cost, as the card shows it.
  await expectColumnsFoot(page.getByTestId('providers-table'), ['kWh', 'Cost']);
  await expect(page.getByTestId('providers-total-cost')).toHaveText(
    formatMoney(overview.data.total_cost, 'THB'),
  );
  await page.getByTestId('consumer-hourly-chart').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('consumer-hourly-chart').locator('canvas')).toHaveCount(1);
  // 720 hourly lines in a virtualized table: only those in view are in the page, the last reached by scrolling.
  const monthHours = page.getByTestId('consumer-month-hours');
  await expect(page.locator('[data-rows="720"]')).toHaveCount(1);
  expect(await monthHours.locator('tbody tr:not(.spacer)').count()).toBeLessThan(100);
  await page.locator('[data-rows="720"]').evaluate((box) => (box.scrollTop = box.scrollHeight));
  await expect(monthHours.locator('tbody tr', { hasText: '2022-11-30 23:00' })).toHaveCount(1);
  await page.screenshot({ path: `${screenshots}/consumer-month.png`, fullPage: true });

  // The 30 days' costs as shown are 2 satang over the month's total: a Rounding row says so.
  const daysTable = page.getByTestId('consumer-days-table');
  await expect(daysTable.locator('tbody tr')).toHaveCount(30);
  const dayCosts = await expectFoots(daysTable, 'Cost (THB)');
  expect(dayCosts.rounding.toFixed()).toBe('-0.02');
  await expect(daysTable.getByTestId('day-cost-total')).toHaveText(
    formatMoney(overview.data.total_cost, 'THB'),
  );
  await expectColumnsFoot(daysTable, ['Load (kWh)', '24/7 CFE (kWh)', 'Grid (kWh)']);
  const dayRow = daysTable.locator('tr[data-day="2022-11-12"]');
  const dayLoad = await dayRow.getByTestId('day-load').innerText();
  await dayRow.getByRole('link').click();
  await expect(page).toHaveURL(/#\/consumer\/c-mall\/2022-11-12$/);
  const tracking = await app.api<{ data: { hours: { localHour: string; load: string }[] } }>(
    '/api/consumer/c-mall/daily-tracking?date=2022-11-12&meterType=1',
  );
  const dayTotal = tracking.data.hours.reduce((sum, h) => sum.plus(h.load), new Dec(0));
  expect(energyAsShown(dayTotal.toFixed())).toBe(dayLoad);
  const hoursTable = page.getByTestId('consumer-hours-table');
  await expect(hoursTable.locator('tbody tr')).toHaveCount(24);
  // The day's hours foot, to the day's load its month showed.
  await expectColumnsFoot(hoursTable, ['Load (kWh)', '24/7 CFE (kWh)', 'Grid (kWh)']);
  await expect(hoursTable.getByTestId('hour-load-total')).toHaveText(dayLoad);
  await expect(page.getByTestId('consumer-day-chart').locator('canvas')).toHaveCount(1);
  await page.screenshot({ path: `${screenshots}/consumer-day.png`, fullPage: true });
  // The same screen in the dark theme, which follows the system's.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${screenshots}/consumer-day-dark.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });

  const hourRow = page.getByTestId('consumer-hours-table').locator('tr[data-hour="13"]');
  const hourLoad = await hourRow.getByTestId('hour-load').innerText();
  await hourRow.getByRole('link').click();
  await expect(page).toHaveURL(/#\/consumer\/c-mall\/2022-11-12T13$/);
  const hourLines = page.getByTestId('consumer-hour-lines');
  await expect(hourLines.getByTestId('consumer-hour-total')).toHaveText(hourLoad);
  await expect(hourLines.getByTestId('consumer-hour-total')).toHaveText(
    energyAsShown(tracking.data.hours.find((h) => h.localHour.startsWith('2022-11-12T13'))!.load),
  );
  await expectFoots(hourLines, 'kWh');
  const hourCosts = await expectFoots(hourLines, 'Cost');
  expect(hourCosts.rounding.toFixed()).toBe('0.01');
});

test('drills with the keyboard: a chart takes focus, arrows move between months, Enter opens one', async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  await app.open('#/prosumer/p-sunrise');
  const chart = page.getByTestId('revenue-chart');
  await expect(chart.locator('canvas')).toHaveCount(1);
  await chart.focus();
  for (let i = 0; i < 11; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/prosumer\/p-sunrise\/2022-11$/);
  // Tables are reached with Tab: the month's first day link opens with Enter.
  const firstDay = page.getByTestId('days-table').getByRole('link').first();
  await firstDay.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/prosumer\/p-sunrise\/2022-11-01$/);
});

test('measures click-to-painted time of each drill-down step (printed, not asserted)', async ({ page }) => {
  const app = new EnergyLedgerApp(page);
  await app.open('#/prosumer/p-sunrise');
  await expect(page.getByTestId('revenue-chart').locator('canvas')).toHaveCount(1);
  for (const [month, day, hour] of [
    ['2022-03', '2022-03-14', '10'],
    ['2022-05', '2022-05-02', '11'],
    ['2022-07', '2022-07-20', '12'],
    ['2022-09', '2022-09-09', '13'],
    ['2022-11', '2022-11-25', '14'],
  ] as const) {
    await page.getByTestId('revenue-table').locator(`tr[data-month="${month}"]`).getByRole('link').click();
    await page.getByTestId('days-table').locator(`tr[data-day="${day}"]`).getByRole('link').click();
    await page.getByTestId('hours-table').locator(`tr[data-hour="${hour}"]`).getByRole('link').click();
    await expect(page.getByTestId('hour-lines')).toBeVisible();
    await app.breadcrumbs().getByRole('link', { name: 'Revenue' }).click();
    await expect(page.getByTestId('revenue-table')).toBeVisible();
  }
  const times = await app.drillTimes();
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  const summary = Object.fromEntries(
    Object.entries(times)
      .filter(([name]) => name.startsWith('drill:'))
      .map(([name, values]) => [name, { median: median(values), runs: values.length }]),
  );
  console.log(`drill-down click → painted, median ms (target < 100): ${JSON.stringify(summary)}`);
  expect(Object.keys(summary)).toEqual(
    expect.arrayContaining(['drill:month', 'drill:day', 'drill:hour', 'drill:revenue']),
  );
});
