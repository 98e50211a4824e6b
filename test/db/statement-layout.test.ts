/**
 * The statement PDFs are laid out cleanly (issue 17): read back with pdf.js, no two pieces
 * of text on any page overlap (each piece boxed by its position, advance and its font's
 * ascent and descent), and all text stays within the margins, for every invoice and credit
 * note of the golden market (bills, earnings, prior-period adjustments, a preview of a run
 * that is not the statement of record) and of a market made to be hard to set: names of
 * 200 characters in Thai and Latin (one a single word), amounts past a billion baht, a
 * generator selling to sixteen buyers, a tariff's items, a prosumer that also buys on two
 * meter types, and the same statements in yen, dollars and euros; and for every
 * participant's statement of account.
 *
 * On paper the lines are the ledger's, to 4 decimals, and every subtotal and total is their
 * sum; lines + Rounding = the amount due, exactly as printed, the amount due in the
 * currency's minor unit, as are payments and balances (read back and added up here).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { accountStatementPdf } from '../../main/statements/account-pdf';
import { statementPdf } from '../../main/statements/statement-pdf';
import { Workspace } from '../../main/store/workspace';
import type { AccountStatementDto, StatementDto } from '../../shared/contract';
import {
  formatMinorUnits,
  formatTenThousandthsTo,
  minorUnitDigits,
  parseTenThousandths,
  roundToMinorUnit,
} from '../../shared/currency';
import { currencySymbols } from '../../shared/display';
import { Dec } from '../../shared/units';
import { GOLDEN_TZ } from '../helpers/golden';
import { writeMonthPrices, writeMonthReadings } from '../helpers/month-files';
import { overlappingBoxes, pdfTextBoxes, type TextBox } from '../helpers/pdf-text';
import { correctClosedNovember, statementsMarket } from '../helpers/statements-market';
import { energyCharge, flatTariff, serviceCharge, vat } from '../helpers/tariff-fixture';
import { callOk, fixturesDir, importFileOk, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
const AS_OF = '2023-01-15';
const MARGIN = 48;
let golden: Workspace;
let hard: Workspace;

// The golden market of test/db/statements.test.ts (Thai names, two months, a payment), November then
// closed and corrected: December's statements carry prior-period adjustments.
async function goldenMarket(): Promise<Workspace> {
  const workspace = await statementsMarket(temp.file('golden.sqlite'), temp.dir);
  await correctClosedNovember(workspace, temp.dir);
  return workspace;
}

const thaiName = (n: number) =>
  `${n} ${'สหกรณ์ผู้ผลิตไฟฟ้าพลังงานแสงอาทิตย์ชุมชนริมแม่น้ำเจ้าพระยา จังหวัดนนทบุรี และปทุมธานี '.repeat(3)}`.slice(0, 200);
const latinName = (n: number) =>
  `${n} Cooperative of the Chao Phraya riverside community rooftop solar and battery storage producers, Nonthaburi and Pathum Thani provinces, Kingdom of Thailand, registered 2019`.slice(
    0,
    200,
  );
const oneWord = 'Ratchaprasongsolarcooperativeandcommunityenergytrust'.repeat(4).slice(0, 200);

/**
 * A market made to be hard to set: six generators and sixteen consumers with names of up to
 * 200 characters, a prosumer that also buys (on meter types 1 and 2), readings in the
 * hundreds of millions of kWh with six decimals, consumers on a tariff with a fixed charge
 * and VAT, and a payment to the ten-thousandth.
 */
