/**
 * A participant's monthly statement (issue 10), from one published run: a
 * prosumer's earnings (traded by buyer, open market, unsold, RECs and exact
 * MWh), a consumer's bill (traded by generator, the grid bill with its tariff
 * items, CFE score), the payments against the statement and the balances
 * brought forward and carried.
 *
 * Every figure is taken from the seed views of the same run (prosumer
 * transactions and distribution, consumer overview) and the receivables, so a
 * statement cannot disagree with what the screens and the API show.
 */
import { DateTime } from 'luxon';

import type { StatementDto, StatementSection } from '../../shared/contract';
import { formatMinorUnits, parseTenThousandths, roundToMinorUnit } from '../../shared/currency';
import { formatSeedUtc } from '../../shared/time';
import { Dec } from '../../shared/units';
import { ApiError, notFound } from '../errors';
import { consumerOverview } from '../reports/consumer-views';
import { statementLedger } from '../reports/ledger';
import { prosumerDistribution, prosumerTransactions } from '../reports/prosumer-views';
import { formatExact, receivables } from '../reports/receivables';
import { participantById, participantNames } from '../store/participant-directory';
import { runById, statementRunOf, type RunRow } from '../store/settlement-repository';
import { isStatementIssued } from '../store/statement-numbers';
import {
  adjustmentsAppliedTo,
  billMeterTypes,
  closedRunId,
  participantMeterTypes,
  participantSides,
  statementParticipantIds,
} from '../store/statement-repository';
import type { Workspace } from '../store/workspace';

import { gridEnergyLines } from './grid-energy';

interface SeedSection {
  cost: string;
  rec: number;
  allocation: string;
  mwh: string;
}

const section = (s: SeedSection, averagePrice: string): StatementSection => ({
  kWh: s.allocation,
  mwh: s.mwh,
  rec: s.rec,
  averagePrice,
  amount: s.cost,
});

const fixed4 = (value: Dec | string | number) => new Dec(value).toFixed(4);

/** The month's latest published run, or the run asked for (which must settle that month). */
export async function statementRun(workspace: Workspace, month: string, runId?: number): Promise<RunRow> {
  if (runId !== undefined) {
    const run = await runById(workspace.db, runId);
    if (!run || run.status !== 'published')
      throw notFound(`run ${runId} does not exist or was not published`);
    if (run.month !== month)
      throw new ApiError('invalid_input', `run ${runId} settles ${run.month}, not ${month}`, {
        runId: [`settles ${run.month}, not ${month}`],
      });
    return run;
  }
  // A closed month's statements carry the run it was closed on, whatever was re-settled since.
  const run = await statementRunOf(workspace.db, month);
  if (!run)
    throw new ApiError(
      'not_found',
      `${month} is not settled: settle it first (energy-ledger settle --month ${month}); a statement comes from a published run`,
    );
  return run;
}

/**
 * Who has a statement for a month of a run: every participant with lines in it and, on the
 * statement of record, every one a prior-period adjustment was applied to that month.
 */
export async function statementParticipants(workspace: Workspace, run: RunRow): Promise<string[]> {
  const ofRecord = (await statementRunOf(workspace.db, run.month))?.id === run.id;
  return statementParticipantIds(workspace.db, run.id, run.month, ofRecord);
}

