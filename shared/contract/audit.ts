/**
 * Audit operations: the audit log, a run's audit pack, and lineage (where a participant's
 * figures come from). Two tables, as they sit apart in the contract's order.
 */
import { z } from 'zod';

import { Day, Id } from '../definition';

import { IntegerParam, MeterType, MonthText, RunId, output, type StatementFileDto } from './common';

export interface AuditListDto {
  timezone: string;
  total: number;
  entries: {
    id: number;
    /** UTC, seed form. */
    at: string;
    /** Local, ISO with offset. */
    atLocal: string;
    kind: string;
    subject: string;
    description: string;
    details: Record<string, unknown>;
  }[];
}

/** Where a participant's figures of a run come from, for its month or one hour (issue 10). */
export interface LineageDto {
  run: { id: number; identity: string; engineVersion: string; publishedUtc: string };
  participant: { id: string; name: string; role: string };
  scope: {
    month: string;
    meterType: number;
    /** Null for the whole month. */
    hourStartUtc: string | null;
    hourStartLocal: string | null;
    fromDay: string;
    toDay: string;
    hours: number;
    isWholeMonth: boolean;
  };
  /** The month's sums by side and kind, or the hour's lines. */
  figures: {
    side: 'generator' | 'consumer';
    kind: string;
    generatorId: string | null;
    consumerId: string | null;
    /** The other party's name (the buyer of a sale, the generator of a purchase); null for market, unsold and grid. */
    counterparty: string | null;
    kWh: string;
    amount: string;
    price: string | null;
    onGap: boolean;
  }[];
  /** The settling meters and the readings the run read of them, by import. */
  meters: {
    meterId: string;
    name: string;
    direction: string;
    virtual: boolean;
    /** The readings' total in scope (null for a virtual meter: its sources are other meters). */
    kWh: string | null;
    /** The hour's readings (hour scope only). */
    readings: {
      startLocal: string;
      minutes: number;
      kWh: string;
      estimated: boolean;
      importId: number | null;
      /** current, or superseded since (replaced by a later import after the run). */
      state: string;
    }[];
    imports: {
      importId: number | null;
      fileName: string;
      sha256: string;
      kind: string;
      usedByRun: boolean;
      readings: number;
      kWh: string;
    }[];
    versions?: unknown[];
    negativeHours?: string[];
  }[];
  estimates: { meterId: string; accountId: string; intervalizationId: number; hours: number }[];
  offerPlan: { id: string; planName: string; versions: unknown[] } | null;
  utilityPlans: {
    assignedFrom: string;
    /** The hour's grid price on a flat or time-of-use plan (hour scope only). */
    hourPricePerKwh: string | null;
    planId: string;
    planName: string;
    providerName: string;
    versions: unknown[];
    tariffs: { masterTariffId: string; name: string }[];
  }[];
  pools: { poolId: string; name: string; keys: unknown[]; memberships: unknown[] }[];
  marketPrices: {
    priceZone: string;
    hour: { pricePerKwh: string; importId: number | null; state: string } | null;
    imports: { importId: number | null; fileName: string; sha256: string; hours: number }[];
  };
  sources: { importId: number; fileName: string; sha256: string }[];
}

/** The audit log. */
export const auditLogOperations = {
  /** The audit log, newest first: every import and undo, settlement, payment, tariff, account and meter change. */
  'audit:list': {
    input: z.object({
      kind: z.string().max(50).optional(),
      from: Day.optional(),
      to: Day.optional(),
      text: z.string().max(200).optional(),
      limit: IntegerParam.pipe(z.number().min(1).max(100_000)).default(1000),
    }),
    http: 'GET /api/audit',
    output: output<AuditListDto>(),
  },
} as const;

/** A run's audit pack and a participant's lineage. */
export const auditPackOperations = {
  /** A month's run (or runId) as an audit pack: the zip energy-ledger audit-pack writes, as base64. */
  'audit-pack:get': {
    input: z.object({ month: MonthText, runId: RunId.optional() }),
    http: 'GET /api/audit-pack/:month',
    output: output<StatementFileDto>(),
  },
  /** Where a participant's figures of a month (or one hour of it) come from: lines, readings and their imports, plans, tariff, prices. */
  'lineage:get': {
    input: z.object({
      participantId: Id,
      month: MonthText,
      hour: z.string().max(40).optional(),
      runId: RunId.optional(),
      meterType: MeterType.default(1),
    }),
    http: 'GET /api/lineage/:participantId/:month',
    output: output<LineageDto>(),
  },
} as const;
