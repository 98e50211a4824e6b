/**
 * Receivables both ways (issue 10): statements owed to generators and by
 * consumers equal the seed views' totals for the same run; payments reduce
 * what is outstanding; balances carry over months; the overdue list as of a
 * date holds exactly the statements past their due date and not fully paid.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Workspace } from '../../main/store/workspace';
import { Dec } from '../../shared/units';
import { goldenWorkspace } from '../helpers/golden';
import { writeMonthPrices, writeMonthReadings } from '../helpers/month-files';
import { callOk, importFileOk, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
const TZ = 'Asia/Bangkok';
let workspace: Workspace;

const call = (name: string, input: unknown) => callOk(workspace, name, input);
const importFile = (file: string, extra: Record<string, unknown> = {}) =>
  importFileOk(workspace, file, extra);

beforeAll(async () => {
  workspace = await goldenWorkspace(temp.file('receivables.sqlite'));
  const meters = ['gA-pv', 'gB-pv', 'c1-main', 'c2-main'];
  for (const month of ['2022-11', '2022-12']) {
    writeMonthReadings(temp.file(`${month}.csv`), month, TZ, meters, {
      [`gA-pv@${month}-12T10`]: '6',
      [`gB-pv@${month}-12T10`]: '3',
      [`c1-main@${month}-12T10`]: '5',
      [`c2-main@${month}-12T10`]: '5',
      [`c1-main@${month}-13T20`]: '2',
    });
    await importFile(temp.file(`${month}.csv`));
    writeMonthPrices(temp.file(`${month}-prices.csv`), month, TZ, {});
    await importFile(temp.file(`${month}-prices.csv`));
    await call('settlement:settle', { month });
  }
});
afterAll(async () => {
  await workspace.close();
  temp.cleanup();
});

describe('receivables both ways', () => {
  it('states what each participant is owed or owes, as the views do, less payments, with overdue lists', async () => {
    const novC1 = (await call('consumer:overview', { consumerId: 'c1', month: 11, year: 2022, meterType: 1 }))
      .data;
    const novGA = (
      await call('prosumer:transactions', { prosumerId: 'gA', month: 11, year: 2022, meterType: 1 })
    ).data;
    // Consumer One pays November in full; Generator A is paid 10 of what it earned; nobody pays December.
    await call('payments:record', {
      participantId: 'c1',
      month: '2022-11',
      paidOn: '2022-12-20',
      // What a person pays: the statement's total rounded half-up to the satang.
      amount: new Dec(novC1.total_cost).toDecimalPlaces(2, Dec.ROUND_HALF_UP).toFixed(2),
      reference: 'C1-NOV',
    });
    await call('payments:record', {
      participantId: 'gA',
      month: '2022-11',
      paidOn: '2022-12-28',
      amount: '10',
      reference: 'GA-NOV-1',
    });

    const r = await call('receivables:list', { asOf: '2023-01-15' });
    const byId = Object.fromEntries(r.participants.map((p: any) => [p.participantId, p]));
    const c1 = byId.c1.months[0];
    expect(c1).toMatchObject({
      month: '2022-11',
      direction: 'receivable',
      status: 'paid',
      outstanding: '0.00',
      dueDate: '2022-12-31',
    });
    // The amount due is the views' exact total rounded half-up to the satang; the rounding is shown.
    expect(new Dec(c1.exactAmount).equals(novC1.total_cost)).toBe(true);
    expect(c1.amount).toBe(new Dec(novC1.total_cost).toDecimalPlaces(2, Dec.ROUND_HALF_UP).toFixed(2));
    expect(new Dec(c1.exactAmount).plus(c1.rounding).toFixed(2)).toBe(c1.amount);
    const gA = byId.gA.months[0];
    expect(gA).toMatchObject({ month: '2022-11', direction: 'payable', status: 'overdue', paid: '10.00' });
    expect(new Dec(gA.exactAmount).equals(novGA.net_earnings)).toBe(true);
    expect(gA.outstanding).toBe(new Dec(gA.amount).minus(10).toFixed(2));
    // December is not yet due on 15 January; balances carry November's outstanding into December.
    expect(byId.gA.months[1]).toMatchObject({ month: '2022-12', status: 'unpaid', dueDate: '2023-01-31' });
    expect(new Dec(byId.gA.balance).equals(new Dec(gA.outstanding).plus(byId.gA.months[1].outstanding))).toBe(
      true,
    );
    expect(new Dec(byId.c2.balance).isNegative()).toBe(true);
    // Overdue as of 15 January: November's statements not fully paid — Generator A and Consumer Two (and B if it earned).
    expect(r.overdue.map((o: any) => `${o.participantId} ${o.month} ${o.direction}`).sort()).toEqual(
      r.participants
        .filter((p: any) => p.months[0].month === '2022-11' && p.months[0].status === 'overdue')
        .map((p: any) => `${p.participantId} 2022-11 ${p.months[0].direction}`)
        .sort(),
    );
    expect(r.overdue.find((o: any) => o.participantId === 'gA')).toMatchObject({ daysOverdue: 15 });
    expect(r.overdue.some((o: any) => o.participantId === 'c1')).toBe(false);
    expect(r.overdue.some((o: any) => o.participantId === 'c2')).toBe(true);
    // As of the end of November nothing is overdue yet.
    expect((await call('receivables:list', { asOf: '2022-12-31' })).overdue).toEqual([]);
  });
});
