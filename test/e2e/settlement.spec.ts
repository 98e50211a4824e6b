import { mkdirSync, readFileSync } from 'node:fs';

import { expect, test } from '@playwright/test';

import { verifyPack } from '../../main/audit/verify-pack';
import type { MonthStatusDto } from '../../shared/contract';

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
  // The answer is a stream of events: its headers come first, the result last (the outcome below).
  const settleFebruary = page.getByRole('button', { name: 'Settle February 2022' });
  await app.clickAndWait(settleFebruary, 'settlement:settle');
  await expect(page.getByTestId('settle-progress')).toContainText('5/5 published');
  await expect(page.getByTestId('settle-outcome')).toContainText('2022-02: published run');
  await expect(runs).toHaveCount(2);
  await expect(runs.first()).toContainText('in force');
  // When it was settled, in the workspace's zone (named once, under the heading), UTC on hover.
  await expect(page.getByTestId('zone-note')).toContainText('Times in Asia/Bangkok (UTC+07:00)');
  await expect(page.getByTestId('runs-table').locator('thead')).toContainText('Settled at');
  await expect(runs.first().locator('time')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})? \+07:00$/);
  await expect(runs.first().locator('time')).toHaveAttribute('title', / UTC$/);
  await page.screenshot({ path: `${screenshots}/settlement.png`, fullPage: true });

  // The same again: unchanged, no new run.
  await app.clickAndWait(settleFebruary, 'settlement:settle');
  await expect(page.getByTestId('settle-outcome')).toContainText('unchanged since run');
  await expect(runs).toHaveCount(2);

  // Comparing the two runs: only the option changed; no figure moved (February had no gaps).
  const compare = page.getByTestId('compare-runs');
  await compare.getByRole('button', { name: 'Compare' }).click();
  await expect(compare.getByTestId('diff-inputs')).toContainText('settlement options');
  await expect(compare.getByTestId('diff-summary')).toContainText('0 line(s) in 0 hour(s) differ');

  // February's meter data, as the screen reads it before offering to settle.
  await expect(page.getByTestId('month-readiness')).toContainText('February 2022:');
  // A month without readings is not offered: the screen says to import its meter data first.
  await app.answerTo('months:readiness', () => page.getByLabel('Month to settle').fill('2023-05'), {
    params: { month: '2023-05' },
  });
  await expect(page.getByTestId('month-readiness')).toContainText(
    'May 2023 has no readings for any of the 14 meter(s) that settle: import its meter data (Imports)',
  );
  await expect(page.getByRole('button', { name: 'Settle May 2023' })).toBeDisabled();
  await expect(
    page.getByTestId('month-readiness').getByRole('link', { name: 'Go to Imports' }),
  ).toHaveAttribute('href', '#/imports');
});

test('closes a month, holds its re-settlement until accepted, and accepts it from the screen', async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  await app.open('#/settlement');
  await page.getByLabel('Month to settle').fill('2022-08');
  await expect(page.getByRole('heading', { name: 'Runs of August 2022' })).toBeVisible();
  const runs = page.getByTestId('runs-table').locator('tbody tr');
  await expect(runs).toHaveCount(1);
  const close = page.getByTestId('month-close');
  await close.getByLabel('Close note').fill('statements sent 5 September');
  const closeAugust = close.getByRole('button', { name: 'Close August 2022' });
  const august = async () =>
    (await app.api<{ data: MonthStatusDto[] }>('/api/months')).data.find((m) => m.month === '2022-08')!;
  const inForce = (await august()).inForceRunId;

  // Close asks first, naming the month, the run its statements keep and the earlier months still
  // open (the demo settled all of 2022); Cancel closes nothing.
  const dialog = page.getByRole('dialog', { name: 'Close August 2022?' });
  await app.clickAndWait(closeAugust, 'months:list');
  await expect(dialog).toContainText(
    `August 2022’s statements carry run #${inForce}, the run in force, for good`,
  );
  await expect(dialog).toContainText('invoice and credit-note numbers');
  await expect(dialog).toContainText('prior-period adjustments onto the statements of the next open month');
  await expect(dialog.getByTestId('earlier-open')).toContainText('January 2022, February 2022');
  await expect(dialog.getByTestId('earlier-open')).toContainText('July 2022');
  const confirm = dialog.getByRole('button', { name: 'Confirm' });
  await expect(confirm).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(close.getByTestId('month-closed')).toHaveCount(0);
  expect((await august()).closed).toBeNull();

  // Closed out of order, said so explicitly.
  await app.clickAndWait(closeAugust, 'months:list');
  const outOfOrder = dialog.getByLabel('Close out of order (earlier months are still open)');
  await outOfOrder.check();
  await expect(confirm).toBeEnabled();
  await app.clickAndWait(confirm, 'months:close', { params: { month: '2022-08' } });
  await expect(dialog).toBeHidden();
  await expect(close.getByTestId('month-closed')).toContainText('August 2022 is closed on run');
  await expect(page.getByTestId('close-outcome')).toContainText('Closed out of order: 2022-01, 2022-02');
  expect((await august()).closed).toMatchObject({ runId: inForce, note: 'statements sent 5 September' });
  await expect(runs.first()).toContainText('closed on this run');

  // Settled again (gaps counted as zero: another identity): held, the first run stays in force.
  await page.getByLabel('count missing readings as zero (flagged)').check();
  await app.clickAndWait(page.getByRole('button', { name: 'Settle August 2022' }), 'settlement:settle');
  await expect(page.getByTestId('settle-outcome')).toContainText('2022-08 is closed: run');
  await expect(runs).toHaveCount(2);
  await expect(runs.first()).toContainText('held: awaiting acceptance');
  await expect(runs.nth(1)).toContainText('in force');

  await app.clickAndWait(close.getByRole('button', { name: 'Preview adjustments' }), 'runs:accept');
  await expect(close).toContainText('Would record: run');
  // August had no gaps, so no participant's figures moved: nothing to adjust.
  await expect(close.getByTestId('adjustments-table').locator('tbody tr')).toHaveCount(0);
  await app.clickAndWait(close.getByRole('button', { name: /^Accept run/ }), 'runs:accept');
  await expect(page.getByTestId('close-outcome')).toContainText(
    '0 prior-period adjustment(s) on the statements of September 2022',
  );
  await expect(runs.first()).toContainText('accepted');
  await expect(runs.first()).toContainText('in force');

  // The accepted run as an audit pack, which verify-pack reproduces from the pack alone.
  const download = page.waitForEvent('download');
  await runs.first().getByRole('button', { name: 'Audit pack' }).click();
  const pack = await download;
  expect(pack.suggestedFilename()).toMatch(/^audit-pack-2022-08-run\d+\.zip$/);
  const report = await verifyPack(readFileSync(await pack.path()));
  expect([report.identical, report.month, report.lines.differing]).toEqual([true, '2022-08', 0]);
});