async function hardMarket(): Promise<Workspace> {
  const workspace = await Workspace.create(temp.file('hard.sqlite'));
  const definition = JSON.parse(readFileSync(path.join(fixturesDir, 'workspace-golden.json'), 'utf8'));
  definition.settings.name = `${'ตลาดซื้อขายพลังงานสะอาดตลอด 24 ชั่วโมงแห่งภาคกลางตอนล่าง '.repeat(2)}(Lower Central Thailand 24/7 carbon-free energy exchange, settlement and clearing)`;
  const generators = ['gA', 'gB', 'g3', 'g4', 'g5', 'g6'];
  const consumers = ['c1', 'c2', ...Array.from({ length: 14 }, (_, i) => `c${i + 3}`)];
  const nameOf = (id: string, i: number) =>
    id === 'c2' ? oneWord : i % 3 === 0 ? thaiName(i) : i % 3 === 1 ? latinName(i) : `ผู้ใช้ไฟฟ้า ${i}`;
  definition.participants = [
    ...generators.map((id, i) => ({ id, name: nameOf(id, i), role: 'prosumer' })),
    ...consumers.map((id, i) => ({ id, name: nameOf(id, i + 10), role: 'consumer' })),
    { id: 'both', name: thaiName(7), role: 'prosumer' },
  ];
  definition.meters = [
    ...generators.map((id) => ({ id: `${id}-pv`, participantId: id, direction: 'generation' })),
    ...consumers.map((id) => ({ id: `${id}-main`, participantId: id, direction: 'consumption' })),
    { id: 'both-pv', participantId: 'both', direction: 'generation' },
    { id: 'both-main', participantId: 'both', direction: 'consumption' },
    { id: 'both-shop', participantId: 'both', direction: 'consumption', meterType: 2 },
  ];
  const members = [...generators, ...consumers, 'both'];
  definition.pools[0].members = members.map((participantId) => ({
    participantId,
    effectiveFrom: '2022-01-01',
  }));
  const offer = definition.offerPlans[0];
  definition.offerPlans = [...generators, 'both'].map((id, i) => ({
    ...offer,
    id: `${id}-offer`,
    participantId: id,
    planName: `${id} ${i % 2 ? 'แผนพลังงานแสงอาทิตย์ระยะยาว' : 'Long-term rooftop solar offer'}`,
    providerName: id,
    versions: [
      {
        ...offer.versions[0],
        pricePerKwh: ['3.2', '3.14159', '2.71828', '3.3333', '2.9', '3.05'][i] ?? '3.1',
      },
    ],
  }));
  await callOk(workspace, 'tariffs:save', { tariff: tariff() });
  definition.utilityPlans[0].planName = 'แผนค่าไฟฟ้าอัตราก้าวหน้า (Progressive residential rate, low voltage)';
  definition.utilityPlans[0].versions[0].rate = { type: 'tariff', masterTariffId: 'hard-tariff' };
  definition.utilityPlanAssignments = [...consumers, 'both'].map((participantId) => ({
    participantId,
    utilityPlanId: 'egat',
    effectiveFrom: '2022-01-01',
  }));
  await callOk(workspace, 'workspace:import-definition', { definition });

  const month = '2022-12';
  const readings: Record<string, string> = {
    // 385,802,465.6625 kWh at 3.2: ฿1,234,567,890.12 traded.
    [`gA-pv@${month}-12T10`]: '385802465.6625',
    [`gB-pv@${month}-12T10`]: '106668.580587',
    [`g3-pv@${month}-12T10`]: '1.234567',
    [`g4-pv@${month}-12T10`]: '777777.777777',
    [`g5-pv@${month}-12T10`]: '0.000001',
    [`g6-pv@${month}-14T11`]: '12345.678901',
    [`both-pv@${month}-12T10`]: '98765.432101',
    [`both-main@${month}-13T20`]: '4321.123457',
    [`both-shop@${month}-13T20`]: '17.000333',
  };
  consumers.forEach((id, i) => {
    readings[`${id}-main@${month}-12T10`] =
      `${25_000_000 + i * 1_234_567}.${String(100_003 + i * 7_919).slice(0, 6)}`;
    readings[`${id}-main@${month}-13T20`] = `${i + 1}.${String(333_333 + i).slice(0, 6)}`;
  });
  const meters = definition.meters.map((m: { id: string }) => m.id);
  writeMonthReadings(temp.file(`${month}-hard.csv`), month, GOLDEN_TZ, meters, readings);
  await importFileOk(workspace, temp.file(`${month}-hard.csv`));
  writeMonthPrices(temp.file(`${month}-hard-prices.csv`), month, GOLDEN_TZ, {
    [`${month}-14T11`]: '2.123457',
  });
  await importFileOk(workspace, temp.file(`${month}-hard-prices.csv`));
  await callOk(workspace, 'settlement:settle', { month });
  await callOk(workspace, 'payments:record', {
    participantId: 'c1',
    month,
    paidOn: '2023-01-10',
    amount: '98765432.12',
  });
  return workspace;
}

