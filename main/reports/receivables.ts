/**
 * Receivables both ways (issues 10 and 17): for every issued statement of a
 * month that ended before the chosen date, its number, what it comes to in the
 * currency's minor unit (the amount due, with the ledger's exact total and the
 * rounding between them), the payments recorded against it, what is still
 * outstanding and whether it is overdue (due by the end of the following month,
 * spec §5). Per participant, the balance carried month after month; across the
 * workspace, totals per direction and aging buckets as of the date.
 *
 * Payments are matched against the amount due: a statement is paid when its
 * payments equal it, within the workspace's matching tolerance (default 0). A
 * difference within the tolerance is written off, not carried. Every figure
 * here is on the minor unit.
 */
import { DateTime } from 'luxon';

import type { ReceivablesDto } from '../../shared/contract';
import {
  formatMinorUnits,
  formatTenThousandthsTo,
  minorUnitStep,
  parseTenThousandths,
  roundToMinorUnit,
} from '../../shared/currency';
import { participantsInOrder } from '../store/participant-directory';
import { paymentsPaidBy, type PaymentRow } from '../store/payments-repository';
import type { Workspace } from '../store/workspace';

import { statementLedger, type LedgerStatement } from './ledger';

type Month = ReceivablesDto['participants'][number]['months'][number];
type Bucket = ReceivablesDto['aging'][number]['bucket'];

export const agingBuckets: readonly Bucket[] = ['current', '1-30', '31-60', '61-90', 'over-90'];

const abs = (v: bigint) => (v < 0n ? -v : v);

export function bucketOf(daysOverdue: number): Bucket {
  if (daysOverdue <= 0) return 'current';
  if (daysOverdue <= 30) return '1-30';
  if (daysOverdue <= 60) return '31-60';
  if (daysOverdue <= 90) return '61-90';
  return 'over-90';
}

export type { PaymentRow };

/** The payments that count as of a date (made by then, not undone), by `participant/month`. */
async function activePayments(workspace: Workspace, asOf: string, participantId?: string) {
  const rows = await paymentsPaidBy(workspace.db, asOf, participantId);
  const out = new Map<string, PaymentRow[]>();
  for (const row of rows) {
    const key = `${row.participant_id}/${row.statement_month}`;
    out.set(key, [...(out.get(key) ?? []), row]);
  }
  return out;
}

/**
 * The matching tolerance in ten-thousandths (workspace setting `paymentTolerance`, default 0),
 * cut down to the currency's minor unit (a JPY tolerance of 0.5 is 0): never wider than set.
 */
export function toleranceOf(setting: string | undefined, currency: string): bigint {
  const parsed = parseTenThousandths(setting ?? '0');
  if (parsed === null || parsed <= 0n) return 0n;
  const step = minorUnitStep(currency);
  return (parsed / step) * step;
}

