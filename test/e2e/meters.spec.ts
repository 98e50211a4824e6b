import { expect, test } from '@playwright/test';

import { energyAsShown, expectColumnsFoot } from './footing';
import { EnergyLedgerApp } from './models';

const auth = { Authorization: 'Bearer e2e-token' };
const consumption = (device: string, resolution: string, matrix: string) =>
  `/connect/user/current-user/account/default-account/location/default-location/device/${device}/consumption/${resolution};${matrix}`;

test('explores a meter at any resolution and builds a virtual meter with a preview against its source', async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  await app.open('#/meters');
  await expect(page.getByTestId('meters-page')).toBeVisible();
  // Times in the workspace's zone, named once under the heading.
  await expect(page.getByTestId('zone-note')).toHaveText(
    'Times in Asia/Bangkok (UTC+07:00); the UTC instant on hover.',
  );

  // The resolution explorer: a week of a demo meter, day by day, both dates included, equal to the
  // API's answer for the day after the last one.
  const explorer = page.getByTestId('resolution-explorer');
  await explorer.getByLabel('Explorer meter').selectOption('c-office-main');
  await explorer.getByLabel('Resolution').selectOption('DAILY');
  await explorer.getByLabel('Explorer from').fill('2022-01-03');
  await explorer.getByLabel('Explorer to').fill('2022-01-09');
  const show = explorer.getByRole('button', { name: 'Show' });
  const week = await app.clickAndWait(show, 'consumption:device', { params: { deviceId: 'c-office-main' } });
  const asked = (response: { url(): string }) => Object.fromEntries(new URL(response.url()).searchParams);
  expect(asked(week)).toMatchObject({ from: '2022-01-03', to: '2022-01-10' });
  const table = explorer.getByTestId('explorer-table');
  await expect(table.locator('tbody tr')).toHaveCount(7);
  const api = await (
    await page.request.get(consumption('c-office-main', 'DAILY', 'from=2022-01-03;to=2022-01-10'), {
      headers: auth,
    })
  ).json();
  const first = table.locator('tbody tr').first();
  await expect(first.getByTestId('explorer-kwh')).toHaveText(
    energyAsShown(String(api.componentList.component[0].consumption)),
  );
  // Each day from local midnight, the UTC instant on hover; the last row ends at the end of the 9th.
  await expect(first.locator('th time')).toHaveText('2022-01-03 00:00 +07:00');
  await expect(first.locator('th time')).toHaveAttribute('title', '2022-01-02 17:00:00 UTC');
  await expect(table.locator('tbody tr').last().locator('td time').first()).toHaveText(
    '2022-01-10 00:00 +07:00',
  );
  await expect(explorer.getByTestId('explorer-totals')).toContainText(
    'c-office-main, 2022-01-03 – 2022-01-09',
  );
  // Every figure column foots: kWh to 3 decimals, money to the currency's minor unit.
  await expectColumnsFoot(table, ['Readings', 'Consumption (kWh)', 'Cost (THB)']);
  await expect(explorer.getByTestId('explorer-chart')).toBeVisible();

  // One day from D to D, hour by hour: that day's 24 hours.
  await explorer.getByLabel('Resolution').selectOption('HOURLY');
  await explorer.getByLabel('Explorer from').fill('2022-01-04');
  await explorer.getByLabel('Explorer to').fill('2022-01-04');
  const day = await app.clickAndWait(show, 'consumption:device', { params: { deviceId: 'c-office-main' } });
  expect(asked(day)).toMatchObject({ from: '2022-01-04', to: '2022-01-05' });
  await expect(table.locator('tbody tr')).toHaveCount(24);
  await expect(table.locator('tbody tr').first().locator('th time')).toHaveText('2022-01-04 00:00 +07:00');
  await expect(table.locator('tbody tr').last().locator('th time')).toHaveText('2022-01-04 23:00 +07:00');

  // The builder: half of the office meter for 2022 (both dates included), not settling; a second
  // share that would pass 100 % is refused.
  const builder = page.getByTestId('virtual-meter-builder');
  await builder.getByLabel('Virtual meter id').fill('office-east-wing');
  await builder.getByLabel('Virtual meter participant').selectOption('c-office');
  await builder.getByLabel('settles').uncheck();
  await builder.getByLabel('Version 1 from').fill('2022-01-01');
  await builder.getByLabel('Version 1 to').fill('2022-12-31');
  await builder.getByLabel('Version 1 source').selectOption('c-office-main');
  await builder.getByLabel('Version 1 percent').fill('50');
  const save = builder.getByRole('button', { name: 'Save virtual meter' });
  await app.clickAndWait(save, 'virtual-meters:save', { params: { meterId: 'office-east-wing' } });
  await expect(builder.getByTestId('virtual-message')).toHaveText(
    'Saved virtual meter office-east-wing (1 version(s))',
  );
  // Stored with the API's exclusive end: the day after the last day.
  const stored = await app.api<{ data: { id: string; versions: { effectiveTo?: string }[] }[] }>(
    '/api/virtual-meters',
  );
  expect(stored.data.find((m) => m.id === 'office-east-wing')?.versions[0]?.effectiveTo).toBe('2023-01-01');
  await builder.getByLabel('Virtual meter id').fill('office-west-wing');
  await builder.getByLabel('Version 1 percent').fill('60');
  await app.clickAndWait(save, 'virtual-meters:save', {
    params: { meterId: 'office-west-wing' },
    expect: 'refused',
  });
  await expect(builder.getByTestId('virtual-errors')).toContainText(
    'the shares of meter c-office-main add up to 110 % (more than 100): office-east-wing (50 %), office-west-wing (60 %)',
  );

  // Opened again, the version reads as it was entered: to 2022-12-31, included.
  await builder.getByLabel('Version 1 to').fill('');
  await builder.getByRole('button', { name: 'office-east-wing' }).click();
  await expect(builder.getByLabel('Version 1 to')).toHaveValue('2022-12-31');

  // The preview: a day of the east wing against the office meter, half of it every hour.
  await builder.getByLabel('Preview from').fill('2022-01-04');
  await builder.getByLabel('Preview to').fill('2022-01-04');
  await app.clickAndWait(builder.getByRole('button', { name: 'Preview' }), 'virtual-meters:preview', {
    params: { meterId: 'office-east-wing' },
  });
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
  // The meter and its source in one unit, side by side.
  await expect(builder.getByTestId('preview-totals')).toHaveText(
    `office-east-wing: ${energyAsShown(preview.data.totalKWh)} kWh over 24 hours · c-office-main ${energyAsShown(preview.data.sources[0].totalKWh)} kWh`,
  );
  await page.screenshot({ path: 'test-results/screenshots/meters.png', fullPage: true });
});
