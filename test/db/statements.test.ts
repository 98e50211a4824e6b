/**
 * Monthly statements (issues 10 and 17): a prosumer's credit note and a
 * consumer's invoice from a published run equal the views' totals for that run;
 * each is numbered, dated and referenced, its seller and buyer set by who owes
 * whom; exact total + rounding = the amount due, in the minor unit, as are
 * payments and balances (the receivables'); the PDF (read back with Mozilla's
 * pdf.js) carries the figures, the run's identity, Thai names and the baht
 * sign; the CSV re-read adds up to the same totals and amount due, prior-period
 * adjustments included; the same statement gives the same bytes, as does the
 * statement of account; an unsettled month is refused.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { decomposeSaraAm, grouped } from '../../main/statements/statement-pdf';
import { Workspace } from '../../main/store/workspace';
import type { StatementDto } from '../../shared/contract';
import { parseTenThousandths } from '../../shared/currency';
import { Dec } from '../../shared/units';
import { runCli } from '../helpers/cli';
import { pdfText } from '../helpers/pdf-text';
import { correctClosedNovember, MARKET_NAMES, statementsMarket } from '../helpers/statements-market';
import { callOk, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
const { workspace: WORKSPACE, c1: C1, c2: C2, gA: GA } = MARKET_NAMES;
let workspace: Workspace;
const call = (name: string, input: unknown) => callOk(workspace, name, input);

beforeAll(async () => {
  workspace = await statementsMarket(temp.file('statements.sqlite'), temp.dir);
});
afterAll(async () => {
  await workspace.close();
  temp.cleanup();
});

describe('monthly statements', () => {
  it("a consumer's bill and a prosumer's earnings equal the views and the receivables for the same run", async () => {
    const bill = await call('statements:get', { participantId: 'c1', month: '2022-12', asOf: '2023-01-15' });
    const overview = (
      await call('consumer:overview', { consumerId: 'c1', month: 12, year: 2022, meterType: 1 })
    ).data;
    expect(bill.workspaceName).toBe(WORKSPACE);
    expect(bill.participant.name).toBe(C1);
    expect(bill.run.id).toBe(overview.runId);
    expect(bill.run.identity).toMatch(/^[0-9a-f]{64}$/);
    const b = bill.meterTypes[0].bill;
    expect(bill.meterTypes[0].earnings).toBeNull();
    expect(b.total).toBe(new Dec(overview.total_cost).toFixed(4));
    expect(b.traded.amount).toBe(overview.traded.cost);
    expect(b.grid.amount).toBe(overview.energy_load.cost);
    expect(b.cfeScore).toBe(overview.cfe_score);
    expect(b.generators.reduce((s: Dec, g: any) => s.plus(g.amount), new Dec(0)).toFixed(4)).toBe(
      b.traded.amount,
    );
    expect(b.generators.reduce((s: Dec, g: any) => s.plus(g.kWh), new Dec(0)).toFixed()).toBe(
      new Dec(b.traded.kWh).toFixed(),
    );

    const earnings = await call('statements:get', {
      participantId: 'gA',
      month: '2022-12',
      asOf: '2023-01-15',
    });
    const tx = (
      await call('prosumer:transactions', { prosumerId: 'gA', month: 12, year: 2022, meterType: 1 })
    ).data;
    const e = earnings.meterTypes[0].earnings;
    expect(earnings.meterTypes[0].bill).toBeNull();
    expect(e.total).toBe(new Dec(tx.net_earnings).toFixed(4));
    for (const [key, seed] of [
      ['traded', 'traded'],
      ['openMarket', 'open_market'],
      ['unsold', 'unsold'],
    ] as const)
      expect([e[key].kWh, e[key].mwh, e[key].rec, e[key].amount]).toEqual([
        tx[seed].allocation,
        tx[seed].mwh,
        tx[seed].rec,
        tx[seed].cost,
      ]);
    expect(e.buyers.reduce((s: Dec, x: any) => s.plus(x.amount), new Dec(0)).toFixed(4)).toBe(
      e.traded.amount,
    );
    expect(new Dec(e.openMarket.kWh).greaterThan(0)).toBe(true);

    // Payments and balances: the Receivables screen's figures.
    const ledger = await call('receivables:list', { asOf: '2023-01-15', participantId: 'c1' });
    const [nov, dec] = ledger.participants[0].months;
    const novBill = await call('statements:get', {
      participantId: 'c1',
      month: '2022-11',
      asOf: '2023-01-15',
    });
    // Payments, what is outstanding and the balances are in the minor unit (satang), not the ledger's 4 decimals.
    // (A payment's amount is the text it was recorded with; what it comes to, `paid`, is in satang.)
    expect(novBill.payments).toEqual([{ paidOn: '2022-12-10', amount: '10.50', reference: '' }]);
    expect(novBill.paid).toBe('10.50');
    expect(novBill.outstanding).toBe('14.00');
    expect(novBill.balanceCarried).toBe('-14.00');
    expect(novBill.outstanding).toBe(nov.outstanding);
    expect(novBill.balanceCarried).toBe(nov.balanceCarried);
    expect(bill.balanceBroughtForward).toBe(nov.balanceCarried);
    expect(bill.thisMonth).toBe(`-${dec.amount}`);
    expect(bill.direction).toBe('receivable');
    expect(bill.balanceCarried).toBe(dec.balanceCarried);
    expect(bill.dueDate).toBe('2023-01-31');
    // The exact figures are in exactTotal; the amount due is it rounded to the satang.
    expect(bill.exactTotal).toBe(new Dec(b.total).negated().toFixed(4));
    expect(bill.thisMonth).toBe(new Dec(b.total).negated().toDecimalPlaces(2, Dec.ROUND_HALF_UP).toFixed(2));
    for (const s of [bill, novBill, earnings]) expect(s.balanceCarried).toMatch(/^-?\d+\.\d{2}$/);
  });

  it('each statement is an invoice or a credit note: numbered, dated, referenced, its seller and buyer by who owes whom, exact total + rounding = amount due', async () => {
    const numbers = new Set<string>();
    for (const month of ['2022-11', '2022-12'])
      for (const participantId of ['c1', 'c2', 'gA', 'gB']) {
        const s: StatementDto = await call('statements:get', { participantId, month, asOf: '2023-01-15' });
        expect(s.ofRecord).toBe(true);
        expect(s.number).toMatch(/^EL-\d{4}-\d{6}$/);
        expect(s.number.slice(3, 7)).toBe(month.slice(0, 4));
        numbers.add(s.number);
        expect(s.paymentReference).toMatch(/^RF\d{2}[0-9A-Z]+$/);
        expect(s.paymentReference).toContain(s.number.replace(/-/g, ''));
        expect(s.issueDate).toBe(month === '2022-11' ? '2022-12-01' : '2023-01-01');
        expect(s.dueDate).toBe(month === '2022-11' ? '2022-12-31' : '2023-01-31');
        // Lines + rounding = amount due, exactly (ten-thousandths), the amount due in the minor unit.
        const exact = parseTenThousandths(s.exactTotal)!;
        const rounding = parseTenThousandths(s.rounding)!;
        expect(s.exactTotal).toMatch(/^-?\d+\.\d{4}$/);
        expect(s.thisMonth).toMatch(/^-?\d+\.\d{2}$/);
        expect(exact + rounding).toBe(parseTenThousandths(s.thisMonth));
        expect(rounding < 50n && rounding >= -50n).toBe(true);
        expect(s.amountDue).toBe(s.thisMonth.replace(/^-/, ''));
        const owes = participantId.startsWith('c');
        expect(s.kind).toBe(owes ? 'invoice' : 'credit-note');
        expect(s.direction).toBe(owes ? 'receivable' : 'payable');
        expect(new Dec(s.thisMonth).isNegative()).toBe(owes);
        const market = { id: 'market', name: WORKSPACE };
        const party = { id: participantId, name: s.participant.name };
        // An invoice is the market's sale to the participant; a credit note the participant's sale to the market.
        expect([s.seller, s.buyer]).toEqual(owes ? [market, party] : [party, market]);
      }
    expect(numbers.size).toBe(8);
  });

  it("a bill's grid is its energy at each rate and the tariff items: amounts and kWh add up", async () => {
    for (const participantId of ['c1', 'c2']) {
      const s: StatementDto = await call('statements:get', {
        participantId,
        month: '2022-12',
        asOf: '2023-01-15',
      });
      const b = s.meterTypes[0]!.bill!;
      expect(b.gridEnergy.length).toBeGreaterThan(0);
      const sum = (values: string[]) => values.reduce((t, v) => t.plus(v), new Dec(0));
      expect(
        sum([...b.gridEnergy.map((g) => g.amount), ...b.tariffItems.map((t) => t.amount)]).toFixed(4),
      ).toBe(b.grid.amount);
      // kWh to the Wh: the grid's energy at each rate is the grid's energy.
      expect(sum(b.gridEnergy.map((g) => g.kWh)).toFixed(3)).toBe(new Dec(b.grid.kWh).toFixed(3));
      for (const g of b.gridEnergy)
        expect(new Dec(g.kWh).times(g.rate).minus(g.amount).abs().lte('0.01')).toBe(true);
    }
  });

  it('the PDF carries the figures, the run, Thai names and ฿ in an embedded font; same statement, same bytes', async () => {
    const statement = await call('statements:get', {
      participantId: 'c2',
      month: '2022-12',
      asOf: '2023-01-15',
    });
    const file = await call('statements:file', {
      participantId: 'c2',
      month: '2022-12',
      format: 'pdf',
      asOf: '2023-01-15',
    });
    expect(file.mediaType).toBe('application/pdf');
    expect(file.fileName).toBe(`statement-c2-2022-12-run${statement.run.id}.pdf`);
    const bytes = Buffer.from(file.base64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // Thai and ฿ only exist in the embedded Noto fonts: both are embedded (subset), no standard font is used.
    const raw = bytes.toString('latin1');
    expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansThai-Regular/);
    expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+NotoSans-Bold/);
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);

    const text = await pdfText(bytes);
    expect(text).toContain(decomposeSaraAm(WORKSPACE));
    expect(text).toContain(decomposeSaraAm(C2)); // บริษัท น้ำใส จำกัด, SARA AM as the font draws it
    expect(text).toContain(decomposeSaraAm(GA)); // a generator it bought from
    expect(text).toContain('Invoice · ใบแจ้งหนี้');
    expect(text).toContain('Electricity bill');
    expect(text).toContain(statement.number);
    expect(text).toContain(statement.paymentReference);
    expect(text).toContain(`Run identity ${statement.run.identity}`);
    // The ledger's lines to 4 decimals, energy to 3; the amount due in satang, after the exact total and its rounding.
    const kWh = (value: string) => grouped(new Dec(value).toDecimalPlaces(3, Dec.ROUND_HALF_UP).toFixed(3));
    const b = statement.meterTypes[0].bill;
    expect(text).toContain(`฿${grouped(b.total)}`);
    expect(text).toContain(`฿${grouped(b.traded.amount)}`);
    expect(text).toContain(`฿${grouped(b.grid.amount)}`);
    for (const g of b.gridEnergy) expect(text).toContain(`฿${grouped(g.amount)}`);
    expect(text).toContain(kWh(b.grid.kWh));
    for (const g of b.generators) expect(text).toContain(`฿${grouped(g.amount)}`);
    expect(text).toContain(`฿${grouped(new Dec(statement.exactTotal).negated().toFixed(4))}`);
    expect(text).toContain('Rounding to ฿0.01');
    expect(text).toMatch(new RegExp(`Amount to pay · ยอดที่ต้องชําระ\\s*฿${statement.amountDue}`));
    expect(text).toContain(`CFE score ${new Dec(b.cfeScore).times(100).toFixed(2)} %`);
    expect(text).toContain('due by 2023-01-31');

    expect((await statementBytes('c2', '2022-12', 'pdf')).toString('base64')).toBe(file.base64);

    // A credit note names the participant as seller; a run that is not of record prints as a preview.
    const creditNote = await statementText('gA', '2022-12');
    expect(creditNote).toContain('Credit note · ใบลดหนี้');
    expect(creditNote).toContain('Amount credited to you');

    // The statement of account: the same bytes for the same input, its balance the receivables'.
    const account = await call('statements:account', { participantId: 'c1', asOf: '2023-01-15' });
    const ledger = await call('receivables:list', { asOf: '2023-01-15', participantId: 'c1' });
    expect(account.closingBalance).toBe(ledger.participants[0].months.at(-1).balanceCarried);
    const accountFile = async () =>
      call('statements:account-file', { participantId: 'c1', format: 'pdf', asOf: '2023-01-15' });
    const first = await accountFile();
    expect(first.mediaType).toBe('application/pdf');
    expect((await accountFile()).base64).toBe(first.base64);
    const accountText = await pdfText(Buffer.from(first.base64, 'base64'));
    expect(accountText).toContain('Statement of account');
    expect(accountText).toContain(decomposeSaraAm(C1));
    for (const line of account.lines) expect(accountText).toContain(line.number);
  });

  it('the CSV re-read adds up to the statement, which equals the views, and to its amount due', async () => {
    const statement = await call('statements:get', {
      participantId: 'gA',
      month: '2022-11',
      asOf: '2023-01-15',
    });
    const rows = await csvRows('gA', '2022-11');
    expect(rows[0]).toEqual([
      'section',
      'item',
      'id',
      'name',
      'energy_kWh',
      'energy_MWh',
      'RECs',
      'average_price_THB_per_kWh',
      'amount_THB',
      'note',
    ]);
    expect(
      rows.some((r) => r[0] === 'statement' && r[1] === 'run' && r[3]!.includes(statement.run.identity)),
    ).toBe(true);
    expect(rows.some((r) => r[3] === GA)).toBe(true);
    const amount = (item: string) =>
      rows.filter((r) => r[0] === 'earnings' && r[1] === item).map((r) => r[8]!);
    const kinds = ['traded (24/7 CFE)', 'open market', 'unsold'].map((k) => amount(k)[0]!);
    expect(kinds.reduce((s, x) => s.plus(x), new Dec(0)).toFixed(4)).toBe(amount('total earnings')[0]);
    expect(amount('total earnings')[0]).toBe(statement.meterTypes[0].earnings.total);
    expect(
      amount('traded to')
        .reduce((s, x) => s.plus(x), new Dec(0))
        .toFixed(4),
    ).toBe(kinds[0]);
    // The document: number, kind, dates, reference, seller and buyer.
    const info = (item: string) => rows.find((r) => r[0] === 'statement' && r[1] === item);
    expect(info('number')![3]).toBe(statement.number);
    expect(info('kind')!.slice(2, 4)).toEqual(['credit-note', 'credit note']);
    expect(info('issue date')![3]).toBe('2022-12-01');
    expect(info('due date')![3]).toBe('2022-12-31');
    expect(info('payment reference')![3]).toBe(statement.paymentReference);
    expect(info('seller')!.slice(2, 4)).toEqual(['gA', GA]);
    expect(info('buyer')!.slice(2, 4)).toEqual(['market', WORKSPACE]);
    checkCsvTotal(rows, statement);

    // A consumer's bill: the grid is its energy at each rate and the tariff items; the invoice's amount due.
    const bill = await call('statements:get', { participantId: 'c1', month: '2022-11', asOf: '2023-01-15' });
    const billRows = await csvRows('c1', '2022-11');
    const billAmount = (item: string) =>
      billRows.filter((r) => r[0] === 'bill' && r[1] === item).map((r) => new Dec(r[8]!));
    expect(billAmount('grid energy (in grid)').length).toBe(bill.meterTypes[0].bill.gridEnergy.length);
    expect(
      [...billAmount('grid energy (in grid)'), ...billAmount('tariff item (in grid)')]
        .reduce((s, x) => s.plus(x), new Dec(0))
        .toFixed(4),
    ).toBe(billAmount('grid')[0]!.toFixed(4));
    expect(billRows.find((r) => r[1] === 'seller')!.slice(2, 4)).toEqual(['market', WORKSPACE]);
    expect(billRows.find((r) => r[1] === 'buyer')!.slice(2, 4)).toEqual(['c1', C1]);
    checkCsvTotal(billRows, bill);
    const account = (item: string) => billRows.find((r) => r[0] === 'account' && r[1] === item)?.[8];
    expect(account('payment')).toBe(bill.payments[0].amount);
    expect(account('paid')).toBe('10.50');
    expect(account('outstanding')).toBe(bill.outstanding);
  });

  it('refuses an unsettled month; the CLI writes one file per participant', async () => {
    await expect(call('statements:get', { participantId: 'c1', month: '2023-01' })).rejects.toThrow(
      /2023-01 is not settled: settle it first/,
    );
    const out = temp.file('statements');
    await workspace.close();
    let result: { code: number; stdout: string };
    try {
      result = await runCli([
        'statements',
        '--db',
        temp.file('statements.sqlite'),
        '--month',
        '2022-12',
        '--out',
        out,
      ]);
    } finally {
      workspace = await Workspace.open(temp.file('statements.sqlite'));
    }
    expect(result.code).toBe(0);
    const files = result.stdout
      .trim()
      .split('\n')
      .map((f) => path.basename(f));
    expect(files.map((f) => f.replace(/-run\d+\.pdf$/, ''))).toEqual([
      'statement-c1-2022-12',
      'statement-c2-2022-12',
      'statement-gA-2022-12',
      'statement-gB-2022-12',
    ]);
    const text = await pdfText(readFileSync(path.join(out, files[2]!)));
    expect(text).toContain('Credit note');
    expect(text).toContain(decomposeSaraAm(GA));
  });

  it('a prior-period adjustment is its own line naming the invoice it corrects; a preview has no number', async () => {
    const november = await call('statements:get', {
      participantId: 'c1',
      month: '2022-11',
      asOf: '2023-01-15',
    });
    // November closed, then Consumer One's 14 November corrected and the re-settlement accepted.
    const held = await correctClosedNovember(workspace, temp.dir);

    const december: StatementDto = await call('statements:get', {
      participantId: 'c1',
      month: '2022-12',
      asOf: '2023-01-15',
    });
    expect(december.adjustments.length).toBe(1);
    const [adjustment] = december.adjustments;
    expect(adjustment!.originalNumber).toBe(november.number);
    expect(adjustment!.amount).toMatch(/^-?\d+\.\d{2}$/);
    const exact = parseTenThousandths(december.exactTotal)!;
    expect(exact).toBe(parseTenThousandths(december.monthAmount)! + parseTenThousandths(adjustment!.amount)!);
    expect(exact + parseTenThousandths(december.rounding)!).toBe(parseTenThousandths(december.thisMonth));
    checkCsvTotal(await csvRows('c1', '2022-12'), december);
    const text = await statementText('c1', '2022-12');
    expect(text).toContain(
      `Adjustment to ${november.number} (2022-11, run ${adjustment!.fromRunId} to run ${adjustment!.toRunId})`,
    );

    // The accepted run's November statement is not the statement of record: a preview, without a number.
    const preview: StatementDto = await call('statements:get', {
      participantId: 'c1',
      month: '2022-11',
      runId: held.runId,
      asOf: '2023-01-15',
    });
    expect(preview.ofRecord).toBe(false);
    expect(preview.number).toBe('');
    expect(preview.paymentReference).toBe('');
    expect(parseTenThousandths(preview.exactTotal)! + parseTenThousandths(preview.rounding)!).toBe(
      parseTenThousandths(preview.thisMonth),
    );
    const previewRows = await csvRows('c1', '2022-11', held.runId);
    expect(previewRows.find((r) => r[1] === 'number')![3]).toBe('preview: not an issued statement');
    checkCsvTotal(previewRows, preview);
    expect(previewRows.some((r) => r[0] === 'account')).toBe(false);
    const previewText = await statementText('c1', '2022-11', held.runId);
    expect(previewText).toContain('Preview — not an issued statement');
    expect(previewText).not.toContain('EL-2022-');
  });
});

/** A statement's file as of 2023-01-15 (the month's statement of record, or run `runId`'s), its bytes. */
async function statementBytes(
  participantId: string,
  month: string,
  format: 'pdf' | 'csv',
  runId?: number,
): Promise<Buffer> {
  const file = await call('statements:file', {
    participantId,
    month,
    format,
    asOf: '2023-01-15',
    ...(runId === undefined ? {} : { runId }),
  });
  return Buffer.from(file.base64, 'base64');
}

