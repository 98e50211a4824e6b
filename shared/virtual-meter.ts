/**
 * Virtual meters (seed 003): a meter whose use is defined, version by version,
 * as a physical meter's readings (`readingsFromChannel`), a share of another
 * meter (`copyUseFromMeter`, `percentage` in percent: the seed's 1.0 is 1 %), a
 * fixed amount per interval (hour), day or month (`fixedAmount`), or a sum of
 * meters and meter groups minus others (`useCalculation`). Meter groups are
 * named sets of meters.
 */
import { z } from 'zod';

import { boundedDecimal, Day, Id } from './definition';

const Percentage = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,6})?$/, 'must be a percentage 0–100 with at most 6 decimals, written as a string')
  .refine((p) => Number(p) <= 100, 'must be at most 100 (percent)');

export const UseDefinition = z.union([
  z.object({ readingsFromChannel: z.object({ meterId: Id }).strict() }).strict(),
  z.object({ copyUseFromMeter: z.object({ meterId: Id, percentage: Percentage }).strict() }).strict(),
  z
    .object({
      fixedAmount: z
        .object({
          amount: z
            .string()
            .regex(/^\d+(\.\d{1,6})?$/, { error: 'must be an amount ≥ 0 written as a string', abort: true })
            .superRefine(boundedDecimal()),
          unit: z.enum(['Wh', 'kWh', 'MWh']).default('kWh'),
          per: z.enum(['interval', 'day', 'month']).default('interval'),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      useCalculation: z
        .object({
          sum: z
            .object({ sumMeters: z.array(Id).default([]), sumMeterGroups: z.array(Id).default([]) })
            .default({ sumMeters: [], sumMeterGroups: [] }),
          subtract: z
            .object({ subtractMeters: z.array(Id).default([]), subtractMeterGroups: z.array(Id).default([]) })
            .default({ subtractMeters: [], subtractMeterGroups: [] }),
        })
        .strict(),
    })
    .strict(),
]);
export type UseDefinition = z.output<typeof UseDefinition>;

export const UseVersion = z.object({
  versionId: z.number().int().min(1),
  effectiveFrom: Day,
  /** Exclusive; open when absent. */
  effectiveTo: Day.optional(),
  use: UseDefinition,
});
export type UseVersion = z.output<typeof UseVersion>;

export const VirtualMeter = z.object({
  id: Id,
  participantId: Id,
  name: z.string().max(200).optional(),
  meterType: z.number().int().min(1).default(1),
  direction: z.enum(['consumption', 'generation']).default('consumption'),
  settles: z.boolean().default(true),
  versions: z.array(UseVersion).min(1, 'needs at least one version'),
});
export type VirtualMeter = z.output<typeof VirtualMeter>;

export const MeterGroup = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  meterIds: z.array(Id).min(1, 'needs at least one meter'),
});
export type MeterGroup = z.output<typeof MeterGroup>;

/** The kind of a use definition, by its one key. */
export function useKind(use: UseDefinition): keyof UseDefinition & string {
  return Object.keys(use)[0] as never;
}
