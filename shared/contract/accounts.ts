/**
 * Account operations: utility accounts (seeds 001 and 002: creating, updating, pricing and
 * intervalizing them, their load zone's shadow prices), the reference data they are checked
 * against, and load profiles.
 */
import { z } from 'zod';

import type { AccountDto, IntervalizationStatus, ReferenceData } from '../account';
import { Id } from '../definition';

import { Flag, output, type SeedBody } from './common';

export interface AccountListItem {
  accountId: string;
  participantId: string | null;
  masterTariffId: string | null;
  name: string | null;
  accountNumber: string | null;
  utility: string | null;
  loadZone: string | null;
  status: 'active' | 'inactive';
  intervalizationStatus: IntervalizationStatus;
  /** Periods done / periods of the latest intervalization (e.g. "3/12"). */
  intervalizationProgress: string | null;
}

export interface LoadProfileDto {
  code: string;
  name: string;
  shape: string;
  source: string;
  weights: number;
}

export const accountOperations = {
  'accounts:list': {
    input: z.object({}),
    http: 'GET /api/accounts',
    output: output<AccountListItem[]>(),
  },
  'accounts:save': {
    input: z.object({
      accountId: Id,
      participantId: Id,
      masterTariffId: z.string().min(1),
      name: z.string().max(200).optional(),
    }),
    http: 'PUT /api/accounts/:accountId',
    output: output<{
      accountId: string;
      participantId: string;
      masterTariffId: string;
      name: string | null;
    }>(),
  },
  /** Seed 001: prices an account's usage between two dates on its tariff. */
  'accounts:calculate': {
    input: z.object({
      accountId: Id,
      fromDateTime: z.string().regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, 'must be a date or an ISO 8601 time'),
      toDateTime: z.string().regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, 'must be a date or an ISO 8601 time'),
      billingPeriod: Flag.default(true),
      minimums: Flag.default(true),
      detailLevel: z
        .enum(['TOTAL', 'CHARGE_TYPE', 'RATE'], { error: () => 'must be one of TOTAL, CHARGE_TYPE, RATE' })
        .default('RATE'),
      groupBy: z
        .enum(['ALL', 'HOUR', 'DAY', 'MONTH', 'YEAR'], {
          error: () => 'must be one of ALL, HOUR, DAY, MONTH, YEAR',
        })
        .default('MONTH'),
      masterTariffId: z.string().min(1).optional(),
      /** metered: the account participant's consumption meters; grid: its grid residual in the latest published settlement runs. */
      usage: z.enum(['metered', 'grid'], { error: () => 'must be metered or grid' }).default('metered'),
    }),
    http: 'POST /rest/v1/accounts/:accountId/calculate',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  /** The workspace's utilities with their load zones, rate classes, voltages and load profiles (accounts are checked against them). */
  'reference:get': {
    input: z.object({}),
    http: 'GET /api/reference',
    output: output<ReferenceData & { load_profiles: LoadProfileDto[] }>(),
  },
  'reference:save': {
    input: z.object({ reference: z.record(z.string(), z.unknown()) }),
    http: 'PUT /api/reference',
    output: output<ReferenceData & { load_profiles: LoadProfileDto[] }>(),
  },
  'load-profiles:list': {
    input: z.object({}),
    http: 'GET /api/load-profiles',
    output: output<LoadProfileDto[]>(),
  },
  /** A load profile from CSV: a year of 8,760 weights, or typical days (month, weekday|weekend, hour, weight). */
  'load-profiles:save': {
    input: z.object({
      code: Id,
      name: z.string().min(1).max(200),
      shape: z.enum(['year', 'typical-days']).default('year'),
      csv: z.string().max(16 * 1024 * 1024),
      normalize: Flag.default(false),
      source: z.string().max(500).default('imported from CSV'),
    }),
    http: 'PUT /api/load-profiles/:code',
    output: output<{
      code: string;
      name: string;
      shape: string;
      weights: number;
      sum: string;
      normalized: boolean;
      accountsRequeued: string[];
    }>(),
  },
  /** Seed 002: creates an account (`{"account": {…}}`); 201, or 422 with field errors. */
  'accounts:create': {
    input: z.object({ account: z.record(z.string(), z.unknown()) }),
    http: 'POST /api/v1/accounts',
    output: output<AccountDto>(),
    envelope: 'body',
    created: true,
  },
  'accounts:get': {
    input: z.object({ id: z.string().min(1) }),
    http: 'GET /api/v1/accounts/:id',
    output: output<AccountDto>(),
    envelope: 'body',
  },
  /** Seed 002: updates an account, `{"account": {"status": "inactive"}}` deactivates it. */
  'accounts:update': {
    input: z.object({ id: z.string().min(1), account: z.record(z.string(), z.unknown()) }),
    http: 'PATCH /api/v1/accounts/:id',
    output: output<AccountDto>(),
    envelope: 'body',
  },
  /** Intervalizes an account again (normally automatic when its usages, profile or meter change). */
  'accounts:intervalize': {
    input: z.object({ id: z.string().min(1), force: Flag.default(false), wait: Flag.default(false) }),
    http: 'POST /api/v1/accounts/:id/intervalize',
    output: output<AccountDto>(),
    envelope: 'body',
  },
  /** Seed 002: the hourly shadow prices of the account's load zone on a local day (default yesterday). */
  'accounts:shadow-prices': {
    input: z.object({
      id: z.string().min(1),
      date: z
        .string()
        .regex(/^\d{4}-\d{1,2}-\d{1,2}$/, 'must be a date YYYY-M-D')
        .optional(),
    }),
    http: 'GET /api/v1/accounts/:id/shadow_prices',
    output: output<Record<string, unknown>[]>(),
    envelope: 'body',
  },
} as const;
