/**
 * Receivables as the pages read them (issue 17): statement rows across
 * participants, what each participant still has open per direction, and the
 * words for statuses, kinds and directions. Every amount from the API is on the
 * currency's minor unit, so sums here are exact (decimal.js, never floats).
 */
import type { ReceivableStatus, ReceivablesDto } from '../../shared/contract';
import { Dec } from '../../shared/units';

export type StatementMonth = ReceivablesDto['participants'][number]['months'][number];
export type StatementRow = StatementMonth & { participantId: string; name: string };

export const STATUSES: readonly ReceivableStatus[] = ['paid', 'partial', 'unpaid', 'overdue', 'overpaid'];

export const AGING_LABELS: Record<ReceivablesDto['aging'][number]['bucket'], string> = {
  current: 'Current (not yet due)',
  '1-30': '1–30 days',
  '31-60': '31–60 days',
  '61-90': '61–90 days',
  'over-90': 'Over 90 days',
};

export const kindLabel = (kind: StatementMonth['kind']) => (kind === 'invoice' ? 'Invoice' : 'Credit note');

/** receivable: the participant owes the market; payable: the market owes the participant. */
export const directionLabel = (direction: StatementMonth['direction']) =>
  direction === 'receivable' ? 'owes the market' : 'market owes';

/** Every statement of every participant listed, one row each. */
export function statementRows(dto: ReceivablesDto): StatementRow[] {
  return dto.participants.flatMap((p) =>
    p.months.map((m) => ({ ...m, participantId: p.participantId, name: p.name })),
  );
}

/**
 * What a statement leaves open, signed: outstanding less what was written off within the
 * tolerance; negative when overpaid (the excess is owed back the other way).
 */
export function openAmount(m: StatementMonth): Dec {
  return new Dec(m.outstanding).minus(m.writtenOff);
}

export interface OpenBalance {
  participantId: string;
  name: string;
  role: string;
  owedToMarket: string;
  owedByMarket: string;
  openStatements: number;
  /** Signed, after the last month: positive owed to the participant. */
  balance: string;
}

/**
 * Per participant, what is still open in each direction: the rows whose sums are the
 * workspace's totals (`totals.owedToMarket`, `totals.owedByMarket`).
 */
export function openBalances(dto: ReceivablesDto): OpenBalance[] {
  return dto.participants.map((p) => {
    let toMarket = new Dec(0);
    let byMarket = new Dec(0);
    let openStatements = 0;
    for (const m of p.months) {
      const open = openAmount(m);
      if (open.isZero()) continue;
      openStatements += 1;
      // An overpayment is owed back in the other direction (as the API's totals count it).
      const toTheMarket = (m.direction === 'receivable') === open.isPositive();
      if (toTheMarket) toMarket = toMarket.plus(open.abs());
      else byMarket = byMarket.plus(open.abs());
    }
    return {
      participantId: p.participantId,
      name: p.name,
      role: p.role,
      owedToMarket: toMarket.toFixed(),
      owedByMarket: byMarket.toFixed(),
      openStatements,
      balance: p.balance,
    };
  });
}

/** The participant's name with its id, so that a column sorts by name and its CSV keeps the id. */
export const nameAndId = (r: { name: string; participantId: string }) => `${r.name} (${r.participantId})`;