export async function receivables(
  workspace: Workspace,
  input: { asOf?: string; participantId?: string; status?: Month['status'] },
): Promise<ReceivablesDto> {
  const settings = await workspace.settings();
  const { timezone, currency } = settings;
  const asOf = input.asOf ?? DateTime.now().setZone(timezone).toISODate()!;
  const tolerance = toleranceOf(settings.paymentTolerance, currency);
  const money = (v: bigint) => formatMinorUnits(v, currency);
  const asOfDay = DateTime.fromISO(asOf, { zone: timezone });
  // Statements exist for months that ended before the date.
  const ledger = await statementLedger(workspace.db, currency, timezone, {
    participantId: input.participantId,
    beforeMonth: asOf.slice(0, 7),
  });
  const payments = await activePayments(workspace, asOf, input.participantId);
  const participants = await participantsInOrder(workspace.db);
  const byParticipant = new Map<string, LedgerStatement[]>();
  for (const s of ledger)
    byParticipant.set(s.participantId, [...(byParticipant.get(s.participantId) ?? []), s]);

  const out: ReceivablesDto['participants'] = [];
  const overdue: ReceivablesDto['overdue'] = [];
  const totals = { receivable: 0n, payable: 0n };
  const aging = new Map<Bucket, { receivable: bigint; payable: bigint; statements: number }>(
    agingBuckets.map((b) => [b, { receivable: 0n, payable: 0n, statements: 0 }]),
  );
  for (const p of participants) {
    const statements = byParticipant.get(p.id);
    if (!statements) continue;
    const months: Month[] = [];
    let balance = 0n;
    for (const s of statements) {
      const paidRows = payments.get(`${p.id}/${s.month}`) ?? [];
      // A payment is on the minor unit (older ones with more decimals count rounded).
      const paid = paidRows.reduce(
        (sum, x) => sum + roundToMinorUnit(parseTenThousandths(x.amount) ?? 0n, currency),
        0n,
      );
      const due = abs(s.amountDue);
      const outstanding = due - paid;
      // Within the tolerance only once something was paid: an unpaid statement is never written off.
      const settled = outstanding === 0n || (paid > 0n && abs(outstanding) <= tolerance);
      let status: Month['status'] = settled
        ? 'paid'
        : outstanding < 0n
          ? 'overpaid'
          : paid > 0n
            ? 'partial'
            : 'unpaid';
      if ((status === 'partial' || status === 'unpaid') && asOf > s.dueDate) status = 'overdue';
      const writtenOff = settled ? outstanding : 0n;
      const open = outstanding - writtenOff;
      balance += s.direction === 'receivable' ? -open : open;
      const daysOverdue = Math.round(
        asOfDay.diff(DateTime.fromISO(s.dueDate, { zone: timezone }), 'days').days,
      );
      const sign = s.direction === 'receivable' ? -1n : 1n;
      if (open > 0n) {
        totals[s.direction] += open;
        const bucket = aging.get(bucketOf(daysOverdue))!;
        bucket[s.direction] += open;
        bucket.statements += 1;
      } else if (open < 0n) {
        // Overpaid: the excess is owed back the other way, from today.
        const other = s.direction === 'receivable' ? 'payable' : 'receivable';
        totals[other] -= open;
        const bucket = aging.get('current')!;
        bucket[other] -= open;
        bucket.statements += 1;
      }
      const month: Month = {
        month: s.month,
        runId: s.run.id,
        runIdentity: s.run.identity,
        invoiceNumber: s.number,
        kind: s.kind,
        direction: s.direction,
        amount: money(due),
        exactAmount: formatExact(s.exact * sign),
        rounding: formatExact(s.rounding * sign),
        adjustment: money(s.adjustments.reduce((sum, a) => sum + a.amount, 0n)),
        paid: money(paid),
        outstanding: money(outstanding),
        writtenOff: money(writtenOff),
        issueDate: s.issueDate,
        dueDate: s.dueDate,
        daysOverdue: open > 0n ? Math.max(0, daysOverdue) : 0,
        aging: open > 0n ? bucketOf(daysOverdue) : null,
        status,
        paymentReference: s.paymentReference,
        payments: paidRows.map((x) => ({
          id: x.id,
          paidOn: x.paid_on,
          amount: money(roundToMinorUnit(parseTenThousandths(x.amount) ?? 0n, currency)),
          reference: x.reference,
        })),
        balanceCarried: money(balance),
      };
      if (input.status === undefined || input.status === status) months.push(month);
      if (status === 'overdue')
        overdue.push({
          participantId: p.id,
          name: p.name,
          month: s.month,
          invoiceNumber: s.number,
          direction: s.direction,
          outstanding: money(outstanding),
          dueDate: s.dueDate,
          daysOverdue,
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
  return {
    asOf,
    currency,
    tolerance: money(tolerance),
    participants: out,
    overdue,
    totals: { owedToMarket: money(totals.receivable), owedByMarket: money(totals.payable) },
    aging: agingBuckets.map((bucket) => {
      const b = aging.get(bucket)!;
      return {
        bucket,
        owedToMarket: money(b.receivable),
        owedByMarket: money(b.payable),
        statements: b.statements,
      };
    }),
  };
}

/** The ledger's exact figure, 4 decimals. */
export const formatExact = (v: bigint) => formatTenThousandthsTo(v, 4);
