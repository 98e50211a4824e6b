/**
 * Virtual meters (seed 003), hour by hour and exact in mWh.
 *
 * A virtual meter's use in an hour follows the version in force on the hour's
 * local day:
 * - `readingsFromChannel`: the meter's hourly energy;
 * - `copyUseFromMeter`: a share of the source meter. All shares of one source in
 *   force in an hour are split together by largest remainder (ties to the meter
 *   id that sorts first), with what the shares leave (100 % − Σ) as one more part,
 *   so parts that add up to 100 % add up exactly to the source, every hour;
 * - `fixedAmount`: the amount every hour (`interval`), or spread evenly over
 *   the local day's or month's hours (the remainder to the earliest hours);
 * - `useCalculation`: Σ sumMeters + Σ members of sumMeterGroups − Σ
 *   subtractMeters − Σ members of subtractMeterGroups; an hour that goes below
 *   zero is kept and reported.
 * An hour a physical source has no (complete) reading for is a gap of every
 * meter computed from it.
 */
import { DateTime } from 'luxon';

import { addFieldError, type FieldErrors } from '../../shared/definition';
import { Dec } from '../../shared/units';
import { useKind, type MeterGroup, type UseDefinition, type VirtualMeter } from '../../shared/virtual-meter';

import { splitExactly } from './exact';

export interface PhysicalMeterInfo {
  id: string;
  settles: boolean;
  participantId: string;
}

/** Each meter a use definition refers to, with the sign or share it is counted with. */
export function references(
  use: UseDefinition,
  groups: Map<string, MeterGroup>,
): { meterId: string; coefficient: InstanceType<typeof Dec>; via: string }[] {
  if ('readingsFromChannel' in use)
    return [
      { meterId: use.readingsFromChannel.meterId, coefficient: new Dec(1), via: 'readingsFromChannel' },
    ];
  if ('copyUseFromMeter' in use)
    return [
      {
        meterId: use.copyUseFromMeter.meterId,
        coefficient: new Dec(use.copyUseFromMeter.percentage).dividedBy(100),
        via: 'copyUseFromMeter',
      },
    ];
  if ('fixedAmount' in use) return [];
  const { sum, subtract } = use.useCalculation;
  const out: { meterId: string; coefficient: InstanceType<typeof Dec>; via: string }[] = [];
  for (const id of sum.sumMeters) out.push({ meterId: id, coefficient: new Dec(1), via: 'sumMeters' });
  for (const g of sum.sumMeterGroups)
    for (const id of groups.get(g)?.meterIds ?? [])
      out.push({ meterId: id, coefficient: new Dec(1), via: `sumMeterGroups ${g}` });
  for (const id of subtract.subtractMeters)
    out.push({ meterId: id, coefficient: new Dec(-1), via: 'subtractMeters' });
  for (const g of subtract.subtractMeterGroups)
    for (const id of groups.get(g)?.meterIds ?? [])
      out.push({ meterId: id, coefficient: new Dec(-1), via: `subtractMeterGroups ${g}` });
  return out;
}

const overlaps = (
  a: { effectiveFrom: string; effectiveTo?: string },
  b: { effectiveFrom: string; effectiveTo?: string },
) => a.effectiveFrom < (b.effectiveTo ?? '9999-12-31') && b.effectiveFrom < (a.effectiveTo ?? '9999-12-31');

/**
 * Checks virtual meters and groups whole: references resolve, no cycle, versions in order
 * and not overlapping, the shares of one source at most 100 % at any time, and no energy
 * counted twice by settling meters. Errors are keyed `virtualMeters[<id>]…` / `meterGroups[<id>]…`.
 */
