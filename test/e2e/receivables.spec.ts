/**
 * Money that reconciles (issue 17), as a trader works it: payments recorded
 * against a statement's amount due from the Payments form, refused when the
 * amount has more decimals than the baht has, undone with a reason; the
 * Receivables page's totals and aging tables foot as displayed, its statements
 * filter by status and sort by amount, and no amount shows more than 2 decimals.
 *
 * The e2e server's demo workspace is shared by every spec of the run: these
 * journeys pay Bang Rak Primary School's statements (no other spec does) and
 * undo what they pay, and read every expectation from the API at the time.
 */
import { readFileSync } from 'node:fs';

import { expect, test, type Page } from '@playwright/test';

import type { PaymentListDto, ReceivablesDto } from '../../shared/contract';
import { Dec } from '../../shared/units';

import { expectFoots, readFigure } from './footing';
import { EnergyLedgerApp } from './models';

const AS_OF = '2022-03-15';
const PAYER = 'c-school';

type Month = ReceivablesDto['participants'][number]['months'][number];

async function receivables(app: EnergyLedgerApp, participantId?: string): Promise<ReceivablesDto> {
  const scope = participantId ? `&participantId=${participantId}` : '';
  return (await app.api<{ data: ReceivablesDto }>(`/api/receivables?asOf=${AS_OF}${scope}`)).data;
}

async function statementOf(app: EnergyLedgerApp, month: string): Promise<Month> {
  const found = (await receivables(app, PAYER)).participants[0]?.months.find((m) => m.month === month);
  expect(found, `${PAYER}'s statement of ${month}`).toBeDefined();
  return found!;
}

async function paymentsOf(app: EnergyLedgerApp): Promise<PaymentListDto['payments']> {
  return (await app.api<{ data: PaymentListDto }>(`/api/payments?participantId=${PAYER}&includeUndone=true`))
    .data.payments;
}

/** The Receivables page as of AS_OF (it first shows today's). */
async function openReceivables(app: EnergyLedgerApp, page: Page): Promise<void> {
  await app.answerTo('receivables:list', () => app.open('#/receivables'));
  await page.getByLabel('As of').fill(AS_OF);
  await app.clickAndWait(page.getByRole('button', { name: 'Show' }), 'receivables:list');
  await expect(page.getByRole('heading', { name: `Overdue as of ${AS_OF}` })).toBeVisible();
}

/** The Payments page with PAYER and one of its statements chosen in the form. */
async function openPaymentForm(app: EnergyLedgerApp, page: Page, statement: string): Promise<void> {
  await app.answerTo('payments:list', () => app.open('#/payments'));
  const form = page.getByTestId('payment-form');
  await app.answerTo('receivables:list', () => form.getByLabel('Payment participant').selectOption(PAYER));
  await form.getByLabel('Payment statement').selectOption(statement);
}

const statementRow = (page: Page, number: string) =>
  page.getByTestId('statements-table').locator(`tbody tr[data-statement="${number}"]`);

