/**
 * Money that reconciles (issue 17), on a real workspace file of the golden market:
 * every statement's exact total + rounding = its amount due, the amount due is the exact
 * total rounded half-up to the satang, nothing in receivables has more decimals than the
 * baht allows, statement numbers are unique and gapless, and paying exactly the amount
 * due — through the API (the form), the CLI or a bank CSV — leaves nothing outstanding.
 * Payments with too many decimals, zero or negative amounts, no issued statement or a
 * repeated reference are refused by field everywhere. A generator's month at negative
 * prices turns its statement into an invoice it pays; a consumer's credit is paid by the
 * market. The matching tolerance, undoing a payment, the statement of account.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import { toleranceOf } from '../../main/reports/receivables';
import { Workspace } from '../../main/store/workspace';
import { Dec } from '../../shared/units';
import { GOLDEN_METERS, GOLDEN_TZ, goldenWorkspace, importGoldenMonth } from '../helpers/golden';
import { writeMonthPrices, writeMonthReadings } from '../helpers/month-files';
import { callOk, importFileOk, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
let workspace: Workspace;
const call = (name: string, input: unknown) => callOk(workspace, name, input);
const refused = async (name: string, input: unknown) => {
  const result = await callOperation({ workspace }, name, input);
  if (result.ok) throw new Error(`${name} was accepted: ${JSON.stringify(result.value)}`);
  return result.error;
};
const bin = path.resolve(__dirname, '..', '..', 'bin', 'energy-ledger.mjs');
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args, '--db', temp.file('money.sqlite')], { encoding: 'utf8' });

// Odd kWh at 3.2 and 3.0 THB/kWh and a market at 2.0137 leave ten-thousandths below the satang.
const readings = (month: string, scale = 1) => ({
  [`gA-pv@${month}-12T10`]: '6.789',
  [`gB-pv@${month}-12T10`]: '3.333',
  [`c1-main@${month}-12T10`]: String(5.417 * scale),
  [`c2-main@${month}-12T10`]: '5.001',
  [`c1-main@${month}-13T20`]: '2.219',
  [`gA-pv@${month}-14T11`]: '1.111',
});
const prices = (month: string, negative = false) => ({
  [`${month}-14T11`]: negative ? '-4.5551' : '2.0137',
});

/** Imports (replacing what a month had) and settles a month of the golden market. */
async function settle(month: string, scale = 1, negative = false, extra: Record<string, string> = {}) {
  const file = temp.file(`${month}-${scale}-${negative}.csv`);
  writeMonthReadings(file, month, GOLDEN_TZ, GOLDEN_METERS, { ...readings(month, scale), ...extra });
  await importFileOk(workspace, file, { onConflict: 'replace' });
  const pricesFile = temp.file(`${month}-${negative}-prices.csv`);
  writeMonthPrices(pricesFile, month, GOLDEN_TZ, prices(month, negative));
  await importFileOk(workspace, pricesFile, { onConflict: 'replace' });
  await call('settlement:settle', { month });
}

const allMonths = (r: any) =>
  r.participants.flatMap((p: any) => p.months.map((m: any) => ({ ...m, id: p.participantId })));
const roundHalfUp = (v: string) => new Dec(v).toDecimalPlaces(2, Dec.ROUND_HALF_UP);

beforeAll(async () => {
  workspace = await goldenWorkspace(temp.file('money.sqlite'), (d) => {
    // Generator A may sell at any market price, so a month at negative prices costs it money.
    d.offerPlans[0].versions[0].marketFloorPricePerKwh = '-100';
  });
  await settle('2022-10');
  await settle('2022-11');
}, 60_000);
afterAll(async () => {
  await workspace?.close();
  temp.cleanup();
});

