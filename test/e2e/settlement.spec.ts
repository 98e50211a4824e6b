import { mkdirSync } from 'node:fs';

import { expect, test } from '@playwright/test';

import { EnergyLedgerApp } from './models';

const screenshots = 'test-results/screenshots';
mkdirSync(screenshots, { recursive: true });

test('settles a month from the settlement screen, watching its stages to completion, and lists its runs', async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  await app.open('#/settlement');
  await page.getByLabel('Month to settle').fill('2022-02');
  await expect(page.getByRole('heading', { name: 'Runs of February 2022' })).toBeVisible();
  const runs = page.getByTestId('runs-table').locator('tbody tr');
  await expect(runs).toHaveCount(1);

  // The demo settled February without gaps; settling it again counting gaps as zero is a new run.
  await page.getByLabel('count missing readings as zero (flagged)').check();
  await page.getByRole('button', { name: 'Settle February 2022' }).click();
  await expect(page.getByTestId('settle-progress')).toContainText('5/5 published');
  await expect(page.getByTestId('settle-outcome')).toContainText('2022-02: published run');
  await expect(runs).toHaveCount(2);
  await expect(runs.first()).toContainText('latest');
  await page.screenshot({ path: `${screenshots}/settlement.png`, fullPage: true });

  // The same again: unchanged, no new run.
  await page.getByRole('button', { name: 'Settle February 2022' }).click();
  await expect(page.getByTestId('settle-outcome')).toContainText('unchanged since run');
  await expect(runs).toHaveCount(2);

  // Comparing the two runs: only the option changed; no figure moved (February had no gaps).
  const compare = page.getByTestId('compare-runs');
  await compare.getByRole('button', { name: 'Compare' }).click();
  await expect(compare.getByTestId('diff-inputs')).toContainText('settlement options');
  await expect(compare.getByTestId('diff-summary')).toContainText('0 line(s) in 0 hour(s) differ');

  // A month without readings is refused with the reason.
  await page.getByLabel('Month to settle').fill('2023-05');
  await page.getByLabel('count missing readings as zero (flagged)').uncheck();
  await page.getByRole('button', { name: 'Settle May 2023' }).click();
  await expect(page.getByRole('alert')).toContainText('no readings for this month');
});
