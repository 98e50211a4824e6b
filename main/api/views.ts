/**
 * The seed-000 views (spec §5), read from a published settlement run's daily
 * aggregates (and, for one day, its hourly lines), in the seed's shapes and
 * keys. Every total is the exact sum of the lines or aggregates below it;
 * money is summed as integer ten-thousandths and shown with 4 decimals; a price
 * per kWh is written exactly with at least 4 decimals (docs/settlement.md, Formats).
 * Where the seed writes a number (net_earnings, usagePerPeriod, rec, …) the
 * value is written as a JSON number whose text is the exact decimal.
 */
import { DateTime } from 'luxon';

import { dayRangeUtc, formatSeedUtc, hourStarts, localDayOf, monthRangeUtc } from '../../shared/time';
import { milliWhToKwh } from '../../shared/units';
import { averagePrice, formatPricePerKwh, formatTenThousandths, ratio4 } from '../engine/money';
import { ApiError, notFound } from '../errors';
import {
  billLines,
  consumerLines,
  dailyRows,
  gapHours,
  generatorLines,
  pairMonths,
  latestPublishedRun,
  latestPublishedRuns,
  statementRuns,
  runById,
  type DailyRow,
  type RunRow,
} from '../store/settlement-repository';
import type { Workspace } from '../store/workspace';

import { receivables } from './receivables';
import { runMarketPrices, unsoldReason } from './unsold-reasons';

export type Role = 'consumer' | 'prosumer';
const KINDS = ['traded', 'open_market', 'unsold'] as const;
type GeneratorKind = (typeof KINDS)[number];

export const kwh = (mWh: number) => milliWhToKwh(mWh);
export const money = (e4: number) => formatTenThousandths(e4);
/** A price per kWh: exact, at least 4 decimals (docs/settlement.md, Formats). */
const price = formatPricePerKwh;
/** A JSON number whose text is the exact decimal (seed keys that are numbers). */
const num = (decimal: string) => Number(decimal);
/** RECs: certificates of 1 MWh, round_half_up(kWh / 1000) of the line they sit on. */
export const rec = (mWh: number) => Math.floor((mWh + 500_000_000) / 1_000_000_000);
/** Exact MWh beside the rounded RECs (spec §4). */
const mwh = (mWh: number) => divideExact(mWh, 1_000_000_000);

function divideExact(value: number, by: number): string {
  const sign = value < 0 ? '-' : '';
  const magnitude = BigInt(Math.abs(value));
  const divisor = BigInt(by);
  const whole = magnitude / divisor;
  const fraction = (magnitude % divisor)
    .toString()
    .padStart(String(by).length - 1, '0')
    .replace(/0+$/, '');
  return fraction === '' ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
}

/** Shares of a total in percent with 2 decimals that sum to exactly 100 (largest remainder). */
export function percentages(values: number[]): number[] {
  const total = values.reduce((a, b) => a + b, 0);
  if (total === 0) return values.map(() => 0);
  const scaled = values.map((v) => (BigInt(v) * 10_000n) / BigInt(total));
  const remainders = values.map((v, i) => ({ i, r: (BigInt(v) * 10_000n) % BigInt(total) }));
  let left = 10_000n - scaled.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left <= 0n) break;
    scaled[i]! += 1n;
    left -= 1n;
  }
  return scaled.map((s) => Number(s) / 100);
}

export interface Section {
  name: string;
  cost: string;
  rec: number;
  allocation: string;
  mwh: string;
}

function section(name: string, energy: number, cost: number): Section {
  return { name, cost: money(cost), rec: rec(energy), allocation: kwh(energy), mwh: mwh(energy) };
}

async function participant(
  workspace: Workspace,
  id: string,
  role: Role,
): Promise<{ id: string; name: string; role: Role }> {
  const row = await workspace.db.get<{ id: string; name: string; role: Role }>(
    'SELECT id, name, role FROM participants WHERE id = ?',
    [id],
  );
  if (!row) throw notFound(`participant "${id}" does not exist`);
  // A prosumer may also consume (spec §1): its consumer side has an overview too. A consumer never generates.
  if (row.role !== role && !(role === 'consumer' && row.role === 'prosumer'))
    throw notFound(`participant "${id}" is a ${row.role}, not a ${role}; use /api/${row.role}/${id}/…`);
  return row;
}

