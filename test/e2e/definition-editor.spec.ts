/**
 * Issue 18, a market built in the app: a new workspace offers to build its market; the editor
 * builds one of three participants (a prosumer and two consumers, each with a meter), a pool of
 * all three, an offer plan and a flat utility plan; main's field errors show beside their fields;
 * once fixed it is checked and saved as an import (Imports, audit log); an edit is saved and
 * undone; the template and the definition download. The server's demo workspace is shared by
 * every spec: the journey opens it again at the end (and afterEach makes sure).
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import { expect, test, type Download, type Page } from '@playwright/test';

import { E2E_TOKEN } from '../../playwright.config';

import { EnergyLedgerApp } from './models';

const demo = path.resolve('test-results', 'e2e-demo.sqlite');
const fresh = path.resolve('test-results', 'e2e-definition-editor.sqlite');
const DEMO_NAME = 'Bangkok 24/7 CFE demo (prorata)';
const auth = { Authorization: `Bearer ${E2E_TOKEN}` };

test.afterEach(async ({ page }) => {
  // Later specs see the demo: if the journey stopped on the new workspace, switch back.
  const summary = await (await page.request.get('/api/workspace/summary', { headers: auth })).json();
  if (summary.data?.path !== demo) {
    const opened = await page.request.post('/api/workspace/open', { headers: auth, data: { path: demo } });
    expect(opened.ok()).toBe(true);
  }
});

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; json: any }> {
  const download: Promise<Download> = page.waitForEvent('download');
  await click();
  const file = await download;
  return { name: file.suggestedFilename(), json: JSON.parse(readFileSync(await file.path(), 'utf8')) };
}

test('builds a market in the editor of a new workspace, with field errors from main, and saves it as an import', async ({
  page,
}) => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(fresh + suffix, { force: true });
  const app = new EnergyLedgerApp(page);
  await app.open('#/workspace');
  await page.getByLabel('New workspace file').fill(fresh);
  await page.getByLabel('New workspace name').fill('Editor test market');
  await app.clickAndWait(page.getByRole('button', { name: 'Create' }), 'workspace:create');
  await expect(page.getByTestId('workspace-name')).toHaveText('Editor test market');

  // A new workspace offers to build its market, a template, and the import.
  await page.goto('/#/workspace');
  const market = page.getByTestId('workspace-market');
  await expect(market.getByRole('button', { name: 'Build the market here' })).toBeVisible();
  await expect(market.getByRole('button', { name: 'Import a definition' })).toBeVisible();
  const template = await downloaded(page, () =>
    market.getByRole('button', { name: 'Download a template' }).click(),
  );
  expect(template.name).toBe('energy-ledger-definition-template.json');
  expect(template.json.$schema).toBe('https://energy-ledger.invalid/schemas/workspace-definition-1.json');
  expect(template.json.participants).toHaveLength(3);
  expect(template.json.pools[0].description).toBeTruthy();

  await market.getByRole('button', { name: 'Build the market here' }).click();
  await expect(page).toHaveURL(/#\/workspace\/definition$/);
  await expect(page.getByRole('heading', { name: 'Build the market' })).toBeVisible();

  // Settings, with a timezone that is none.
  await page.getByLabel('Market name').fill('Editor test market');
  await page.getByLabel('Timezone').fill('Mars/Olympus');
  await page.getByLabel('Currency').fill('THB');
  await page.getByLabel('Price zone').fill('TH-EDITOR');

  // Three participants (the third's name left empty), each with a meter.
  const people = [
    ['sun-co', 'Sun Co', 'prosumer'],
    ['bakery', 'Corner Bakery', 'consumer'],
    ['school', '', 'consumer'],
  ] as const;
  for (const [i, [id, name, role]] of people.entries()) {
    await page.getByRole('button', { name: 'Add a participant' }).click();
    await page.getByLabel(`Participant ${i + 1} id`).fill(id);
    await page.getByLabel(`Participant ${i + 1} name`).fill(name);
    await page.getByLabel(`Participant ${i + 1} role`).selectOption(role);
  }
  for (const [i, [id, , role]] of people.entries()) {
    await page.getByRole('button', { name: 'Add a meter' }).click();
    await page.getByLabel(`Meter ${i + 1} id`).fill(`${id}-main`);
    await page.getByLabel(`Meter ${i + 1} participant`).selectOption({ label: id });
    await page
      .getByLabel(`Meter ${i + 1} direction`)
      .selectOption(role === 'prosumer' ? 'generation' : 'consumption');
  }

  // A pool of all three, an offer plan of the prosumer, a flat utility plan for both consumers.
  await page.getByRole('button', { name: 'Add a pool' }).click();
  await page.getByLabel('Pool 1 id').fill('village');
  await page.getByLabel('Pool 1 name').fill('Village pool');
  await page.getByLabel('Pool 1 version 1 from').fill('2024-01-01');
  await page.getByRole('button', { name: 'Add every participant' }).click();
  await expect(page.getByLabel('Pool 1 member 3 participant')).toHaveValue(/.+/);
  await page.getByRole('button', { name: 'Add an offer plan' }).click();
  await page.getByLabel('Offer plan 1 id').fill('sun-co-offer');
  await page.getByLabel('Offer plan 1 prosumer').selectOption({ label: 'sun-co' });
  await page.getByLabel('Offer plan 1 plan name').fill('Sun Solar');
  await page.getByLabel('Offer plan 1 provider').fill('Sun Co');
  await page.getByLabel('Offer plan 1 version 1 from').fill('2024-01-01');
  await page.getByLabel('Offer plan 1 version 1 price per kWh').fill('3.5');
  await page.getByRole('button', { name: 'Add a utility plan' }).click();
  await page.getByLabel('Utility plan 1 id').fill('grid');
  await page.getByLabel('Utility plan 1 provider').fill('City Utility');
  await page.getByLabel('Utility plan 1 plan name').fill('Flat rate');
  await page.getByLabel('Utility plan 1 version 1 from').fill('2024-01-01');
  await page.getByLabel('Utility plan 1 version 1 rate').selectOption('flat');
  await page.getByLabel('Utility plan 1 version 1 price per kWh').fill('4.5');
  await page.getByRole('button', { name: 'Put every unassigned consumer on the first plan' }).click();
  await expect(page.getByLabel('Assignment 2 participant')).toHaveValue(/.+/);

  // Main refuses the timezone and the empty name: each error shows beside its field.
  const check = page.getByRole('button', { name: 'Check', exact: true });
  await app.clickAndWait(check, 'workspace:save-definition', { expect: 'refused' });
  const timezoneField = page.locator('label.field', { has: page.getByLabel('Timezone') });
  await expect(timezoneField.getByTestId('error-settings.timezone')).toHaveText(
    'must be an IANA timezone name, e.g. Asia/Bangkok',
  );
  await expect(page.getByTestId('participant-row-3').getByTestId('error-participants[2].name')).toHaveText(
    'must not be empty',
  );
  await expect(page.getByLabel('Participant 3 name')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Timezone').fill('Asia/Bangkok');
  await page.getByLabel('Participant 3 name').fill('Village School');
  await app.clickAndWait(check, 'workspace:save-definition');
  const checked = page.getByTestId('definition-check');
  await expect(checked).toContainText('nothing stored');
  await expect(checked).toContainText('adds participant(s) sun-co, bakery, school');
  await expect(checked).toContainText('adds pool(s) village');
  await expect(page.getByTestId('error-settings.timezone')).toHaveCount(0);

  const save = page.getByRole('button', { name: 'Save', exact: true });
  const saved = await app.clickAndWait(save, 'workspace:save-definition');
  const report = (await saved.json()).data;
  expect(report).toMatchObject({ kind: 'workspace', status: 'stored' });
  expect(report.fileName).toMatch(/^definition-edited-.+\.json$/);
  await expect(page.getByTestId('definition-saved')).toContainText(`Import #${report.importId}`);
  await expect(page.getByRole('heading', { name: 'Edit the market' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Participant', exact: true })).toContainText(
    'Village School',
  );

  // The save is an import in the log, and in the audit log.
  await page.goto('/#/imports');
  await expect(page.getByTestId('import-log').locator(`tr[data-import="${report.importId}"]`)).toContainText(
    report.fileName,
  );
  await page.goto('/#/audit');
  await expect(page.getByTestId('audit-page')).toContainText(
    `import #${report.importId} ${report.fileName} (workspace): stored`,
  );

  // An existing market (its participants now in id order): edited, saved, and that save undone.
  await page.goto('/#/workspace');
  await market.getByRole('button', { name: 'Edit the market' }).click();
  await expect(page.getByLabel('Participant 1 id')).toHaveValue('bakery');
  await page.getByLabel('Participant 1 name').fill('Corner Bakery & Café');
  await app.clickAndWait(save, 'workspace:save-definition');
  await expect(page.getByTestId('definition-saved')).toContainText('changes participant(s) bakery');
  page.once('dialog', (dialog) => void dialog.accept());
  await app.clickAndWait(page.getByRole('button', { name: 'Undo this save' }), 'imports:remove');
  await expect(page.getByTestId('definition-undone')).toContainText('is restored');
  await expect(page.getByLabel('Participant 1 name')).toHaveValue('Corner Bakery');

  // The definition in force downloads from the Workspace page.
  await page.goto('/#/workspace');
  const definition = await downloaded(page, () =>
    market.getByRole('button', { name: 'Download the definition' }).click(),
  );
  expect(definition.name).toBe('editor-test-market-definition.json');
  expect(definition.json.participants.map((p: { id: string }) => p.id)).toEqual([
    'bakery',
    'school',
    'sun-co',
  ]);
  expect(definition.json.utilityPlans[0].versions[0].rate).toEqual({ type: 'flat', pricePerKwh: '4.5' });
  expect(definition.json.utilityPlanAssignments).toHaveLength(2);

  // Back to the demo by its path, for the specs after this one; the new market is in the recent list.
  await expect(page.getByTestId('recent-workspaces')).toContainText('Editor test market');
  await page.getByLabel('Workspace file to open').fill(demo);
  await app.clickAndWait(page.getByRole('button', { name: 'Open file' }), 'workspace:open');
  await expect(page.getByTestId('workspace-name')).toHaveText(DEMO_NAME);
});
