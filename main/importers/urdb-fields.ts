/**
 * The values of a URDB rate (OpenEI Utility Rate Database) as an Energy Ledger tariff reads them:
 * its numbers through the bounded parser (shared/units.ts) as exact decimals, its tier structures
 * as tiers (`rate + adj`, as NREL SAM reads them), its 12 × 24 period schedules.
 */
import type { Tier } from '../../shared/tariff';
import { decimalProblem, Dec, parseDecimal, shortValue } from '../../shared/units';

export interface UrdbTier {
  max?: number;
  unit?: string;
  rate?: number;
  adj?: number;
}

export const isSchedule = (value: unknown): value is number[][] =>
  Array.isArray(value) &&
  value.length === 12 &&
  value.every(
    (row) => Array.isArray(row) && row.length === 24 && row.every((p) => Number.isInteger(p) && p >= 0),
  );

/**
 * A URDB number as an exact decimal string, through the bounded parser (a string is bounded
 * the same way); null, with an error under `field`, when it is none or out of range.
 */
export function decimal(value: unknown, field: string, errors: Record<string, string[]>): string | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : null;
  const problem =
    text === null
      ? 'must be a number'
      : typeof value === 'number' && !Number.isFinite(value)
        ? 'is out of range: not a finite number'
        : decimalProblem(text);
  if (problem === null) return parseDecimal(text!).toFixed();
  (errors[field] ??= []).push(text === null ? problem : `"${shortValue(text)}" ${problem}`);
  return null;
}

export function tiersOf(raw: UrdbTier[], where: string, errors: Record<string, string[]>): Tier[] {
  return raw.map((tier, i) => {
    if (typeof tier.rate !== 'number' && typeof tier.adj !== 'number')
      (errors[`${where}[${i}].rate`] ??= []).push('is missing');
    const rate = decimal(tier.rate ?? 0, `${where}[${i}].rate`, errors) ?? '0';
    const adj = decimal(tier.adj ?? 0, `${where}[${i}].adj`, errors) ?? '0';
    const max =
      typeof tier.max === 'number' && i < raw.length - 1
        ? decimal(tier.max, `${where}[${i}].max`, errors)
        : null;
    return {
      ...(max !== null ? { max } : {}),
      rate: new Dec(rate).plus(adj).toFixed(),
    };
  });
}

export function tiersInOrder(tiers: Tier[]): boolean {
  for (let i = 1; i < tiers.length; i++) {
    const before = tiers[i - 1]!.max;
    const here = tiers[i]!.max;
    if (before === undefined) return false;
    if (here !== undefined && !new Dec(here).greaterThan(before)) return false;
  }
  return true;
}

export function zeros(): number[][] {
  return Array.from({ length: 12 }, () => Array.from({ length: 24 }, () => 0));
}