export function checkVirtualMeters(
  virtual: VirtualMeter[],
  groups: MeterGroup[],
  physical: PhysicalMeterInfo[],
): FieldErrors {
  const errors: FieldErrors = {};
  const physicalById = new Map(physical.map((m) => [m.id, m]));
  const virtualById = new Map(virtual.map((m) => [m.id, m]));
  const groupById = new Map(groups.map((g) => [g.id, g]));
  const exists = (id: string) => physicalById.has(id) || virtualById.has(id);

  for (const g of groups)
    g.meterIds.forEach((id, i) => {
      if (!exists(id))
        addFieldError(
          errors,
          `meterGroups[${g.id}].meterIds[${i}]`,
          `names meter ${id}, which does not exist`,
        );
    });
  for (const m of virtual) {
    if (physicalById.has(m.id))
      addFieldError(errors, `virtualMeters[${m.id}].id`, 'is already a physical meter');
    const sorted = [...m.versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
    const ids = new Set<number>();
    m.versions.forEach((v, i) => {
      const key = `virtualMeters[${m.id}].versions[${i}]`;
      if (ids.has(v.versionId)) addFieldError(errors, `${key}.versionId`, `repeats version ${v.versionId}`);
      ids.add(v.versionId);
      if (v.effectiveTo !== undefined && v.effectiveTo <= v.effectiveFrom)
        addFieldError(errors, `${key}.effectiveTo`, 'must be after effectiveFrom');
      if ('useCalculation' in v.use) {
        const { sum, subtract } = v.use.useCalculation;
        if (sum.sumMeters.length + sum.sumMeterGroups.length === 0)
          addFieldError(
            errors,
            `${key}.use.useCalculation.sum`,
            'must name at least one meter or meter group',
          );
        for (const [list, name] of [
          [sum.sumMeterGroups, 'sum.sumMeterGroups'],
          [subtract.subtractMeterGroups, 'subtract.subtractMeterGroups'],
        ] as const)
          list.forEach((g, k) => {
            if (!groupById.has(g))
              addFieldError(
                errors,
                `${key}.use.useCalculation.${name}[${k}]`,
                `names meter group ${g}, which does not exist`,
              );
          });
      }
      for (const ref of references(v.use, groupById))
        if (!exists(ref.meterId))
          addFieldError(
            errors,
            `${key}.use`,
            `names meter ${ref.meterId} (${ref.via}), which does not exist`,
          );
        else if (ref.meterId === m.id)
          addFieldError(errors, `${key}.use`, `refers to the meter itself (${ref.via})`);
    });
    for (let i = 1; i < sorted.length; i++)
      if (overlaps(sorted[i - 1]!, sorted[i]!))
        addFieldError(
          errors,
          `virtualMeters[${m.id}].versions`,
          `version ${sorted[i]!.versionId} (from ${sorted[i]!.effectiveFrom}) overlaps version ${sorted[i - 1]!.versionId}`,
        );
  }
  if (Object.keys(errors).length > 0) return errors;

  // Cycles: a meter that reaches itself through any version.
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): boolean => {
    const m = virtualById.get(id);
    if (!m) return false;
    if (state.get(id) === 'done') return false;
    if (state.get(id) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(id)), id];
      addFieldError(errors, `virtualMeters[${id}].versions`, `is part of a cycle: ${cycle.join(' → ')}`);
      return true;
    }
    state.set(id, 'visiting');
    path.push(id);
    for (const v of m.versions)
      for (const ref of references(v.use, groupById)) if (visit(ref.meterId)) return true;
    path.pop();
    state.set(id, 'done');
    return false;
  };
  for (const m of virtual) if (visit(m.id)) return errors;

  // Time segments where every meter has one version (or none) in force.
  const boundaries = [
    ...new Set(
      virtual.flatMap((m) =>
        m.versions.flatMap((v) => [v.effectiveFrom, ...(v.effectiveTo ? [v.effectiveTo] : [])]),
      ),
    ),
  ].sort();
  const versionOn = (m: VirtualMeter, day: string) =>
    m.versions.find((v) => v.effectiveFrom <= day && (v.effectiveTo === undefined || day < v.effectiveTo));

  for (const day of boundaries) {
    // Shares of one source at most 100 %.
    const shares = new Map<string, { total: InstanceType<typeof Dec>; meters: string[] }>();
    for (const m of virtual) {
      const v = versionOn(m, day);
      if (!v || !('copyUseFromMeter' in v.use)) continue;
      const s = shares.get(v.use.copyUseFromMeter.meterId) ?? { total: new Dec(0), meters: [] };
      s.total = s.total.plus(v.use.copyUseFromMeter.percentage);
      s.meters.push(`${m.id} (${v.use.copyUseFromMeter.percentage} %)`);
      shares.set(v.use.copyUseFromMeter.meterId, s);
    }
    for (const [source, s] of shares)
      if (s.total.greaterThan(100))
        addFieldError(
          errors,
          `virtualMeters`,
          `from ${day}, the shares of meter ${source} add up to ${s.total.toFixed()} % (more than 100): ${s.meters.join(', ')}`,
        );

    // Energy counted twice: each physical meter's total share across settling meters at most 1.
    const counted = new Map<string, { total: InstanceType<typeof Dec>; by: string[] }>();
    const expand = (id: string, factor: InstanceType<typeof Dec>, root: string) => {
      const m = virtualById.get(id);
      if (!m) {
        const c = counted.get(id) ?? { total: new Dec(0), by: [] };
        c.total = c.total.plus(factor);
        if (!factor.isZero())
          c.by.push(root === id ? `${id} (settles itself)` : `${root} (${factor.times(100).toFixed()} %)`);
        counted.set(id, c);
        return;
      }
      const v = versionOn(m, day);
      if (!v) return;
      for (const ref of references(v.use, groupById))
        expand(ref.meterId, factor.times(ref.coefficient), root);
    };
    for (const p of physical) if (p.settles) expand(p.id, new Dec(1), p.id);
    for (const m of virtual) if (m.settles) expand(m.id, new Dec(1), m.id);
    for (const [id, c] of counted)
      if (c.total.greaterThan(1))
        addFieldError(
          errors,
          'virtualMeters',
          `from ${day}, meter ${id} would be counted ${c.total.times(100).toFixed()} % in settlement: ${c.by.join(', ')}. A meter split into settling virtual meters must not settle itself (set its settles to false)`,
        );
  }
  return errors;
}

// ------------------------------------------------------------------ evaluation

export interface HourlyUse {
  /** mWh per hour (may be negative after a subtraction). */
  values: Float64Array;
  /** 1 where a physical source had no complete reading. */
  gaps: Uint8Array;
}

