/**
 * Month close (issue 10): a closed month's statements are final. Re-settling it
 * makes a held run that changes nothing (views, statements, receivables) until
 * it is accepted; accepting records, per participant, the difference as a
 * prior-period adjustment on the next open month's statement, which then
 * carries it; the closed month's statement still says what was sent. Closes,
 * holds and acceptances are in the audit log and cannot be edited.
 */
import { writeFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { participantAmounts } from '../../main/store/settlement-repository';
import { type Workspace } from '../../main/store/workspace';
import { Dec } from '../../shared/units';
import { runCli } from '../helpers/cli';
import { goldenWorkspace, importGoldenMonth } from '../helpers/golden';
import { callOk, importFileOk, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
let workspace: Workspace;
const call = (name: string, input: unknown) => callOk(workspace, name, input);
const AS_OF = '2023-03-15';

let corrections = 0;

/** One consumer's corrected readings for one local day: `kWh` at 10:00, nothing otherwise. */
async function correctDay(meter: string, day: string, kWh: string) {
  const lines = ['meter_id,interval_start,interval_minutes,energy_kwh'];
  for (let h = 0; h < 24; h++)
    lines.push(`${meter},${day}T${String(h).padStart(2, '0')}:00:00+07:00,60,${h === 10 ? kWh : '0'}`);
  corrections++;
  const file = temp.file(`${meter}-${day}-correction-${corrections}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  await importFileOk(workspace, file, { onConflict: 'replace' });
}

beforeAll(async () => {
  workspace = await goldenWorkspace(temp.file('close.sqlite'));
  for (const month of ['2022-11', '2022-12', '2023-01']) {
    await importGoldenMonth(workspace, temp.dir, month, {
      [`gA-pv@${month}-12T10`]: '6',
      [`c1-main@${month}-12T10`]: '5',
      [`c2-main@${month}-12T10`]: '5',
      [`gA-pv@${month}-20T10`]: '2',
    });
    await call('settlement:settle', { month });
  }
});
afterAll(async () => {
  await workspace.close();
  temp.cleanup();
});

describe('month close', () => {
  it('holds a re-settlement of a closed month, then carries its differences to the next open month', async () => {
    await expect(call('months:close', { month: '2023-02' })).rejects.toThrow(/2023-02 is not settled/);
    const closed = await call('months:close', { month: '2022-11', note: 'sent to participants' });
    await expect(call('months:close', { month: '2022-11' })).rejects.toThrow(/already closed \(on run/);
    const novRun = closed.runId;

    const statementsBefore = await Promise.all(
      ['c1', 'c2', 'gA'].map((id) =>
        call('statements:get', { participantId: id, month: '2022-11', asOf: AS_OF }),
      ),
    );
    const receivablesBefore = await call('receivables:list', { asOf: AS_OF });
    const overviewBefore = await call('consumer:overview', {
      consumerId: 'c1',
      month: 11,
      year: 2022,
      meterType: 1,
    });
    expect(statementsBefore[0].closed).toBe(true);

    // Consumer One's readings of 20 November corrected (3 kWh at 10:00), and November re-settled.
    await correctDay('c1-main', '2022-11-20', '3');
    const resettled = await call('settlement:settle', { month: '2022-11' });
    expect(resettled.status).toBe('held');
    expect(resettled.message).toContain('2022-11 is closed: run');
    expect(resettled.message).toContain('every statement stays as it was');
    // Settling again with the same inputs adds nothing.
    expect((await call('settlement:settle', { month: '2022-11' })).status).toBe('unchanged');

    // Not applied: every statement, the receivables and the views are as they were.
    for (const before of statementsBefore)
      expect(
        await call('statements:get', { participantId: before.participant.id, month: '2022-11', asOf: AS_OF }),
      ).toEqual(before);
    expect(await call('receivables:list', { asOf: AS_OF })).toEqual(receivablesBefore);
    expect(
      await call('consumer:overview', { consumerId: 'c1', month: 11, year: 2022, meterType: 1 }),
    ).toEqual(overviewBefore);
    const months = await call('months:list', {});
    expect(months.find((m: any) => m.month === '2022-11')).toMatchObject({
      inForceRunId: novRun,
      closed: { runId: novRun, note: 'sent to participants' },
      held: [{ runId: resettled.runId, status: 'pending' }],
    });
    const runs = await call('runs:list', { month: '2022-11', withManifest: false });
    expect(runs.map((r: any) => [r.id, r.isLatest, r.held, r.closesMonth])).toEqual([
      [novRun, true, null, true],
      [resettled.runId, false, 'pending', false],
    ]);

    // The preview and the acceptance: each participant's difference, exactly.
    const was = await participantAmounts(workspace.db, novRun);
    const now = await participantAmounts(workspace.db, resettled.runId);
    const preview = await call('runs:accept', { runId: resettled.runId, dryRun: true });
    expect(preview.accepted).toBe(false);
    expect((await call('months:list', {})).find((m: any) => m.month === '2022-11').held[0].status).toBe(
      'pending',
    );
    const accepted = await call('runs:accept', { runId: resettled.runId });
    expect(accepted).toEqual({ ...preview, accepted: true });
    expect(accepted.appliedMonth).toBe('2022-12');
    expect(accepted.fromRunId).toBe(novRun);
    // Generator A's 2 kWh now go to Consumer One instead of the open market: only c1 and gA move.
    expect(accepted.adjustments.map((a: any) => a.participantId)).toEqual(['c1', 'gA']);
    for (const a of accepted.adjustments) {
      const diff = now.get(a.participantId)! - was.get(a.participantId)!;
      expect(a.amount).toBe(new Dec(diff.toString()).dividedBy(10_000).toFixed(4));
      expect(new Dec(a.after).minus(a.before).toFixed(4)).toBe(a.amount);
    }
    await expect(call('runs:accept', { runId: resettled.runId })).rejects.toThrow(/already accepted/);
    await expect(call('runs:accept', { runId: novRun })).rejects.toThrow(/is not held/);

    // November's statements still say what was sent; the views now show the accepted run.
    for (const before of statementsBefore)
      expect(
        await call('statements:get', { participantId: before.participant.id, month: '2022-11', asOf: AS_OF }),
      ).toEqual(before);
    expect(
      (await call('consumer:overview', { consumerId: 'c1', month: 11, year: 2022, meterType: 1 })).data.runId,
    ).toBe(resettled.runId);

    // December's statements carry the adjustments; the receivables count them in December.
    const receivables = await call('receivables:list', { asOf: AS_OF });
    for (const a of accepted.adjustments) {
      const dec = await call('statements:get', {
        participantId: a.participantId,
        month: '2022-12',
        asOf: AS_OF,
      });
      // On the statement the adjustment is in satang: November's amount due on the new run less on the old.
      const minor = new Dec(a.after)
        .toDecimalPlaces(2, Dec.ROUND_HALF_UP)
        .minus(new Dec(a.before).toDecimalPlaces(2, Dec.ROUND_HALF_UP))
        .toFixed(2);
      const novNumber = receivables.participants
        .find((p: any) => p.participantId === a.participantId)
        .months.find((m: any) => m.month === '2022-11').invoiceNumber;
      expect(dec.adjustments).toEqual([
        {
          originalMonth: '2022-11',
          originalNumber: novNumber,
          fromRunId: novRun,
          toRunId: resettled.runId,
          amount: minor,
        },
      ]);
      expect(dec.exactTotal).toBe(new Dec(dec.monthAmount).plus(minor).toFixed(4));
      expect(dec.thisMonth).toBe(new Dec(dec.exactTotal).toDecimalPlaces(2, Dec.ROUND_HALF_UP).toFixed(2));
      const row = receivables.participants
        .find((p: any) => p.participantId === a.participantId)
        .months.find((m: any) => m.month === '2022-12');
      expect(row.adjustment).toBe(minor);
      expect(row.amount).toBe(new Dec(dec.thisMonth).abs().toFixed(2));
      const pdf = await call('statements:file', {
        participantId: a.participantId,
        month: '2022-12',
        format: 'csv',
        asOf: AS_OF,
      });
      const csv = Buffer.from(pdf.base64, 'base64').toString('utf8');
      expect(csv).toContain(`prior-period adjustment,${novNumber},`);
      expect(csv).toContain(`run ${novRun} → run ${resettled.runId}`);
    }
    const c2Dec = await call('statements:get', { participantId: 'c2', month: '2022-12', asOf: AS_OF });
    expect(c2Dec.adjustments).toEqual([]);

    // Closed December too: a second correction of November lands on January, the next open month.
    await call('months:close', { month: '2022-12' });
    await correctDay('c1-main', '2022-11-20', '1');
    const again = await call('settlement:settle', { month: '2022-11' });
    expect(again.status).toBe('held');
    const second = await call('runs:accept', { runId: again.runId });
    expect(second.fromRunId).toBe(resettled.runId);
    expect(second.appliedMonth).toBe('2023-01');
    const jan = await call('statements:get', { participantId: 'c1', month: '2023-01', asOf: AS_OF });
    expect(jan.adjustments.map((a: any) => [a.fromRunId, a.toRunId])).toEqual([
      [resettled.runId, again.runId],
    ]);

    // November's statement of another run: its figures only, no payments, balances or adjustments.
    const other = await call('statements:get', {
      participantId: 'c1',
      month: '2022-11',
      runId: again.runId,
      asOf: AS_OF,
    });
    expect([other.ofRecord, other.payments, other.balanceBroughtForward]).toEqual([false, [], '0.00']);
    expect(
      (await call('statements:get', { participantId: 'c1', month: '2022-11', asOf: AS_OF })).ofRecord,
    ).toBe(true);
    // A generator's payments view follows the statements: November as closed, December with its adjustment.
    const gA = accepted.adjustments.find((a: any) => a.participantId === 'gA');
    const payments = (await call('prosumer:payments', { prosumerId: 'gA', meterType: 1, asOf: AS_OF })).data;
    const gANov = statementsBefore.find((x: any) => x.participant.id === 'gA');
    expect(payments.find((p: any) => p.month === '2022-11').amount_due).toBe(gANov.thisMonth);
    const gADec = await call('statements:get', { participantId: 'gA', month: '2022-12', asOf: AS_OF });
    expect(payments.find((p: any) => p.month === '2022-12').amount_due).toBe(gADec.thisMonth);
    expect(gADec.adjustments.map((a: any) => a.amount)).toEqual([
      new Dec(gA.after)
        .toDecimalPlaces(2, Dec.ROUND_HALF_UP)
        .minus(new Dec(gA.before).toDecimalPlaces(2, Dec.ROUND_HALF_UP))
        .toFixed(2),
    ]);

    // A held run goes stale when the inputs come back to those of the run in force: it is superseded.
    await correctDay('c1-main', '2022-11-20', '2');
    const stale = await call('settlement:settle', { month: '2022-11' });
    expect(stale.status).toBe('held');
    // (1.0 kWh: the same reading as run again's, in a file with other bytes, so it is a new import.)
    await correctDay('c1-main', '2022-11-20', '1.0');
    const back = await call('settlement:settle', { month: '2022-11' });
    expect(back).toMatchObject({ status: 'unchanged', runId: again.runId });
    expect(back.message).toContain(`held run(s) ${stale.runId} superseded`);
    await expect(call('runs:accept', { runId: stale.runId })).rejects.toThrow(/superseded by a newer run/);

    // The audit log has the closes, the hold and the acceptances; none of it can be changed.
    const log = await call('audit:list', { limit: 1000 });
    const kinds = log.entries.map((e: any) => `${e.kind}: ${e.description}`);
    expect(kinds).toContain(`close: 2022-11: closed on run ${novRun} — sent to participants`);
    expect(kinds.some((k: string) => k.startsWith(`settlement: 2022-11: run ${resettled.runId} held`))).toBe(
      true,
    );
    expect(kinds).toContain(
      `acceptance: 2022-11: run ${resettled.runId} accepted, with 2 prior-period adjustment(s)`,
    );
    await expect(
      workspace.db.write((tx) => tx.run("UPDATE month_closes SET run_id = run_id WHERE month = '2022-11'")),
    ).rejects.toThrow(/a closed month cannot be changed/);
    await expect(workspace.db.write((tx) => tx.run('DELETE FROM prior_period_adjustments'))).rejects.toThrow(
      /cannot be removed/,
    );
  });
});

/**
 * Months are closed in order (issue 17): closing one while an earlier month with data (a
 * published run, or readings never settled) is still open is refused, naming those months,
 * unless asked for out of order; the audit log records which it was.
 */
describe('closing months in order', () => {
  const folder = tempFolder();
  const file = folder.file('order.sqlite');
  let ordered: Workspace | undefined;
  const order = (name: string, input: unknown) => callOk(ordered!, name, input);
  const closeEntries = async (month: string) =>
    (await order('audit:list', { kind: 'close', limit: 100 })).entries.filter(
      (e: any) => e.subject === month,
    );

  beforeAll(async () => {
    ordered = await goldenWorkspace(file);
    // January, February and April settled; March has readings but was never settled.
    for (const month of ['2022-01', '2022-02', '2022-03', '2022-04']) {
      await importGoldenMonth(ordered, folder.dir, month, {
        [`gA-pv@${month}-12T10`]: '6',
        [`c1-main@${month}-12T10`]: '5',
      });
      if (month !== '2022-03') await order('settlement:settle', { month });
    }
  });
  afterAll(async () => {
    await ordered?.close();
    folder.cleanup();
  });

  it('refuses to close February while January is open, closes it out of order when asked, and logs the choice', async () => {
    const months = await order('months:list', {});
    expect(months.map((m: any) => [m.month, m.earlierOpen])).toEqual([
      ['2022-01', []],
      ['2022-02', ['2022-01']],
      ['2022-04', ['2022-01', '2022-02', '2022-03']],
    ]);

    const refused = await order('months:close', { month: '2022-02' }).catch((e) => e);
    expect(refused.message).toMatch(
      /2022-02 cannot be closed while earlier months with data are still open: 2022-01;/,
    );
    expect(refused.message).toContain('energy-ledger close --month 2022-02 --out-of-order');
    expect(refused.error).toMatchObject({ code: 'conflict', fields: { earlierOpen: ['2022-01'] } });
    // Nothing was closed, and nothing was logged.
    expect((await order('months:list', {})).find((m: any) => m.month === '2022-02').closed).toBeNull();
    expect(await closeEntries('2022-02')).toEqual([]);

    const closed = await order('months:close', { month: '2022-02', outOfOrder: true, note: 'sent early' });
    expect([closed.outOfOrder, closed.earlierOpen]).toEqual([true, ['2022-01']]);
    const febLog = await closeEntries('2022-02');
    expect(febLog.map((e: any) => e.description)).toEqual([
      '2022-02: closed out of order: 2022-01 still open',
      `2022-02: closed on run ${closed.runId} — sent early`,
    ]);
    expect(febLog[0].details).toEqual({ month: '2022-02', outOfOrder: true, earlierOpen: ['2022-01'] });

    // January has nothing open before it: closed in order (asking for out of order changes nothing).
    const january = await order('months:close', { month: '2022-01', outOfOrder: true });
    expect([january.outOfOrder, january.earlierOpen]).toEqual([false, []]);
    const janLog = await closeEntries('2022-01');
    expect(janLog[0].description).toBe('2022-01: closed in order (no earlier month with data is open)');
    expect(janLog[0].details).toEqual({ month: '2022-01', outOfOrder: false, earlierOpen: [] });
    // The order entry is in the append-only log like the rest.
    await expect(
      ordered!.db.write((tx) => tx.run('DELETE FROM audit_log WHERE id = ?', [janLog[0].id])),
    ).rejects.toThrow(/the audit log cannot be changed/);
  });

  it('counts a month with readings but no run as open: energy-ledger close --out-of-order closes past it', async () => {
    await ordered!.close();
    ordered = undefined;
    const refused = await runCli(['close', '--db', file, '--month', '2022-04']);
    expect(refused.code).toBe(2);
    const closed = await runCli(['close', '--db', file, '--month', '2022-04', '--out-of-order']);
    expect(closed.code).toBe(0);
    expect(closed.stdout).toMatch(
      /^2022-04 closed on run \d+ \(identity [0-9a-f]+\); its statements are final$/m,
    );
    expect(closed.stdout).toContain('closed out of order: 2022-03 still open');
    const audit = await runCli(['audit', '--db', file, '--kind', 'close', '--text', '2022-04']);
    expect(audit.stdout).toContain('2022-04: closed out of order: 2022-03 still open');
  });
});
