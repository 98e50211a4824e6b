/**
 * A participant's monthly statement as PDF (issue 17): an invoice when the participant
 * owes the market, a credit note when the market owes the participant. Its number, issue
 * and due dates and the payment reference to quote; the seller and the buyer; the period
 * and the settlement run it comes from; then its lines: energy bought by generator and the
 * grid bill as the tariff engine itemises it (energy at each rate, then the fixed, demand,
 * minimum and tax items) for a consumer, energy sold by buyer for a generator, and each
 * prior-period adjustment naming the invoice or credit note it corrects. The lines are the
 * ledger's, exact to 4 decimals, and every subtotal is their sum; the exact total, a
 * Rounding line and the amount due (in the currency's minor unit) follow, so that on paper
 * lines + Rounding = amount due, exactly. Payments and balances are in the minor unit.
 *
 * A run that is not the month's statement of record prints as a preview: no number, no
 * payment reference, no payments or balances. Page machinery (tables, blocks, the
 * document) is in pdf-layout.ts, fonts, wrapping and figures in pdf-text.ts; the file's
 * dates come from the run, so the same statement gives the same bytes.
 */
import { DateTime } from 'luxon';

import type { StatementDto } from '../../shared/contract';
import { Dec } from '../../shared/units';

import { finish, masthead, pdfDocument, type Column, type Row, type Writer } from './pdf-layout';
import { figures, grouped, MUTED, roundedText } from './pdf-text';

export { decomposeSaraAm, grouped } from './pdf-text';

type MeterType = StatementDto['meterTypes'][number];
type Figures = ReturnType<typeof figures>;

/** What a document is called, in English and (for a baht statement) Thai. */
export function documentTitle(s: Pick<StatementDto, 'kind' | 'currency'>): string {
  const thai = s.currency === 'THB';
  return s.kind === 'invoice'
    ? `Invoice${thai ? ' · ใบแจ้งหนี้' : ''}`
    : `Credit note${thai ? ' · ใบลดหนี้' : ''}`;
}

/** The label of the amount due: who pays whom. */
export function amountDueLabel(s: Pick<StatementDto, 'kind' | 'currency'>): string {
  const thai = s.currency === 'THB';
  return s.kind === 'invoice'
    ? `Amount to pay${thai ? ' · ยอดที่ต้องชำระ' : ''}`
    : `Amount credited to you${thai ? ' · ยอดที่ได้รับ' : ''}`;
}

/** Preview wording for a statement that is not of record (it has no number). */
export const PREVIEW = 'Preview — not an issued statement';

/**
 * The statement as a PDF file (A4). Money lines are the ledger's 4-decimal amounts; the
 * amount due, payments and balances are in the currency's minor unit; energy in kWh to 3
 * decimals and prices per kWh to 4, all rounded half-up where rounded.
 */