describe('amounts due in the minor unit', () => {
  it('every statement: exact + rounding = amount due = round-half-up(exact); numbers gapless', async () => {
    const r = await call('receivables:list', { asOf: '2023-03-01' });
    const months = allMonths(r);
    expect(months.length).toBe(8);
    let sawRounding = false;
    for (const m of months) {
      expect(new Dec(m.exactAmount).plus(m.rounding).toFixed(4)).toBe(new Dec(m.amount).toFixed(4));
      expect(roundHalfUp(m.exactAmount).toFixed(2)).toBe(m.amount);
      if (!new Dec(m.rounding).isZero()) sawRounding = true;
      for (const key of ['amount', 'paid', 'outstanding', 'balanceCarried', 'adjustment', 'writtenOff'])
        expect(m[key], `${m.id} ${m.month} ${key}`).toMatch(/^-?\d+\.\d{2}$/);
    }
    expect(sawRounding).toBe(true);
    for (const p of r.participants) expect(p.balance).toMatch(/^-?\d+\.\d{2}$/);
    const numbers = months.map((m: any) => m.invoiceNumber).sort();
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => `EL-2022-${String(i + 1).padStart(6, '0')}`));
    // Statements: the same amount due, the same number, lines + rounding = amount due.
    for (const m of months) {
      const s = await call('statements:get', { participantId: m.id, month: m.month, asOf: '2023-03-01' });
      expect(s.number).toBe(m.invoiceNumber);
      expect(s.amountDue).toBe(m.amount);
      expect(new Dec(s.exactTotal).plus(s.rounding).toFixed(2)).toBe(s.thisMonth);
      expect(s.kind).toBe(m.kind);
      expect(s.paymentReference).toMatch(/^RF\d{2}EL2022\d{6}$/);
    }
  });

  it('re-settling an open month keeps its numbers; a new month takes the next ones', async () => {
    const before = allMonths(await call('receivables:list', { asOf: '2023-03-01' }));
    await settle('2022-11', 2);
    const after = allMonths(await call('receivables:list', { asOf: '2023-03-01' }));
    expect(after.map((m: any) => `${m.id}/${m.month}=${m.invoiceNumber}`).sort()).toEqual(
      before.map((m: any) => `${m.id}/${m.month}=${m.invoiceNumber}`).sort(),
    );
    const c1 = (list: any[]) => list.find((m) => m.id === 'c1' && m.month === '2022-11');
    expect(new Dec(c1(after).amount).greaterThan(c1(before).amount)).toBe(true);
    // The numbers cannot be changed or removed, and never out of sequence.
    await expect(
      workspace.db.write((tx) => tx.run("UPDATE statement_numbers SET number = 'EL-2022-999999'")),
    ).rejects.toThrow(/cannot be changed/);
    await expect(workspace.db.write((tx) => tx.run('DELETE FROM statement_numbers'))).rejects.toThrow(
      /cannot be removed/,
    );
    await expect(
      workspace.db.write((tx) =>
        tx.run(
          "INSERT INTO statement_numbers (seq, participant_id, month, number, issued_utc) VALUES (20, 'c1', '2030-01', 'EL-2030-000020', 0)",
        ),
      ),
    ).rejects.toThrow(/gapless/);
  });
});