function monthOf(month: number, year: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

async function runFor(
  workspace: Workspace,
  month: string,
  runId: number | undefined,
): Promise<RunRow | null> {
  if (runId === undefined) return (await latestPublishedRun(workspace.db, month)) ?? null;
  const run = await runById(workspace.db, runId);
  if (!run || run.status !== 'published') throw notFound(`run ${runId} does not exist or was not published`);
  if (run.month !== month)
    throw new ApiError('invalid_input', `run ${runId} settles ${run.month}, not ${month}`, {
      runId: [`settles ${run.month}, not ${month}`],
    });
  return run;
}

function notSettled(meterType: number, month: string, wrap: 'data' | 'top') {
  const body = {
    meterType: String(meterType),
    settled: false,
    message: `${month} has no published settlement run; settle it first (energy-ledger settle --month ${month})`,
  };
  return wrap === 'data' ? { data: body } : body;
}

/** The participant checked and the month's run found (or the month's settled:false answer). */
async function monthRun(
  workspace: Workspace,
  participantId: string,
  role: Role,
  input: { month: number; year: number; meterType: number; runId?: number },
): Promise<{ run: RunRow; month: string } | { unsettled: ReturnType<typeof notSettled> }> {
  await participant(workspace, participantId, role);
  const month = monthOf(input.month, input.year);
  const run = await runFor(workspace, month, input.runId);
  return run ? { run, month } : { unsettled: notSettled(input.meterType, month, 'data') };
}

function sumBy(rows: DailyRow[], kind: string): { energy: number; cost: number } {
  let energy = 0;
  let cost = 0;
  for (const row of rows) {
    if (row.kind !== kind) continue;
    energy += row.energy_milliwh;
    cost += row.cost_ten_thousandths;
  }
  return { energy, cost };
}

async function offerInfo(workspace: Workspace, generatorId: string) {
  return workspace.db.get<{ plan_name: string; provider_name: string; energy_type: string }>(
    'SELECT plan_name, provider_name, energy_type FROM offer_plans WHERE participant_id = ? ORDER BY id LIMIT 1',
    [generatorId],
  );
}

async function names(workspace: Workspace): Promise<Map<string, string>> {
  return new Map(
    (await workspace.db.all<{ id: string; name: string }>('SELECT id, name FROM participants')).map((p) => [
      p.id,
      p.name,
    ]),
  );
}

// ---------------------------------------------------------------- generator views

export async function prosumerTransactions(
  workspace: Workspace,
  input: { prosumerId: string; month: number; year: number; meterType: number; runId?: number },
) {
  const found = await monthRun(workspace, input.prosumerId, 'prosumer', input);
  if ('unsettled' in found) return found.unsettled;
  const { run } = found;
  const rows = await dailyRows(workspace.db, run.id, input.meterType, input.prosumerId, 'generator');
  const sections = Object.fromEntries(
    KINDS.map((kind) => {
      const { energy, cost } = sumBy(rows, kind);
      return [kind, section(kind, energy, cost)];
    }),
  ) as Record<GeneratorKind, Section>;
  const earnings = KINDS.reduce((sum, kind) => sum + sumBy(rows, kind).cost, 0);
  return {
    data: {
      meterType: String(input.meterType),
      settled: true,
      runId: run.id,
      net_earnings: num(money(earnings)),
      gap_hours: await gapHours(workspace.db, run.id, input.meterType, input.prosumerId, 'generator'),
      ...sections,
    },
  };
}

export async function prosumerDistribution(
  workspace: Workspace,
  input: { prosumerId: string; month: number; year: number; meterType: number; runId?: number },
) {
  const found = await monthRun(workspace, input.prosumerId, 'prosumer', input);
  if ('unsettled' in found) return found.unsettled;
  const { run } = found;
  const rows = await dailyRows(workspace.db, run.id, input.meterType, input.prosumerId, 'generator');
  const nameOf = await names(workspace);
  const byBuyer = new Map<string, { energy: number; cost: number }>();
  for (const pair of await pairMonths(workspace.db, run.id, input.meterType, 'generator', input.prosumerId)) {
    byBuyer.set(pair.consumer_id, { energy: pair.energy_milliwh, cost: pair.cost_ten_thousandths });
  }
  const traded = sumBy(rows, 'traded');
  const market = sumBy(rows, 'open_market');
  const unsold = sumBy(rows, 'unsold');
  const [tradedShare, marketShare, unsoldShare] = percentages([traded.energy, market.energy, unsold.energy]);
  const buyers = [...byBuyer.entries()].sort((a, b) => b[1].energy - a[1].energy || (a[0] < b[0] ? -1 : 1));
  const buyerShares = percentages(buyers.map(([, sums]) => sums.energy));
  return {
    data: {
      meterType: String(input.meterType),
      settled: true,
      runId: run.id,
      traded: {
        name: 'traded',
        total_allocation: kwh(traded.energy),
        total_cost: money(traded.cost),
        distributionPercentage: tradedShare,
        providers: buyers.map(([id, sums], i) => ({
          id,
          planName: nameOf.get(id) ?? id,
          providerName: nameOf.get(id) ?? id,
          price: averagePrice(sums.cost, sums.energy),
          price_is_average: true,
          allocation: kwh(sums.energy),
          cost: money(sums.cost),
          distributionPercentage: buyerShares[i],
        })),
      },
      open_market: {
        name: 'open_market',
        allocation: kwh(market.energy),
        cost: money(market.cost),
        // The seed writes the open market's share as a string ("0"), unlike the other shares: follow it.
        distributionPercentage: String(marketShare),
        price: averagePrice(market.cost, market.energy),
        price_is_average: true,
        providers: [],
      },
      unsold: {
        name: 'unsold',
        allocation: kwh(unsold.energy),
        cost: money(unsold.cost),
        distributionPercentage: unsoldShare,
      },
    },
  };
}

interface Bucket {
  startUtc: number;
  endUtc: number;
  energy: Record<GeneratorKind, number>;
  cost: Record<GeneratorKind, number>;
  gap: boolean;
}

const zero = (): Record<GeneratorKind, number> => ({ traded: 0, open_market: 0, unsold: 0 });

function bucketEntry(bucket: Bucket) {
  return {
    startDate: formatSeedUtc(bucket.startUtc),
    endDate: formatSeedUtc(bucket.endUtc - 1),
    bill: {
      traded: num(money(bucket.cost.traded)),
      open_market: num(money(bucket.cost.open_market)),
      unsold: num(money(bucket.cost.unsold)),
    },
    usage: {
      traded: num(kwh(bucket.energy.traded)),
      open_market: num(kwh(bucket.energy.open_market)),
      unsold: num(kwh(bucket.energy.unsold)),
    },
    ...(bucket.gap ? { has_gap: true } : {}),
  };
}

function monthsOfYear(year: number, timezone: string) {
  return Array.from({ length: 12 }, (_, i) => {
    const month = monthOf(i + 1, year);
    return { month, ...monthRangeUtc(month, timezone) };
  });
}

export async function prosumerBreakdown(
  workspace: Workspace,
  input: { prosumerId: string; period: 'D' | 'W' | 'Y'; date: string; meterType: number },
) {
  await participant(workspace, input.prosumerId, 'prosumer');
  const { timezone } = await workspace.settings();
  const month = input.date.slice(0, 7);
  const meterType = String(input.meterType);
  if (input.period === 'Y') {
    const year = Number(input.date.slice(0, 4));
    const entries = [];
    let settledMonths = 0;
    for (const m of monthsOfYear(year, timezone)) {
      const run = await latestPublishedRun(workspace.db, m.month);
      if (!run) {
        // The seed writes such a month with zeros; a seed client finds its keys here, and
        // settled: false says the zeros are no figures (the renderer shows "not settled").
        const unsettled: Bucket = {
          startUtc: m.start,
          endUtc: m.end,
          energy: zero(),
          cost: zero(),
          gap: false,
        };
        entries.push({ ...bucketEntry(unsettled), settled: false as const });
        continue;
      }
      settledMonths++;
      const rows = await dailyRows(workspace.db, run.id, input.meterType, input.prosumerId, 'generator');
      const bucket: Bucket = {
        startUtc: m.start,
        endUtc: m.end,
        energy: zero(),
        cost: zero(),
        gap: rows.some((r) => r.gap_lines > 0),
      };
      for (const kind of KINDS) {
        const sums = sumBy(rows, kind);
        bucket.energy[kind] = sums.energy;
        bucket.cost[kind] = sums.cost;
      }
      entries.push(bucketEntry(bucket));
    }
    if (settledMonths === 0) return notSettled(input.meterType, String(year), 'top');
    return { meterType, settled: true, data: entries };
  }
  const run = await latestPublishedRun(workspace.db, month);
  if (!run) return notSettled(input.meterType, month, 'top');
  if (input.period === 'W') {
    const rows = await dailyRows(workspace.db, run.id, input.meterType, input.prosumerId, 'generator');
    const { start, end } = monthRangeUtc(month, timezone);
    const rowsByDay = new Map<string, DailyRow[]>();
    for (const row of rows) rowsByDay.set(row.day, [...(rowsByDay.get(row.day) ?? []), row]);
    const buckets: Bucket[] = [];
    for (
      let day = DateTime.fromSeconds(start, { zone: timezone });
      day.toSeconds() < end;
      day = day.plus({ days: 1 })
    ) {
      const range = dayRangeUtc(day.toISODate()!, timezone);
      const bucket: Bucket = {
        startUtc: range.start,
        endUtc: range.end,
        energy: zero(),
        cost: zero(),
        gap: false,
      };
      for (const row of rowsByDay.get(day.toISODate()!) ?? []) {
        if (!(KINDS as readonly string[]).includes(row.kind)) continue;
        bucket.energy[row.kind as GeneratorKind] += row.energy_milliwh;
        bucket.cost[row.kind as GeneratorKind] += row.cost_ten_thousandths;
        if (row.gap_lines > 0) bucket.gap = true;
      }
      buckets.push(bucket);
    }
    return { meterType, settled: true, runId: run.id, data: buckets.map(bucketEntry) };
  }
  const range = dayRangeUtc(input.date, timezone);
  const lines = await generatorLines(
    workspace.db,
    run.id,
    input.meterType,
    input.prosumerId,
    range.start,
    range.end,
  );
  const buckets = new Map(
    hourStarts(range.start, range.end).map((h) => [
      h,
      { startUtc: h, endUtc: h + 3600, energy: zero(), cost: zero(), gap: false } as Bucket,
    ]),
  );
  for (const line of lines) {
    const bucket = buckets.get(line.hour_start_utc)!;
    const kind = line.kind as GeneratorKind;
    bucket.energy[kind] += line.energy_milliwh;
    bucket.cost[kind] += line.cost_ten_thousandths;
    if (line.has_gap) bucket.gap = true;
  }
  return { meterType, settled: true, runId: run.id, data: [...buckets.values()].map(bucketEntry) };
}

export async function prosumerRevenue(
  workspace: Workspace,
  input: { prosumerId: string; meterType: number },
) {
  await participant(workspace, input.prosumerId, 'prosumer');
  const runs = await latestPublishedRuns(workspace.db);
  const data = [];
  for (const run of runs) {
    const rows = await dailyRows(workspace.db, run.id, input.meterType, input.prosumerId, 'generator');
    const sums = KINDS.map((kind) => sumBy(rows, kind));
    data.push({
      month: run.month,
      runId: run.id,
      startDate: formatSeedUtc(run.period_start_utc),
      endDate: formatSeedUtc(run.period_end_utc - 1),
      total_cost: num(money(sums.reduce((a, s) => a + s.cost, 0))),
      traded: section('traded', sums[0]!.energy, sums[0]!.cost),
      open_market: section('open_market', sums[1]!.energy, sums[1]!.cost),
      unsold: section('unsold', sums[2]!.energy, sums[2]!.cost),
    });
  }
  if (data.length === 0)
    return {
      meterType: String(input.meterType),
      settled: false,
      message: 'no month has a published settlement run yet',
      data: [],
    };
  return { meterType: String(input.meterType), settled: true, data };
}

/**
 * The seed's payments view, read from the statement ledger and the receivables: one entry per
 * issued statement, `amount_due` its amount due in the currency's minor unit (the whole
 * statement, the same figure the statement and the Receivables screen show), `payment` what
 * was paid against it. The statement covers every meter type, so `meterType` only echoes.
 */
export async function prosumerPayments(
  workspace: Workspace,
  input: { prosumerId: string; meterType: number; asOf?: string },
) {
  await participant(workspace, input.prosumerId, 'prosumer');
  const { timezone } = await workspace.settings();
  const asOf = input.asOf ?? DateTime.now().setZone(timezone).toISODate()!;
  const book = await receivables(workspace, { asOf, participantId: input.prosumerId });
  const runs = new Map((await statementRuns(workspace.db)).map((run) => [run.month, run]));
  const data = (book.participants[0]?.months ?? [])
    .slice()
    .reverse()
    .map((m) => {
      const run = runs.get(m.month)!;
      return {
        month: m.month,
        startDate: formatSeedUtc(run.period_start_utc),
        endDate: formatSeedUtc(run.period_end_utc - 1),
        invoice_number: m.invoiceNumber,
        payment_status: m.status === 'overpaid' ? 'paid' : m.status,
        payment: num(m.paid),
        amount_due: m.direction === 'receivable' ? `-${m.amount}`.replace(/^-(0(\.0+)?)$/, '$1') : m.amount,
        due_date: m.dueDate,
      };
    });
  return { meterType: String(input.meterType), asOf, data };
}

export async function prosumerDailyTracking(
  workspace: Workspace,
  input: { prosumerId: string; date: string; meterType: number },
) {
  await participant(workspace, input.prosumerId, 'prosumer');
  const { timezone } = await workspace.settings();
  const month = input.date.slice(0, 7);
  const run = await latestPublishedRun(workspace.db, month);
  if (!run) return notSettled(input.meterType, month, 'top');
  const range = dayRangeUtc(input.date, timezone);
  const lines = await generatorLines(
    workspace.db,
    run.id,
    input.meterType,
    input.prosumerId,
    range.start,
    range.end,
  );
  const nameOf = await names(workspace);
  const totals = { energy: zero(), cost: zero() };
  // The hour's market price as the run read it (an open-market line carries it), and why a leftover went unsold.
  const marketPrices = await runMarketPrices(workspace, run, range.start, range.end);
  const transactions = hourStarts(range.start, range.end).map((hour) => {
    const hourLines = lines.filter((l) => l.hour_start_utc === hour);
    const traded = hourLines.filter((l) => l.kind === 'traded');
    const marketLine = hourLines.find((l) => l.kind === 'open_market');
    const unsoldLine = hourLines.find((l) => l.kind === 'unsold');
    const marketPrice = price(marketLine?.price_per_kwh ?? marketPrices.get(hour) ?? null);
    const one = (kind: 'open_market' | 'unsold') => {
      const line = kind === 'open_market' ? marketLine : unsoldLine;
      return {
        ...section(kind, line?.energy_milliwh ?? 0, line?.cost_ten_thousandths ?? 0),
        // The price per kWh: the hour's market price (null when it had none); unsold, the feed-in price.
        price: kind === 'open_market' ? marketPrice : price(line?.price_per_kwh ?? null),
      };
    };
    let usage = 0;
    let bill = 0;
    for (const line of hourLines) {
      usage += line.energy_milliwh;
      bill += line.cost_ten_thousandths;
      totals.energy[line.kind as GeneratorKind] += line.energy_milliwh;
      totals.cost[line.kind as GeneratorKind] += line.cost_ten_thousandths;
    }
    return {
      startDate: formatSeedUtc(hour),
      endDate: formatSeedUtc(hour + 3599),
      localHour: DateTime.fromSeconds(hour, { zone: timezone }).toISO({ suppressMilliseconds: true }),
      usagePerPeriod: num(kwh(usage)),
      billPerPeriod: num(money(bill)),
      numberOfProviders: traded.length,
      traded: traded.map((l) => ({
        id: l.consumer_id,
        price: price(l.price_per_kwh),
        ...section(nameOf.get(l.consumer_id!) ?? l.consumer_id!, l.energy_milliwh, l.cost_ten_thousandths),
      })),
      open_market: one('open_market'),
      unsold: one('unsold'),
      market_price: marketPrice,
      ...(unsoldLine && unsoldLine.energy_milliwh > 0
        ? { unsold_reason: unsoldReason(run, input.prosumerId, hour, timezone, marketPrice) }
        : {}),
      ...(hourLines.some((l) => l.has_gap) ? { has_gap: true } : {}),
    };
  });
  return {
    meterType: String(input.meterType),
    settled: true,
    runId: run.id,
    data: {
      startDate: formatSeedUtc(range.start),
      endDate: formatSeedUtc(range.end - 1),
      bill: [
        Object.fromEntries(
          KINDS.map((kind) => [kind, section(kind, totals.energy[kind], totals.cost[kind])]),
        ),
      ],
      transactions,
    },
  };
}

// ---------------------------------------------------------------- consumer view

export async function consumerOverview(
  workspace: Workspace,
  input: { consumerId: string; month: number; year: number; meterType: number; runId?: number },
) {
  const found = await monthRun(workspace, input.consumerId, 'consumer', input);
  if ('unsettled' in found) return found.unsettled;
  const { run, month } = found;
  const rows = await dailyRows(workspace.db, run.id, input.meterType, input.consumerId, 'consumer');
  const nameOf = await names(workspace);
  const traded = sumBy(rows, 'traded');
  const grid = sumBy(rows, 'grid');
  const byGenerator = new Map<string, { energy: number; cost: number }>();
  for (const pair of await pairMonths(workspace.db, run.id, input.meterType, 'consumer', input.consumerId)) {
    byGenerator.set(pair.generator_id, { energy: pair.energy_milliwh, cost: pair.cost_ten_thousandths });
  }
  const providers = [];
  for (const [generatorId, sums] of [...byGenerator.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const offer = await offerInfo(workspace, generatorId);
    providers.push({
      id: generatorId,
      planName: offer?.plan_name ?? nameOf.get(generatorId) ?? generatorId,
      providerName: offer?.provider_name ?? nameOf.get(generatorId) ?? generatorId,
      energyType: offer?.energy_type ?? '',
      price: averagePrice(sums.cost, sums.energy),
      price_is_average: true,
      allocation: kwh(sums.energy),
      cost: money(sums.cost),
    });
  }
  const plan = await workspace.db.get<{ plan_name: string; provider_name: string; energy_type: string }>(
    `SELECT u.plan_name, u.provider_name, u.energy_type FROM utility_plan_assignments a JOIN utility_plans u ON u.id = a.utility_plan_id
     WHERE a.participant_id = ? AND a.effective_from <= ? ORDER BY a.effective_from DESC LIMIT 1`,
    [input.consumerId, `${month}-31`],
  );
  // A tariff's monthly bill lines (fixed, demand, minimum, tier adjustment, taxes) belong to the month's grid cost.
  const bill = await billLines(workspace.db, run.id, input.meterType, input.consumerId);
  const billCost = bill.reduce((sum, line) => sum + line.cost_ten_thousandths, 0);
  grid.cost += billCost;
  const [tradedShare, gridShare] = percentages([traded.energy, grid.energy]);
  const load = traded.energy + grid.energy;
  return {
    data: {
      meterType: String(input.meterType),
      settled: true,
      runId: run.id,
      total_cost: num(money(traded.cost + grid.cost)),
      cfe_score: ratio4(traded.energy, load),
      gap_hours: await gapHours(workspace.db, run.id, input.meterType, input.consumerId, 'consumer'),
      traded: {
        name: 'traded',
        allocation: kwh(traded.energy),
        cost: money(traded.cost),
        distributionPercentage: tradedShare,
        providers,
      },
      energy_load: {
        name: 'energy_load',
        allocation: kwh(grid.energy),
        cost: money(grid.cost),
        distributionPercentage: gridShare,
        providers:
          grid.energy > 0
            ? [
                {
                  planName: plan?.plan_name ?? '',
                  providerName: plan?.provider_name ?? '',
                  energyType: plan?.energy_type ?? '',
                  price: averagePrice(grid.cost, grid.energy),
                  price_is_average: true,
                  allocation: kwh(grid.energy),
                  cost: money(grid.cost),
                },
              ]
            : [],
        // The tariff's monthly bill lines (empty for flat and TOU plans: their bill is its hourly lines).
        // Each with what the tariff engine priced: its quantity (kWh, kW, days, a tax base) and rate.
        bill_lines: bill.map((line) => {
          const detail = JSON.parse(line.detail_json) as {
            itemQuantity?: string;
            rateAmount?: string | null;
            fromDateTime?: string;
            toDateTime?: string;
          };
          return {
            name: line.name,
            chargeClass: line.charge_class,
            quantityKey: line.quantity_key,
            quantity: detail.itemQuantity ?? null,
            rateAmount: detail.rateAmount ?? null,
            fromDateTime: detail.fromDateTime ?? null,
            toDateTime: detail.toDateTime ?? null,
            amount: money(line.cost_ten_thousandths),
          };
        }),
      },
    },
  };
}

export { localDayOf };

// ------------------------------------------------- consumer drill-down (below the month)

/**
 * A consumer's month day by day (local days): 24/7 CFE bought, grid bought,
 * load and CFE score per day, from the run's daily sums. Not a seed view:
 * the drill-down below the consumer overview.
 */
export async function consumerDays(
  workspace: Workspace,
  input: { consumerId: string; month: number; year: number; meterType: number; runId?: number },
) {
  const found = await monthRun(workspace, input.consumerId, 'consumer', input);
  if ('unsettled' in found) return found.unsettled;
  const { run } = found;
  const rows = await dailyRows(workspace.db, run.id, input.meterType, input.consumerId, 'consumer');
  const days = [...new Set(rows.map((r) => r.day))].sort();
  return {
    data: {
      meterType: String(input.meterType),
      settled: true,
      runId: run.id,
      days: days.map((day) => {
        const of = (kind: string) => rows.find((r) => r.day === day && r.kind === kind);
        const traded = of('traded');
        const grid = of('grid');
        const tradedEnergy = traded?.energy_milliwh ?? 0;
        const gridEnergy = grid?.energy_milliwh ?? 0;
        return {
          day,
          traded: { allocation: kwh(tradedEnergy), cost: money(traded?.cost_ten_thousandths ?? 0) },
          grid: { allocation: kwh(gridEnergy), cost: money(grid?.cost_ten_thousandths ?? 0) },
          load: kwh(tradedEnergy + gridEnergy),
          cost: money((traded?.cost_ten_thousandths ?? 0) + (grid?.cost_ten_thousandths ?? 0)),
          cfe_score: ratio4(tradedEnergy, tradedEnergy + gridEnergy),
        };
      }),
    },
  };
}

/** One local day of a consumer hour by hour: each provider's 24/7 CFE line and the grid line, load and CFE share. */
export async function consumerDailyTracking(
  workspace: Workspace,
  input: { consumerId: string; date: string; meterType: number },
) {
  await participant(workspace, input.consumerId, 'consumer');
  const { timezone } = await workspace.settings();
  const month = input.date.slice(0, 7);
  const run = await latestPublishedRun(workspace.db, month);
  if (!run) return notSettled(input.meterType, month, 'top');
  const range = dayRangeUtc(input.date, timezone);
  const lines = await consumerLines(
    workspace.db,
    run.id,
    input.meterType,
    input.consumerId,
    range.start,
    range.end,
  );
  const nameOf = await names(workspace);
  return {
    meterType: String(input.meterType),
    settled: true,
    runId: run.id,
    data: {
      startDate: formatSeedUtc(range.start),
      endDate: formatSeedUtc(range.end - 1),
      hours: hourStarts(range.start, range.end).map((hour) => {
        const hourLines = lines.filter((l) => l.hour_start_utc === hour);
        const traded = hourLines.filter((l) => l.kind === 'traded');
        const grid = hourLines.filter((l) => l.kind === 'grid');
        const tradedEnergy = traded.reduce((sum, l) => sum + l.energy_milliwh, 0);
        const gridEnergy = grid.reduce((sum, l) => sum + l.energy_milliwh, 0);
        const gridCost = grid.reduce((sum, l) => sum + l.cost_ten_thousandths, 0);
        return {
          startDate: formatSeedUtc(hour),
          endDate: formatSeedUtc(hour + 3599),
          localHour: DateTime.fromSeconds(hour, { zone: timezone }).toISO({ suppressMilliseconds: true }),
          load: kwh(tradedEnergy + gridEnergy),
          cfe_share: ratio4(tradedEnergy, tradedEnergy + gridEnergy),
          traded: traded.map((l) => ({
            id: l.generator_id,
            name: nameOf.get(l.generator_id ?? '') ?? l.generator_id,
            price: price(l.price_per_kwh),
            allocation: kwh(l.energy_milliwh),
            cost: money(l.cost_ten_thousandths),
          })),
          grid: {
            allocation: kwh(gridEnergy),
            cost: money(gridCost),
            ...(grid[0] ? { price: price(grid[0].price_per_kwh) } : {}),
          },
          ...(hourLines.some((l) => l.has_gap) ? { has_gap: true } : {}),
        };
      }),
    },
  };
}

/** Every hour of a consumer's month: its load and the 24/7 CFE that met it (the month's hourly chart). */
export async function consumerHours(
  workspace: Workspace,
  input: { consumerId: string; month: number; year: number; meterType: number; runId?: number },
) {
  const found = await monthRun(workspace, input.consumerId, 'consumer', input);
  if ('unsettled' in found) return found.unsettled;
  const { run, month } = found;
  const { timezone } = await workspace.settings();
  const range = monthRangeUtc(month, timezone);
  const lines = await consumerLines(
    workspace.db,
    run.id,
    input.meterType,
    input.consumerId,
    range.start,
    range.end,
  );
  const byHour = new Map<number, { traded: number; grid: number }>();
  for (const line of lines) {
    const sums = byHour.get(line.hour_start_utc) ?? { traded: 0, grid: 0 };
    if (line.kind === 'traded') sums.traded += line.energy_milliwh;
    else if (line.kind === 'grid') sums.grid += line.energy_milliwh;
    byHour.set(line.hour_start_utc, sums);
  }
  return {
    data: {
      meterType: String(input.meterType),
      settled: true,
      runId: run.id,
      hours: hourStarts(range.start, range.end).map((hour) => {
        const sums = byHour.get(hour) ?? { traded: 0, grid: 0 };
        return {
          startDate: formatSeedUtc(hour),
          localHour: DateTime.fromSeconds(hour, { zone: timezone }).toISO({ suppressMilliseconds: true }),
          load: kwh(sums.traded + sums.grid),
          traded: kwh(sums.traded),
        };
      }),
    },
  };
}

/**
 * A consumer's year month by month, like a generator's revenue: 24/7 CFE and grid kWh, cost
 * and CFE score of each settled month, from the month's run in force (the run the month and
 * day views read); a month without a published run says so (`settled: false`), never zeros.
 * The year's totals are the sums of the settled months, its CFE score Σ traded ÷ Σ load.
 */
export async function consumerYear(
  workspace: Workspace,
  input: { consumerId: string; year: number; meterType: number },
) {
  await participant(workspace, input.consumerId, 'consumer');
  const { timezone } = await workspace.settings();
  const sums = { traded: 0, grid: 0, tradedCost: 0, gridCost: 0 };
  const months = [];
  for (const m of monthsOfYear(input.year, timezone)) {
    const run = await latestPublishedRun(workspace.db, m.month);
    if (!run) {
      months.push({
        month: m.month,
        startDate: formatSeedUtc(m.start),
        endDate: formatSeedUtc(m.end - 1),
        settled: false as const,
      });
      continue;
    }
    const rows = await dailyRows(workspace.db, run.id, input.meterType, input.consumerId, 'consumer');
    const traded = sumBy(rows, 'traded');
    const grid = sumBy(rows, 'grid');
    // The tariff's monthly bill lines belong to the month's grid cost, as in the overview.
    const bill = await billLines(workspace.db, run.id, input.meterType, input.consumerId);
    grid.cost += bill.reduce((sum, line) => sum + line.cost_ten_thousandths, 0);
    sums.traded += traded.energy;
    sums.grid += grid.energy;
    sums.tradedCost += traded.cost;
    sums.gridCost += grid.cost;
    months.push({
      month: m.month,
      startDate: formatSeedUtc(m.start),
      endDate: formatSeedUtc(m.end - 1),
      settled: true as const,
      runId: run.id,
      traded: { allocation: kwh(traded.energy), cost: money(traded.cost) },
      grid: { allocation: kwh(grid.energy), cost: money(grid.cost) },
      load: kwh(traded.energy + grid.energy),
      cost: money(traded.cost + grid.cost),
      cfe_score: ratio4(traded.energy, traded.energy + grid.energy),
      gap_hours: await gapHours(workspace.db, run.id, input.meterType, input.consumerId, 'consumer'),
    });
  }
  const settledMonths = months.filter((m) => m.settled).length;
  return {
    data: {
      meterType: String(input.meterType),
      year: input.year,
      settled: settledMonths > 0,
      ...(settledMonths === 0
        ? {
            message: `no month of ${input.year} has a published settlement run; settle one first (energy-ledger settle --month ${input.year}-01)`,
          }
        : {}),
      settled_months: settledMonths,
      months,
      totals: {
        traded: { allocation: kwh(sums.traded), cost: money(sums.tradedCost) },
        grid: { allocation: kwh(sums.grid), cost: money(sums.gridCost) },
        load: kwh(sums.traded + sums.grid),
        cost: money(sums.tradedCost + sums.gridCost),
        cfe_score: ratio4(sums.traded, sums.traded + sums.grid),
      },
    },
  };
}
