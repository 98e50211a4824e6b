/**
 * Meter operations: meter groups and virtual meters (seed 003), a meter's calculated use and
 * whether it settles, and cost and consumption of a device (seed 004).
 */
import { z } from 'zod';

import { Day, Id } from '../definition';
import type { MeterGroup, VirtualMeter } from '../virtual-meter';

import { Flag, IntegerParam, output, type SeedBody } from './common';

export interface VirtualPreviewDto {
  meterId: string;
  timezone: string;
  hours: { startDate: string; localHour: string; kWh: string; gap: boolean }[];
  totalKWh: string;
  sources: { meterId: string; kWh: string[]; totalKWh: string }[];
  /** Hours (UTC, seed form) in which a subtraction went below zero. */
  negativeHours: string[];
}

export const meterOperations = {
  'meter-groups:list': {
    input: z.object({}),
    http: 'GET /api/meter-groups',
    output: output<MeterGroup[]>(),
  },
  /** A named set of meters (seed 003's meter groups), checked with every virtual meter using it. */
  'meter-groups:save': {
    input: z.object({ groupId: Id, name: z.string().min(1).max(200), meterIds: z.array(Id) }),
    http: 'PUT /api/meter-groups/:groupId',
    output: output<MeterGroup>(),
  },
  'virtual-meters:list': {
    input: z.object({}),
    http: 'GET /api/virtual-meters',
    output: output<VirtualMeter[]>(),
  },
  /** A virtual meter and its use versions (seed 003); refused with field errors when the whole setup does not hold. */
  'virtual-meters:save': {
    input: z.object({ meterId: Id, meter: z.record(z.string(), z.unknown()) }),
    http: 'PUT /api/virtual-meters/:meterId',
    output: output<VirtualMeter>(),
  },
  'virtual-meters:remove': {
    input: z.object({ meterId: Id }),
    http: 'DELETE /api/virtual-meters/:meterId',
    output: output<{ meterId: string; removed: boolean; runsNamingIt: number }>(),
  },
  /** A virtual meter's computed hourly use over local days, beside each of its sources'. */
  'virtual-meters:preview': {
    input: z.object({ meterId: Id, from: Day, to: Day }),
    http: 'GET /api/virtual-meters/:meterId/use',
    output: output<VirtualPreviewDto>(),
  },
  /** Seed 003: a meter's use definition for one version, in CalculatedBillUseResponse's shape. */
  'meters:calculated-use': {
    input: z.object({ accountId: Id, meterId: Id, versionId: IntegerParam.pipe(z.number().min(1)) }),
    http: 'GET /api/accounts/:accountId/meters/:meterId/calculated-use/:versionId',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  'meters:set-settles': {
    input: z.object({ meterId: Id, settles: Flag }),
    http: 'PUT /api/meters/:meterId/settles',
    output: output<{ meterId: string; settles: boolean }>(),
  },
  /**
   * Seed 004: cost and consumption of one meter (physical or virtual) at a resolution, with the
   * seed's matrix parameters; JSON, or XML when the client asks for application/xml.
   */
  'consumption:device': {
    input: z.object({
      userId: z.string().min(1),
      accountId: z.string().min(1),
      locationId: z.string().min(1),
      deviceId: z.string().min(1),
      resolution: z.string().min(1),
      from: z.string().optional(),
      to: z.string().optional(),
      'limit-to-latest': z.string().optional(),
      'include-submetering-devices': z.string().optional(),
    }),
    http: 'GET /connect/user/:userId/account/:accountId/location/:locationId/device/:deviceId/consumption/:resolution',
    output: output<SeedBody>(),
    envelope: 'body',
    xml: true,
  },
} as const;