export async function statementPdf(s: StatementDto): Promise<Buffer> {
  const published = DateTime.fromFormat(s.run.publishedUtc, 'yyyy-MM-dd HH:mm:ss', { zone: 'UTC' });
  const kind = s.kind === 'invoice' ? 'Invoice' : 'Credit note';
  const { w, done } = pdfDocument({
    title: `${kind} ${s.number || '(preview)'}: ${s.participant.name}, ${s.month}`,
    author: s.workspaceName,
    subject: `Energy Ledger ${kind.toLowerCase()}, run ${s.run.id} (${s.run.identity})`,
    date: published.toJSDate(),
  });
  const f = figures(s.currency);
  const thai = s.currency === 'THB';
  const monthName = DateTime.fromISO(`${s.month}-01`).toFormat('LLLL yyyy');
  // On the document, amounts run its way: what the buyer owes the seller is positive.
  const docSign = s.kind === 'invoice' ? -1 : 1;
  const unit = f.money(new Dec(1).dividedBy(10 ** f.minor));

  // Who issues it to whom, its number, dates and reference, the period and the run.
  masthead(w, s.workspaceName);
  w.lines(documentTitle(s), { size: 18, bold: true, advance: 26 });
  w.lines(s.number || PREVIEW, { size: 13, bold: true, advance: 20, color: s.number ? undefined : MUTED });
  w.sideBySide(
    [
      ['Seller', s.seller],
      ['Buyer', s.buyer],
    ].map(([label, party]) => (x: number, width: number) => {
      const p = party as StatementDto['seller'];
      w.lines(label as string, { size: 8, color: MUTED, advance: 20, x, width });
      w.lines(p.name, { size: 10, bold: true, advance: 13, x, width });
      const who =
        p.id === s.participant.id
          ? `Participant ${p.id} (${s.participant.role})`
          : `Market operator (${p.id})`;
      w.lines(who, { size: 8.5, color: MUTED, advance: 12, x, width });
    }),
  );
  // Dates and reference beside the period and the run; the run's identity, for tracing, below.
  const dates: [string, string][] = [
    ['Issue date', s.issueDate],
    ['Due date', s.dueDate],
    ['Payment reference', s.paymentReference || 'none (not issued)'],
  ];
  const period: [string, string][] = [
    ['Period', `${s.periodFrom} to ${s.periodTo}`],
    ['Time zone', s.timezone],
    ['Settlement run', `${s.run.id}, published ${s.run.publishedUtc.slice(0, 16)} UTC`],
  ];
  w.sideBySide([dates, period].map((rows) => (x, width) => w.fields(rows, { x, width, advance: 18 })));
  w.lines(
    `Run identity ${s.run.identity} · engine ${s.run.engineVersion}${s.closed ? ` · ${s.month} is closed: this statement is final` : ''}${s.ofRecord ? '' : ' · not the statement of record'}`,
    { size: 7.5, color: MUTED, advance: 14 },
  );

  // The amount box: what the document comes to, who pays whom, by when.
  w.amountBox(
    `${amountDueLabel(s)}${s.number ? '' : ' (preview)'}`,
    !s.paymentReference
      ? `for ${monthName}, run ${s.run.id}: not issued`
      : s.kind === 'invoice'
        ? `due by ${s.dueDate} · quote ${s.paymentReference}`
        : `paid to you by ${s.dueDate} · reference ${s.paymentReference}`,
    f.money(s.amountDue),
  );

  // The lines: each table's subtotals are the sum of its lines, its total the sum of those.
  const several = s.meterTypes.length > 1;
  const summary: Row[] = [];
  for (const m of s.meterTypes) {
    const mt = several ? ` (meter type ${m.meterType})` : '';
    if (m.earnings) {
      earningsTable(w, f, m.earnings, mt, thai);
      summary.push({ cells: [`Energy sold${mt}`, f.exact(new Dec(m.earnings.total).times(docSign))] });
    }
    if (m.bill) {
      billTable(w, f, m.bill, mt, thai);
      summary.push({ cells: [`Energy bought${mt}`, f.exact(new Dec(m.bill.total).times(-docSign))] });
    }
  }

  // What the document comes to: this month, the adjustments, the exact total, its rounding, the amount due.
  for (const a of s.adjustments)
    summary.push({
      cells: [
        `Adjustment to ${a.originalNumber || `the statement for ${a.originalMonth}`} (${a.originalMonth}, run ${a.fromRunId} to run ${a.toRunId})`,
        f.exact(new Dec(a.amount).times(docSign)),
      ],
    });
  const amountColumn: Column = { label: `Amount ${f.sym.trim()}`, align: 'right' };
  w.heading(`${kind} ${s.number || '(preview)'}: total${thai ? ' · สรุปยอด' : ''}`);
  w.table(
    [{ label: s.kind === 'invoice' ? '+ owed by you' : '+ owed to you', align: 'left' }, amountColumn],
    [
      ...summary,
      { cells: ['Total (exact)', f.exact(new Dec(s.exactTotal).times(docSign))], bold: true },
      {
        cells: [`Rounding to ${unit}`, f.exact(new Dec(s.rounding).times(docSign))],
      },
      { cells: [amountDueLabel(s), f.money(s.amountDue)], bold: true, band: true },
    ],
  );
  if (s.adjustments.length > 0)
    w.paragraph(
      'An adjustment is what the corrected month comes to on the accepted run less what its statement said, in the minor unit.',
      { color: MUTED },
    );

  if (!s.ofRecord) {
    w.heading('Not the statement of record');
    w.paragraph(
      `Run ${s.run.id} is not the run ${s.month}'s statement is made from (the run the month was closed on, or else its run in force). This preview shows its figures only: the number, payments, balances and prior-period adjustments are on the statement of record.`,
      { size: 9, advance: 20 },
    );
  } else accountTable(w, f, s, thai);
  w.paragraph(
    `Amounts in ${s.currency}. Lines are the ledger's exact amounts, to ${f.exact(new Dec('0.0001'))}; the amount due is their total rounded half-up to ${unit} (the Rounding line), as are payments and balances. Energy in kWh to 3 decimals. The CSV statement carries the same figures.`,
    { size: 7.5, color: MUTED, advance: 20 },
  );

  finish(
    w,
    s.workspaceName,
    ` · ${s.participant.id} · ${s.month} · ${s.number || 'preview'} · run ${s.run.id} · identity ${s.run.identity.slice(0, 16)}…`,
  );
  return done;
}

