/** Tariff operations: listing and saving tariffs, and reading and writing them as URDB rates. */
import { z } from 'zod';

import { Tariff } from '../tariff';

import { IntegerParam, output } from './common';

export interface TariffDto {
  tariff: Tariff;
  source: 'json' | 'urdb';
  /** URDB features the tariff's file had that Energy Ledger does not price. */
  unsupported: string[];
  notes?: string[];
}

export const tariffOperations = {
  'tariffs:list': {
    input: z.object({}),
    http: 'GET /api/tariffs',
    output: output<TariffDto[]>(),
  },
  /** Saves a tariff in Energy Ledger's JSON (docs/tariffs.md); checked whole, nothing stored on an error. */
  'tariffs:save': {
    input: z.object({ tariff: Tariff }),
    http: 'PUT /api/tariffs',
    output: output<TariffDto>(),
  },
  /** Reads a URDB rate (its JSON as sent) into a tariff and saves it; unsupported features are named. */
  'tariffs:import-urdb': {
    input: z.object({
      rate: z.unknown(),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code')
        .optional(),
    }),
    http: 'POST /api/tariffs/urdb',
    output: output<TariffDto>(),
  },
  /** A tariff version as a URDB rate (newer field names); what URDB cannot hold is named. */
  'tariffs:export-urdb': {
    input: z.object({
      masterTariffId: z.string().min(1),
      version: IntegerParam.pipe(z.number().min(0)).default(0),
    }),
    http: 'GET /api/tariffs/:masterTariffId/urdb',
    output: output<{ rate: Record<string, unknown>; notExported: string[] }>(),
  },
} as const;
