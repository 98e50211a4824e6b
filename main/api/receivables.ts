/**
 * Receivables both ways (issue 10): for every participant and settled month
 * (the month's latest published run), what the statement says is owed —
 * to a generator (its earnings: traded, open market, unsold) or by a consumer
 * (its traded energy, grid lines and the grid bill's monthly lines); a
 * participant that both sells and buys nets the two — the payments recorded
 * against that statement, what is still outstanding, and whether it is
 * overdue as of a date (due by the end of the following month, spec §5). Only
 * months that ended before the date have statements. The balance carried is the
 * sum of what is outstanding, month after month.
 */
import { DateTime } from 'luxon';

import type { ReceivablesDto } from '../../shared/contract';
import { Dec } from '../../shared/units';
import { participantAmounts, statementRuns } from '../store/settlement-repository';
import type { Workspace } from '../store/workspace';

import type { Handlers } from './dispatch';

const e4 = (amount: string) =>
  BigInt(new Dec(amount).times(10_000).toDecimalPlaces(0, Dec.ROUND_HALF_UP).toFixed());
const money = (value: bigint) => new Dec(value.toString()).dividedBy(10_000).toFixed(4);

export const receivableHandlers: Pick<Handlers, 'receivables:list'> = {
  'receivables:list': ({ workspace }, input) => receivables(workspace, input),
};

export async function receivables(
  workspace: Workspace,
  input: { asOf?: string; participantId?: string },
): Promise<ReceivablesDto> {
  const { timezone, currency } = await workspace.settings();
  const asOf = input.asOf ?? DateTime.now().setZone(timezone).toISODate()!;
  const participants = await workspace.db.all<{ id: string; name: string; role: string }>(
    'SELECT id, name, role FROM participants ORDER BY id',
  );
  // Statements exist for months that ended before the date.
  // A closed month's statements carry the run it was closed on (statementRuns).
  const runs = (await statementRuns(workspace.db))
    .filter((run) => run.month < asOf.slice(0, 7))
    .sort((a, b) => (a.month < b.month ? -1 : 1));
  const amounts = new Map<number, Map<string, bigint>>();
  for (const run of runs) amounts.set(run.id, await participantAmounts(workspace.db, run.id));
  // Prior-period adjustments, carried by the statement of the month they were applied to.
  const adjustments = new Map<string, bigint>();
  for (const a of await workspace.db.all<{ participant_id: string; applied_month: string; amount: string }>(
    'SELECT participant_id, applied_month, amount FROM prior_period_adjustments',
  )) {
    const key = `${a.participant_id}/${a.applied_month}`;
    adjustments.set(key, (adjustments.get(key) ?? 0n) + e4(a.amount));
  }
  const out: ReceivablesDto['participants'] = [];
  const overdue: ReceivablesDto['overdue'] = [];
  for (const p of participants) {
    if (input.participantId && p.id !== input.participantId) continue;
    const months: ReceivablesDto['participants'][number]['months'] = [];
    let balance = 0n;
    for (const run of runs) {
      const settled = amounts.get(run.id)!.get(p.id);
      const adjustment = adjustments.get(`${p.id}/${run.month}`) ?? 0n;
      if (settled === undefined && adjustment === 0n) continue;
      // Positive: owed to the participant (a payable); negative: owed by it (a receivable).
      const owed = (settled ?? 0n) + adjustment;
      const payments = await workspace.db.all<{ amount: string; paid_on: string; reference: string }>(
        'SELECT amount, paid_on, reference FROM payments WHERE participant_id = ? AND statement_month = ? ORDER BY paid_on, id',
        [p.id, run.month],
      );
      const paid = payments.reduce((s, x) => s + e4(x.amount), 0n);
      const magnitude = owed < 0n ? -owed : owed;
      const outstanding = magnitude - paid;
      const dueDate = DateTime.fromISO(`${run.month}-01`, { zone: timezone })
        .plus({ months: 2 })
        .minus({ days: 1 })
        .toISODate()!;
      let status: 'paid' | 'partial' | 'unpaid' | 'overdue' | 'overpaid' =
        outstanding < 0n ? 'overpaid' : outstanding === 0n ? 'paid' : paid > 0n ? 'partial' : 'unpaid';
      if ((status === 'partial' || status === 'unpaid') && asOf > dueDate) status = 'overdue';
      balance += owed < 0n ? -outstanding : outstanding;
      const direction = owed < 0n ? 'receivable' : 'payable';
      months.push({
        month: run.month,
        runId: run.id,
        runIdentity: run.identity,
        direction,
        amount: money(magnitude),
        adjustment: money(adjustment),
        paid: money(paid),
        outstanding: money(outstanding),
        dueDate,
        status,
        payments: payments.map((x) => ({ paidOn: x.paid_on, amount: x.amount, reference: x.reference })),
        balanceCarried: money(balance),
      });
      if (status === 'overdue')
        overdue.push({
          participantId: p.id,
          name: p.name,
          month: run.month,
          direction,
          outstanding: money(outstanding),
          dueDate,
          daysOverdue: Math.round(
            DateTime.fromISO(asOf, { zone: timezone }).diff(
              DateTime.fromISO(dueDate, { zone: timezone }),
              'days',
            ).days,
          ),
        });
    }
    if (months.length > 0)
      out.push({
        participantId: p.id,
        name: p.name,
        role: p.role,
        months,
        // Positive: the market owes the participant; negative: the participant owes the market.
        balance: money(balance),
      });
  }
  return { asOf, currency, participants: out, overdue };
}
