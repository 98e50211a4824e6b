/**
 * A consumer's grid energy on its invoice (issue 17): the month's hourly grid
 * lines grouped as the tariff engine itemises energy, one line per TOU period
 * and rate — "TOU period 2 (peak)" for a tariff, "hours at this rate" for a
 * plan with hourly prices, "energy" for a flat price — with the kWh, the hours,
 * the rate per kWh and the sum of the hourly lines (each line is kWh × rate
 * rounded to 0.0001, so the group's amount is exactly the lines it stands for).
 * The TOU period is the one the tariff version in force that day gives the
 * hour (weekday or weekend/holiday schedule).
 */
import type { StatementDto } from '../../shared/contract';
import type { Tariff } from '../../shared/tariff';
import { formatLocalIso } from '../../shared/time';
import { Dec, milliWhToKwh } from '../../shared/units';
import { touPeriodAt } from '../engine/tariff';
import { readDefinition } from '../store/definition-repository';
import { consumerLines, type RunRow } from '../store/settlement-repository';
import { readTariff } from '../store/tariff-repository';
import type { Workspace } from '../store/workspace';

type GridEnergyLine = NonNullable<StatementDto['meterTypes'][number]['bill']>['gridEnergy'][number];

function inForce<T extends { effectiveFrom: string }>(versions: T[], day: string): T | null {
  let found: T | null = null;
  for (const version of [...versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1)))
    if (version.effectiveFrom <= day) found = version;
  return found;
}

export async function gridEnergyLines(
  workspace: Workspace,
  run: RunRow,
  meterType: number,
  consumerId: string,
): Promise<GridEnergyLine[]> {
  const settings = await workspace.settings();
  const { timezone } = settings;
  const lines = (
    await consumerLines(workspace.db, run.id, meterType, consumerId, run.period_start_utc, run.period_end_utc)
  ).filter((line) => line.kind === 'grid');
  if (lines.length === 0) return [];
  const definition = await readDefinition(workspace.db, settings);
  const assignments = definition.utilityPlanAssignments.filter((a) => a.participantId === consumerId);
  const tariffs = new Map<string, Tariff | null>();
  // What the rate of an hour is called: its TOU period under a tariff, else by the plan's kind.
  const periodOf = async (hourUtc: number): Promise<string> => {
    const day = formatLocalIso(hourUtc, timezone).slice(0, 10);
    const assignment = inForce(assignments, day);
    const plan = definition.utilityPlans.find((p) => p.id === assignment?.utilityPlanId);
    const version = plan ? inForce(plan.versions, day) : null;
    if (!version) return 'energy';
    if (version.rate.type === 'flat') return 'energy';
    if (version.rate.type === 'tou') return 'hours at this rate';
    const id = version.rate.masterTariffId;
    if (!tariffs.has(id)) tariffs.set(id, (await readTariff(workspace.db, id)) ?? null);
    const tariff = tariffs.get(id);
    const period = tariff ? touPeriodAt(tariff, hourUtc, timezone) : null;
    return period ? `TOU period ${period.period} (${period.peak ? 'peak' : 'off-peak'})` : 'energy';
  };
  const groups = new Map<
    string,
    { period: string; rate: string; energy: number; cost: bigint; hours: Set<number> }
  >();
  for (const line of lines) {
    const period = await periodOf(line.hour_start_utc);
    const rate = new Dec(line.price_per_kwh).toFixed(4);
    const key = `${period}\u0000${rate}`;
    const group = groups.get(key) ?? { period, rate, energy: 0, cost: 0n, hours: new Set<number>() };
    group.energy += line.energy_milliwh;
    group.cost += BigInt(line.cost_ten_thousandths);
    group.hours.add(line.hour_start_utc);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) =>
      a.period === b.period ? new Dec(b.rate).comparedTo(a.rate) : a.period < b.period ? -1 : 1,
    )
    .map((g) => ({
      period: g.period,
      rate: g.rate,
      kWh: milliWhToKwh(g.energy),
      hours: g.hours.size,
      amount: new Dec(g.cost.toString()).dividedBy(10_000).toFixed(4),
    }));
}