/** A statement's PDF, its text read back. */
async function statementText(participantId: string, month: string, runId?: number): Promise<string> {
  return pdfText(await statementBytes(participantId, month, 'pdf', runId));
}

/** A statement's CSV, parsed (RFC 4180: quoted cells may hold commas, quotes and line ends). */
async function csvRows(participantId: string, month: string, runId?: number): Promise<string[][]> {
  const text = (await statementBytes(participantId, month, 'csv', runId)).toString('utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && ch === '"') quoted = false;
    else if (quoted) cell += ch;
    else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

/**
 * A statement's `total` section re-read: energy sold and bought and the prior-period
 * adjustments add up to the exact total, and the exact total + rounding = the amount due,
 * exactly; the amount due is the statement's (signed; its magnitude the document's amount).
 */
function checkCsvTotal(rows: string[][], s: StatementDto) {
  const total = rows.filter((r) => r[0] === 'total');
  const amount = (item: string) => total.filter((r) => r[1] === item).map((r) => parseTenThousandths(r[8]!)!);
  const lines = total
    .filter((r) => /^energy (sold|bought)/.test(r[1]!) || r[1] === 'prior-period adjustment')
    .map((r) => parseTenThousandths(r[8]!)!);
  expect(lines.length).toBe(
    s.meterTypes.flatMap((m) => [m.earnings, m.bill]).filter(Boolean).length + s.adjustments.length,
  );
  const [exact] = amount('exact total');
  const [rounding] = amount('rounding');
  const [due] = amount('amount due');
  expect(lines.reduce((a, b) => a + b, 0n)).toBe(exact);
  expect(exact! + rounding!).toBe(due);
  expect(due).toBe(parseTenThousandths(s.thisMonth));
  const dueRow = total.find((r) => r[1] === 'amount due')!;
  expect(dueRow[8]).toBe(s.thisMonth);
  expect(dueRow[8]!.replace(/^-/, '')).toBe(s.amountDue);
  expect(dueRow[2]).toBe(s.number);
  expect(total.filter((r) => r[1] === 'prior-period adjustment').map((r) => r[2])).toEqual(
    s.adjustments.map((a) => a.originalNumber),
  );
}