describe('payments matched against the amount due', () => {
  it('paying exactly the amount due by the form, the CLI and a bank CSV leaves 0.00 outstanding', async () => {
    const r = await call('receivables:list', { asOf: '2023-03-01' });
    const oct = allMonths(r).filter((m: any) => m.month === '2022-10');
    const [viaForm, viaCli, viaCsv] = oct.filter((m: any) => ['c1', 'c2', 'gB'].includes(m.id));
    await call('payments:record', {
      participantId: viaForm.id,
      statement: viaForm.invoiceNumber,
      paidOn: '2022-11-20',
      amount: viaForm.amount,
      reference: 'BANK-1',
    });
    await workspace.close();
    const result = cli(
      'pay',
      '--participant',
      viaCli.id,
      '--month',
      '2022-10',
      '--amount',
      viaCli.amount,
      '--date',
      '2022-11-21',
      '--reference',
      'BANK-2',
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    workspace = await Workspace.open(temp.file('money.sqlite'));
    const csv = temp.file('bank.csv');
    writeFileSync(
      csv,
      `participant_id,statement_month,paid_on,amount,reference\n${viaCsv.id},2022-10,2022-11-22,${viaCsv.amount},BANK-3\n`,
    );
    await importFileOk(workspace, csv, { kind: 'payments' });
    const after = allMonths(await call('receivables:list', { asOf: '2023-03-01' }));
    expect((await call('payments:list', {})).payments.map((p: any) => p.amount)).toEqual(
      [viaCsv, viaCli, viaForm].map((m: any) => m.amount),
    );
    for (const paid of [viaForm, viaCli, viaCsv]) {
      const m = after.find((x: any) => x.id === paid.id && x.month === '2022-10');
      expect(m, paid.id).toMatchObject({ status: 'paid', outstanding: '0.00', paid: paid.amount });
    }
    // The seed's payments view says the same of Generator B.
    const view = await call('prosumer:payments', { prosumerId: 'gB', meterType: 1, asOf: '2023-03-01' });
    expect(view.data.find((d: any) => d.month === '2022-10')).toMatchObject({
      payment_status: 'paid',
      amount_due: viaCsv.amount,
      invoice_number: viaCsv.invoiceNumber,
    });
  });

  it('refuses, by field, too many decimals, zero, negative, no issued statement and a repeated reference', async () => {
    const base = { participantId: 'c1', month: '2022-10', paidOn: '2022-11-30', reference: 'NEW-1' };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ amount: '10.555' }, 'amount', /3 decimal\(s\); THB .*at most 2/],
      [{ amount: '0' }, 'amount', /more than zero/],
      [{ amount: '-5.00' }, 'amount', /more than zero/],
      [{ amount: '5', month: '2023-06' }, 'month', /no issued statement/],
      [
        { amount: '5', month: undefined, statement: 'EL-2022-000999' },
        'statement',
        /not an issued statement/,
      ],
      [{ amount: '5', reference: 'BANK-1' }, 'reference', /already recorded/],
    ];
    const before = (await call('payments:list', {})).payments.length;
    for (const [change, field, message] of cases) {
      const error = await refused('payments:record', { ...base, ...change });
      expect(error.code).toBe('invalid_input');
      expect(error.fields?.[field]?.join(' '), JSON.stringify(change)).toMatch(message);
    }
    // The bank CSV refuses the same rows, naming line and field, and stores nothing.
    const csv = temp.file('bank-bad.csv');
    writeFileSync(
      csv,
      [
        'participant_id,statement_month,paid_on,amount,reference',
        'c1,2022-10,2022-11-30,10.555,X1',
        'c1,2022-10,2022-11-30,0,X2',
        'c1,2022-10,2022-11-30,-3,X3',
        'c1,2023-06,2022-11-30,5,X4',
        'c1,2022-10,2022-11-30,5,BANK-1',
      ].join('\n'),
    );
    const report = await callOperation({ workspace, upload: () => createReadStream(csv) }, 'imports:file', {
      fileName: 'bank-bad.csv',
      kind: 'payments',
    });
    for (const [line, field] of [
      [2, 'amount'],
      [3, 'amount'],
      [4, 'amount'],
      [5, 'statement_month'],
      [6, 'reference'],
    ] as const)
      expect(Object.keys((report as any).error.fields)).toContain(`bank-bad.csv:${line}:${field}`);
    expect((await call('payments:list', {})).payments.length).toBe(before);
    // The CLI says the same, exit 2.
    await workspace.close();
    const result = cli(
      'pay',
      '--participant',
      'c1',
      '--month',
      '2022-10',
      '--amount',
      '1.001',
      '--date',
      '2022-11-30',
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/amount .*3 decimal/);
    workspace = await Workspace.open(temp.file('money.sqlite'));
  });

  it('a generator month at negative prices is an invoice it pays; overpaid and partial are the exact difference', async () => {
    await settle('2022-12', 1, true, { 'gA-pv@2022-12-14T11': '40.123' });
    const r = await call('receivables:list', { asOf: '2023-03-01', participantId: 'gA' });
    const dec = r.participants[0].months.find((m: any) => m.month === '2022-12');
    expect(dec).toMatchObject({ direction: 'receivable', kind: 'invoice' });
    expect(new Dec(dec.exactAmount).greaterThan(0)).toBe(true);
    // Generator A pays the market 0.01 less than due: partial (overdue by March), then 0.02 more: overpaid by 0.01.
    const less = new Dec(dec.amount).minus('0.01').toFixed(2);
    await call('payments:record', {
      participantId: 'gA',
      month: '2022-12',
      paidOn: '2023-01-10',
      amount: less,
      reference: 'GA-1',
    });
    let m = (
      await call('receivables:list', { asOf: '2023-03-01', participantId: 'gA' })
    ).participants[0].months.find((x: any) => x.month === '2022-12');
    expect(m).toMatchObject({ status: 'overdue', outstanding: '0.01', aging: '1-30', daysOverdue: 29 });
    await call('payments:record', {
      participantId: 'gA',
      month: '2022-12',
      paidOn: '2023-01-11',
      amount: '0.02',
      reference: 'GA-2',
    });
    m = (
      await call('receivables:list', { asOf: '2023-03-01', participantId: 'gA' })
    ).participants[0].months.find((x: any) => x.month === '2022-12');
    expect(m).toMatchObject({ status: 'overpaid', outstanding: '-0.01' });
  });

  it('undoing a payment with a reason reopens its statement and is in the audit log', async () => {
    const payment = (await call('payments:list', {})).payments.find((p: any) => p.reference === 'BANK-1');
    expect((await refused('payments:undo', { id: payment.id, reason: '  ' })).code).toBe('invalid_input');
    const undone = await call('payments:undo', { id: payment.id, reason: 'booked twice by the bank' });
    expect(undone.undone.reason).toBe('booked twice by the bank');
    expect((await refused('payments:undo', { id: payment.id, reason: 'again' })).code).toBe('conflict');
    const m = allMonths(await call('receivables:list', { asOf: '2023-03-01' })).find(
      (x: any) => x.id === payment.participantId && x.month === '2022-10',
    );
    expect(m).toMatchObject({ status: 'overdue', paid: '0.00' });
    const audit = await call('audit:list', { kind: 'payment' });
    expect(JSON.stringify(audit)).toContain('undone: booked twice by the bank');
    // Its reference may be used again, since it no longer counts.
    await call('payments:record', {
      participantId: payment.participantId,
      month: '2022-10',
      paidOn: '2022-12-01',
      amount: m.amount,
      reference: 'BANK-1',
    });
  });

  it('the statement of account runs from the opening balance to the receivables balance', async () => {
    const r = await call('receivables:list', { asOf: '2023-03-01', participantId: 'gA' });
    const account = await call('statements:account', {
      participantId: 'gA',
      from: '2022-11',
      asOf: '2023-03-01',
    });
    const sum = account.lines.reduce((s: Dec, l: any) => s.plus(l.amount), new Dec(account.openingBalance));
    expect(sum.toFixed(2)).toBe(account.closingBalance);
    expect(account.closingBalance).toBe(r.participants[0].balance);
    expect(account.openingBalance).toBe(r.participants[0].months[0].balanceCarried);
    expect(account.lines.map((l: any) => l.kind)).toContain('payment');
    const csv = await call('statements:account-file', {
      participantId: 'gA',
      format: 'csv',
      asOf: '2023-03-01',
    });
    expect(Buffer.from(csv.base64, 'base64').toString('utf8')).toContain(
      `closing-balance,,,Balance carried,,${account.closingBalance}`,
    );
  });
});

