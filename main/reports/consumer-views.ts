/**
 * The consumer's views: the month's overview (seed 000) and the drill-down below and above it:
 * its days, one day hour by hour, the month's hours and its year by month, each from the run in
 * force (docs/settlement.md).
 */
import { DateTime } from 'luxon';

import { formatSeedUtc, hourStarts, monthRangeUtc } from '../../shared/time';
import { averagePrice, ratio4 } from '../engine/money';
import { utilityPlanNamesOn } from '../store/plan-names';
import {
  billLines,
  consumerLines,
  dailyRows,
  gapHours,
  pairMonths,
  latestPublishedRun,
} from '../store/settlement-repository';
import type { Workspace } from '../store/workspace';

import {
  dayRun,
  kwh,
  money,
  monthRun,
  monthsOfYear,
  names,
  num,
  offerInfo,
  participant,
  percentages,
  price,
  sumBy,
} from './view-common';

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
  const plan = await utilityPlanNamesOn(workspace.db, input.consumerId, `${month}-31`);
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
  const day = await dayRun(workspace, input.consumerId, 'consumer', input);
  if ('unsettled' in day) return day.unsettled;
  const { run, range, timezone } = day;
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
