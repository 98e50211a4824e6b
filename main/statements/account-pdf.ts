/**
 * A participant's statement of account as PDF (issue 17): what a trader sends a
 * counterparty who asks "where do we stand?". The balance brought forward, then in date
 * order each invoice and credit note issued (its amount due) and each payment, with the
 * running balance, and the closing balance; every figure in the currency's minor unit,
 * signed as balances are (positive: the market owes the participant).
 *
 * Laid out by pdf-layout.ts and pdf-text.ts like the statements themselves; the file's date is the
 * as-of day, never the clock, so the same statement of account gives the same bytes.
 */
import { DateTime } from 'luxon';

import type { AccountStatementDto } from '../../shared/contract';
import { Dec } from '../../shared/units';

import { finish, masthead, pdfDocument } from './pdf-layout';
import { figures, MUTED } from './pdf-text';

export async function accountStatementPdf(a: AccountStatementDto): Promise<Buffer> {
  const { w, done } = pdfDocument({
    title: `Statement of account: ${a.participant.name}, ${a.from} to ${a.to}`,
    author: a.workspaceName,
    subject: `Energy Ledger statement of account of ${a.participant.id}, as of ${a.asOf}`,
    date: DateTime.fromISO(a.asOf, { zone: 'UTC' }).toJSDate(),
  });
  const f = figures(a.currency);
  const thai = a.currency === 'THB';

  masthead(w, a.workspaceName);
  w.lines(`Statement of account${thai ? ' · ใบแจ้งยอดบัญชี' : ''}`, { size: 18, bold: true, advance: 26 });
  w.lines(a.participant.name, { size: 13, bold: true, advance: 22 });
  w.fields(
    [
      ['Participant', `${a.participant.id} (${a.participant.role})`],
      ['Statements', `${a.from} to ${a.to}`],
      ['As of', a.asOf],
      ['Currency', `${a.currency} (${f.sym.trim()})`],
    ],
    { advance: 18 },
  );

  const closing = new Dec(a.closingBalance);
  w.amountBox(
    closing.isZero()
      ? 'Nothing outstanding'
      : closing.isNegative()
        ? `You owe the market${thai ? ' · ยอดที่ต้องชำระ' : ''}`
        : `The market owes you${thai ? ' · ยอดที่ได้รับ' : ''}`,
    `closing balance as of ${a.asOf}`,
    f.money(closing.abs()),
  );

  w.heading('Statements and payments');
  w.table(
    [
      { label: 'Date', align: 'left' },
      { label: 'Document', align: 'left' },
      { label: 'Description', align: 'left', wrap: true },
      { label: `Amount ${f.sym.trim()}`, align: 'right' },
      { label: `Balance ${f.sym.trim()}`, align: 'right' },
    ],
    [
      { cells: ['', '', `Balance brought forward from before ${a.from}`, '', f.money(a.openingBalance)] },
      ...a.lines.map((l) => ({
        cells: [l.date, l.number, l.description, f.money(l.amount), f.money(l.balance)],
      })),
      {
        cells: [a.asOf, '', 'Closing balance', '', f.money(a.closingBalance)],
        bold: true,
        band: true,
      },
    ],
  );
  w.paragraph(
    `Amounts in ${a.currency}, to ${f.money(new Dec(1).dividedBy(10 ** f.minor))}: positive what the market owes you, negative what you owe it. An invoice's amount due is what you owe, a credit note's what you are owed; each payment settles one of them. Each balance is the one before plus the amount.`,
    { color: MUTED, advance: 20 },
  );

  finish(w, a.workspaceName, ` · ${a.participant.id} · ${a.from} to ${a.to} · as of ${a.asOf}`);
  return done;
}
