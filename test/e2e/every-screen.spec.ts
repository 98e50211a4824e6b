/**
 * The demo shows every screen with data (issue 18): on the e2e server's fresh demo, every screen
 * of the app — each one the main navigation links to, and a prosumer's and a consumer's pages
 * from the year down to one hour — draws its main tables and charts with rows, and none shows
 * an empty state ("No tariff yet", "no tariff: consumption only", "Nothing imported yet", …).
 * Every screen also reads as people read figures and times (issue 18, "one way to show units and
 * times"): no ISO instant or "(UTC)" header, no raw decimal, no column mixing kWh and MWh.
 * Each screen is saved as a picture in test-results/screens/.
 *
 * The server's workspace is shared by every spec of the run (this one changes nothing in it):
 * the checks read what the demo itself holds, never what another spec adds.
 */
import { mkdirSync } from 'node:fs';

import { expect, test, type Locator, type Page } from '@playwright/test';

import { EnergyLedgerApp } from './models';
import { expectNoEmptyState } from './screens';

const screens = 'test-results/screens';
mkdirSync(screens, { recursive: true });

/** An ISO 8601 instant as the API writes it (`2022-01-02T17:00`), or a column header naming UTC. */
const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d/g;
const UTC_HEADER = /\(UTC\)/g;
/**
 * A figure with 4 or more decimals not written by the shared formatters (`178565.253488`,
 * `-118533.4846`); a price after its currency symbol keeps its decimals (`฿0.8867`).
 */
const RAW_DECIMAL = /(?<![฿$€£¥\d.,])\d[\d,]*\.\d{4,}\b/g;

/** Each match of `pattern` in `text` with a little of what is around it, to find it on the screen. */
function matchesIn(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((m) =>
    text.slice(Math.max(0, m.index - 24), m.index + m[0].length + 24).replace(/\s+/g, ' '),
  );
}

/**
 * The screen's figures and times as people read them (issue 18): in the visible text of main, no
 * ISO instant, no "(UTC)" header and no raw decimal; in its tables, no column whose cells mix kWh
 * and MWh (one unit per column, named in its header). Soft checks: every screen is looked at, and
 * each one's findings are listed.
 */
async function expectReadableFigures(page: Page, screen: string): Promise<void> {
  const text = await page.locator('main').innerText();
  expect
    .soft(matchesIn(text, ISO_TIME), `${screen}: ISO times (show them in the workspace's zone)`)
    .toEqual([]);
  expect.soft(matchesIn(text, UTC_HEADER), `${screen}: "(UTC)" headers`).toEqual([]);
  expect
    .soft(matchesIn(text, RAW_DECIMAL), `${screen}: raw decimals (use the shared formatters)`)
    .toEqual([]);
  const mixed = await page.locator('main table').evaluateAll((tables) =>
    tables.flatMap((table, t) => {
      // Structural types: the node project's type check has no DOM library.
      type Cell = { textContent: string | null };
      const text = (cell: Cell | undefined) => (cell?.textContent ?? '').trim();
      const headers = [...table.querySelectorAll(':scope > thead > tr:last-child > th')].map(text);
      const rows = [...table.querySelectorAll(':scope > tbody > tr')].map((row) =>
        [...row.children].map(text),
      );
      const width = Math.max(0, ...rows.map((cells) => cells.length));
      const name = table.getAttribute('data-testid') ?? table.getAttribute('aria-label') ?? `table ${t + 1}`;
      return Array.from({ length: width }, (_, c) => c)
        .filter((c) => {
          const cells = rows.map((cells) => cells[c] ?? '');
          return cells.some((cell) => /\bkWh\b/.test(cell)) && cells.some((cell) => /\bMWh\b/.test(cell));
        })
        .map((c) => `${name}, column "${headers[c] ?? c + 1}"`);
    }),
  );
  expect.soft(mixed, `${screen}: columns mixing kWh and MWh (one unit per column)`).toEqual([]);
}

/** A table with at least `min` body rows on view. */
async function expectRows(table: Locator, what: string, min = 1): Promise<void> {
  await expect(table, what).toBeVisible();
  await expect(table.locator('tbody tr').first(), `${what} has rows`).toBeVisible();
  expect(await table.locator('tbody tr').count(), `${what}: rows`).toBeGreaterThanOrEqual(min);
}

/** A chart drawn on its canvas (charts below the fold draw once scrolled to). */
async function expectChart(chart: Locator, what: string): Promise<void> {
  await chart.scrollIntoViewIfNeeded();
  await expect(chart, what).toBeVisible();
  await expect(chart.locator('canvas').first(), `${what} is drawn`).toBeVisible();
}

