/**
 * A statement as CSV: one table, one row per figure, so a spreadsheet can add
 * it up. The first rows name the statement (workspace, participant, month,
 * run identity); the amounts are the exact decimal text of the statement.
 */
import type { StatementDto } from '../../shared/contract';
import { csvLine } from '../../shared/csv';

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
  const rows: (string | number)[][] = [];
  const info = (item: string, value: string) =>
    rows.push(['statement', item, '', value, '', '', '', '', '', '']);
  info('workspace', s.workspaceName);
  info('participant', `${s.participant.name} (${s.participant.id}, ${s.participant.role})`);
  info('month', `${s.month} (${s.periodFrom} to ${s.periodTo}, ${s.timezone})`);
  info(
    'run',
    `run ${s.run.id}, identity ${s.run.identity}, engine ${s.run.engineVersion}, published ${s.run.publishedUtc} UTC`,
  );
  info('as of', s.asOf);
  if (s.closed) info('closed', `${s.month} is closed: this statement is final`);
  for (const m of s.meterTypes) {
    const mt = s.meterTypes.length > 1 ? ` (meter type ${m.meterType})` : '';
    if (m.earnings) {
      const e = m.earnings;
      for (const b of e.buyers)
        rows.push([
          `earnings${mt}`,
          'traded to',
          b.id,
          b.name,
          b.kWh,
          b.mwh,
          b.rec,
          b.averagePrice,
          b.amount,
          '',
        ]);
      for (const [item, x] of [
        ['traded (24/7 CFE)', e.traded],
        ['open market', e.openMarket],
        ['unsold', e.unsold],
      ] as const)
        rows.push([`earnings${mt}`, item, '', '', x.kWh, x.mwh, x.rec, x.averagePrice, x.amount, '']);
      rows.push([
        `earnings${mt}`,
        'total earnings',
        '',
        '',
        '',
        '',
        '',
        '',
        e.total,
        e.gapHours ? `${e.gapHours} hour(s) settled on gaps` : '',
      ]);
    }
    if (m.bill) {
      const b = m.bill;
      for (const g of b.generators)
        rows.push([
          `bill${mt}`,
          'bought from',
          g.id,
          g.name,
          g.kWh,
          '',
          '',
          g.averagePrice,
          g.amount,
          g.planName,
        ]);
      rows.push([`bill${mt}`, 'traded (24/7 CFE)', '', '', b.traded.kWh, '', '', '', b.traded.amount, '']);
      rows.push([
        `bill${mt}`,
        'grid',
        '',
        b.grid.providerName,
        b.grid.kWh,
        '',
        '',
        '',
        b.grid.amount,
        b.grid.planName,
      ]);
      for (const t of b.tariffItems)
        rows.push([
          `bill${mt}`,
          'tariff item (in grid)',
          t.chargeClass,
          t.name,
          '',
          '',
          '',
          t.rate ?? '',
          t.amount,
          t.quantity === null ? '' : `${t.quantity} ${t.quantityKey}`,
        ]);
      rows.push([`bill${mt}`, 'CFE score', '', '', '', '', '', '', '', b.cfeScore]);
      rows.push([
        `bill${mt}`,
        'total bill',
        '',
        '',
        '',
        '',
        '',
        '',
        b.total,
        b.gapHours ? `${b.gapHours} hour(s) settled on gaps` : '',
      ]);
    }
  }
  const account = (item: string, amount: string, note = '') =>
    rows.push(['account', item, '', '', '', '', '', '', amount, note]);
  account('balance brought forward', s.balanceBroughtForward, 'positive: owed to the participant');
  if (s.adjustments.length > 0) account('month', s.monthAmount, "this month's figures, before adjustments");
  for (const a of s.adjustments)
    rows.push([
      'account',
      'prior-period adjustment',
      a.originalMonth,
      `run ${a.fromRunId} → run ${a.toRunId}`,
      '',
      '',
      '',
      '',
      a.amount,
      `${a.originalMonth} re-settled after it was closed`,
    ]);
  account(
    'this statement',
    s.thisMonth,
    s.direction === 'payable' ? 'the market pays the participant' : 'the participant pays the market',
  );
  for (const p of s.payments)
    rows.push(['account', 'payment', p.reference, p.paidOn, '', '', '', '', p.amount, '']);
  account('paid', s.paid);
  account('outstanding', s.outstanding, `due ${s.dueDate}`);
  account('balance carried', s.balanceCarried, 'positive: owed to the participant');
  return csvLine(header) + rows.map(csvLine).join('');
}