const tariff = () =>
  flatTariff({
    masterTariffId: 'hard-tariff',
    tariffName: 'Progressive rate (test)',
    currency: 'THB',
    rates: [
      energyCharge([{ max: '150', rate: '3.2484' }, { rate: '4.4217' }]),
      serviceCharge('38.22', 'Service charge for meters, billing and collection (low voltage, single phase)'),
      vat(),
    ],
  });

beforeAll(async () => {
  golden = await goldenMarket();
  hard = await hardMarket();
}, 120_000);
afterAll(async () => {
  await golden?.close();
  await hard?.close();
  temp.cleanup();
});

/** Every statement of a month's run (of record unless `runId`): each participant's, with its PDF read back. */
async function statementsOf(
  workspace: Workspace,
  month: string,
  runId?: number,
): Promise<{ statement: StatementDto; pages: Pages }[]> {
  const run =
    runId ?? (await callOk(workspace, 'months:list', {})).find((m: any) => m.month === month).inForceRunId;
  const ids = (
    await workspace.db.all<{ id: string }>(
      `SELECT participant_id AS id FROM settlement_daily WHERE run_id = ?
       UNION SELECT consumer_id FROM settlement_bill_lines WHERE run_id = ?
       UNION SELECT participant_id FROM prior_period_adjustments WHERE applied_month = ? AND ? ORDER BY 1`,
      [run, run, month, runId === undefined ? 1 : 0],
    )
  ).map((r) => r.id);
  const out = [];
  for (const participantId of ids) {
    const statement: StatementDto = await callOk(workspace, 'statements:get', {
      participantId,
      month,
      asOf: AS_OF,
      ...(runId === undefined ? {} : { runId }),
    });
    out.push({ statement, pages: await pdfTextBoxes(await statementPdf(statement)) });
  }
  return out;
}

type Pages = Awaited<ReturnType<typeof pdfTextBoxes>>;

/** What is wrong with a PDF's layout: overlapping pieces of text, and text outside the margins. */
function layoutProblems(pages: Pages): string[] {
  const problems: string[] = [];
  const show = (b: TextBox) =>
    `"${b.str}" [${[b.x0, b.x1, b.y0, b.y1].map((v) => v.toFixed(1)).join(', ')}] at ${b.size} pt`;
  for (const page of pages) {
    for (const [a, b] of overlappingBoxes(page.boxes, 0.5))
      problems.push(`page ${a.page}: ${show(a)} overlaps ${show(b)}`);
    for (const b of page.boxes)
      if (b.x0 < MARGIN - 0.5 || b.x1 > page.width - MARGIN + 0.5 || b.y0 < 0 || b.y1 > page.height)
        problems.push(`page ${b.page}: ${show(b)} runs outside the margins`);
  }
  return problems;
}

/** One line of a page as read: its pieces left to right, its amounts (in the statement's currency) and their decimals. */
interface PaperLine {
  text: string;
  x0: number;
  /** The amounts on the line, left to right. */
  amounts: Dec[];
  /** The last amount on the line, when the line ends with one. */
  amount: Dec | null;
  /** How many decimals the line's last amount is printed with. */
  decimals: number;
}

/** The lines of every page, top to bottom (pieces sharing a baseline), each with the amounts it holds. */
function paperLines(pages: Pages, currency: string): PaperLine[] {
  const sym = (currencySymbols[currency] ?? `${currency} `).replace(/[$]/g, '\\$');
  const amountRe = new RegExp(`(-?)${sym}([0-9,]+)(?:\\.([0-9]+))?(?![0-9/])`, 'g');
  const lines: PaperLine[] = [];
  for (const page of pages) {
    const byBaseline = new Map<number, TextBox[]>();
    for (const b of page.boxes) {
      const key = Math.round(b.baseline * 10) / 10;
      byBaseline.set(key, [...(byBaseline.get(key) ?? []), b]);
    }
    for (const [, boxes] of [...byBaseline].sort((a, b) => b[0] - a[0])) {
      boxes.sort((a, b) => a.x0 - b.x0);
      const text = boxes.map((b, i) => (i > 0 && b.x0 - boxes[i - 1]!.x1 > 1 ? ' ' : '') + b.str).join('');
      const found = [...text.matchAll(amountRe)];
      const last = found.at(-1);
      const endsWithAmount = last !== undefined && last.index + last[0].length === text.length;
      lines.push({
        text,
        x0: boxes[0]!.x0,
        amounts: found.map((m) => new Dec(`${m[2]!.replace(/,/g, '')}.${m[3] ?? '0'}`).times(m[1] ? -1 : 1)),
        amount: endsWithAmount
          ? new Dec(`${last[2]!.replace(/,/g, '')}.${last[3] ?? '0'}`).times(last[1] ? -1 : 1)
          : null,
        decimals: endsWithAmount ? (last[3]?.length ?? 0) : 0,
      });
    }
  }
  return lines;
}