/** A generator's energy sold: traded by buyer, open market and unsold, and their total. */
function earningsTable(
  w: Writer,
  f: Figures,
  e: NonNullable<MeterType['earnings']>,
  mt: string,
  thai: boolean,
) {
  // A line of energy sold: kWh, RECs, average price and amount.
  const sold = (label: string, x: { kWh: string; rec: number; averagePrice: string; amount: string }) => [
    label,
    f.kWh(x.kWh),
    String(x.rec),
    f.price(x.averagePrice),
    f.exact(x.amount),
  ];
  w.heading(`What you sold${mt}`);
  w.table(
    [
      { label: 'Sold to', align: 'left' },
      { label: 'kWh', align: 'right' },
      { label: 'RECs', align: 'right' },
      { label: `Avg price ${f.sym.trim()}/kWh`, align: 'right' },
      { label: `Amount ${f.sym.trim()}`, align: 'right' },
    ],
    [
      ...e.buyers.map((b) => ({ cells: sold(b.name, b), indent: 8 })),
      { cells: sold('Traded, 24/7 CFE', e.traded), bold: true },
      { cells: sold('Open market', e.openMarket) },
      { cells: ['Unsold', f.kWh(e.unsold.kWh), String(e.unsold.rec), '', f.exact(e.unsold.amount)] },
      {
        cells: [`Total earnings${thai ? ' · รวม' : ''}`, '', '', '', f.exact(e.total)],
        bold: true,
        band: true,
      },
    ],
  );
  if (e.gapHours > 0)
    w.paragraph(`${e.gapHours} hour(s) were settled on gaps in the meter data.`, { color: MUTED });
}

/**
 * A consumer's energy bought: traded by generator, then the grid bill as the tariff engine
 * itemises it (energy at each rate, then the tariff's monthly items), and their total.
 */