export interface EvaluationContext {
  hours: number[];
  /** The local day of each hour. */
  days: string[];
  zone: string;
  virtual: Map<string, VirtualMeter>;
  groups: Map<string, MeterGroup>;
  /** A physical meter's hourly energy over the hours (loaded on demand). */
  physical: (meterId: string) => Promise<HourlyUse>;
}

/** Evaluates meters over the context's hours, memoized; negative hours are collected per meter. */
export class UseEvaluator {
  private readonly memo = new Map<string, Promise<HourlyUse>>();
  private readonly splits = new Map<string, Map<number, Map<string, number>>>();
  readonly negativeHours = new Map<string, number[]>();

  constructor(private readonly context: EvaluationContext) {}

  use(meterId: string): Promise<HourlyUse> {
    let found = this.memo.get(meterId);
    if (!found) {
      found = this.context.virtual.has(meterId)
        ? this.evaluate(this.context.virtual.get(meterId)!)
        : this.context.physical(meterId);
      this.memo.set(meterId, found);
    }
    return found;
  }

  private versionOn(m: VirtualMeter, day: string) {
    return m.versions.find(
      (v) => v.effectiveFrom <= day && (v.effectiveTo === undefined || day < v.effectiveTo),
    );
  }

  private async evaluate(meter: VirtualMeter): Promise<HourlyUse> {
    const { hours, days } = this.context;
    const values = new Float64Array(hours.length);
    const gaps = new Uint8Array(hours.length);
    for (let h = 0; h < hours.length; h++) {
      const version = this.versionOn(meter, days[h]!);
      if (!version) continue;
      const use = version.use;
      if ('fixedAmount' in use) {
        values[h] = this.fixedShare(use.fixedAmount, h);
        continue;
      }
      if ('copyUseFromMeter' in use) {
        const source = await this.use(use.copyUseFromMeter.meterId);
        if (source.gaps[h]) gaps[h] = 1;
        values[h] = this.copyShare(use.copyUseFromMeter.meterId, meter.id, h, source.values[h]!);
        continue;
      }
      for (const ref of references(use, this.context.groups)) {
        const source = await this.use(ref.meterId);
        if (source.gaps[h]) gaps[h] = 1;
        values[h]! += ref.coefficient.isNegative() ? -source.values[h]! : source.values[h]!;
      }
      if (values[h]! < 0 && useKind(use) === 'useCalculation') {
        const list = this.negativeHours.get(meter.id) ?? [];
        list.push(hours[h]!);
        this.negativeHours.set(meter.id, list);
      }
    }
    return { values, gaps };
  }

  /** This meter's part of the source's hour, split with every other share of the source in force. */
  private copyShare(sourceId: string, meterId: string, h: number, sourceValue: number): number {
    let bySource = this.splits.get(sourceId);
    if (!bySource) {
      bySource = new Map();
      this.splits.set(sourceId, bySource);
    }
    let parts = bySource.get(h);
    if (!parts) {
      const day = this.context.days[h]!;
      const shares: { id: string; micro: bigint }[] = [];
      for (const m of [...this.context.virtual.values()].sort((a, b) =>
        a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
      )) {
        const v = this.versionOn(m, day);
        if (v && 'copyUseFromMeter' in v.use && v.use.copyUseFromMeter.meterId === sourceId)
          shares.push({
            id: m.id,
            micro: BigInt(new Dec(v.use.copyUseFromMeter.percentage).times(1_000_000).toFixed(0)),
          });
      }
      const whole = 100_000_000n;
      const rest = whole - shares.reduce((s, x) => s + x.micro, 0n);
      const magnitude = BigInt(Math.abs(sourceValue));
      const weights = [...shares.map((s) => s.micro), rest > 0n ? rest : 0n];
      const split = splitExactly(magnitude, weights);
      parts = new Map(shares.map((s, i) => [s.id, Number(split[i]!) * (sourceValue < 0 ? -1 : 1)]));
      bySource.set(h, parts);
    }
    return parts.get(meterId) ?? 0;
  }

  private fixedShare(fixed: { amount: string; unit: string; per: string }, h: number): number {
    const scale = fixed.unit === 'Wh' ? 1_000 : fixed.unit === 'kWh' ? 1_000_000 : 1_000_000_000;
    const total = BigInt(
      new Dec(fixed.amount).times(scale).toDecimalPlaces(0, Dec.ROUND_HALF_EVEN).toFixed(),
    );
    if (fixed.per === 'interval') return Number(total);
    const local = DateTime.fromSeconds(this.context.hours[h]!, { zone: this.context.zone });
    const start = (fixed.per === 'day' ? local.startOf('day') : local.startOf('month')).toSeconds();
    const end = (
      fixed.per === 'day'
        ? local.startOf('day').plus({ days: 1 })
        : local.startOf('month').plus({ months: 1 })
    ).toSeconds();
    const n = BigInt((end - start) / 3600);
    const index = BigInt(Math.floor((this.context.hours[h]! - start) / 3600));
    return Number(total / n + (index < total % n ? 1n : 0n));
  }
}