export async function buildStatement(
  workspace: Workspace,
  input: { participantId: string; month: string; runId?: number; asOf?: string },
): Promise<StatementDto> {
  const settings = await workspace.settings();
  const participant = await participantById(workspace.db, input.participantId);
  if (!participant) throw notFound(`participant "${input.participantId}" does not exist`);
  const run = await statementRun(workspace, input.month, input.runId);
  const [year, monthNumber] = input.month.split('-').map(Number) as [number, number];
  const start = DateTime.fromISO(`${input.month}-01`, { zone: settings.timezone });
  const monthEnd = start.plus({ months: 1 });
  // Balances as of today, or as of the day after the month when the statement is made early.
  const today = DateTime.now().setZone(settings.timezone).toISODate()!;
  const asOf = input.asOf ?? (today > monthEnd.toISODate()! ? today : monthEnd.toISODate()!);

  const meterTypeRows = await participantMeterTypes(workspace.db, run.id, participant.id);
  const billOnly = await billMeterTypes(workspace.db, run.id, participant.id);
  const meterTypes = [...new Set([...meterTypeRows, ...billOnly].map((r) => r.meter_type))].sort(
    (a, b) => a - b,
  );
  // The statement of record: the run the month was closed on, or else its run in force.
  const ofRecord =
    input.runId === undefined || (await statementRunOf(workspace.db, input.month))?.id === run.id;
  // Prior-period adjustments belong to the statement of record of the month they were applied to.
  const adjustments = ofRecord
    ? (await adjustmentsAppliedTo(workspace.db, participant.id, input.month)).map((a) => ({
        originalMonth: a.original_month,
        fromRunId: a.from_run_id,
        toRunId: a.to_run_id,
        amount: a.amount,
      }))
    : [];
  // A statement once issued stays printable: re-settling its open month may leave it no lines (amount 0).
  const issued = await isStatementIssued(workspace.db, participant.id, input.month);
  if (meterTypes.length === 0 && adjustments.length === 0 && !(ofRecord && issued))
    throw new ApiError(
      'not_found',
      `${participant.id} has no lines in run ${run.id} (${input.month}): it neither sold nor bought that month`,
    );

  const nameOf = new Map((await participantNames(workspace.db)).map((p) => [p.id, p.name]));
  const out: StatementDto['meterTypes'] = [];
  for (const meterType of meterTypes) {
    const query = { month: monthNumber, year, meterType, runId: run.id };
    const sides = await participantSides(workspace.db, run.id, participant.id, meterType);
    let earnings: StatementDto['meterTypes'][number]['earnings'] = null;
    if (participant.role === 'prosumer' && sides.some((s) => s.side === 'generator')) {
      const tx = await prosumerTransactions(workspace, { prosumerId: participant.id, ...query });
      const dist = await prosumerDistribution(workspace, { prosumerId: participant.id, ...query });
      if (!('data' in tx) || !('runId' in tx.data) || !('data' in dist) || !('runId' in dist.data))
        throw new Error(`run ${run.id} has no generator view for ${participant.id}`);
      const t = tx.data;
      const d = dist.data;
      const tradedAverage = new Dec(d.traded.total_allocation).isZero()
        ? '0.0000'
        : averageOf(d.traded.total_cost, d.traded.total_allocation);
      earnings = {
        buyers: d.traded.providers.map((b) => ({
          id: b.id,
          name: nameOf.get(b.id) ?? b.providerName,
          kWh: b.allocation,
          mwh: new Dec(b.allocation).dividedBy(1000).toFixed(),
          rec: Math.floor(new Dec(b.allocation).dividedBy(1000).plus(0.5).toNumber()),
          averagePrice: b.price,
          amount: b.cost,
        })),
        traded: section(t.traded, tradedAverage),
        openMarket: section(t.open_market, d.open_market.price),
        unsold: section(t.unsold, '0.0000'),
        total: fixed4(t.net_earnings),
        gapHours: t.gap_hours,
      };
    }
    let bill: StatementDto['meterTypes'][number]['bill'] = null;
    const hasBillLines = billOnly.some((r) => r.meter_type === meterType);
    if (sides.some((s) => s.side === 'consumer') || hasBillLines) {
      const view = await consumerOverview(workspace, { consumerId: participant.id, ...query });
      if (!('data' in view) || !('runId' in view.data))
        throw new Error(`run ${run.id} has no consumer overview for ${participant.id}`);
      const o = view.data;
      const plan = o.energy_load.providers[0];
      bill = {
        generators: o.traded.providers.map((g) => ({
          id: g.id,
          name: nameOf.get(g.id) ?? g.providerName,
          planName: g.planName,
          energyType: g.energyType,
          kWh: g.allocation,
          averagePrice: g.price,
          amount: g.cost,
        })),
        traded: { kWh: o.traded.allocation, amount: o.traded.cost },
        grid: {
          planName: plan?.planName ?? '',
          providerName: plan?.providerName ?? '',
          kWh: o.energy_load.allocation,
          amount: o.energy_load.cost,
        },
        gridEnergy: await gridEnergyLines(workspace, run, meterType, participant.id),
        tariffItems: o.energy_load.bill_lines.map((line) => ({
          name: line.name,
          chargeClass: line.chargeClass,
          quantity: line.quantity,
          quantityKey: line.quantityKey,
          rate: line.rateAmount,
          amount: line.amount,
        })),
        cfeScore: o.cfe_score,
        total: fixed4(o.total_cost),
        gapHours: o.gap_hours,
      };
    }
    out.push({ meterType, earnings, bill });
  }

  // The amount due, its number and its payments: the statement ledger, as the Receivables screen.
  const money = (v: bigint) => formatMinorUnits(v, settings.currency);
  const ledger = await statementLedger(workspace.db, settings.currency, settings.timezone, {
    participantId: participant.id,
  });
  const entry = ledger.find((s) => s.month === input.month);
  const monthExact = out.reduce(
    (sum, m) => sum + e4(m.earnings?.total ?? '0') - e4(m.bill?.total ?? '0'),
    0n,
  );
  const ledgerAdjustments = ofRecord ? (entry?.adjustments ?? []) : [];
  if (ofRecord && adjustments.length !== ledgerAdjustments.length)
    throw new Error(`the statement ledger disagrees on ${participant.id}'s adjustments for ${input.month}`);
  const exact = ledgerAdjustments.reduce((sum, a) => sum + a.amount, monthExact);
  const amountDue = roundToMinorUnit(exact, settings.currency);
  const direction = amountDue < 0n || (amountDue === 0n && exact < 0n) ? 'receivable' : 'payable';
  const closedRun = await closedRunId(workspace.db, input.month);
  // Payments and balances belong to the statement of record; another run's statement shows its figures only.
  const book = await receivables(workspace, { asOf, participantId: participant.id });
  const months = book.participants[0]?.months ?? [];
  const index = months.findIndex((m) => m.month === input.month);
  const earlier = index >= 0 ? months.slice(0, index) : months.filter((m) => m.month < input.month);
  const broughtForward = ofRecord ? (earlier.at(-1)?.balanceCarried ?? money(0n)) : money(0n);
  const row = ofRecord && index >= 0 && months[index]!.runId === run.id ? months[index]! : undefined;
  const payments =
    row?.payments.map(({ paidOn, amount, reference }) => ({ paidOn, amount, reference })) ?? [];
  const paid = row ? e4(row.paid) : 0n;
  const due = amountDue < 0n ? -amountDue : amountDue;
  const outstanding = due - paid;
  // What stays open: less a difference written off within the matching tolerance (as Receivables).
  const open = outstanding - (row ? e4(row.writtenOff) : 0n);
  const signedOpen = direction === 'receivable' ? -open : open;
  const market = { id: 'market', name: settings.name };
  const party = { id: participant.id, name: participant.name };
  return {
    workspaceName: settings.name,
    currency: settings.currency,
    timezone: settings.timezone,
    participant,
    month: input.month,
    periodFrom: start.toISODate()!,
    periodTo: monthEnd.minus({ days: 1 }).toISODate()!,
    run: {
      id: run.id,
      identity: run.identity,
      engineVersion: run.engine_version,
      publishedUtc: formatSeedUtc(run.created_utc),
    },
    asOf,
    meterTypes: out,
    closed: closedRun === run.id,
    ofRecord,
    monthAmount: formatExact(monthExact),
    adjustments: ledgerAdjustments.map((a) => ({
      originalMonth: a.originalMonth,
      originalNumber: a.originalNumber,
      fromRunId: a.fromRunId,
      toRunId: a.toRunId,
      amount: money(a.amount),
    })),
    exactTotal: formatExact(exact),
    rounding: formatExact(amountDue - exact),
    thisMonth: money(amountDue),
    amountDue: money(due),
    direction,
    kind: direction === 'receivable' ? 'invoice' : 'credit-note',
    number: ofRecord ? (entry?.number ?? '') : '',
    issueDate: start.plus({ months: 1 }).toISODate()!,
    dueDate: start.plus({ months: 2 }).minus({ days: 1 }).toISODate()!,
    paymentReference: ofRecord && entry ? entry.paymentReference : '',
    // An invoice is the market's sale to the participant; a credit note the participant's sale to the market.
    seller: direction === 'receivable' ? market : party,
    buyer: direction === 'receivable' ? party : market,
    balanceBroughtForward: broughtForward,
    payments,
    paid: money(paid),
    outstanding: money(outstanding),
    writtenOff: money(row ? e4(row.writtenOff) : 0n),
    balanceCarried: row ? row.balanceCarried : money(e4(broughtForward) + (ofRecord ? signedOpen : 0n)),
  };
}

/** Ten-thousandths of a 4-decimal (or shorter) amount text. */
const e4 = (text: string) => parseTenThousandths(text) ?? 0n;

/** Average price of a section, amount ÷ kWh to 4 decimals half up (as the views' averagePrice). */
function averageOf(amount: string, kWh: string): string {
  return new Dec(amount).dividedBy(kWh).toDecimalPlaces(4, Dec.ROUND_HALF_UP).toFixed(4);
}