test('records a payment of exactly the amount due, which pays the statement, then undoes it with a reason', async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  const february = await statementOf(app, '2022-02');
  expect(february.payments).toEqual([]);
  const due = february.amount;
  const shownDue = `฿${new Dec(due).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

  // Recorded from the form, against the statement chosen by its number.
  await openPaymentForm(app, page, february.invoiceNumber);
  const form = page.getByTestId('payment-form');
  await expect(form.getByTestId('payment-statement-hint')).toContainText(`Amount due ${shownDue}`);
  await form.getByLabel('Payment amount').fill(due);
  await form.getByLabel('Paid on').fill('2022-03-10');
  await form.getByLabel('Payment reference').fill('RCV-E2E-FULL');
  const recorded = await app.clickAndWait(
    form.getByRole('button', { name: 'Record payment' }),
    'payments:record',
  );
  const payment = ((await recorded.json()) as { data: { id: number; statement: string } }).data;
  expect(payment.statement).toBe(february.invoiceNumber);
  await expect(page.getByTestId('payment-message')).toContainText(`Recorded payment #${payment.id}`);
  const row = page.getByTestId('payments-table').locator(`tbody tr[data-payment="${payment.id}"]`);
  await expect(row).toContainText('RCV-E2E-FULL');
  await expect(row.getByTestId('payment-amount')).toHaveText(shownDue);
  await expect(row).toContainText('recorded by hand');

  // On Receivables the statement is paid: nothing outstanding.
  await openReceivables(app, page);
  const paid = statementRow(page, february.invoiceNumber);
  await expect(paid.getByTestId('statement-status')).toHaveText('paid');
  await expect(paid.getByTestId('statement-paid')).toHaveText(shownDue);
  await expect(paid.getByTestId('statement-outstanding')).toHaveText('฿0.00');
  // Opened, it shows the ledger's exact amount and the Rounding that make the amount due.
  await paid.getByRole('button', { name: february.invoiceNumber }).click();
  const detail = page.getByTestId('statement-detail');
  await expect(detail.getByTestId('detail-exact')).toHaveText(`${february.exactAmount} THB`);
  await expect(detail.getByTestId('detail-rounding')).toHaveText(`${february.rounding} THB`);
  await expect(detail.getByTestId('detail-amount')).toContainText(shownDue);
  expect(new Dec(february.exactAmount).plus(february.rounding).toFixed(2)).toBe(new Dec(due).toFixed(2));
  await expect(detail.getByTestId('detail-payments')).toContainText('RCV-E2E-FULL');

  // Undone with a reason (required): listed struck through with the reason, the statement open again.
  await app.answerTo('payments:list', () => app.open('#/payments'));
  const undoRow = page.getByTestId('payments-table').locator(`tbody tr[data-payment="${payment.id}"]`);
  await undoRow.getByRole('button', { name: `Undo payment #${payment.id}` }).click();
  const dialog = page.getByTestId('undo-payment-dialog');
  const confirm = dialog.getByRole('button', { name: 'Undo payment', exact: true });
  await expect(confirm).toBeDisabled();
  const reason = 'recorded against the wrong statement';
  await dialog.getByLabel('Reason for undoing').fill(reason);
  await app.clickAndWait(confirm, 'payments:undo', { params: { id: String(payment.id) } });
  await expect(dialog).toBeHidden();
  await expect(undoRow).toHaveAttribute('data-undone', 'true');
  await expect(undoRow.getByTestId('payment-undone')).toContainText(reason);
  await expect(undoRow.getByTestId('payment-amount').locator('s')).toHaveText(shownDue);
  await expect(undoRow.getByRole('button', { name: /Undo payment/ })).toHaveCount(0);

  await openReceivables(app, page);
  const open = statementRow(page, february.invoiceNumber);
  await expect(open.getByTestId('statement-status')).toHaveText('unpaid');
  await expect(open.getByTestId('statement-paid')).toHaveText('฿0.00');
  await expect(open.getByTestId('statement-outstanding')).toHaveText(shownDue);

  // Both are in the audit log.
  await app.answerTo('audit:list', () => app.open('#/audit'));
  await page.getByLabel('Audit kind').selectOption('payment');
  await page.getByLabel('Audit text').fill(PAYER);
  await app.clickAndWait(page.getByRole('button', { name: 'Filter' }), 'audit:list');
  const audit = page.getByTestId('audit-table').locator('tbody tr');
  await expect(audit.filter({ hasText: 'reference RCV-E2E-FULL' })).toHaveCount(1);
  await expect(audit.filter({ hasText: `payment #${payment.id} of ${due}` })).toContainText(
    `undone: ${reason}`,
  );
});

test('refuses a payment with more decimals than the baht has, beside the amount, and records nothing', async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  const january = await statementOf(app, '2022-01');
  const before = await paymentsOf(app);

  await openPaymentForm(app, page, january.invoiceNumber);
  const form = page.getByTestId('payment-form');
  const amount = form.getByLabel('Payment amount');
  await amount.fill('10.555');
  await form.getByLabel('Paid on').fill('2022-03-01');
  await form.getByLabel('Payment reference').fill('RCV-E2E-DECIMALS');
  await app.clickAndWait(form.getByRole('button', { name: 'Record payment' }), 'payments:record', {
    expect: 'refused',
  });
  const error = form.getByTestId('error-amount');
  await expect(error).toContainText('3 decimal');
  await expect(error).toHaveAttribute('role', 'alert');
  await expect(amount).toHaveAttribute('aria-invalid', 'true');
  await expect(amount).toHaveAttribute('aria-describedby', (await error.getAttribute('id'))!);
  // The form keeps what was typed; nothing else is marked.
  await expect(amount).toHaveValue('10.555');
  await expect(form.getByLabel('Payment reference')).toHaveValue('RCV-E2E-DECIMALS');
  await expect(form.getByLabel('Payment statement')).toHaveValue(january.invoiceNumber);
  await expect(form.locator('.field-error')).toHaveCount(1);
  await expect(page.getByTestId('payment-message')).toHaveCount(0);
  expect(await paymentsOf(app)).toEqual(before);
});

