import { mkdirSync } from 'node:fs';

import { expect, test } from '@playwright/test';

import { hourTotal } from '../../renderer/src/charts/drill-sums';
import { formatEnergy, formatMoney, formatPercent, formatPrice } from '../../renderer/src/format';
import type { MonthStatusDto } from '../../shared/contract';
import { foot, roundHalfUp } from '../../shared/footing';
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
  billPerPeriod: number;
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

  // The breakdown's Hours / Days / Months switch (the API's D / W / Y); each foots.
  const breakdown = page.getByRole('group', { name: 'Breakdown' });
  const daysTable = page.getByTestId('days-table');
  const breakdownColumns = ['Earnings (THB)', 'Traded (kWh)', ...SALES_KWH];
  await expect(breakdown.getByRole('button')).toHaveText(['Hours', 'Days', 'Months']);
  await app.clickAndWait(breakdown.getByRole('button', { name: 'Months' }), 'prosumer:breakdown');
  await expect(page.getByRole('heading', { name: 'Months of 2022' })).toBeVisible();
  await expect(daysTable.locator('tbody tr')).toHaveCount(12);
  await expectColumnsFoot(daysTable, breakdownColumns);
  await app.clickAndWait(breakdown.getByRole('button', { name: 'Hours' }), 'prosumer:breakdown');
  await expect(page.getByRole('heading', { name: 'Hours of 1 Nov 2022' })).toBeVisible();
  await expect(daysTable.locator('tbody tr')).toHaveCount(24);
  await expectColumnsFoot(daysTable, breakdownColumns);
  await app.clickAndWait(breakdown.getByRole('button', { name: 'Days' }), 'prosumer:breakdown');
  await expect(page.getByRole('heading', { name: 'Days of November 2022' })).toBeVisible();
  await expect(daysTable.locator('tbody tr')).toHaveCount(30);
  await expectColumnsFoot(daysTable, breakdownColumns);
  // Who bought: the pie's slices named in a table beside it, which foots to the month's production.
  await expectColumnsFoot(page.getByTestId('buyers-table'), ['kWh', 'Amount']);
  await expect(page.getByTestId('buyers-total-amount')).toHaveText(
    formatMoney(transactions.data.net_earnings, 'THB'),
  );

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
  // The day's hours foot; their earnings need the Rounding row the API's amounts make (if any).
  const dayEarnings = await expectFoots(page.getByTestId('hours-table'), 'Earnings (THB)');
  const earningsFooting = foot(
    tracking.data.transactions.map((h) => String(h.billPerPeriod)),
    2,
  );
  expect(dayEarnings.rounding.toFixed(2)).toBe(earningsFooting.rounding);
  if (!dayEarnings.rounding.isZero())
    await expect(page.getByTestId('hours-table').locator('tr[data-foot="rounding"] th')).toHaveText(
      'Rounding',
    );
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
  // The hour in the workspace's zone, UTC on hover.
  await expect(lines.locator('caption')).toHaveText('Allocation lines, 2022-11-12 13:00 +07:00 to 14:00');
  await expect(lines.locator('caption time').first()).toHaveAttribute('title', '2022-11-12 06:00:00 UTC');
  // The lines as shown (kWh to 3 decimals, amounts to the satang) + Rounding = the totals shown,
  // which are the day's production and earnings cells for this hour.
  await expectFoots(lines, 'kWh');
  await expect(lines.getByTestId('hour-total-kwh')).toHaveText(energyAsShown(hourTotal(one)));
  await expect(lines.getByTestId('hour-total-kwh')).toHaveText(dayProduction);
  const amounts = await expectFoots(lines, 'Amount');
  expect(amounts.rounding.toFixed(2)).toBe(
    foot(
      [...one.traded, one.open_market, one.unsold].map((l) => l.cost),
      2,
    ).rounding,
  );
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