/**
 * The statement as it would be in another currency: the same ledger lines, the amount due
 * rounded to that currency's minor unit, no payments (a payment in baht is not one in yen).
 */
function inCurrency(s: StatementDto, currency: string): StatementDto {
  const exact = parseTenThousandths(s.monthAmount)!;
  const due = roundToMinorUnit(exact, currency);
  const money = (v: bigint) => formatMinorUnits(v, currency);
  return {
    ...s,
    currency,
    adjustments: [],
    exactTotal: formatTenThousandthsTo(exact, 4),
    rounding: formatTenThousandthsTo(due - exact, 4),
    thisMonth: money(due),
    amountDue: money(due < 0n ? -due : due),
    balanceBroughtForward: money(0n),
    payments: [],
    paid: money(0n),
    outstanding: money(due < 0n ? -due : due),
    balanceCarried: money(due),
  };
}

/**
 * Checks that a statement's figures on paper foot, as printed:
 * - each table (what was sold, what was bought): the lines set in under a subtotal (buyers,
 *   generators, the grid energy at each rate and the tariff items) add up to it (traded,
 *   grid), and the subtotals with the lines beside them (open market, unsold) to the total;
 *   all of them the ledger's amounts, to 4 decimals;
 * - the total: energy sold and bought (each its table's total, signed the document's way)
 *   and the adjustments add up to the exact total, and exact total + Rounding = the amount
 *   due, which is printed in the currency's minor unit and is the statement's amount due
 *   (also in the amount box);
 * - the account (of record): the amount due less the payments is what is outstanding, and
 *   the balance brought forward plus or minus it is the balance carried, all in the minor unit.
 * Returns the Rounding printed.
 */
