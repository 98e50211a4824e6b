/**
 * Issue 18, "How it will be checked": a person who has not used the app opens the demo from the
 * README and, without help and without a single empty screen, builds a market of three
 * participants in a new workspace, imports a file that overlaps stored readings and replaces
 * them, settles the month the app says needs settling (the app opens on the market's own month:
 * nobody sets the header's Month by hand), reads a consumer's year and finds why
 * energy went unsold at one hour. One journey, through the UI only (clicks, fields, choices by
 * their labels); every screen it passes is checked for an empty state and saved as
 * test-results/journey/NN-name.png.
 *
 * The market is built in a workspace of its own, so the demo every spec shares is never changed:
 * the journey goes back to the demo at the end (and afterEach makes sure, should it stop early).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { expect, test, type Locator } from '@playwright/test';

import { E2E_TOKEN } from '../../playwright.config';

import { EnergyLedgerApp } from './models';
import { expectChartsDrawn, expectNoEmptyState, type EmptyStateCheck } from './screens';

const demo = path.resolve('test-results', 'e2e-demo.sqlite');
const fresh = path.resolve('test-results', 'e2e-newcomer.sqlite');
const shots = path.resolve('test-results', 'journey');
const DEMO_NAME = 'Bangkok 24/7 CFE demo (prorata)';
const MARKET = 'Village Solar Market';
const auth = { Authorization: `Bearer ${E2E_TOKEN}` };
/** A settlement answers a stream whose headers come first: its outcome shows once the run is done, on a busy machine too. */
const SETTLING = { timeout: 30_000 };

test.afterEach(async ({ page }) => {
  // Later specs see the demo: if the journey stopped in its own workspace, switch back.
  const summary = await (await page.request.get('/api/workspace/summary', { headers: auth })).json();
  if (summary.data?.path !== demo) {
    const opened = await page.request.post('/api/workspace/open', { headers: auth, data: { path: demo } });
    expect(opened.ok()).toBe(true);
  }
});

/**
 * The newcomer's files: a month of hourly readings of the three meters (June 2024, Asia/Bangkok),
 * the month's market prices, and a correction of three of the clinic's hours. The farm's midday
 * output is more than the two consumers use; its leftover sells on the open market at 2.50, but
 * at noon and 13:00 on 15 June the market pays 1.25, below the offer's floor of 2.00: unsold.
 */
const DAYS = 30;
const at = (day: number, hour: number) =>
  `2024-06-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+07:00`;
const solar = (hour: number) =>
  hour <= 6 || hour >= 18 ? 0 : Math.round(60_000 * Math.sin((Math.PI * (hour - 6)) / 12)) / 1000;

function readingsCsv(): string {
  const rows = ['meter_id,interval_start,interval_minutes,energy_kwh'];
  for (let day = 1; day <= DAYS; day++)
    for (let hour = 0; hour < 24; hour++) {
      rows.push(`sun-farm-gen,${at(day, hour)},60,${solar(hour).toFixed(3)}`);
      rows.push(`bakery-main,${at(day, hour)},60,${hour >= 5 && hour < 15 ? '12.000' : '4.000'}`);
      rows.push(`clinic-main,${at(day, hour)},60,${hour >= 8 && hour < 18 ? '13.000' : '6.500'}`);
    }
  return rows.join('\n') + '\n';
}

function pricesCsv(): string {
  const rows = ['interval_start,price_per_kwh'];
  for (let day = 1; day <= DAYS; day++)
    for (let hour = 0; hour < 24; hour++)
      rows.push(`${at(day, hour)},${day === 15 && (hour === 12 || hour === 13) ? '1.25' : '2.50'}`);
  return rows.join('\n') + '\n';
}

/** The clinic's meter read again for 10 June, 08:00 to 11:00: more than first stored. */
const correctionCsv = [
  'meter_id,interval_start,interval_minutes,energy_kwh',
  `clinic-main,${at(10, 8)},60,18.500`,
  `clinic-main,${at(10, 9)},60,19.250`,
  `clinic-main,${at(10, 10)},60,18.750`,
].join('\n');

