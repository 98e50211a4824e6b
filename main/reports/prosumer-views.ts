/**
 * The generator's views (seed 000): a month's transactions and distribution, the D / W / Y
 * breakdowns, revenue by month, payments against its statements and one day hour by hour,
 * each from the run in force (docs/settlement.md).
 */
import { DateTime } from 'luxon';

import { dayRangeUtc, formatSeedUtc, hourStarts, monthRangeUtc } from '../../shared/time';
import { averagePrice } from '../engine/money';
import {
  dailyRows,
  gapHours,
  generatorLines,
  pairMonths,
  latestPublishedRun,
  latestPublishedRuns,
  statementRuns,
  type DailyRow,
} from '../store/settlement-repository';
import type { Workspace } from '../store/workspace';

import { receivables } from './receivables';
import { runMarketPrices, unsoldReason } from './unsold-reasons';
import {
  dayRun,
  KINDS,
  kwh,
  money,
  monthRun,
  monthsOfYear,
  names,
  notSettled,
  num,
  participant,
  percentages,
  price,
  section,
  sumBy,
  type GeneratorKind,
  type Section,
} from './view-common';

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
  const day = await dayRun(workspace, input.prosumerId, 'prosumer', input);
  if ('unsettled' in day) return day.unsettled;
  const { run, range, timezone } = day;
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
