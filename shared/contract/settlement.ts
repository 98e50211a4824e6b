/**
 * Settlement operations: settling a month and its runs (listing, comparing, whether the run in
 * force still stands), and month close (readiness, closing, accepting a closed month's held
 * run). Three tables, as they sit apart in the contract's order.
 */
import { z } from 'zod';

import { Flag, IntegerParam, MonthText, RunId, output } from './common';

export interface SettleOutcomeDto {
  runId: number;
  month: string;
  identity: string;
  /** held: the month is closed, so the new run waits for acceptance (runs:accept) and changes nothing yet. */
  status: 'published' | 'unchanged' | 'refused' | 'held';
  lines: number;
  gapHours: number;
  message: string;
}

/** Settling a month: which of its five stages has begun (server-sent `progress` events over HTTP). */
export interface SettleProgress {
  month: string;
  stage: 'reading inputs' | 'allocating hours' | 'checking invariants' | 'storing the run' | 'published';
  step: number;
  steps: number;
}

export interface RunDto {
  id: number;
  month: string;
  identity: string;
  status: 'published' | 'refused';
  /** The month's run in force (what the views show). */
  isLatest: boolean;
  /** A run of a closed month: pending acceptance, accepted, or superseded by a newer run; null otherwise. */
  held: 'pending' | 'accepted' | 'superseded' | null;
  /** The run its month was closed on (what that month's statements carry). */
  closesMonth: boolean;
  engineVersion: string;
  options: { allowGaps: boolean };
  createdAt: string;
  lines: number;
  message: string;
  manifest: unknown;
}

/** An import behind a run's readings or prices (a run manifest's `sources`). */
export interface RunSourceDto {
  importId: number;
  fileName: string;
  sha256: string;
}

/**
 * Whether a settled month's run in force still stands for the workspace's inputs: the identity a
 * run settled now (with the same options) would have, against the run's. `changed`: settle it
 * again; `held`: settled again as a run of the closed month held until accepted; `unknown`: the
 * inputs cannot be read as a settlement reads them (`problem` says why).
 */
export interface SettlementStatusDto {
  month: string;
  runId: number;
  runIdentity: string;
  /** When the run in force was made (UTC, `YYYY-MM-DD HH:mm:ss`). */
  runCreatedAt: string;
  status: 'current' | 'changed' | 'held' | 'unknown';
  currentIdentity: string | null;
  /** The held run whose identity is the current one (status `held`). */
  heldRunId?: number;
  /** What differs between the run's inputs and the current ones. */
  changes: {
    /** Parts of the inputs' digest that differ, with what each stands for. */
    inputs: { input: string; what: string }[];
    /** Imports behind the month's data now that the run did not use, and the reverse. */
    importsAdded: RunSourceDto[];
    importsRemoved: RunSourceDto[];
    /** The engine version, when the run was made by another. */
    engineVersion: { run: string; now: string } | null;
  };
  problem?: string;
  /** In words, e.g. `inputs changed since run 13: 1 import added (#45 november-fix.csv); settle 2022-11 again`. */
  message: string;
}

interface RunSummary {
  id: number;
  identity: string;
  status: string;
  engineVersion: string;
  createdAt: string;
}

interface Figure {
  kWh: string;
  cost: string;
}

export interface RunDiffDto {
  month: string;
  a: RunSummary;
  b: RunSummary;
  /** Same identity: the same inputs, options and engine. */
  identical: boolean;
  inputs: {
    engineVersion: { a: string; b: string; changed: boolean };
    optionsChanged: boolean;
    /** The parts of the input digest that differ, named. */
    changed: { input: string; what: string }[];
    importsAdded: { importId: number; fileName: string; sha256: string }[];
    importsRemoved: { importId: number; fileName: string; sha256: string }[];
    importsReplaced: {
      before: { importId: number; fileName: string; sha256: string };
      after: { importId: number; fileName: string; sha256: string };
    }[];
    estimatesChanged: boolean;
    virtualMetersChanged: boolean;
  };
  /** The participants whose totals moved. */
  participants: string[];
  totals: { participantId: string; side: string; kind: string; a: Figure; b: Figure; delta: Figure }[];
  /** Local days with a differing line. */
  days: string[];
  hoursDiffering: number;
  linesDiffering: number;
  /** The differing lines (up to `limit`), hour by hour. */
  lines: {
    startDate: string;
    localHour: string;
    kind: string;
    generatorId: string | null;
    consumerId: string | null;
    a: Figure;
    b: Figure;
  }[];
}

