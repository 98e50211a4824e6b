import { expect, test } from '@playwright/test';

import { EnergyLedgerApp } from './models';

const auth = { Authorization: 'Bearer e2e-token' };

test('explores a meter at any resolution and builds a virtual meter with a preview against its source', async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  await app.open('#/meters');
  await expect(page.getByTestId('meters-page')).toBeVisible();

  // The resolution explorer: a week of a demo meter, day by day, equal to the API's answer.
  const explorer = page.getByTestId('resolution-explorer');
  await explorer.getByLabel('Explorer meter').selectOption('c-office-main');
  await explorer.getByLabel('Resolution').selectOption('DAILY');
  await explorer.getByLabel('Explorer from').fill('2022-01-03');
  await explorer.getByLabel('Explorer to').fill('2022-01-10');
  await explorer.getByRole('button', { name: 'Show' }).click();
  const table = explorer.getByTestId('explorer-table');
  await expect(table.locator('tbody tr')).toHaveCount(7);
  const api = await (
    await page.request.get(
      '/connect/user/current-user/account/default-account/location/default-location/device/c-office-main/consumption/DAILY;from=2022-01-03;to=2022-01-10',
      { headers: auth },
    )
  ).json();
  await expect(table.locator('tbody tr').first()).toContainText(
    String(api.componentList.component[0].consumption),
  );
  await expect(explorer.getByTestId('explorer-chart')).toBeVisible();

  // The builder: half of the office meter, not settling; a second share that would pass 100 % is refused.
  const builder = page.getByTestId('virtual-meter-builder');
  await builder.getByLabel('Virtual meter id').fill('office-east-wing');
  await builder.getByLabel('Virtual meter participant').selectOption('c-office');
  await builder.getByLabel('settles').uncheck();
  await builder.getByLabel('Version 1 source').selectOption('c-office-main');
  await builder.getByLabel('Version 1 percent').fill('50');
  const save = builder.getByRole('button', { name: 'Save virtual meter' });
  await app.clickAndWait(save, 'virtual-meters:save', { params: { meterId: 'office-east-wing' } });
  await expect(builder.getByTestId('virtual-message')).toHaveText(
    'Saved virtual meter office-east-wing (1 version(s))',
  );
  await builder.getByLabel('Virtual meter id').fill('office-west-wing');
  await builder.getByLabel('Version 1 percent').fill('60');
  await app.clickAndWait(save, 'virtual-meters:save', {
    params: { meterId: 'office-west-wing' },
    expect: 'refused',
  });
  await expect(builder.getByTestId('virtual-errors')).toContainText(
    'the shares of meter c-office-main add up to 110 % (more than 100): office-east-wing (50 %), office-west-wing (60 %)',
  );

  // The preview: a day of the east wing against the office meter, half of it every hour.
  await builder.getByRole('button', { name: 'office-east-wing' }).click();
  await builder.getByLabel('Preview from').fill('2022-01-04');
  await builder.getByLabel('Preview to').fill('2022-01-04');
  await builder.getByRole('button', { name: 'Preview' }).click();
  await expect(builder.getByTestId('virtual-chart')).toBeVisible();
  const preview = await (
    await page.request.get('/api/virtual-meters/office-east-wing/use?from=2022-01-04&to=2022-01-04', {
      headers: auth,
    })
  ).json();
  expect(preview.data.hours).toHaveLength(24);
  for (let h = 0; h < 24; h++) {
    const whole = Math.round(Number(preview.data.sources[0].kWh[h]) * 1e6);
    const half = Math.round(Number(preview.data.hours[h].kWh) * 1e6);
    expect(half === Math.floor(whole / 2) || half === Math.ceil(whole / 2)).toBe(true);
  }
  await page.screenshot({ path: 'test-results/screenshots/meters.png', fullPage: true });
});