test('a newcomer builds a market in a new workspace, imports and replaces an overlap, settles the month marked, reads a consumer’s year and finds why energy went unsold', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const app = new EnergyLedgerApp(page);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  for (const suffix of ['', '-wal', '-shm']) rmSync(fresh + suffix, { force: true });
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  const files = test.info().outputPath('files');
  mkdirSync(files, { recursive: true });
  const file = (name: string, text: string) => {
    const where = path.join(files, name);
    writeFileSync(where, text);
    return where;
  };
  const readings = file('village-june-2024.csv', readingsCsv());
  const prices = file('village-prices-june-2024.csv', pricesCsv());
  const correction = file('clinic-corrections.csv', correctionCsv);

  /** Each screen passed: drawn, no empty state but a first use's expected one, saved as a picture. */
  let shot = 0;
  const screen = async (name: string, check: EmptyStateCheck = {}) => {
    await expectChartsDrawn(page, name);
    const seen = await expectNoEmptyState(page, name, check);
    for (const text of seen)
      test.info().annotations.push({ type: 'expected empty state', description: `${name}: “${text}”` });
    shot += 1;
    await page.screenshot({
      path: path.join(shots, `${String(shot).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
  };
  const header = page.locator('header');
  const main = page.locator('main');
  const sortDescending = async (table: Locator, column: string) => {
    const heading = table.getByRole('columnheader', { name: column });
    await heading.click();
    await heading.click();
    await expect(heading).toHaveAttribute('aria-sort', 'descending');
  };

  await test.step('builds a market of three participants in a new workspace', async () => {
    // The README's link opens the demo.
    await app.open('#/');
    await expect(main.locator('.big-numbers')).toContainText('3 prosumers');
    await screen('demo-overview');

    // The workspace's name in the header leads to opening or creating another.
    await header.getByRole('link', { name: DEMO_NAME }).click();
    await expect(page).toHaveURL(/#\/workspace$/);
    const current = page.getByTestId('current-workspace');
    await expect(current).toContainText(demo);
    await screen('demo-workspace', {
      // The recent list is the server's, not the workspace's (empty on a fresh server).
      scope: main.locator('.card').filter({ hasNot: page.getByRole('heading', { name: 'Recent' }) }),
    });

    await page.getByLabel('New workspace file').fill(fresh);
    await page.getByLabel('New workspace name').fill(MARKET);
    await app.clickAndWait(page.getByRole('button', { name: 'Create' }), 'workspace:create');
    await expect(page.getByTestId('workspace-name')).toHaveText(MARKET);
    await expect(page).toHaveURL(/#\/$/);
    // A new workspace is empty by nature: the overview says so and leads to building the market.
    const build = main.getByRole('link', { name: 'build the market' });
    await expect(build).toBeVisible();
    await screen('new-workspace-overview', { expected: [/No participants yet/] });

    await build.click();
    await expect(page).toHaveURL(/#\/workspace\/definition$/);
    await expect(page.getByRole('heading', { name: 'Build the market' })).toBeVisible();
    await screen('market-editor');

    await page.getByLabel('Market name').fill(MARKET);
    await page.getByLabel('Timezone').fill('Asia/Bangkok');
    await page.getByLabel('Currency').fill('THB');
    await page.getByLabel('Price zone').fill('TH-VILLAGE');
    const people = [
      ['sun-farm', 'Sunny Farm', 'prosumer', 'sun-farm-gen', 'generation'],
      ['bakery', 'Corner Bakery', 'consumer', 'bakery-main', 'consumption'],
      ['clinic', 'Village Clinic', 'consumer', 'clinic-main', 'consumption'],
    ] as const;
    for (const [i, [id, name, role]] of people.entries()) {
      await page.getByRole('button', { name: 'Add a participant' }).click();
      await page.getByLabel(`Participant ${i + 1} id`).fill(id);
      await page.getByLabel(`Participant ${i + 1} name`).fill(name);
      await page.getByLabel(`Participant ${i + 1} role`).selectOption(role);
    }
    for (const [i, [id, , , meter, direction]] of people.entries()) {
      await page.getByRole('button', { name: 'Add a meter' }).click();
      await page.getByLabel(`Meter ${i + 1} id`).fill(meter);
      await page.getByLabel(`Meter ${i + 1} participant`).selectOption({ label: id });
      await page.getByLabel(`Meter ${i + 1} direction`).selectOption(direction);
    }
    // The data is June 2024's: the pool, the offer and the utility plan start then.
    await page.getByRole('button', { name: 'Add a pool' }).click();
    await page.getByLabel('Pool 1 id').fill('village');
    await page.getByLabel('Pool 1 name').fill('Village pool');
    await page.getByLabel('Pool 1 version 1 from').fill('2024-06-01');
    await page.getByRole('button', { name: 'Add every participant' }).click();
    await expect(page.getByLabel('Pool 1 member 3 from')).toHaveValue('2024-06-01');
    await page.getByRole('button', { name: 'Add an offer plan' }).click();
    await page.getByLabel('Offer plan 1 id').fill('sun-farm-offer');
    await page.getByLabel('Offer plan 1 prosumer').selectOption({ label: 'sun-farm' });
    await page.getByLabel('Offer plan 1 plan name').fill('Village Solar');
    await page.getByLabel('Offer plan 1 provider').fill('Sunny Farm');
    await page.getByLabel('Offer plan 1 version 1 from').fill('2024-06-01');
    await page.getByLabel('Offer plan 1 version 1 price per kWh').fill('3.20');
    await expect(page.getByLabel('Offer plan 1 version 1 sells leftovers to the market')).toBeChecked();
    await page.getByLabel('Offer plan 1 version 1 market floor per kWh').fill('2.00');
    await page.getByRole('button', { name: 'Add a utility plan' }).click();
    await page.getByLabel('Utility plan 1 id').fill('grid');
    await page.getByLabel('Utility plan 1 provider').fill('Provincial Utility');
    await page.getByLabel('Utility plan 1 plan name').fill('Flat rate');
    await page.getByLabel('Utility plan 1 version 1 from').fill('2024-06-01');
    await page.getByLabel('Utility plan 1 version 1 rate').selectOption('flat');
    await page.getByLabel('Utility plan 1 version 1 price per kWh').fill('4.50');
    await page.getByRole('button', { name: 'Put every unassigned consumer on the first plan' }).click();
    await expect(page.getByLabel('Assignment 2 from')).toHaveValue('2024-06-01');

    await app.clickAndWait(
      page.getByRole('button', { name: 'Check', exact: true }),
      'workspace:save-definition',
    );
    const checked = page.getByTestId('definition-check');
    await expect(checked).toContainText('nothing stored');
    await expect(checked).toContainText('adds participant(s) sun-farm, bakery, clinic');
    await screen('market-checked');
    await app.clickAndWait(
      page.getByRole('button', { name: 'Save', exact: true }),
      'workspace:save-definition',
    );
    const saved = page.getByTestId('definition-saved');
    await expect(saved).toContainText('Import #');
    // The market's first definition replaced none: the save says so, never that undoing restores one.
    await expect(saved).toContainText(
      "it is the workspace's first definition: there is none before it to restore, so this import cannot be undone",
    );
    await expect(saved).not.toContainText('restores the definition it replaced');
    await expect(page.getByRole('heading', { name: 'Edit the market' })).toBeVisible();
    await expect(header.getByRole('combobox', { name: 'Participant', exact: true })).toContainText(
      'Village Clinic',
    );
    await screen('market-saved');
  });

  const importFile = async (where: string) => {
    await app.answerTo('imports:file', () => page.getByLabel('File to import').setInputFiles(where));
  };
  const importButton = (name: string) => page.getByRole('button', { name: `Import ${name}` });
  const statusRow = page.getByTestId('settlement-status').locator('tr[data-month="2024-06"]');

  await test.step('imports the month’s readings and prices, and settles the month', async () => {
    await app.navLink('Imports').click();
    await expect(page.getByTestId('import-log')).toContainText('definition-edited-');
    await screen('imports');

    await importFile(prices);
    await expect(page.getByTestId('import-preview')).toContainText('720');
    await app.clickAndWait(importButton('village-prices-june-2024.csv'), 'imports:file');
    await expect(page.getByTestId('import-result')).toContainText('720');
    await screen('prices-imported');

    await importFile(readings);
    await expect(page.getByTestId('import-preview')).toContainText('would store 2160 readings');
    await screen('readings-checked');
    await app.clickAndWait(importButton('village-june-2024.csv'), 'imports:file');
    await expect(page.getByTestId('import-result')).toContainText('stored 2160 readings');
    // The market's month is now the one the app opens on (nobody set it), and the report names the
    // next step: settling it.
    const monthShown = header.getByLabel('Month', { exact: true });
    await expect(monthShown).toHaveValue('2024-06');
    const next = page.getByTestId('settle-next');
    await expect(next).toContainText('Next: settle June 2024, now that it has readings.');
    await screen('readings-imported');

    await app.answerTo('months:readiness', () =>
      next.getByRole('link', { name: 'Settle June 2024 on the Settlement screen' }).click(),
    );
    await expect(page).toHaveURL(/#\/settlement\/2024-06$/);
    const settleJune = page.getByRole('button', { name: 'Settle June 2024' });
    await expect(settleJune).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Runs of June 2024' })).toBeVisible();
    // The screen says what June holds before it is settled.
    await expect(page.getByTestId('month-readiness')).toBeVisible();
    await expect(settleJune).toBeEnabled();
    // Nothing is settled before the first settlement: the screen says so under its Settle button.
    await screen('settlement-first-visit', { expected: [/No month settled yet/, /No run yet/] });
    await app.clickAndWait(settleJune, 'settlement:settle');
    await expect(page.getByTestId('settle-outcome')).toContainText('2024-06: published run', SETTLING);
    await expect(page.getByTestId('runs-table').locator('tbody tr')).toHaveCount(1);
    await expect(statusRow).toContainText('as settled');
    await screen('june-settled');
  });

  await test.step('imports a file that overlaps the stored readings and replaces them', async () => {
    await app.navLink('Imports').click();
    await importFile(correction);
    const rejected = page.getByTestId('import-rejected');
    await expect(rejected.getByTestId('import-advice')).toContainText(
      '3 row(s) overlap data already stored. Choose “replace” or “keep” under “Overlaps stored data”',
    );
    await expect(rejected.locator('li[data-rule="conflict"]')).toHaveCount(3);
    await expect(importButton('clinic-corrections.csv')).toBeDisabled();
    await screen('overlap-refused', { isRefusal: true });

    // The control the advice names, found by the advice's own words: they are its name.
    await app.answerTo('imports:file', () =>
      page.getByLabel('Overlaps stored data', { exact: true }).selectOption('replace'),
    );
    await expect(page.getByTestId('import-preview')).toContainText(
      'would store 3 readings for 1 meter(s); 3 stored reading(s) superseded',
    );
    await expect(rejected).toHaveCount(0);
    await screen('replace-checked');
    await app.clickAndWait(importButton('clinic-corrections.csv'), 'imports:file');
    const settleAgain = page.getByTestId('settle-again');
    await expect(settleAgain).toContainText('A settled month needs settling again');
    await expect(settleAgain).toContainText('June 2024’s run');
    await screen('replaced-settle-again');
  });

  await test.step('settles the month the app says needs settling', async () => {
    await app.answerTo('settlement:status', () =>
      page.getByRole('link', { name: 'Settle on the Settlement screen' }).click(),
    );
    await expect(page.getByTestId('settlement-status').locator('caption')).toHaveText(
      '1 month(s) need settling again: their inputs changed since their run in force.',
    );
    await expect(statusRow.getByTestId('stale-mark')).toHaveText('inputs changed');
    await expect(statusRow).toContainText('1 import(s) added');
    await expect(statusRow).toContainText('clinic-corrections.csv');
    await screen('settlement-needs-settling');

    await app.clickAndWait(
      statusRow.getByRole('button', { name: 'Settle June 2024 again' }),
      'settlement:settle',
    );
    await expect(page.getByTestId('settle-outcome')).toContainText('2024-06: published run', SETTLING);
    await expect(statusRow.getByTestId('stale-mark')).toHaveCount(0);
    await expect(statusRow).toContainText('as settled');
    await expect(page.getByTestId('settlement-status').locator('caption')).toHaveText(
      'Every settled month is settled on the current inputs.',
    );
    await expect(page.getByTestId('runs-table').locator('tbody tr')).toHaveCount(2);
    await screen('settled-again');
  });

  await test.step('reads a consumer’s year', async () => {
    // Opened afresh, the app opens on the market's settled month, learned from the workspace.
    await page.goto('/#/participants');
    await app.answerTo('workspace:summary', () => page.reload());
    await expect(header.getByLabel('Month', { exact: true })).toHaveValue('2024-06');
    await expect(main.locator('table tbody tr')).toHaveCount(3);
    await screen('participants');

    await app.clickAndWait(main.getByRole('link', { name: 'Village Clinic' }), 'consumer:overview');
    await expect(page).toHaveURL(/#\/consumer\/clinic\/2024-06$/);
    await expect(page.getByTestId('total-cost')).toHaveText(/\d/);
    await screen('consumer-month');

    await app.clickAndWait(app.breadcrumbs().getByRole('link', { name: '2024' }), 'consumer:year');
    await expect(page).toHaveURL(/#\/consumer\/clinic$/);
    const year = page.getByTestId('consumer-year-table');
    await expect(year.locator('tbody tr')).toHaveCount(12);
    const june = year.locator('tr[data-month="2024-06"]');
    await expect(june.getByTestId('month-load')).toHaveText(/\d/);
    await expect(june.getByTestId('month-cost')).toHaveText(/\d/);
    await expect(page.getByTestId('consumer-year-chart').locator('canvas')).toHaveCount(1);
    await expect(page.getByTestId('year-cfe-score')).toHaveText(/\d/);
    // One month of data: the year's other months say so, never zeros.
    await expect(year.getByTestId('not-settled')).toHaveCount(11);
    // The chart's legend says how an unsettled month looks: a key, not an empty state.
    await screen('consumer-year', {
      expected: [/^not settled$/, /A month in grey with a dash under it is not settled\./],
    });
  });

  await test.step('finds why energy went unsold at one hour', async () => {
    await app.navLink('Participants').click();
    await app.clickAndWait(main.getByRole('link', { name: 'Sunny Farm' }), 'prosumer:transactions');
    await expect(page).toHaveURL(/#\/prosumer\/sun-farm\/2024-06$/);
    await expect(page.getByTestId('card-unsold')).toHaveText(/[1-9]/);
    // The days with energy unsold first.
    const days = page.getByTestId('days-table');
    await sortDescending(days, 'Unsold (kWh)');
    await expect(days.locator('tbody tr').first()).toHaveAttribute('data-day', '2024-06-15');
    await screen('generator-month');

    await app.clickAndWait(days.locator('tbody tr').first().getByRole('link'), 'prosumer:daily-tracking');
    await expect(page).toHaveURL(/#\/prosumer\/sun-farm\/2024-06-15$/);
    const hours = page.getByTestId('hours-table');
    await expect(hours.locator('tbody tr')).toHaveCount(24);
    await sortDescending(hours, 'Unsold (kWh)');
    await expect(hours.locator('tbody tr').first()).toHaveAttribute('data-hour', '12');
    await screen('generator-day');

    await hours.locator('tbody tr').first().getByRole('link').click();
    await expect(page).toHaveURL(/#\/prosumer\/sun-farm\/2024-06-15T12$/);
    const reason = page.getByTestId('unsold-reason');
    await expect(reason).toContainText('kWh unsold: the market price');
    await expect(reason).toContainText('1.25');
    await expect(reason).toContainText('is below the offer’s floor of');
    await expect(reason).toContainText('2.00');
    await expect(page.getByTestId('hour-lines').getByTestId('unsold-kind')).toContainText(
      'below the offer’s floor',
    );
    await screen('unsold-hour');
  });

  await test.step('goes back to the demo', async () => {
    await header.getByRole('link', { name: MARKET }).click();
    await expect(page.getByTestId('current-workspace')).toContainText(fresh);
    // The demo is in the recent list, with the workspace just made.
    const recent = page.getByTestId('recent-workspaces');
    await expect(recent).toContainText(MARKET);
    await screen('new-workspace-page');
    await app.clickAndWait(
      recent.locator('tbody tr', { hasText: DEMO_NAME }).getByRole('button', { name: 'Open' }),
      'workspace:open',
    );
    await expect(page.getByTestId('workspace-name')).toHaveText(DEMO_NAME);
    await expect(main.locator('.big-numbers')).toContainText('8 consumers');
    await screen('back-to-demo');
  });

  expect(problems).toEqual([]);
});
