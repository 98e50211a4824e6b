/**
 * A statement as CSV: one table, one row per figure, so a spreadsheet can add
 * it up. The first rows name the document (workspace, participant, its number
 * and kind, issue and due dates, payment reference, seller and buyer, month,
 * run identity); the amounts are the exact decimal text of the statement.
 *
 * The lines are the ledger's, exact to 4 decimals: a section's lines add up to
 * its subtotals (a bill's grid = its energy at each rate + the tariff items),
 * and in the `total` section, signed as balances are (positive: the market owes
 * the participant), energy sold and bought + the prior-period adjustments =
 * the exact total, and the exact total + rounding = the amount due, exactly.
 * Payments and balances (the `account` section) are in the minor unit. Every
 * text cell goes through csvLine, so none can run as a spreadsheet formula.
 */
import type { StatementDto } from '../../shared/contract';
import { csvLine } from '../../shared/csv';

const COLUMNS = ['section', 'item', 'id', 'name', 'kWh', 'MWh', 'RECs', 'price', 'amount', 'note'] as const;
type Row = Partial<Record<(typeof COLUMNS)[number], string | number>>;

export function statementCsv(s: StatementDto): string {
  const c = s.currency;
  const header = [
    'section',
    'item',
    'id',
    'name',
    'energy_kWh',
    'energy_MWh',
    'RECs',
    `average_price_${c}_per_kWh`,
    `amount_${c}`,
    'note',
  ];
  const rows: Row[] = [];
  const info = (item: string, name: string) => rows.push({ section: 'statement', item, name });
  const gaps = (hours: number) => (hours ? `${hours} hour(s) settled on gaps` : '');
  const kind = s.kind === 'invoice' ? 'invoice' : 'credit note';
  info('workspace', s.workspaceName);
  info('participant', `${s.participant.name} (${s.participant.id}, ${s.participant.role})`);
  info('number', s.number || 'preview: not an issued statement');
  rows.push({ section: 'statement', item: 'kind', id: s.kind, name: kind });
  info('issue date', s.issueDate);
  info('due date', s.dueDate);
  if (s.paymentReference)
    rows.push({
      section: 'statement',
      item: 'payment reference',
      name: s.paymentReference,
      note: s.kind === 'invoice' ? 'quote it with the payment to the market' : 'quoted with the payment',
    });
  rows.push({ section: 'statement', item: 'seller', id: s.seller.id, name: s.seller.name });
  rows.push({ section: 'statement', item: 'buyer', id: s.buyer.id, name: s.buyer.name });
  info('month', `${s.month} (${s.periodFrom} to ${s.periodTo}, ${s.timezone})`);
  info(
    'run',
    `run ${s.run.id}, identity ${s.run.identity}, engine ${s.run.engineVersion}, published ${s.run.publishedUtc} UTC`,
  );
  info('as of', s.asOf);
  if (s.closed) info('closed', `${s.month} is closed: this statement is final`);
  if (!s.ofRecord)
    info(
      'not of record',
      `run ${s.run.id} is not the run ${s.month}'s statement was made from: figures only, no number, payments or balances`,
    );
  // This month's figures and the adjustments, signed as balances are: they add up to the exact total.
  const totals: Row[] = [];
  for (const m of s.meterTypes) {
    const mt = s.meterTypes.length > 1 ? ` (meter type ${m.meterType})` : '';
    if (m.earnings) {
      const e = m.earnings;
      const section = `earnings${mt}`;
      for (const b of e.buyers)
        rows.push({
          section,
          item: 'traded to',
          id: b.id,
          name: b.name,
          kWh: b.kWh,
          MWh: b.mwh,
          RECs: b.rec,
          price: b.averagePrice,
          amount: b.amount,
        });
      for (const [item, x] of [
        ['traded (24/7 CFE)', e.traded],
        ['open market', e.openMarket],
        ['unsold', e.unsold],
      ] as const)
        rows.push({
          section,
          item,
          kWh: x.kWh,
          MWh: x.mwh,
          RECs: x.rec,
          price: x.averagePrice,
          amount: x.amount,
        });
      rows.push({ section, item: 'total earnings', amount: e.total, note: gaps(e.gapHours) });
      totals.push({ section: 'total', item: `energy sold${mt}`, amount: e.total });
    }
    if (m.bill) {
      const b = m.bill;
      const section = `bill${mt}`;
      for (const g of b.generators)
        rows.push({
          section,
          item: 'bought from',
          id: g.id,
          name: g.name,
          kWh: g.kWh,
          price: g.averagePrice,
          amount: g.amount,
          note: g.planName,
        });
      rows.push({ section, item: 'traded (24/7 CFE)', kWh: b.traded.kWh, amount: b.traded.amount });
      rows.push({
        section,
        item: 'grid',
        name: b.grid.providerName,
        kWh: b.grid.kWh,
        amount: b.grid.amount,
        note: b.grid.planName,
      });
      for (const g of b.gridEnergy)
        rows.push({
          section,
          item: 'grid energy (in grid)',
          name: g.period,
          kWh: g.kWh,
          price: g.rate,
          amount: g.amount,
          note: `${g.hours} hour(s) at this price`,
        });
      for (const t of b.tariffItems)
        rows.push({
          section,
          item: 'tariff item (in grid)',
          id: t.chargeClass,
          name: t.name,
          price: t.rate ?? '',
          amount: t.amount,
          note: t.quantity === null ? '' : `${t.quantity} ${t.quantityKey}`,
        });
      rows.push({ section, item: 'CFE score', note: b.cfeScore });
      rows.push({ section, item: 'total bill', amount: b.total, note: gaps(b.gapHours) });
      totals.push({ section: 'total', item: `energy bought${mt}`, amount: negate(b.total) });
    }
  }
  rows.push(...totals);
  for (const a of s.adjustments)
    rows.push({
      section: 'total',
      item: 'prior-period adjustment',
      id: a.originalNumber,
      name: `${a.originalMonth}, run ${a.fromRunId} → run ${a.toRunId}`,
      amount: a.amount,
      note: `adjustment to ${a.originalNumber || `the statement for ${a.originalMonth}`}: ${a.originalMonth} re-settled after it was closed`,
    });
  rows.push({
    section: 'total',
    item: 'exact total',
    amount: s.exactTotal,
    note: 'positive: owed to the participant',
  });
  rows.push({ section: 'total', item: 'rounding', amount: s.rounding, note: 'amount due − exact total' });
  rows.push({
    section: 'total',
    item: 'amount due',
    id: s.number,
    name: kind,
    amount: s.thisMonth,
    note: `${s.amountDue} ${s.kind === 'invoice' ? 'to pay to the market' : 'credited to the participant'}`,
  });
  if (s.ofRecord) {
    const account = (item: string, amount: string, note = '') =>
      rows.push({ section: 'account', item, amount, note });
    account('balance brought forward', s.balanceBroughtForward, 'positive: owed to the participant');
    account(
      'this statement',
      s.thisMonth,
      s.direction === 'payable' ? 'the market pays the participant' : 'the participant pays the market',
    );
    for (const p of s.payments)
      rows.push({ section: 'account', item: 'payment', id: p.reference, name: p.paidOn, amount: p.amount });
    account('paid', s.paid);
    account('outstanding', s.outstanding, `due ${s.dueDate}`);
    account('balance carried', s.balanceCarried, 'positive: owed to the participant');
  }
  return csvLine(header) + rows.map((row) => csvLine(COLUMNS.map((k) => row[k] ?? ''))).join('');
}

/** A decimal text negated, exactly ("12.3400" → "-12.3400", "0.0000" stays). */
function negate(amount: string): string {
  if (/^-/.test(amount)) return amount.slice(1);
  return /[1-9]/.test(amount) ? `-${amount}` : amount;
}
