/**
 * What the consumer's and the generator's views share: the run in force for a month (or the
 * answer that it is not settled), the participant and its names, the sections' sums, and the
 * seed's number forms (kWh, money, RECs, MWh, percentages that make 100).
 */

import { dayRangeUtc, monthRangeUtc } from '../../shared/time';
import { milliWhToKwh } from '../../shared/units';
import { formatPricePerKwh, formatTenThousandths } from '../engine/money';
import { ApiError, notFound } from '../errors';
import { participantById, participantNames } from '../store/participant-directory';
import { offerPlanNames } from '../store/plan-names';
import { latestPublishedRun, runById, type DailyRow, type RunRow } from '../store/settlement-repository';
import type { Workspace } from '../store/workspace';

export type Role = 'consumer' | 'prosumer';
export const KINDS = ['traded', 'open_market', 'unsold'] as const;
export type GeneratorKind = (typeof KINDS)[number];

export const kwh = (mWh: number) => milliWhToKwh(mWh);
export const money = (e4: number) => formatTenThousandths(e4);
/** A price per kWh: exact, at least 4 decimals (docs/settlement.md, Formats). */
export const price = formatPricePerKwh;
/** A JSON number whose text is the exact decimal (seed keys that are numbers). */
export const num = (decimal: string) => Number(decimal);
/** RECs: certificates of 1 MWh, round_half_up(kWh / 1000) of the line they sit on. */
export const rec = (mWh: number) => Math.floor((mWh + 500_000_000) / 1_000_000_000);
/** Exact MWh beside the rounded RECs (spec §4). */
export const mwh = (mWh: number) => divideExact(mWh, 1_000_000_000);

export function divideExact(value: number, by: number): string {
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

export function section(name: string, energy: number, cost: number): Section {
  return { name, cost: money(cost), rec: rec(energy), allocation: kwh(energy), mwh: mwh(energy) };
}

export async function participant(
  workspace: Workspace,
  id: string,
  role: Role,
): Promise<{ id: string; name: string; role: Role }> {
  const row = (await participantById(workspace.db, id)) as
    { id: string; name: string; role: Role } | undefined;
  if (!row) throw notFound(`participant "${id}" does not exist`);
  // A prosumer may also consume (spec §1): its consumer side has an overview too. A consumer never generates.
  if (row.role !== role && !(role === 'consumer' && row.role === 'prosumer'))
    throw notFound(`participant "${id}" is a ${row.role}, not a ${role}; use /api/${row.role}/${id}/…`);
  return row;
}

export function monthOf(month: number, year: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export async function runFor(
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

export function notSettled(meterType: number, month: string, wrap: 'data' | 'top') {
  const body = {
    meterType: String(meterType),
    settled: false,
    message: `${month} has no published settlement run; settle it first (energy-ledger settle --month ${month})`,
  };
  return wrap === 'data' ? { data: body } : body;
}

/** The participant checked and the month's run found (or the month's settled:false answer). */
export async function monthRun(
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

/** The participant checked, the run in force of the local day's month, the day's UTC range and the market's timezone (or the settled:false answer). */
export async function dayRun(
  workspace: Workspace,
  participantId: string,
  role: Role,
  input: { date: string; meterType: number },
): Promise<
  | { run: RunRow; range: { start: number; end: number }; timezone: string }
  | { unsettled: ReturnType<typeof notSettled> }
> {
  await participant(workspace, participantId, role);
  const { timezone } = await workspace.settings();
  const month = input.date.slice(0, 7);
  const run = await latestPublishedRun(workspace.db, month);
  if (!run) return { unsettled: notSettled(input.meterType, month, 'top') };
  return { run, range: dayRangeUtc(input.date, timezone), timezone };
}

export function sumBy(rows: DailyRow[], kind: string): { energy: number; cost: number } {
  let energy = 0;
  let cost = 0;
  for (const row of rows) {
    if (row.kind !== kind) continue;
    energy += row.energy_milliwh;
    cost += row.cost_ten_thousandths;
  }
  return { energy, cost };
}

export async function offerInfo(workspace: Workspace, generatorId: string) {
  return offerPlanNames(workspace.db, generatorId);
}

export async function names(workspace: Workspace): Promise<Map<string, string>> {
  return new Map((await participantNames(workspace.db)).map((p) => [p.id, p.name]));
}

/** The twelve months of a year with their UTC ranges in the market's timezone. */
export function monthsOfYear(year: number, timezone: string) {
  return Array.from({ length: 12 }, (_, i) => {
    const month = monthOf(i + 1, year);
    return { month, ...monthRangeUtc(month, timezone) };
  });
}
