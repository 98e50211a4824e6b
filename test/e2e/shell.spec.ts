import { mkdirSync } from 'node:fs';

import { expect, test, type ConsoleMessage, type Page } from '@playwright/test';

import { E2E_TOKEN } from '../../playwright.config';

const screenshots = 'test-results/screenshots';
mkdirSync(screenshots, { recursive: true });

/** Every console error or page error fails the journey: a strict CSP violation shows up here. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

test('opens the shell with the token from the printed link, picks a participant and draws a month of hourly energy', async ({
  page,
}) => {
  const problems = watchConsole(page);
  await page.goto(`/#token=${E2E_TOKEN}`);
  await expect(page.getByTestId('workspace-name')).toHaveText('Bangkok 24/7 CFE demo (prorata)');
  // The token leaves the address bar once the page has it.
  await expect.poll(() => new URL(page.url()).hash).not.toContain(E2E_TOKEN);

  const picker = page.getByLabel('Participant');
  await expect(picker.locator('option', { hasText: 'Sunrise Rooftops' })).toHaveCount(1);
  await picker.selectOption({
    label: await picker.locator('option', { hasText: 'Sunrise Rooftops' }).innerText(),
  });
  // The app opens on the workspace's latest settled month: the demo settles all of 2022.
  await expect(page).toHaveURL(/#\/prosumer\/p-sunrise\/2022-12$/);
  await page.getByLabel('Month', { exact: true }).fill('2022-11');
  await expect(page).toHaveURL(/#\/prosumer\/p-sunrise\/2022-11$/);
  // The summary table shows the month's 720 hours of the PV meter (December, shown before, had 744).
  await expect(page.getByRole('row', { name: /p-sunrise-pv/ })).toContainText('720');

  // The month's hourly chart sits below the settlement and is drawn when it scrolls into view.
  const chart = page.getByTestId('energy-chart');
  await chart.scrollIntoViewIfNeeded();
  await expect(chart.locator('canvas')).toHaveCount(1);
  // The canvas is sized to its box as it is drawn: read its size again until it is.
  const size = async () => (await chart.locator('canvas').boundingBox()) ?? { width: 0, height: 0 };
  await expect.poll(async () => (await size()).width).toBeGreaterThan(400);
  await expect.poll(async () => (await size()).height).toBeGreaterThan(200);

  await page.screenshot({ path: `${screenshots}/participant-month.png`, fullPage: true });
  expect(problems).toEqual([]);
});

test('opens a deep link straight on a consumer month and shows its consumption', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto(`/#token=${E2E_TOKEN}`);
  await expect(page.getByTestId('workspace-name')).toBeVisible();
  await page.goto('/#/consumer/c-hospital/2022-03');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Chao Phraya Hospital');
  await expect(page.getByRole('row', { name: /c-hospital-main/ })).toContainText('744');
  await page.getByTestId('energy-chart').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('energy-chart').locator('canvas')).toHaveCount(1);
  await page.screenshot({ path: `${screenshots}/consumer-deep-link.png`, fullPage: true });
  expect(problems).toEqual([]);
});

test('without the token the page says which link to open instead of showing empty data', async ({
  page,
  context,
}) => {
  await context.clearCookies();
  await page.goto('/');
  await page.evaluate('sessionStorage.clear()');
  await page.reload();
  await expect(page.getByRole('alert').first()).toContainText('energy-ledger serve');
  await page.screenshot({ path: `${screenshots}/no-token.png`, fullPage: true });
  // Pasting the printed link into the same tab changes only the hash: the page takes the token.
  const reloaded = page.waitForEvent('load');
  await page.evaluate("location.hash = '#token=e2e-token'");
  await reloaded;
  await expect(page.getByRole('heading', { name: 'Access link needed' })).toHaveCount(0);
  await expect(page).toHaveURL(/#\/$/);
  expect(await page.evaluate('sessionStorage.getItem("energy-ledger-token")')).toBe('e2e-token');
});
