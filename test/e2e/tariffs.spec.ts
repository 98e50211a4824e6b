import { mkdirSync } from 'node:fs';

import { expect, test } from '@playwright/test';

import { formatMoney } from '../../renderer/src/format';
import { Dec } from '../../shared/units';

import { expectFoots } from './footing';
import { EnergyLedgerApp } from './models';

const screenshots = 'test-results/screenshots';
mkdirSync(screenshots, { recursive: true });

const months = (hours: (h: number) => number) =>
  Array.from({ length: 12 }, () => Array.from({ length: 24 }, (_, h) => hours(h)));
/** A commercial TOU rate with a fixed charge and tiered TOU demand, in URDB's newer field names. */
const urdb = {
  items: [
    {
      label: 'e2e-b10',
      name: 'B-10 Commercial (e2e)',
      utility: 'Test Electric Co',
      fixedchargefirstmeter: 25,
      fixedchargeunits: '$/month',
      energyratestructure: [[{ rate: 0.12 }], [{ rate: 0.2 }]],
      energyweekdayschedule: months((h) => (h >= 16 && h <= 20 ? 1 : 0)),
      energyweekendschedule: months(() => 0),
      demandratestructure: [[{ rate: 1 }], [{ max: 50, rate: 10 }, { rate: 15 }]],
      demandweekdayschedule: months((h) => (h >= 16 && h <= 20 ? 1 : 0)),
      demandweekendschedule: months(() => 0),
    },
  ],
};

