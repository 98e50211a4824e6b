import { rmSync } from 'node:fs';
import path from 'node:path';

import { expect, test } from '@playwright/test';

import { EnergyLedgerApp } from './models';

const demo = path.resolve('test-results', 'e2e-demo.sqlite');
const fresh = path.resolve('test-results', 'e2e-new-workspace.sqlite');

test('creates a new workspace, refuses a file that is not one, and goes back to the demo from the recent list', async ({
  page,
}) => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(fresh + suffix, { force: true });
  const app = new EnergyLedgerApp(page);
  await app.open('#/');
  await page.getByTestId('workspace-name').click();
  await expect(page).toHaveURL(/#\/workspace$/);
  await expect(page.getByTestId('current-workspace')).toContainText(demo);

  // Not a workspace: refused by name, nothing switched.
  await page.getByLabel('Workspace file to open').fill(path.resolve('package.json'));
  const openFile = page.getByRole('button', { name: 'Open file' });
  await app.clickAndWait(openFile, 'workspace:open', { expect: 'refused' });
  await expect(page.getByRole('alert')).toContainText('is not an Energy Ledger workspace');
  await expect(page.getByTestId('current-workspace')).toContainText(demo);

  await page.getByLabel('New workspace file').fill(fresh);
  await page.getByLabel('New workspace name').fill('Empty test market');
  await app.clickAndWait(page.getByRole('button', { name: 'Create' }), 'workspace:create');
  await expect(page.getByTestId('workspace-name')).toHaveText('Empty test market');

  // Back to the demo by its path; then it is in the recent list beside the new one.
  await page.goto('/#/workspace');
  await page.getByLabel('Workspace file to open').fill(demo);
  await app.clickAndWait(openFile, 'workspace:open');
  await expect(page.getByTestId('workspace-name')).toHaveText('Bangkok 24/7 CFE demo (prorata)');
  await page.goto('/#/workspace');
  await expect(page.getByTestId('recent-workspaces')).toContainText('Empty test market');
  await expect(page.getByTestId('recent-workspaces')).toContainText('Bangkok 24/7 CFE demo (prorata)');
});
