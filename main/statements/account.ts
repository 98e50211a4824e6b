/**
 * A participant's statement of account (issue 17): what a trader sends a
 * counterparty who asks "where do we stand?". The balance brought forward from
 * the statements before the period, then, in date order, each invoice or credit
 * note issued (its amount due) and each payment against one, with the running
 * balance, and the closing balance. The figures are the Receivables screen's:
 * the same statement ledger, the same payments, the same write-offs within the
 * matching tolerance, all in the currency's minor unit.
 */
import { DateTime } from 'luxon';

import type { AccountStatementDto } from '../../shared/contract';
import { csvLine } from '../../shared/csv';
import { formatMinorUnits, parseTenThousandths } from '../../shared/currency';
import { notFound } from '../errors';
import { receivables } from '../reports/receivables';
import { participantById } from '../store/participant-directory';
import type { Workspace } from '../store/workspace';

type Line = AccountStatementDto['lines'][number];

export async function buildAccountStatement(
  workspace: Workspace,
  input: { participantId: string; from?: string; to?: string; asOf?: string },
): Promise<AccountStatementDto> {
  const settings = await workspace.settings();
  const participant = await participantById(workspace.db, input.participantId);
  if (!participant) throw notFound(`participant "${input.participantId}" does not exist`);
  const asOf = input.asOf ?? DateTime.now().setZone(settings.timezone).toISODate()!;
  const book = await receivables(workspace, { asOf, participantId: participant.id });
  const months = book.participants[0]?.months ?? [];
  const from = input.from ?? months[0]?.month ?? asOf.slice(0, 7);
  const to = input.to ?? months.at(-1)?.month ?? asOf.slice(0, 7);
  const e4 = (text: string) => parseTenThousandths(text) ?? 0n;
  const money = (v: bigint) => formatMinorUnits(v, settings.currency);
  // Every movement of the balance, signed as balances are (positive: the market owes the participant).
  const movements: (Omit<Line, 'amount' | 'balance'> & { change: bigint })[] = [];
  for (const m of months) {
    const toParticipant = m.direction === 'payable' ? 1n : -1n;
    movements.push({
      date: m.issueDate,
      kind: m.kind,
      number: m.invoiceNumber,
      month: m.month,
      description: `${m.kind === 'invoice' ? 'Invoice' : 'Credit note'} ${m.invoiceNumber} for ${m.month}, due ${m.dueDate}`,
      change: toParticipant * e4(m.amount),
    });
    for (const p of m.payments)
      movements.push({
        date: p.paidOn,
        kind: 'payment',
        number: m.invoiceNumber,
        month: m.month,
        description: `Payment ${m.direction === 'payable' ? 'to' : 'from'} ${participant.name}${
          p.reference ? `, reference ${p.reference}` : ''
        }`,
        change: -toParticipant * e4(p.amount),
      });
    if (e4(m.writtenOff) !== 0n)
      movements.push({
        date: m.payments.at(-1)?.paidOn ?? m.dueDate,
        kind: 'write-off',
        number: m.invoiceNumber,
        month: m.month,
        description: `Difference within the matching tolerance (${book.tolerance}) written off`,
        change: toParticipant * e4(m.writtenOff) * -1n,
      });
  }
  // The period opens on the issue date of its first month's statements and runs to the date.
  // Statements of earlier months, and payments made before it opens, make the opening balance;
  // a payment made in the period appears as a line, whichever statement it pays. Statements of
  // months after `to`, and what was paid against them, are left out.
  const opens = DateTime.fromISO(`${from}-01`).plus({ months: 1 }).toISODate()!;
  let opening = 0n;
  const inPeriod: typeof movements = [];
  for (const x of movements) {
    if (x.month > to) continue;
    const isStatement = x.kind === 'invoice' || x.kind === 'credit-note';
    if (isStatement ? x.month < from : x.date < opens) opening += x.change;
    else inPeriod.push(x);
  }
  inPeriod.sort((a, b) =>
    a.date === b.date ? (a.month < b.month ? -1 : a.month > b.month ? 1 : 0) : a.date < b.date ? -1 : 1,
  );
  let balance = opening;
  const lines: Line[] = inPeriod.map(({ change, ...rest }) => {
    balance += change;
    return { ...rest, amount: money(change), balance: money(balance) };
  });
  return {
    workspaceName: settings.name,
    currency: settings.currency,
    participant,
    from,
    to,
    asOf,
    openingBalance: money(opening),
    lines,
    closingBalance: money(balance),
  };
}

/** The statement of account as CSV: one row per movement, with the opening and closing balances. */
export function accountStatementCsv(a: AccountStatementDto): string {
  const rows = [
    ['date', 'kind', 'number', 'month', 'description', `amount_${a.currency}`, `balance_${a.currency}`],
    [
      a.from,
      'opening-balance',
      '',
      '',
      `Balance brought forward (${a.participant.id})`,
      '',
      a.openingBalance,
    ],
    ...a.lines.map((l) => [l.date, l.kind, l.number, l.month, l.description, l.amount, l.balance]),
    [a.asOf, 'closing-balance', '', '', 'Balance carried', '', a.closingBalance],
  ];
  return rows.map(csvLine).join('');
}