test('reads a URDB rate, bills an account on it and shows the bill, equal to the API’s', async ({ page }) => {
  const app = new EnergyLedgerApp(page);
  await app.open('#/tariffs');
  await app.answerTo('tariffs:import-urdb', () =>
    page.getByLabel('URDB rate file').setInputFiles({
      name: 'b10.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(urdb)),
    }),
  );
  await expect(page.getByTestId('tariff-message')).toContainText('Saved tariff e2e-b10');
  await expect(page.getByTestId('tariffs-table')).toContainText('B-10 Commercial (e2e)');
  // The demo has its own tariff: this one is edited by its row.
  const editButton = () =>
    page
      .getByTestId('tariffs-table')
      .locator('tbody tr', { hasText: 'e2e-b10' })
      .getByRole('button', { name: 'Edit' });

  await page.getByLabel('Account id').fill('acc-mall');
  await page.getByLabel('Account participant').selectOption('c-mall');
  await page.getByLabel('Account tariff').selectOption('e2e-b10');
  await app.clickAndWait(page.getByRole('button', { name: 'Save account' }), 'accounts:save', {
    params: { accountId: 'acc-mall' },
  });
  await expect(page.getByTestId('accounts-table')).toContainText('acc-mall');

  await page.getByLabel('Account to bill').selectOption('acc-mall');
  // January, both days included: the API is asked up to 1 February, the day after.
  await page.getByLabel('Bill from').fill('2022-01-01');
  await page.getByLabel('Bill to').fill('2022-01-31');
  // The bill the API gives for the same account and month (no groupBy or detailLevel: the defaults).
  // Seed 001 writes the figures as JSON numbers; the exact decimals are beside them, and are what is compared.
  const billOfJanuary = async () => {
    const answer = (await (
      await page.request.post('/rest/v1/accounts/acc-mall/calculate', {
        headers: { Authorization: 'Bearer e2e-token' },
        data: { fromDateTime: '2022-01-01', toDateTime: '2022-02-01' },
      })
    ).json()) as {
      results: {
        totalCost: number;
        currency: string;
        summary: { exact: { totalCost: string } };
        items: { exact: { cost: string } }[];
        exact: { totalCost: string };
      }[];
    };
    const result = answer.results[0]!;
    expect(String(result.totalCost)).toBe(new Dec(result.exact.totalCost).toFixed());
    return { ...result, totalCost: result.exact.totalCost, summary: result.summary.exact };
  };
  const calculate = page.getByRole('button', { name: 'Calculate' });
  const asked = await app.clickAndWait(calculate, 'accounts:calculate', {
    params: { accountId: 'acc-mall' },
  });
  expect(asked.request().postDataJSON()).toMatchObject({
    fromDateTime: '2022-01-01',
    toDateTime: '2022-02-01',
  });
  const result = await billOfJanuary();
  await expect(page.getByTestId('bill-total')).toHaveText(formatMoney(result.totalCost, result.currency));
  await expect(page.getByTestId('bill-period')).toHaveText('2022-01-01 – 2022-01-31');
  // The items' costs, each to the cent, foot to the bill's total.
  const items = page.getByTestId('bill-items');
  const costs = await expectFoots(items, `Cost (${result.currency})`);
  expect(costs.rows).toBe(result.items.length);
  await expect(items.getByTestId('item-cost-total')).toHaveText(
    formatMoney(result.totalCost, result.currency),
  );
  // One unit per column: the energy in kWh to 3 decimals, the demand in kW, the rates in the currency.
  await expect(items.locator('thead')).toContainText('Energy (kWh)');
  await expect(items.locator('thead')).toContainText('Demand (kW)');
  await expect(items.locator('tbody')).toContainText(/\$0\.12\/kWh/);
  await expect(page.getByTestId('bill-chart').locator('canvas')).toHaveCount(1);
  await page.screenshot({ path: `${screenshots}/bill-calculator.png`, fullPage: true });

  // Hour by hour and by charge type, as the seed's last example.
  await page.getByLabel('Group by').selectOption('HOUR');
  await page.getByLabel('Detail level').selectOption('CHARGE_TYPE');
  await app.clickAndWait(calculate, 'accounts:calculate', { params: { accountId: 'acc-mall' } });
  await expect(page.getByTestId('bill-total')).toHaveText(formatMoney(result.totalCost, result.currency));
  await expect(page.locator('[data-rows]')).toHaveCount(1);

  // The editor: paint 12:00–14:00 on January weekdays as the peak period (press and drag), save, and the bill rises.
  await page.getByLabel('Group by').selectOption('MONTH');
  await page.getByLabel('Detail level').selectOption('RATE');
  // The demo tariff's versions read with their last day included; so does the editor's "Until".
  const demo = page.getByTestId('tariffs-table').locator('tbody tr', { hasText: 'mea-2.2.2-tou' });
  await expect(demo).toContainText('mea-2.2.2-tou-2022-05 (2022-05-01 – 2022-08-31)');
  await demo.getByRole('button', { name: 'Edit' }).click();
  const editor = page.getByTestId('tariff-editor');
  await editor
    .getByLabel('Tariff version')
    .selectOption({ label: 'mea-2.2.2-tou-2022-05 (from 2022-05-01)' });
  await expect(editor.getByLabel('Version until')).toHaveValue('2022-08-31');

  await editButton().click();
  await expect(editor.getByLabel('Tariff name')).toHaveValue('B-10 Commercial (e2e)');
  await editor.getByRole('button', { name: 'period 1', exact: true }).click();
  const from = await editor.locator('[data-cell="0-12"]').boundingBox();
  const to = await editor.locator('[data-cell="0-14"]').boundingBox();
  await page.mouse.move(from!.x + 5, from!.y + 5);
  await page.mouse.down();
  await page.mouse.move(to!.x + 5, to!.y + 5, { steps: 6 });
  await page.mouse.up();
  await expect(editor.locator('[data-cell="0-13"]')).toHaveText('1');
  await expect(editor.locator('[data-cell="1-13"]')).toHaveText('0');
  await page.screenshot({ path: `${screenshots}/tariff-editor.png`, fullPage: true });
  // Saving answers before the page shows it; the message reads the same after every save of this
  // tariff, so the save's own answer and the editor closing are what is waited for.
  const saveTariff = async () => {
    await app.clickAndWait(editor.getByRole('button', { name: 'Save tariff' }), 'tariffs:save');
    await expect(editor).toHaveCount(0);
    await expect(page.getByTestId('tariff-message')).toHaveText('Saved tariff e2e-b10.');
  };
  await saveTariff();
  await app.clickAndWait(calculate, 'accounts:calculate', { params: { accountId: 'acc-mall' } });
  const painted = await billOfJanuary();
  expect(painted.totalCost).not.toBe(result.totalCost);
  await expect(page.getByTestId('bill-total')).toHaveText(formatMoney(painted.totalCost, painted.currency));

  // The rates as fields: the fixed charge from 25 to 125 raises the bill by exactly 100.
  const billTotal = async () => (await billOfJanuary()).summary.totalCost;
  const before = await billTotal();
  await editButton().click();
  await editor.getByLabel('Fixed charge amount').fill('125');
  await expect(editor.getByLabel('Energy charge period 1 tier 1 rate')).toHaveValue('0.2');
  await saveTariff();
  expect(new Dec(await billTotal()).minus(before).toFixed()).toBe('100');

  // A new rate from the form: a customer charge of 10 a month adds exactly 10.
  await editButton().click();
  await expect(editor.getByLabel('Fixed charge amount')).toHaveValue('125');
  await editor.getByLabel('new rate type').selectOption('FIXED_PRICE');
  await editor.getByRole('button', { name: 'Add a rate' }).click();
  await editor.getByLabel('Customer charge amount').fill('10');
  await saveTariff();
  expect(new Dec(await billTotal()).minus(before).toFixed()).toBe('110');

  // A period no rate prices is refused, naming the schedule; nothing is stored.
  await editButton().click();
  await editor.getByRole('button', { name: 'period 2', exact: true }).click();
  await editor.locator('[data-cell="5-3"]').click();
  await app.clickAndWait(editor.getByRole('button', { name: 'Save tariff' }), 'tariffs:save', {
    expect: 'refused',
  });
  await expect(page.getByTestId('tariff-errors')).toContainText('energyWeekdaySchedule');
  await expect(page.getByTestId('tariff-errors')).toContainText(
    'names period(s) 2 that no energy rate prices',
  );
});