function checkFooting(statement: StatementDto, pages: Pages): Dec {
  const c = statement.currency;
  const lines = paperLines(pages, c);
  const places = minorUnitDigits(c);
  const context = (i: number) => `${statement.participant.id} ${statement.month} ${c}: "${lines[i]?.text}"`;
  const find = (from: number, test: (text: string) => boolean) =>
    lines.findIndex((l, i) => i >= from && test(l.text));
  const docSign = statement.kind === 'invoice' ? -1 : 1;
  const invoice = statement.kind === 'invoice';

  // The tables: their totals, signed the document's way (what the buyer owes the seller positive).
  const tableTotals: { label: string; amount: Dec }[] = [];
  for (const [heading, totalLabel, label, sign] of [
    ['What you sold', 'Total earnings', 'Energy sold', docSign],
    ['Electricity bill: what you bought', 'Total bill', 'Energy bought', -docSign],
  ] as const) {
    for (
      let h = find(0, (t) => t.startsWith(heading));
      h >= 0;
      h = find(h + 1, (t) => t.startsWith(heading))
    ) {
      const total = find(h, (t) => t.startsWith(totalLabel));
      expect(total, context(h)).toBeGreaterThan(h);
      let pending = new Dec(0);
      let subtotals = new Dec(0);
      for (let i = h + 1; i < total; i++) {
        const line = lines[i]!;
        if (!line.amount) continue;
        expect(line.decimals, `${context(i)}: the ledger's line`).toBe(4);
        const subtotal =
          line.text.startsWith('Traded, 24/7 CFE') ||
          (line.text.startsWith('Grid') && !line.text.startsWith('Grid energy'));
        if (line.x0 > MARGIN + 4) pending = pending.plus(line.amount);
        else if (subtotal) {
          expect(line.amount.toFixed(), context(i)).toBe(pending.toFixed());
          subtotals = subtotals.plus(line.amount);
          pending = new Dec(0);
        } else subtotals = subtotals.plus(line.amount);
      }
      expect(pending.toFixed(), `${context(total)}: lines outside a subtotal`).toBe('0');
      expect(lines[total]!.amount!.toFixed(), context(total)).toBe(subtotals.toFixed());
      expect(lines[total]!.decimals).toBe(4);
      const mt = /\(meter type \d+\)/.exec(lines[h]!.text)?.[0];
      tableTotals.push({ label: mt ? `${label} ${mt}` : label, amount: lines[total]!.amount!.times(sign) });
    }
  }
  expect(tableTotals.length).toBe(
    statement.meterTypes.flatMap((m) => [m.earnings, m.bill]).filter(Boolean).length,
  );

  // The total: lines + Rounding = amount due, exactly, as printed.
  const kind = invoice ? 'Invoice' : 'Credit note';
  const heading = find(0, (t) => t.startsWith(`${kind} ${statement.number || '(preview)'}: total`));
  expect(heading, `${statement.participant.id}: the total's heading`).toBeGreaterThan(0);
  const exact = find(heading, (t) => t.startsWith('Total (exact)'));
  const rounding = find(exact, (t) => t.startsWith('Rounding to'));
  const due = find(rounding, (t) => t.startsWith(invoice ? 'Amount to pay' : 'Amount credited to you'));
  expect([exact, rounding, due].every((i) => i > heading)).toBe(true);
  expect(rounding, context(rounding)).toBe(exact + 1);
  expect(due, context(due)).toBe(rounding + 1);
  const summary = lines.slice(heading + 1, exact).filter((l) => l.amount);
  expect(summary.map((l) => l.text.replace(/ -?\S+$/, '')).slice(0, tableTotals.length)).toEqual(
    tableTotals.map((t) => t.label),
  );
  summary.slice(0, tableTotals.length).forEach((l, i) => {
    expect(l.amount!.toFixed(), l.text).toBe(tableTotals[i]!.amount.toFixed());
  });
  const adjustments = summary.slice(tableTotals.length);
  expect(adjustments.length).toBe(statement.adjustments.length);
  statement.adjustments.forEach((a, i) => {
    expect(adjustments[i]!.text).toContain(
      `Adjustment to ${a.originalNumber} (${a.originalMonth}, run ${a.fromRunId} to run ${a.toRunId})`,
    );
  });
  const sum = summary.reduce((s, l) => s.plus(l.amount!), new Dec(0));
  expect(lines[exact]!.amount!.toFixed(), context(exact)).toBe(sum.toFixed());
  expect(lines[exact]!.decimals).toBe(4);
  expect(lines[rounding]!.decimals).toBe(4);
  const printedDue = lines[due]!.amount!;
  expect(lines[exact]!.amount!.plus(lines[rounding]!.amount!).toFixed(), context(due)).toBe(
    printedDue.toFixed(),
  );
  expect(lines[due]!.decimals, `${context(due)}: the amount due in the minor unit`).toBe(places);
  expect(printedDue.toFixed()).toBe(new Dec(statement.amountDue).toFixed());
  expect(lines[rounding]!.amount!.toFixed()).toBe(new Dec(statement.rounding).times(docSign).toFixed());
  // The amount box states the same amount due, alone on its line.
  const box = lines.findIndex((l) => l.amounts.length === 1 && l.text === l.text.match(/^-?\S+$/)?.[0]);
  expect(box, `${statement.participant.id}: the amount box`).toBeGreaterThan(0);
  expect(lines[box]!.amount!.toFixed()).toBe(printedDue.toFixed());
  if (!statement.ofRecord) return lines[rounding]!.amount!;

  // The account, in the minor unit: outstanding = due − payments, carried = brought forward ± outstanding.
  const broughtForward = find(due, (t) => t.startsWith('Balance brought forward'));
  const document = find(broughtForward, (t) => t.startsWith(`${kind} ${statement.number}:`));
  const outstanding = find(document, (t) => t.startsWith(`Outstanding on ${statement.number}`));
  const carried = find(outstanding, (t) => t.startsWith('Balance carried'));
  expect([broughtForward, document, outstanding, carried].every((i) => i > due)).toBe(true);
  for (const i of [broughtForward, document, outstanding, carried])
    expect(lines[i]!.decimals, context(i)).toBe(places);
  expect(lines[document]!.amount!.toFixed()).toBe(printedDue.toFixed());
  const payments = lines.slice(document + 1, outstanding).filter((l) => l.amount);
  expect(payments.length).toBe(statement.payments.length);
  expect(lines[outstanding]!.amount!.toFixed(), context(outstanding)).toBe(
    payments.reduce((s, l) => s.plus(l.amount!), printedDue).toFixed(),
  );
  const signed = invoice ? lines[outstanding]!.amount!.negated() : lines[outstanding]!.amount!;
  expect(lines[carried]!.amount!.toFixed(), context(carried)).toBe(
    lines[broughtForward]!.amount!.plus(signed).toFixed(),
  );
  expect(lines[broughtForward]!.amount!.toFixed()).toBe(new Dec(statement.balanceBroughtForward).toFixed());
  expect(lines[outstanding]!.amount!.toFixed()).toBe(new Dec(statement.outstanding).toFixed());
  expect(lines[carried]!.amount!.toFixed()).toBe(new Dec(statement.balanceCarried).toFixed());
  return lines[rounding]!.amount!;
}

