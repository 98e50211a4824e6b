/**
 * The virtual meter builder's form (seed 003), and its translation to and from a stored virtual
 * meter: each version's use as one of four kinds, its last day included on the form while the
 * meter keeps the day the version ends before.
 */
import type { VirtualMeter } from '../../../../shared/virtual-meter';
import { exclusiveEndOf, lastDayBefore } from '../../components/LocalTime';

export type Kind = 'copyUseFromMeter' | 'useCalculation' | 'fixedAmount' | 'readingsFromChannel';
export interface VersionForm {
  versionId: number;
  effectiveFrom: string;
  effectiveTo: string;
  kind: Kind;
  meterId: string;
  percentage: string;
  amount: string;
  unit: string;
  per: string;
  sumMeters: string[];
  sumMeterGroups: string[];
  subtractMeters: string[];
  subtractMeterGroups: string[];
}
export const newVersion = (versionId: number): VersionForm => ({
  versionId,
  effectiveFrom: '2022-01-01',
  effectiveTo: '',
  kind: 'copyUseFromMeter',
  meterId: '',
  percentage: '100',
  amount: '0',
  unit: 'kWh',
  per: 'interval',
  sumMeters: [],
  sumMeterGroups: [],
  subtractMeters: [],
  subtractMeterGroups: [],
});

export function versionOf(v: VersionForm) {
  const use =
    v.kind === 'copyUseFromMeter'
      ? { copyUseFromMeter: { meterId: v.meterId, percentage: v.percentage } }
      : v.kind === 'readingsFromChannel'
        ? { readingsFromChannel: { meterId: v.meterId } }
        : v.kind === 'fixedAmount'
          ? { fixedAmount: { amount: v.amount, unit: v.unit, per: v.per } }
          : {
              useCalculation: {
                sum: { sumMeters: v.sumMeters, sumMeterGroups: v.sumMeterGroups },
                subtract: { subtractMeters: v.subtractMeters, subtractMeterGroups: v.subtractMeterGroups },
              },
            };
  return {
    versionId: v.versionId,
    effectiveFrom: v.effectiveFrom,
    // The form's last day is included; the stored effectiveTo is the day the version ends before.
    ...(v.effectiveTo ? { effectiveTo: exclusiveEndOf(v.effectiveTo) } : {}),
    use,
  };
}

export function formOf(m: VirtualMeter) {
  return {
    id: m.id,
    participantId: m.participantId,
    name: m.name ?? '',
    direction: m.direction,
    settles: m.settles,
    versions: m.versions.map((v) => {
      const f = newVersion(v.versionId);
      f.effectiveFrom = v.effectiveFrom;
      f.effectiveTo = v.effectiveTo ? lastDayBefore(v.effectiveTo) : '';
      const use = v.use as Record<string, Record<string, unknown>>;
      f.kind = Object.keys(use)[0] as Kind;
      const body = use[f.kind]!;
      if (typeof body.meterId === 'string') f.meterId = body.meterId;
      if (typeof body.percentage === 'string') f.percentage = body.percentage;
      if (typeof body.amount === 'string') f.amount = body.amount;
      if (typeof body.unit === 'string') f.unit = body.unit;
      if (typeof body.per === 'string') f.per = body.per;
      const sum = body.sum as Record<string, string[]> | undefined;
      const subtract = body.subtract as Record<string, string[]> | undefined;
      f.sumMeters = sum?.sumMeters ?? [];
      f.sumMeterGroups = sum?.sumMeterGroups ?? [];
      f.subtractMeters = subtract?.subtractMeters ?? [];
      f.subtractMeterGroups = subtract?.subtractMeterGroups ?? [];
      return f;
    }),
  };
}

/** A virtual meter as the builder edits it. */
export type MeterForm = ReturnType<typeof formOf>;

/** A new virtual meter: one version, a share of a meter. */
export const emptyMeterForm = (): MeterForm => ({
  id: '',
  participantId: '',
  name: '',
  direction: 'consumption' as const,
  settles: true,
  versions: [newVersion(1)],
});