function billTable(w: Writer, f: Figures, b: NonNullable<MeterType['bill']>, mt: string, thai: boolean) {
  const perKWh = (rate: string) => `${f.sym}${f.price(rate)}/kWh`;
  const quantity = (t: (typeof b.tariffItems)[number]) => {
    if (t.quantity === null) return '';
    if (t.quantityKey === 'percentage') return `of ${f.exact(t.quantity)}`;
    if (t.quantityKey === 'consumption') return `${f.kWh(t.quantity)} kWh`;
    if (t.quantityKey === 'demand') return `${f.kWh(t.quantity)} kW`;
    return grouped3(t.quantity);
  };
  const rate = (t: (typeof b.tariffItems)[number]) => {
    if (t.rate === null) return '';
    if (t.quantityKey === 'percentage') return `${new Dec(t.rate).times(100).toFixed()} %`;
    if (t.quantityKey === 'consumption') return perKWh(t.rate);
    if (t.quantityKey === 'demand') return `${f.sym}${f.price(t.rate)}/kW`;
    return `${f.sym}${f.price(t.rate)}`;
  };
  const plan = `${b.grid.providerName ? `: ${b.grid.providerName}` : ''}${b.grid.planName ? `, ${b.grid.planName}` : ''}`;
  const gridEnergy = b.gridEnergy.filter((g) => !new Dec(g.kWh).isZero() || !new Dec(g.amount).isZero());
  w.heading(`Electricity bill: what you bought${mt}`);
  w.table(
    [
      { label: 'From', align: 'left' },
      { label: 'Quantity', align: 'right' },
      { label: 'Price', align: 'right' },
      { label: `Amount ${f.sym.trim()}`, align: 'right' },
    ],
    [
      ...b.generators.map((g) => ({
        cells: [g.name, `${f.kWh(g.kWh)} kWh`, perKWh(g.averagePrice), f.exact(g.amount)],
        indent: 8,
      })),
      { cells: ['Traded, 24/7 CFE', `${f.kWh(b.traded.kWh)} kWh`, '', f.exact(b.traded.amount)], bold: true },
      ...gridEnergy.map((g) => ({
        cells: [
          `Grid energy: ${g.period}, ${g.hours} h`,
          `${f.kWh(g.kWh)} kWh`,
          perKWh(g.rate),
          f.exact(g.amount),
        ],
        indent: 8,
      })),
      ...b.tariffItems.map((t) => ({ cells: [t.name, quantity(t), rate(t), f.exact(t.amount)], indent: 8 })),
      { cells: [`Grid${plan}`, `${f.kWh(b.grid.kWh)} kWh`, '', f.exact(b.grid.amount)], bold: true },
      {
        cells: [`Total bill${thai ? ' · ยอดรวม' : ''}`, '', '', f.exact(b.total)],
        bold: true,
        band: true,
      },
    ],
  );
  const score = new Dec(b.cfeScore).times(100).toFixed(2);
  w.paragraph(
    `CFE score ${score} %: the share of your load met hour by hour by carbon-free energy from the pool.${b.gapHours > 0 ? ` ${b.gapHours} hour(s) were settled on gaps in the meter data.` : ''}`,
    { color: MUTED },
  );
}

/** A quantity without a unit (months, days), to at most 3 decimals. */
const grouped3 = (value: string) => grouped(roundedText(value, 3).replace(/\.?0+$/, ''));

/** The account, in the minor unit: brought forward, this document, its payments, outstanding, carried. */
function accountTable(w: Writer, f: Figures, s: StatementDto, thai: boolean) {
  const kind = s.kind === 'invoice' ? 'Invoice' : 'Credit note';
  w.heading('Your account');
  w.table(
    [
      { label: '', align: 'left' },
      { label: 'Date', align: 'left' },
      { label: `Amount ${f.sym.trim()}`, align: 'right' },
    ],
    [
      {
        cells: [
          'Balance brought forward (+ owed to you, - owed by you)',
          '',
          f.money(s.balanceBroughtForward),
        ],
      },
      {
        cells: [
          `${kind} ${s.number}: ${s.kind === 'invoice' ? 'you pay the market' : 'the market pays you'}`,
          s.issueDate,
          f.money(s.amountDue),
        ],
      },
      ...s.payments.map((p) => ({
        cells: [
          `Payment${p.reference ? ` ${p.reference}` : ''}`,
          p.paidOn,
          f.money(new Dec(p.amount).negated()),
        ],
      })),
      {
        cells: [
          `Outstanding on ${s.number}${thai ? ' · ยอดค้างชำระ' : ''}`,
          `due ${s.dueDate}`,
          f.money(s.outstanding),
        ],
        bold: true,
      },
      {
        cells: [
          'Balance carried (+ owed to you, - owed by you)',
          `as of ${s.asOf}`,
          f.money(s.balanceCarried),
        ],
        band: true,
        bold: true,
      },
    ],
  );
}