describe('prior-period adjustments and credits', () => {
  it('an accepted re-settlement lands in minor units on the next statement, naming the original number; a consumer credit is paid by the market', async () => {
    await settle('2022-11', 0.1);
    const octC1 = allMonths(await call('receivables:list', { asOf: '2023-03-01', participantId: 'c1' })).find(
      (m: any) => m.month === '2022-10',
    );
    await call('months:close', { month: '2022-10' });
    // Consumer One's October readings turn out smaller: the re-settlement is held, then accepted.
    const file = temp.file('2022-10-fix.csv');
    writeMonthReadings(file, '2022-10', GOLDEN_TZ, ['c1-main'], { 'c1-main@2022-10-12T10': '0' });
    await importFileOk(workspace, file, { onConflict: 'replace' });
    const held = await call('settlement:settle', { month: '2022-10' });
    expect(held.status).toBe('held');
    await call('runs:accept', { runId: held.runId });
    const s = await call('statements:get', { participantId: 'c1', month: '2022-11', asOf: '2023-03-01' });
    expect(s.adjustments).toHaveLength(1);
    expect(s.adjustments[0]).toMatchObject({ originalMonth: '2022-10', originalNumber: octC1.invoiceNumber });
    expect(s.adjustments[0].amount).toMatch(/^\d+\.\d{2}$/);
    // Lines + adjustment + rounding = amount due; October's statement itself is unchanged.
    expect(new Dec(s.monthAmount).plus(s.adjustments[0].amount).toFixed(4)).toBe(
      new Dec(s.exactTotal).toFixed(4),
    );
    expect(new Dec(s.exactTotal).plus(s.rounding).toFixed(2)).toBe(s.thisMonth);
    expect(s).toMatchObject({
      direction: 'payable',
      kind: 'credit-note',
      seller: { id: 'c1' },
      buyer: { id: 'market' },
    });
    const oct = await call('statements:get', { participantId: 'c1', month: '2022-10', asOf: '2023-03-01' });
    expect(oct.amountDue).toBe(octC1.amount);
    // The market pays Consumer One its credit: the statement is paid.
    await call('payments:record', {
      participantId: 'c1',
      statement: s.number,
      paidOn: '2022-12-15',
      amount: s.amountDue,
      reference: 'MARKET-C1',
    });
    const nov = allMonths(await call('receivables:list', { asOf: '2023-03-01', participantId: 'c1' })).find(
      (m: any) => m.month === '2022-11',
    );
    expect(nov).toMatchObject({
      direction: 'payable',
      status: 'paid',
      outstanding: '0.00',
      adjustment: s.adjustments[0].amount,
    });
  });
});