test('drills from a consumer’s month to a day and an hour, the day’s load and cost equal to its hours and lines', async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  await app.open('#/consumer/c-mall/2022-11');
  const overview = await app.api<{ data: { total_cost: number; cfe_score: string; runId: number } }>(
    '/api/consumer/c-mall/overview?month=11&year=2022&meterType=1',
  );
  await expect(page.getByTestId('total-cost')).toHaveText(formatMoney(overview.data.total_cost, 'THB'));
  await expect(page.getByTestId('cfe-score')).toHaveText(formatPercent(overview.data.cfe_score));
  await expect(page.getByTestId('run-note')).toHaveAttribute('data-run', String(overview.data.runId));
  await expect(page.getByTestId('providers-table')).toContainText('Sunrise Rooftops');
  // The providers' costs foot to the month's total cost, as the card shows it.
  await expectColumnsFoot(page.getByTestId('providers-table'), ['kWh', 'Cost']);
  await expect(page.getByTestId('providers-total-cost')).toHaveText(
    formatMoney(overview.data.total_cost, 'THB'),
  );
  // The pie's slices, named beside it, foot to the month's load.
  await expectFoots(page.getByTestId('supply-slices'), 'kWh');
  await page.getByTestId('consumer-hourly-chart').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('consumer-hourly-chart').locator('canvas')).toHaveCount(1);
  // 720 hourly lines in a virtualized table: only those in view are in the page, the last reached by scrolling.
  const monthHours = page.getByTestId('consumer-month-hours');
  await expect(page.locator('[data-rows="720"]')).toHaveCount(1);
  expect(await monthHours.locator('tbody tr:not(.spacer)').count()).toBeLessThan(100);
  await page.locator('[data-rows="720"]').evaluate((box) => (box.scrollTop = box.scrollHeight));
  await expect(monthHours.locator('tbody tr', { hasText: '2022-11-30 23:00' })).toHaveCount(1);
  await page.screenshot({ path: `${screenshots}/consumer-month.png`, fullPage: true });

  // The 30 days' costs as shown foot to the exact sum of the API's days (a Rounding row when needed).
  const days = await app.api<{ data: { days: { day: string; cost: string; load: string }[] } }>(
    '/api/consumer/c-mall/days?month=11&year=2022&meterType=1',
  );
  const daysTable = page.getByTestId('consumer-days-table');
  await expect(daysTable.locator('tbody tr')).toHaveCount(30);
  const dayCosts = await expectFoots(daysTable, 'Cost (THB)');
  const expectedDays = foot(
    days.data.days.map((d) => d.cost),
    2,
  );
  expect(dayCosts.rounding.toFixed(2)).toBe(expectedDays.rounding);
  await expect(daysTable.getByTestId('day-cost-total')).toHaveText(formatMoney(expectedDays.total, 'THB'));
  await expectColumnsFoot(daysTable, ['Load (kWh)', '24/7 CFE (kWh)', 'Grid (kWh)']);
  const dayRow = daysTable.locator('tr[data-day="2022-11-12"]');
  const dayLoad = await dayRow.getByTestId('day-load').innerText();
  const dayCost = await dayRow.getByTestId('day-cost').innerText();
  await app.clickAndWait(dayRow.getByRole('link'), 'consumer:daily-tracking');
  await expect(page).toHaveURL(/#\/consumer\/c-mall\/2022-11-12$/);
  const tracking = await app.api<{
    runId: number;
    data: { hours: { localHour: string; load: string; traded: Line[]; grid: Line }[] };
  }>('/api/consumer/c-mall/daily-tracking?date=2022-11-12&meterType=1');
  const dayTotal = tracking.data.hours.reduce((sum, h) => sum.plus(h.load), new Dec(0));
  expect(energyAsShown(dayTotal.toFixed())).toBe(dayLoad);
  const hoursTable = page.getByTestId('consumer-hours-table');
  await expect(hoursTable.locator('tbody tr')).toHaveCount(24);
  // The day's hours foot, to the day's load and cost its month showed.
  await expectColumnsFoot(hoursTable, ['Load (kWh)', '24/7 CFE (kWh)', 'Grid (kWh)', 'Cost (THB)']);
  await expect(hoursTable.getByTestId('hour-load-total')).toHaveText(dayLoad);
  await expect(hoursTable.getByTestId('hour-cost-total')).toHaveText(dayCost);
  await expect(page.getByTestId('run-note')).toContainText(`run #${tracking.runId}`);
  await expect(page.getByTestId('consumer-day-chart').locator('canvas')).toHaveCount(1);
  await page.screenshot({ path: `${screenshots}/consumer-day.png`, fullPage: true });
  // The same screen in the dark theme, which follows the system's.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${screenshots}/consumer-day-dark.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });

  const hourRow = page.getByTestId('consumer-hours-table').locator('tr[data-hour="13"]');
  const hourLoad = await hourRow.getByTestId('hour-load').innerText();
  const hourCost = await hourRow.getByTestId('hour-cost').innerText();
  await hourRow.getByRole('link').click();
  await expect(page).toHaveURL(/#\/consumer\/c-mall\/2022-11-12T13$/);
  const hourLines = page.getByTestId('consumer-hour-lines');
  await expect(hourLines.locator('caption')).toHaveText('Lines, 2022-11-12 13:00 +07:00 to 14:00');
  await expect(hourLines.getByTestId('consumer-hour-total')).toHaveText(hourLoad);
  await expect(hourLines.getByTestId('consumer-hour-total-cost')).toHaveText(hourCost);
  const thirteen = tracking.data.hours.find((h) => h.localHour.startsWith('2022-11-12T13'))!;
  await expect(hourLines.getByTestId('consumer-hour-total')).toHaveText(energyAsShown(thirteen.load));
  await expectFoots(hourLines, 'kWh');
  const hourCosts = await expectFoots(hourLines, 'Cost');
  expect(hourCosts.rounding.toFixed(2)).toBe(
    foot(
      [...thirteen.traded, thirteen.grid].map((l) => l.cost),
      2,
    ).rounding,
  );
});