/**
 * Checks a statement of account on paper: the opening balance first, each movement's
 * balance the one before plus its amount, the closing balance last (also in the box), all
 * in the currency's minor unit.
 */
function checkAccount(account: AccountStatementDto, pages: Pages) {
  const lines = paperLines(pages, account.currency);
  const places = minorUnitDigits(account.currency);
  const opening = lines.findIndex((l) => l.text.includes('Balance brought forward from before'));
  const closing = lines.findIndex((l, i) => i > opening && l.text.includes('Closing balance'));
  expect(opening).toBeGreaterThan(0);
  expect(closing).toBeGreaterThan(opening);
  let balance = lines[opening]!.amount!;
  expect(balance.toFixed()).toBe(new Dec(account.openingBalance).toFixed());
  const movements = lines.slice(opening + 1, closing).filter((l) => l.amount);
  expect(movements.length).toBe(account.lines.length);
  for (const line of [lines[opening]!, ...movements, lines[closing]!])
    expect(line.decimals, line.text).toBe(places);
  for (const line of movements) {
    expect(line.amounts.length, line.text).toBe(2);
    balance = balance.plus(line.amounts[0]!);
    expect(line.amount!.toFixed(), line.text).toBe(balance.toFixed());
  }
  expect(lines[closing]!.amount!.toFixed()).toBe(balance.toFixed());
  expect(balance.toFixed()).toBe(new Dec(account.closingBalance).toFixed());
  const box = lines.findIndex((l) => l.amounts.length === 1 && /^-?\S+$/.test(l.text));
  expect(lines[box]!.amount!.toFixed()).toBe(balance.abs().toFixed());
}

/** Every participant's statement of account (of the months they have statements), with its PDF read back. */
async function accountsOf(workspace: Workspace): Promise<{ account: AccountStatementDto; pdf: Buffer }[]> {
  const ids = (await workspace.db.all<{ id: string }>('SELECT id FROM participants ORDER BY id')).map(
    (r) => r.id,
  );
  const out = [];
  for (const participantId of ids) {
    const account: AccountStatementDto = await callOk(workspace, 'statements:account', {
      participantId,
      asOf: AS_OF,
    });
    if (account.lines.length === 0) continue;
    out.push({ account, pdf: await accountStatementPdf(account) });
  }
  return out;
}