describe('the matching tolerance', () => {
  it('is cut down to the minor unit, never widened', () => {
    expect(toleranceOf('0.5', 'JPY')).toBe(0n);
    expect(toleranceOf('0.057', 'THB')).toBe(500n);
    expect(toleranceOf('2', 'JPY')).toBe(20_000n);
    expect(toleranceOf(undefined, 'THB')).toBe(0n);
  });

  it('counts a payment within the tolerance as paid and writes the difference off', async () => {
    const other = await goldenWorkspace(temp.file('tolerance.sqlite'), (d) => {
      d.settings.paymentTolerance = '0.05';
    });
    try {
      await importGoldenMonth(other, temp.dir, '2022-10', readings('2022-10'), prices('2022-10'));
      await callOk(other, 'settlement:settle', { month: '2022-10' });
      const c1 = (await callOk(other, 'receivables:list', { asOf: '2023-01-01', participantId: 'c1' }))
        .participants[0].months[0];
      await callOk(other, 'payments:record', {
        participantId: 'c1',
        month: '2022-10',
        paidOn: '2022-11-10',
        amount: new Dec(c1.amount).minus('0.04').toFixed(2),
      });
      const r = await callOk(other, 'receivables:list', { asOf: '2023-01-01', participantId: 'c1' });
      expect(r.tolerance).toBe('0.05');
      expect(r.participants[0].months[0]).toMatchObject({
        status: 'paid',
        outstanding: '0.04',
        writtenOff: '0.04',
      });
      expect(r.participants[0].balance).toBe('0.00');
      // The statement says the same: nothing outstanding carried.
      const s = await callOk(other, 'statements:get', {
        participantId: 'c1',
        month: '2022-10',
        asOf: '2023-01-01',
      });
      expect(s).toMatchObject({ writtenOff: '0.04', balanceCarried: '0.00' });
      // An unpaid statement is never written off, however small; as of a day before the payment, it is unpaid.
      const before = await callOk(other, 'receivables:list', { asOf: '2022-11-09', participantId: 'c1' });
      expect(before.participants[0].months[0]).toMatchObject({
        status: 'unpaid',
        paid: '0.00',
        writtenOff: '0.00',
      });
      // Issued statements fix the currency.
      const definition = await callOk(other, 'workspace:get', {});
      const refusedChange = await callOperation({ workspace: other }, 'workspace:import-definition', {
        definition: { ...definition, settings: { ...definition.settings, currency: 'JPY' } },
      });
      expect(refusedChange.ok).toBe(false);
      expect(JSON.stringify(refusedChange)).toContain('cannot change from THB');
    } finally {
      await other.close();
    }
  });
});