async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${screens}/${name}.png`, fullPage: true });
}

/** Opens a route (what it shows is waited for by each screen's checks). */
async function visit(app: EnergyLedgerApp, hash: string): Promise<void> {
  await app.page.goto(`/${hash}`);
  await expect(app.page.locator('main')).toBeVisible();
}

test('every screen of the demo shows its data, and no empty state', async ({ page }) => {
  test.setTimeout(180_000);
  const app = new EnergyLedgerApp(page);
  await app.open('#/');
  const visited = new Set<string>();
  const screen = async (hash: string, name: string, check: () => Promise<void>, scope?: () => Locator) => {
    await test.step(name, async () => {
      await visit(app, hash);
      await check();
      const where = scope?.();
      await expectNoEmptyState(page, name, where ? { scope: where } : {});
      await expectReadableFigures(page, name);
      await snap(page, name);
      visited.add(hash);
    });
  };

  // The main navigation: every screen it links to is checked below (a new one must be added here).
  const nav = await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  expect(nav.length).toBeGreaterThan(5);

  await screen('#/', 'overview', async () => {
    await expect(page.locator('main .big-numbers')).toContainText('3 prosumers');
    await expect(page.locator('main .big-numbers')).toContainText('8 consumers');
  });
  await screen('#/participants', 'participants', async () => {
    await expectRows(page.locator('main table').first(), 'the participants', 11);
  });

  // A prosumer (the temple, which also consumes), from its revenue down to one hour.
  await screen('#/prosumer/p-temple', 'prosumer-revenue', async () => {
    await expectChart(page.getByTestId('revenue-chart'), 'the revenue chart');
    await expectRows(page.getByTestId('revenue-table'), 'the months of revenue', 12);
  });
  await screen('#/prosumer/p-sunrise/2022-06', 'prosumer-month', async () => {
    await expect(page.getByTestId('sales-cards')).toBeVisible();
    await expect(page.getByTestId('net-earnings')).toHaveText(/\d/);
    await expectChart(page.getByTestId('distribution-pie'), 'the distribution pie');
    await expectRows(page.getByTestId('days-table'), 'the days of June', 30);
    await expectChart(page.getByTestId('days-chart'), 'the days chart');
    await expectChart(page.getByTestId('energy-chart'), 'the metered energy chart');
  });
  await screen('#/prosumer/p-sunrise/2022-06-15', 'prosumer-day', async () => {
    await expectChart(page.getByTestId('day-chart'), 'the day chart');
    await expectRows(page.getByTestId('hours-table'), 'the hours of the day', 24);
  });
  await screen('#/prosumer/p-sunrise/2022-06-15T12', 'prosumer-hour', async () => {
    await expectRows(page.getByTestId('hour-lines'), 'the hour’s lines', 2);
  });

  // A consumer (the mall, its incomer split into tenants and billed on the MEA tariff).
  await screen('#/consumer/c-mall', 'consumer-year', async () => {
    await expectChart(page.getByTestId('consumer-year-chart'), 'the year chart');
    await expectRows(page.getByTestId('consumer-year-table'), 'the months of the year', 12);
  });
  await screen('#/consumer/c-mall/2022-10', 'consumer-month', async () => {
    await expect(page.getByTestId('total-cost')).toHaveText(/\d/);
    await expectChart(page.getByTestId('supply-pie'), 'the supply pie');
    await expectRows(page.getByTestId('providers-table'), 'the providers', 2);
    // The grid is billed on the tariff: its service charge and VAT are the month's bill lines.
    const bill = page.getByTestId('bill-lines');
    await expectRows(bill, 'the bill lines', 2);
    await expect(bill).toContainText('Service charge');
    await expect(bill).toContainText('VAT 7 %');
    await expectRows(page.getByTestId('consumer-days-table'), 'the days of October', 31);
    await expectChart(page.getByTestId('consumer-hourly-chart'), 'the hourly chart');
  });
  await screen('#/consumer/c-mall/2022-10-12', 'consumer-day', async () => {
    await expectChart(page.getByTestId('consumer-day-chart'), 'the day chart');
    await expectRows(page.getByTestId('consumer-hours-table'), 'the hours of the day', 24);
  });
  await screen('#/consumer/c-mall/2022-10-12T12', 'consumer-hour', async () => {
    await expectRows(page.getByTestId('consumer-hour-lines'), 'the hour’s lines', 2);
  });

  await screen('#/settlement', 'settlement', async () => {
    await expectRows(page.getByTestId('runs-table'), 'the month’s settlement runs');
  });
  await screen('#/receivables', 'receivables', async () => {
    await expectRows(page.getByTestId('statements-table'), 'the statements', 12);
    await expectRows(page.getByTestId('aging-table'), 'the aging buckets', 5);
    await expectRows(page.getByTestId('balances-table'), 'the balances', 11);
    // Paid and open ones: the demo's payments, and what is still owed.
    const table = page.getByTestId('statements-table');
    await expect(table.locator('tbody tr[data-status="paid"]').first()).toBeVisible();
    await expectRows(page.getByTestId('overdue-table'), 'the overdue statements');
  });
  await screen('#/payments', 'payments', async () => {
    await expectRows(page.getByTestId('payments-table'), 'the payments', 10);
    await expect(page.getByTestId('payments-table')).toContainText('TRF-');
  });
  await screen('#/imports', 'imports', async () => {
    const log = page.getByTestId('import-log');
    await expectRows(log, 'the import log', 2);
    await expect(log).toContainText('demo generator');
    await expect(log).toContainText('demo bank transfers 2022.csv');
  });

  await screen('#/tariffs', 'tariffs', async () => {
    const tariffs = page.getByTestId('tariffs-table');
    await expectRows(tariffs, 'the tariffs');
    const demo = tariffs.locator('tbody tr', { hasText: 'mea-2.2.2-tou' });
    await expect(demo).toContainText('Energy charge, Ft, Service charge, VAT 7 %');
    await expect(demo).toContainText('mea-2.2.2-tou-2022-09 (2022-09-01)');
    await expectRows(page.locator('main [data-testid="accounts-table"]'), 'the accounts', 9);
    // The bill calculator works on the demo: the mall's October.
    await page.getByLabel('Account to bill').selectOption('mea-mall');
    await page.getByLabel('Bill from').fill('2022-10-01');
    await page.getByLabel('Bill to').fill('2022-10-31');
    const calculate = page.getByRole('button', { name: 'Calculate' });
    await expect(calculate).toBeEnabled();
    await app.clickAndWait(calculate, 'accounts:calculate', { params: { accountId: 'mea-mall' } });
    await expect(page.getByTestId('bill-total')).toHaveText(/\d/);
    await expectRows(page.getByTestId('bill-items'), 'the bill items', 4);
    await expectChart(page.getByTestId('bill-chart'), 'the bill chart');
  });

  await screen('#/accounts', 'accounts', async () => {
    const accounts = page.getByTestId('accounts-table');
    await expectRows(accounts, 'the accounts', 9);
    await expect(accounts.locator('[data-account="mea-mall"]')).toContainText('TH-BKK');
    // The editor's lists come from the reference data: the utilities, then the chosen one's lists.
    const editor = page.getByTestId('account-editor');
    const options = (label: string) =>
      editor.getByLabel(label, { exact: true }).locator('option:not([value=""])');
    await expect(options('Utility')).toContainText(['EGAT', 'MEA', 'PEA']);
    await editor.getByLabel('Utility', { exact: true }).selectOption('MEA');
    await expect(options('Load zone')).toContainText(['TH-BKK']);
    await expect(options('Rate class')).toContainText(['2.2']);
    await expect(options('Voltage')).toContainText(['Below 12 kV']);
    for (const profile of [
      'SF-MidriseApartment',
      'SF-PrimarySchool',
      'SF-RetailStore',
      'SF-SmallOffice',
      'SF-Supermarket',
      'SF-Warehouse',
    ])
      await expect(options('Load profile').filter({ hasText: profile })).toHaveCount(1);
  });

  await screen('#/meters', 'meters', async () => {
    const builder = page.getByTestId('virtual-meter-builder');
    for (const tenant of ['c-mall-anchor', 'c-mall-food', 'c-mall-shops'])
      await expect(builder.getByRole('button', { name: tenant })).toBeVisible();
    // The mall's incomer month by month, with its costs on the tariff.
    const explorer = page.getByTestId('resolution-explorer');
    await explorer.getByLabel('Explorer meter').selectOption('c-mall-main');
    await explorer.getByLabel('Resolution').selectOption('MONTHLY');
    await app.clickAndWait(explorer.getByRole('button', { name: 'Show' }), 'consumption:device', {
      params: { deviceId: 'c-mall-main' },
    });
    await expect(explorer.getByTestId('explorer-totals')).toContainText(/cost ฿[\d,]+\.\d\d\b/);
    await expectRows(explorer.getByTestId('explorer-table'), 'the months of the incomer', 12);
    await expectChart(explorer.getByTestId('explorer-chart'), 'the explorer chart');
    // A tenant's share of the incomer, previewed hour by hour.
    await builder.getByRole('button', { name: 'c-mall-food' }).click();
    await builder.getByLabel('Preview from').fill('2022-10-12');
    await builder.getByLabel('Preview to').fill('2022-10-12');
    await app.clickAndWait(builder.getByRole('button', { name: 'Preview' }), 'virtual-meters:preview', {
      params: { meterId: 'c-mall-food' },
    });
    await expectChart(builder.getByTestId('virtual-chart'), 'the tenant’s preview');
  });

  await screen('#/audit', 'audit', async () => {
    await expectRows(page.getByTestId('audit-table'), 'the audit log', 10);
  });
  // The recent list names the files this server switched to before: a fresh server has none, so
  // it is the one list checked for its empty state nowhere (it is not the workspace's data).
  await screen(
    '#/workspace',
    'workspace',
    async () => {
      await expect(page.getByTestId('current-workspace')).toContainText('Bangkok 24/7 CFE demo (prorata)');
      const market = page.getByTestId('workspace-market');
      if ((await market.count()) > 0) await expect(market).toContainText('11 participant(s)');
    },
    () => page.locator('main .card').filter({ hasNot: page.getByRole('heading', { name: 'Recent' }) }),
  );
  if (nav.includes('#/workspace/definition'))
    await screen('#/workspace/definition', 'market-definition', async () => {
      await expect(page.getByTestId('definition-editor')).toBeVisible();
      await expectRows(page.getByTestId('definition-participants'), 'the participants', 11);
    });

  // Every screen of the main navigation was visited.
  expect(nav.filter((href) => !visited.has(href))).toEqual([]);
});