test('opens a consumer’s year: its months by the API, totals that foot, and a month from it', async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await app.answerTo('consumer:year', () => app.open('#/consumer/c-mall'));
  const year = await app.api<{
    data: {
      settled_months: number;
      months: { month: string; settled: boolean; cost?: string; load?: string; runId?: number }[];
      totals: { cost: string; load: string; cfe_score: string };
    };
  }>('/api/consumer/c-mall/year?year=2022&meterType=1');
  await expect(app.breadcrumbs()).toContainText('2022');
  const table = page.getByTestId('consumer-year-table');
  await expect(table.locator('tbody tr')).toHaveCount(12);
  await expect(page.getByTestId('consumer-year-chart').locator('canvas')).toHaveCount(1);
  for (const month of year.data.months) {
    const row = table.locator(`tr[data-month="${month.month}"]`);
    if (!month.settled) await expect(row).toContainText('not settled');
    else {
      await expect(row.getByTestId('month-cost')).toHaveText(formatMoney(roundHalfUp(month.cost!, 2), 'THB'));
      await expect(row.getByTestId('month-load')).toHaveText(energyAsShown(month.load!));
      await expect(row).toContainText(`#${month.runId}`);
    }
  }
  // The totals foot (rows as shown + Rounding = total) and are the API's; the year's CFE score is
  // the API's Σ traded ÷ Σ load, not a sum of the months' scores.
  await expectColumnsFoot(table, ['24/7 CFE (kWh)', 'Grid (kWh)', 'Load (kWh)', 'Cost (THB)']);
  await expect(table.getByTestId('year-total-cost')).toHaveText(formatMoney(year.data.totals.cost, 'THB'));
  await expect(table.getByTestId('year-total-load')).toHaveText(energyAsShown(year.data.totals.load));
  await expect(table.getByTestId('year-total-cfe')).toHaveText(formatPercent(year.data.totals.cfe_score));
  await expect(page.getByTestId('year-cfe-score')).toHaveText(formatPercent(year.data.totals.cfe_score));
  await page.screenshot({ path: `${screenshots}/consumer-year.png`, fullPage: true });

  // A year with no run says so, never zeros.
  await app.clickAndWait(page.getByRole('button', { name: '2023 ›' }), 'consumer:year');
  await expect(page.getByRole('status').filter({ hasText: 'No month of 2023 is settled' })).toBeVisible();
  await expect(page.getByTestId('consumer-year-table')).toHaveCount(0);
  await app.clickAndWait(page.getByRole('button', { name: '‹ 2022' }), 'consumer:year');

  // A month opens from its row; its total cost is the year's row for it.
  const november = year.data.months.find((m) => m.month === '2022-11')!;
  await app.clickAndWait(
    table.locator('tr[data-month="2022-11"]').getByRole('link', { name: 'November 2022' }),
    'consumer:overview',
  );
  await expect(page).toHaveURL(/#\/consumer\/c-mall\/2022-11$/);
  await expect(page.getByTestId('total-cost')).toHaveText(formatMoney(november.cost!, 'THB'));
  // Up again through the breadcrumbs: the month's year.
  await app.clickAndWait(app.breadcrumbs().getByRole('link', { name: '2022' }), 'consumer:year');
  await expect(page).toHaveURL(/#\/consumer\/c-mall$/);
  await expect(page.getByTestId('consumer-year-table')).toBeVisible();
  expect(problems).toEqual([]);

  // A month with no meter data is not offered for settling: the page names Imports instead.
  await app.answerTo('months:readiness', () => app.open('#/consumer/c-mall/2023-01'), {
    params: { month: '2023-01' },
  });
  const notSettled = page.getByTestId('not-settled');
  await expect(notSettled).toContainText(
    'January 2023 has no readings for any of the 14 meter(s) that settle',
  );
  await expect(notSettled.getByRole('link', { name: 'Go to Imports' })).toBeVisible();
  await expect(notSettled.getByRole('button', { name: 'Settle now' })).toHaveCount(0);
});

test('steps to the previous and next day and hour, consumer and generator', async ({ page }) => {
  const app = new EnergyLedgerApp(page);
  await app.open('#/consumer/c-mall/2022-11-30');
  await expect(page.getByTestId('consumer-hours-table').locator('tbody tr')).toHaveCount(24);
  // Across the month's end, and back twice.
  await app.clickAndWait(page.getByTestId('next-day'), 'consumer:daily-tracking');
  await expect(page).toHaveURL(/#\/consumer\/c-mall\/2022-12-01$/);
  await expect(app.breadcrumbs()).toContainText('December 2022');
  await expect(page.getByTestId('previous-day')).toHaveText('‹ 30 Nov 2022');
  await app.clickAndWait(page.getByTestId('previous-day'), 'consumer:daily-tracking');
  await app.clickAndWait(page.getByTestId('previous-day'), 'consumer:daily-tracking');
  await expect(page).toHaveURL(/#\/consumer\/c-mall\/2022-11-29$/);
  const day = await app.api<{ data: { hours: { load: string }[] } }>(
    '/api/consumer/c-mall/daily-tracking?date=2022-11-29&meterType=1',
  );
  await expect(page.getByTestId('consumer-hours-table').getByTestId('hour-load-total')).toHaveText(
    energyAsShown(day.data.hours.reduce((sum, h) => sum.plus(h.load), new Dec(0)).toFixed()),
  );

  // An hour's neighbours, across midnight.
  await app.open('#/prosumer/p-sunrise/2022-11-12T23');
  await expect(page.getByTestId('hour-lines')).toBeVisible();
  await app.clickAndWait(page.getByTestId('next-hour'), 'prosumer:daily-tracking');
  await expect(page).toHaveURL(/#\/prosumer\/p-sunrise\/2022-11-13T00$/);
  await expect(page.getByTestId('hour-lines')).toBeVisible();
  await expect(page.getByTestId('previous-hour')).toHaveText('‹ 12 Nov 2022, 23:00');
  await expect(page.getByTestId('next-hour')).toHaveText('01:00 ›');
  await page.getByTestId('next-hour').click();
  await expect(page).toHaveURL(/#\/prosumer\/p-sunrise\/2022-11-13T01$/);
  await expect(app.breadcrumbs()).toContainText('01:00');
  // The generator's day has the same links.
  await app.clickAndWait(
    app.breadcrumbs().getByRole('link', { name: '13 Nov 2022' }),
    'prosumer:daily-tracking',
  );
  await app.clickAndWait(page.getByTestId('next-day'), 'prosumer:daily-tracking');
  await expect(page).toHaveURL(/#\/prosumer\/p-sunrise\/2022-11-14$/);
  await expect(page.getByTestId('hours-table').locator('tbody tr')).toHaveCount(24);
});

interface ReasonedHour extends Hour {
  market_price: string | null;
  open_market: Line & { price: string | null };
  unsold_reason?: { code: string; text: string; market_price: string | null; floor: string | null };
}

/** The first hour of `prosumerId`'s 2022 with energy unsold, found through the API (never a demo figure). */
async function unsoldHour(app: EnergyLedgerApp, prosumerId: string) {
  const revenue = await app.api<{ data: { month: string; unsold: Line }[] }>(
    `/api/prosumer/${prosumerId}/revenue?meterType=1`,
  );
  const month = revenue.data
    .filter((m) => new Dec(m.unsold.allocation).greaterThan(0))
    .sort((a, b) => (a.month < b.month ? -1 : 1))[0]!;
  const breakdown = await app.api<{ data: { startDate: string; usage: { unsold: number } }[] }>(
    `/api/prosumer/${prosumerId}/breakdown?period=W&date=${month.month}-01&meterType=1`,
  );
  const index = breakdown.data.findIndex((d) => d.usage.unsold > 0);
  const day = `${month.month}-${String(index + 1).padStart(2, '0')}`;
  const tracking = await app.api<{ data: { transactions: ReasonedHour[] } }>(
    `/api/prosumer/${prosumerId}/daily-tracking?date=${day}&meterType=1`,
  );
  const hour = tracking.data.transactions.find((h) => new Dec(h.unsold.allocation).greaterThan(0))!;
  return { day, hour };
}

test('says inline why an hour’s energy went unsold, from the hour’s market price and the offer', async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  await app.open('#/');
  const price = (value: string | null) => (value === null ? 'none' : `${formatPrice(value, 'THB')}/kWh`);
  for (const prosumerId of ['p-sunrise', 'p-temple']) {
    const { day, hour } = await unsoldHour(app, prosumerId);
    const reason = hour.unsold_reason!;
    expect(reason, `${prosumerId} ${hour.localHour}: a reason`).toBeDefined();
    const expected =
      reason.code === 'below_floor'
        ? `the market price ${price(reason.market_price)} is below the offer’s floor of ${price(reason.floor)}`
        : reason.code === 'no_market_price'
          ? 'no market price that hour'
          : reason.code === 'not_offered_to_market'
            ? 'the offer does not sell leftovers to the market'
            : reason.text;
    await app.answerTo('prosumer:daily-tracking', () =>
      app.open(`#/prosumer/${prosumerId}/${day}T${hour.localHour.slice(11, 13)}`),
    );
    const lines = page.getByTestId('hour-lines');
    await expect(lines).toBeVisible();
    await expect(page.getByTestId('unsold-reason')).toHaveText(
      `${energyAsShown(hour.unsold.allocation)} kWh unsold: ${expected}.`,
    );
    await expect(lines.getByTestId('unsold-kind')).toHaveText(`unsold: ${expected}`);
    // The open market's line shows the hour's market price, not a dash.
    await expect(lines.getByTestId('price-open_market')).toHaveText(
      hour.market_price === null ? 'no market price' : formatPrice(hour.market_price, 'THB'),
    );
    await page.screenshot({ path: `${screenshots}/${prosumerId}-unsold-hour.png`, fullPage: true });
  }
});

test('a closed month’s pages name the run they show and the run its final statement used', async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  await app.open('#/');
  const auth = { Authorization: 'Bearer e2e-token' };
  // December 2022: no other journey needs it open (settlement.spec.ts closes August and
  // checks the months before it; receivables and audit read January to March).
  const month = '2022-12';
  const statusOf = async () =>
    (await app.api<{ data: MonthStatusDto[] }>('/api/months')).data.find((m) => m.month === month)!;
  if (!(await statusOf()).closed) {
    const closed = await page.request.post(`/api/months/${month}/close`, {
      headers: auth,
      data: { note: 'drill-down journey', outOfOrder: true },
    });
    expect(closed.ok(), `close ${month}: ${closed.status()}`).toBe(true);
  }
  const status = await statusOf();
  const closedOn = status.closed!.runId;
  const overview = await app.api<{ data: { runId: number } }>(
    '/api/consumer/c-mall/overview?month=12&year=2022&meterType=1',
  );
  const expectNote = async () => {
    const note = page.getByTestId('run-note');
    await expect(note).toContainText('December 2022 is closed.');
    await expect(note).toContainText(`Shown: run #${overview.data.runId}`);
    await expect(note).toContainText(`Its final statement used run #${closedOn}, the run it was closed on`);
    await expect(note.locator('time')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})? \+07:00$/);
    await expect(note).toHaveAttribute('data-run', String(overview.data.runId));
  };
  await app.answerTo('months:list', () => app.open('#/consumer/c-mall/2022-12'));
  await expectNote();
  await page.screenshot({ path: `${screenshots}/closed-month.png`, fullPage: true });
  await app.answerTo('months:list', () => app.open('#/consumer/c-mall/2022-12-24'));
  await expectNote();
  await app.answerTo('months:list', () => app.open('#/prosumer/p-sunrise/2022-12'));
  await expectNote();
  await app.answerTo('months:list', () => app.open('#/prosumer/p-sunrise/2022-12-24T12'));
  await expectNote();
  // An open month names its run in force.
  await app.answerTo('months:list', () => app.open('#/consumer/c-mall/2022-11'));
  await expect(page.getByTestId('run-note')).toContainText('November 2022’s run in force');
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