describe('the statement PDF layout', () => {
  it('sets no two pieces of text over each other, and foots every invoice and credit note to its amount due, on every statement of the golden market', async () => {
    const novemberRuns = await callOk(golden, 'runs:list', { month: '2022-11', withManifest: false });
    const all = [
      ...(await statementsOf(golden, '2022-11')),
      ...(await statementsOf(golden, '2022-12')),
      // November's accepted re-settlement: not the statement of record (the month was closed on the first run).
      ...(await statementsOf(golden, '2022-11', Math.max(...novemberRuns.map((r: any) => r.id)))),
    ];
    expect(all.length).toBe(12);
    expect(all.some((s) => s.statement.adjustments.length > 0)).toBe(true);
    expect(all.some((s) => !s.statement.ofRecord)).toBe(true);
    expect(new Set(all.map((s) => s.statement.kind))).toEqual(new Set(['invoice', 'credit-note']));
    const roundings: Dec[] = [];
    for (const { statement, pages } of all) {
      expect(
        layoutProblems(pages),
        `${statement.participant.id} ${statement.month} run ${statement.run.id}`,
      ).toEqual([]);
      roundings.push(checkFooting(statement, pages));
      const text = paperLines(pages, statement.currency).map((l) => l.text);
      if (statement.ofRecord) {
        expect(text).toContain(statement.number);
        expect(text.some((t) => t.includes(statement.paymentReference))).toBe(true);
      } else expect(text).toContain('Preview — not an issued statement');
    }
    // The re-settlement's previews come to amounts off the satang: a Rounding line that is not zero.
    expect(roundings.some((r) => !r.isZero())).toBe(true);
  });

  it('nor with long Thai and Latin names, amounts past a billion, many lines, tariff items, a prosumer that buys, in THB, JPY, USD and EUR', async () => {
    const all = await statementsOf(hard, '2022-12');
    expect(all.length).toBe(23);
    const gA = all.find((s) => s.statement.participant.id === 'gA')!.statement;
    expect(gA.meterTypes[0]!.earnings!.traded.amount).toBe('1234567890.1200');
    expect(gA.meterTypes[0]!.earnings!.buyers.length).toBe(16);
    const both = all.find((s) => s.statement.participant.id === 'both')!.statement;
    expect(both.meterTypes.map((m) => [m.meterType, !!m.earnings, !!m.bill])).toEqual([
      [1, true, true],
      [2, false, true],
    ]);
    expect(both.meterTypes[0]!.bill!.tariffItems.length).toBeGreaterThan(0);
    let roundings = 0;
    for (const { statement, pages } of all) {
      expect(layoutProblems(pages), statement.participant.id).toEqual([]);
      if (!checkFooting(statement, pages).isZero()) roundings++;
    }
    expect(Math.max(...all.map((s) => s.pages.length))).toBeGreaterThan(1);
    // Exact totals off the satang: Rounding lines that are not zero make them the amount due.
    expect(roundings).toBeGreaterThan(0);
    // The same statements in other currencies (the yen has no minor unit).
    roundings = 0;
    for (const currency of ['JPY', 'USD', 'EUR'])
      for (const { statement } of all.filter((s) =>
        ['gA', 'c1', 'c2', 'both', 'g3'].includes(s.statement.participant.id),
      )) {
        const other = inCurrency(statement, currency);
        const pages = await pdfTextBoxes(await statementPdf(other));
        expect(layoutProblems(pages), `${statement.participant.id} ${currency}`).toEqual([]);
        if (!checkFooting(other, pages).isZero()) roundings++;
      }
    expect(roundings).toBeGreaterThan(0);
  }, 120_000);

  it('sets the statement of account cleanly, its balances running from the opening to the closing balance', async () => {
    const accounts = [...(await accountsOf(golden)), ...(await accountsOf(hard))];
    expect(accounts.length).toBe(4 + 23);
    expect(accounts.some((a) => a.account.lines.some((l) => l.kind === 'payment'))).toBe(true);
    for (const { account, pdf } of accounts) {
      const pages = await pdfTextBoxes(pdf);
      expect(layoutProblems(pages), account.participant.id).toEqual([]);
      checkAccount(account, pages);
    }
    // A later period: the months before it make the opening balance.
    const december: AccountStatementDto = await callOk(golden, 'statements:account', {
      participantId: 'c1',
      from: '2022-12',
      asOf: AS_OF,
    });
    expect(december.openingBalance).not.toBe('0.00');
    const pages = await pdfTextBoxes(await accountStatementPdf(december));
    expect(layoutProblems(pages)).toEqual([]);
    checkAccount(december, pages);
    // In yen, and the same statement of account gives the same bytes.
    const c1 = accounts.find((a) => a.account.participant.id === 'c1')!.account;
    const yen = { ...c1, currency: 'JPY' };
    expect(layoutProblems(await pdfTextBoxes(await accountStatementPdf(yen)))).toEqual([]);
    expect((await accountStatementPdf(c1)).equals(await accountStatementPdf(c1))).toBe(true);
  }, 120_000);
});