test('Receivables: totals and aging foot, statements filter by status and sort by amount, amounts to 2 decimals', async ({
  page,
}) => {
  const app = new EnergyLedgerApp(page);
  const api = await receivables(app);
  await openReceivables(app, page);

  // The totals per direction, and the tables that break them down, foot to them as displayed.
  const toMarket = readFigure(await page.getByTestId('total-owed-to-market').innerText());
  const byMarket = readFigure(await page.getByTestId('total-owed-by-market').innerText());
  expect(toMarket.toFixed(2)).toBe(new Dec(api.totals.owedToMarket).toFixed(2));
  expect(byMarket.toFixed(2)).toBe(new Dec(api.totals.owedByMarket).toFixed(2));
  for (const testId of ['aging-table', 'balances-table']) {
    const table = page.getByTestId(testId);
    const to = await expectFoots(table, 'Owed to the market');
    const by = await expectFoots(table, 'Owed by the market');
    const count = await expectFoots(table, 'Open statements');
    // Amounts on the minor unit: the rows add up without a Rounding row.
    for (const column of [to, by, count]) expect(column.shown.rounding).toBeNull();
    expect(to.total.toFixed(2)).toBe(toMarket.toFixed(2));
    expect(by.total.toFixed(2)).toBe(byMarket.toFixed(2));
    expect(count.total.toNumber()).toBe(api.aging.reduce((n, a) => n + a.statements, 0));
  }
  await expect(page.getByTestId('aging-table').locator('tbody tr')).toHaveCount(5);

  // Filtered by status: only those rows, as many as the API lists.
  const months = api.participants.flatMap((p) => p.months);
  const rows = page.getByTestId('statements-table').locator('tbody tr');
  await expect(rows).toHaveCount(months.length);
  const filter = page.getByLabel('Status filter');
  for (const status of ['overdue', 'unpaid'] as const) {
    const expected = months.filter((m) => m.status === status).length;
    expect(expected).toBeGreaterThan(0);
    await filter.selectOption(status);
    await expect(rows).toHaveCount(expected);
    await expect(rows.getByTestId('statement-status').filter({ hasNotText: status })).toHaveCount(0);
  }
  await filter.selectOption('paid');
  await expect(rows).toHaveCount(months.filter((m) => m.status === 'paid').length);
  await filter.selectOption('');
  await expect(rows).toHaveCount(months.length);

  // Sorted by amount due: ascending, then descending; the figures are those of the API.
  const amountHeader = page.getByTestId('statements-table').getByRole('columnheader', { name: 'Amount due' });
  const shownAmounts = async () =>
    (await rows.getByTestId('statement-amount').allInnerTexts()).map((t) => readFigure(t).toFixed(2));
  const ascending = months.map((m) => new Dec(m.amount)).sort((a, b) => a.comparedTo(b));
  await amountHeader.click();
  await expect(amountHeader).toHaveAttribute('aria-sort', 'ascending');
  expect(await shownAmounts()).toEqual(ascending.map((d) => d.toFixed(2)));
  await amountHeader.click();
  await expect(amountHeader).toHaveAttribute('aria-sort', 'descending');
  expect(await shownAmounts()).toEqual([...ascending].reverse().map((d) => d.toFixed(2)));
  // Sorted by days overdue, most overdue first.
  const lateHeader = page.getByTestId('statements-table').getByRole('columnheader', { name: 'Days overdue' });
  await lateHeader.click();
  await lateHeader.click();
  await expect(lateHeader).toHaveAttribute('aria-sort', 'descending');
  const late = (await rows.getByTestId('statement-days-overdue').allInnerTexts()).map((t) =>
    readFigure(t).toNumber(),
  );
  expect(late).toEqual([...late].sort((a, b) => b - a));
  expect(late[0]).toBe(Math.max(...months.map((m) => m.daysOverdue)));

  // With a statement opened too, no amount on the page has more than 2 decimals.
  await rows.first().getByRole('button', { name: /^EL-/ }).click();
  await expect(page.getByTestId('statement-detail')).toBeVisible();
  const cells = await page.getByTestId('receivables-page').locator('td.num').allInnerTexts();
  expect(cells.length).toBeGreaterThan(months.length * 4);
  const tooPrecise = cells.filter((text) => /\.\d{3,}/.test(text));
  expect(tooPrecise).toEqual([]);
  for (const text of await page.getByTestId('statements-table').locator('td.num').allInnerTexts())
    expect(text).toMatch(/^(−?฿[\d,]+\.\d{2}|\d[\d,]*)$/);

  // A participant's statement of account, as PDF and as CSV, lists its statements.
  const school = page.getByTestId('balances-table').locator(`tbody tr[data-participant="${PAYER}"]`);
  const name = api.participants.find((p) => p.participantId === PAYER)!.name;
  const pdf = page.waitForEvent('download');
  await school.getByRole('button', { name: `Statement of account of ${name} as PDF` }).click();
  expect(
    readFileSync(await (await pdf).path())
      .subarray(0, 5)
      .toString('latin1'),
  ).toBe('%PDF-');
  const csv = page.waitForEvent('download');
  await school.getByRole('button', { name: `Statement of account of ${name} as CSV` }).click();
  const text = readFileSync(await (await csv).path(), 'utf8');
  for (const m of api.participants.find((p) => p.participantId === PAYER)!.months)
    expect(text).toContain(m.invoiceNumber);
});