/** A settled month: the run in force, whether it is closed (and on which run), and its held runs. */
export interface MonthStatusDto {
  month: string;
  inForceRunId: number | null;
  closed: null | { runId: number; closedAt: string; note: string };
  held: { runId: number; status: 'pending' | 'accepted' | 'superseded'; heldAt: string }[];
  /** For an open month: the earlier months with data (a published run or readings) not closed; closing it now would be out of order. */
  earlierOpen: string[];
}

/** Whether a month has data to settle: the meters that settle, and the hours they have readings (or estimates) in. */
export interface MonthReadinessDto {
  month: string;
  /** Meters that settle. */
  meters: number;
  /** Of them, those with a reading (or an estimate) in some hour of the month. */
  metersWithData: number;
  /** Meters that settle × the month's hours. */
  meterHours: number;
  meterHoursWithData: number;
  /** Some meter has data in the month: settling it is offered. */
  hasData: boolean;
  /** The month's run in force; null when it was never settled. */
  inForceRunId: number | null;
  /** In words: what the month has, and what to do when it has nothing to settle. */
  message: string;
}

export interface CloseMonthDto {
  month: string;
  runId: number;
  identity: string;
  closedAt: string;
  /** Closed while earlier months with data were still open (asked for with outOfOrder); those months. */
  outOfOrder: boolean;
  earlierOpen: string[];
}

/** Accepting a held run (or previewing it, dryRun): each participant's statement amount before and after, and the adjustment. */
export interface AcceptRunDto {
  runId: number;
  month: string;
  fromRunId: number;
  /** The next open month, whose statements carry the adjustments. */
  appliedMonth: string;
  accepted: boolean;
  /** Signed amounts, 4 decimals: positive owed to the participant. Only participants whose amount moved. */
  adjustments: { participantId: string; name: string; before: string; after: string; amount: string }[];
}

/** Months: their state, readiness, closing, and accepting a held run. */
export const monthCloseOperations = {
  'months:list': {
    input: z.object({}),
    http: 'GET /api/months',
    output: output<MonthStatusDto[]>(),
  },
  /** Whether `month` has meter data to settle (the screens offer Settle only when it has). */
  'months:readiness': {
    input: z.object({ month: MonthText }),
    http: 'GET /api/months/readiness',
    output: output<MonthReadinessDto>(),
  },
  /**
   * Closes (locks) a published month on its run in force: its statements are fixed from then on.
   * Refused while an earlier month with data is open, unless outOfOrder says to close it anyway.
   */
  'months:close': {
    input: z.object({
      month: MonthText,
      note: z.string().max(500).optional(),
      outOfOrder: Flag.default(false),
    }),
    http: 'POST /api/months/:month/close',
    output: output<CloseMonthDto>(),
  },
  /** Accepts a held run of a closed month, recording prior-period adjustments on the next open month; dryRun previews them. */
  'runs:accept': {
    input: z.object({ runId: RunId, dryRun: Flag.default(false) }),
    http: 'POST /api/runs/:runId/accept',
    output: output<AcceptRunDto>(),
  },
} as const;

/** Comparing two runs of a month. */
export const runDiffOperations = {
  /** Two runs of the same month: which inputs changed and how each participant's totals and lines moved. */
  'runs:diff': {
    input: z.object({
      a: RunId,
      b: RunId,
      limit: IntegerParam.pipe(z.number().min(0).max(100_000)).default(2000),
    }),
    http: 'GET /api/runs/:a/diff/:b',
    output: output<RunDiffDto>(),
  },
} as const;

/** Settling a month, whether its run in force still stands, and the runs. */
export const settlementOperations = {
  /**
   * Per settled month (or just `month`): is its run in force still the one the current inputs
   * would give, and if not, what changed since (imports added or removed, plans, prices…).
   */
  'settlement:status': {
    input: z.object({ month: MonthText.optional() }),
    http: 'GET /api/settlements/status',
    output: output<SettlementStatusDto[]>(),
  },
  'settlement:settle': {
    input: z.object({ month: MonthText, allowGaps: Flag.default(false) }),
    http: 'POST /api/settlements',
    output: output<SettleOutcomeDto>(),
  },
  'runs:list': {
    input: z.object({ month: MonthText.optional(), withManifest: Flag.default(true) }),
    http: 'GET /api/runs',
    output: output<RunDto[]>(),
  },
} as const;