test('compares the month’s previous run with its latest, and a known rise shows as an increase', async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  const auth = { Authorization: 'Bearer e2e-token' };
  // The school's load raised to 999 kWh at six night hours of 5 October: no sun then, so all of it
  // is bought from the grid, and the school's grid energy must rise.
  const csv = [
    'meter_id,interval_start,interval_minutes,energy_kwh',
    ...[0, 1, 2, 3, 4, 5].map((h) => `c-school-main,2022-10-05T0${h}:00:00+07:00,60,999`),
  ].join('\n');
  const imported = await page.request.post('/api/imports?fileName=school-october.csv&onConflict=replace', {
    headers: { ...auth, 'Content-Type': 'text/csv' },
    data: csv,
  });
  expect(imported.status()).toBe(200);

  await app.open('#/settlement');
  await page.getByLabel('Month to settle').fill('2022-10');
  await expect(page.getByRole('heading', { name: 'Runs of October 2022' })).toBeVisible();
  const runs = page.getByTestId('runs-table').locator('tbody tr');
  await expect(runs).toHaveCount(1);
  await app.clickAndWait(page.getByRole('button', { name: 'Settle October 2022' }), 'settlement:settle');
  await expect(page.getByTestId('settle-outcome')).toContainText('2022-10: published run');
  await expect(runs).toHaveCount(2);

  const listed = await page.request.get('/api/runs?month=2022-10&withManifest=false', { headers: auth });
  const ids = ((await listed.json()) as { data: { id: number }[] }).data
    .map((r) => r.id)
    .sort((x, y) => x - y);
  expect(ids).toHaveLength(2);
  const compare = page.getByTestId('compare-runs');
  // The previous run is preselected as Earlier and the latest as Later.
  await expect(compare.getByLabel('Run A')).toHaveValue(String(ids[0]));
  await expect(compare.getByLabel('Run B')).toHaveValue(String(ids[1]));
  await app.clickAndWait(compare.getByRole('button', { name: 'Compare' }), 'runs:diff');
  await expect(compare.getByTestId('diff-inputs')).toContainText('school-october.csv');

  const totals = compare.getByTestId('diff-totals');
  const headers = await totals.locator('thead th').allTextContents();
  const deltaColumn = headers.findIndex((h) => h.includes('Δ kWh'));
  expect(deltaColumn).toBeGreaterThan(0);
  const schoolGrid = totals.locator('tbody tr', { hasText: 'c-school' }).filter({ hasText: 'grid' }).first();
  const delta = (await schoolGrid.locator('th, td').nth(deltaColumn).textContent()) ?? '';
  // An increase: a positive number (the later run minus the earlier one).
  expect(delta.trim()).toMatch(/^\+?[0-9][0-9,]*(\.[0-9]+)?/);
  expect(Number(delta.replace(/[^0-9.-]/g, ''))).toBeGreaterThan(0);
});
