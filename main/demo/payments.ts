/**
 * The payments made against the demo's statements (see generate.ts), so receivables have a
 * history, with the two exceptions a trader would chase.
 */
import { DateTime } from 'luxon';

/** An issued statement, as receivables list it: what is due, by when. */
export interface DemoStatement {
  participantId: string;
  month: string;
  amount: string;
  dueDate: string;
}

export interface DemoPayment {
  participantId: string;
  month: string;
  paidOn: string;
  amount: string;
  reference: string;
}

/**
 * The payments made against the demo's statements (both ways: consumers pay their invoices,
 * the market pays the generators' credit notes), so receivables have a history: January to
 * October paid in full a few days before they are due; November and December still open.
 * Two exceptions a trader would chase: the school pays nothing (its invoices are all open,
 * January's overdue first), and the cold store pays September three weeks late and only half
 * of October.
 */
export function demoPayments(statements: DemoStatement[]): DemoPayment[] {
  const payments: DemoPayment[] = [];
  for (const s of statements) {
    const month = Number(s.month.slice(5, 7));
    if (
      s.participantId === 'c-school' ||
      month > 10 ||
      !/^\d+\.\d{2}$/.test(s.amount) ||
      Number(s.amount) <= 0
    )
      continue;
    const due = DateTime.fromISO(s.dueDate, { zone: 'UTC' });
    let paidOn = due.minus({ days: 3 });
    let amount = s.amount;
    if (s.participantId === 'c-warehouse' && month === 9) paidOn = due.plus({ days: 21 });
    if (s.participantId === 'c-warehouse' && month === 10) {
      const satang = Math.floor(Number(s.amount.replace('.', '')) / 2);
      amount = `${Math.floor(satang / 100)}.${String(satang % 100).padStart(2, '0')}`;
    }
    const day = paidOn.toISODate()!;
    payments.push({
      participantId: s.participantId,
      month: s.month,
      paidOn: day,
      amount,
      reference: `TRF-${day.replace(/-/g, '')}-${s.participantId}`,
    });
  }
  return payments;
}
