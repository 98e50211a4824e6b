/**
 * The one contract of Energy Ledger. Every operation the app offers is listed
 * here once: its name, its input schema (checked at every boundary), its output
 * type and its HTTP method and path. Electron IPC, the loopback HTTP server and
 * the CLI are three transports of this same list; the renderer's client is
 * typed from it, so an operation that is not here cannot be called.
 */
import { z } from 'zod';

import type { AccountDto, IntervalizationStatus, ReferenceData } from './account';
import { boundedDecimal, Day, Id, type WorkspaceDefinition, type FieldErrors } from './definition';
import { ImportMapping } from './import-mapping';
import { operationNames, type OperationName } from './operation-names';
import { Tariff } from './tariff';
import type { MeterGroup, VirtualMeter } from './virtual-meter';

/** Query strings arrive as text, JSON and IPC as numbers: accept both for integers. */
const IntegerParam = z.preprocess(
  (value) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value),
  z
    .number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be an integer') })
    .int('must be an integer'),
);

const output = <T>() => undefined as unknown as T;

const MonthNumber = IntegerParam.pipe(
  z.number().min(1, 'must be a month number 1–12').max(12, 'must be a month number 1–12'),
);
const Year = IntegerParam.pipe(
  z.number().min(1900, 'must be a year such as 2022').max(2200, 'must be a year such as 2022'),
);
const MeterType = IntegerParam.pipe(z.number().min(1, 'must be a meter type, 1 or more'));
const RunId = IntegerParam.pipe(z.number().min(1, 'must be a run id'));
const MonthText = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');
const Flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const monthView = <K extends string>(idKey: K) =>
  z.object({ [idKey]: Id, month: MonthNumber, year: Year, meterType: MeterType, runId: RunId.optional() } as {
    [P in K]: typeof Id;
  } & {
    month: typeof MonthNumber;
    year: typeof Year;
    meterType: typeof MeterType;
    runId: z.ZodOptional<typeof RunId>;
  });

/** Seed-000 views answer their own envelope (`{ data }` or `{ meterType, data }`), sent over HTTP as is. */
type SeedBody = Record<string, unknown>;

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

export interface VirtualPreviewDto {
  meterId: string;
  timezone: string;
  hours: { startDate: string; localHour: string; kWh: string; gap: boolean }[];
  totalKWh: string;
  sources: { meterId: string; kWh: string[]; totalKWh: string }[];
  /** Hours (UTC, seed form) in which a subtraction went below zero. */
  negativeHours: string[];
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

export type ReceivableStatus = 'paid' | 'partial' | 'unpaid' | 'overdue' | 'overpaid';
export type AgingBucket = 'current' | '1-30' | '31-60' | '61-90' | 'over-90';

/**
 * Receivables both ways (issues 10 and 17). Every amount is in the currency's minor unit
 * except `exactAmount` and `rounding`, the ledger's 4-decimal figures behind the amount due.
 */
export interface ReceivablesDto {
  asOf: string;
  currency: string;
  /** The workspace's payment matching tolerance (setting paymentTolerance; 0 by default). */
  tolerance: string;
  participants: {
    participantId: string;
    name: string;
    role: string;
    months: {
      month: string;
      runId: number;
      runIdentity: string;
      /** The statement's number: an invoice or a credit note, gapless in the workspace. */
      invoiceNumber: string;
      kind: 'invoice' | 'credit-note';
      /** payable: the market owes the participant; receivable: the participant owes the market. */
      direction: 'payable' | 'receivable';
      /** The amount due: the exact total rounded half-up to the minor unit (in the direction's terms). */
      amount: string;
      /** The ledger's exact total, 4 decimals, in the direction's terms. */
      exactAmount: string;
      /** amount − exactAmount, 4 decimals: the statement's Rounding line. */
      rounding: string;
      /** Signed: the prior-period adjustments this month's statement carries (0 for none). */
      adjustment: string;
      paid: string;
      /** amount − paid: negative when overpaid. */
      outstanding: string;
      /** What a payment within the tolerance left unmatched, written off rather than carried. */
      writtenOff: string;
      issueDate: string;
      dueDate: string;
      /** Days past the due date of what is still open as of the date (0 when not yet due or settled). */
      daysOverdue: number;
      /** The aging bucket of what is still open, null when nothing is. */
      aging: AgingBucket | null;
      status: ReceivableStatus;
      /** The ISO 11649 creditor reference a payer quotes. */
      paymentReference: string;
      payments: { id: number; paidOn: string; amount: string; reference: string }[];
      /** Signed: positive owed to the participant, negative owed by it, after this month. */
      balanceCarried: string;
    }[];
    balance: string;
  }[];
  overdue: {
    participantId: string;
    name: string;
    month: string;
    invoiceNumber: string;
    direction: 'payable' | 'receivable';
    outstanding: string;
    dueDate: string;
    daysOverdue: number;
  }[];
  /** What is still open, per direction: owed to the market (receivables) and owed by it (payables). */
  totals: { owedToMarket: string; owedByMarket: string };
  /** What is still open as of the date by days past due: current, 1–30, 31–60, 61–90, over 90. */
  aging: { bucket: AgingBucket; owedToMarket: string; owedByMarket: string; statements: number }[];
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

/** A participant's monthly statement from a published run (issue 10): its earnings, its bill, payments and balances. */
export interface StatementDto {
  workspaceName: string;
  currency: string;
  timezone: string;
  participant: { id: string; name: string; role: string };
  month: string;
  /** Local days, inclusive. */
  periodFrom: string;
  periodTo: string;
  run: { id: number; identity: string; engineVersion: string; publishedUtc: string };
  /** The day the statement was made (balances and payments as of it). */
  asOf: string;
  meterTypes: {
    meterType: number;
    /** The generator side (a prosumer's earnings); null when it generated nothing. */
    earnings: null | {
      buyers: {
        id: string;
        name: string;
        kWh: string;
        mwh: string;
        rec: number;
        averagePrice: string;
        amount: string;
      }[];
      traded: StatementSection;
      openMarket: StatementSection;
      unsold: StatementSection;
      total: string;
      gapHours: number;
    };
    /** The consumer side (a consumer's bill, or a prosumer's purchases); null when it bought nothing. */
    bill: null | {
      generators: {
        id: string;
        name: string;
        planName: string;
        energyType: string;
        kWh: string;
        averagePrice: string;
        amount: string;
      }[];
      traded: { kWh: string; amount: string };
      grid: { planName: string; providerName: string; kWh: string; amount: string };
      /**
       * The grid energy as the tariff engine itemises it: one line per TOU period and rate
       * ("TOU period 2 (peak)", "hours at this rate", "energy"), kWh, rate per kWh, hours and
       * the sum of its hourly lines (4 decimals).
       */
      gridEnergy: { period: string; rate: string; kWh: string; hours: number; amount: string }[];
      /** The tariff's monthly items (fixed, demand, minimum, taxes), part of the grid amount. */
      tariffItems: {
        name: string;
        chargeClass: string;
        quantity: string | null;
        quantityKey: string;
        rate: string | null;
        amount: string;
      }[];
      cfeScore: string;
      total: string;
      gapHours: number;
    };
  }[];
  /** The month is closed: this statement carries the run it was closed on, for good. */
  closed: boolean;
  /**
   * This run is the month's statement of record (the run it was closed on, or its run in force).
   * Another run's statement shows that run's figures only: no payments, balances or adjustments.
   */
  ofRecord: boolean;
  /** Signed: this month's figures (earnings less bill), before adjustments. */
  monthAmount: string;
  /**
   * Prior-period adjustments carried by this statement (accepted re-settlements of closed months),
   * each naming the invoice or credit note it corrects; `amount` is signed, in the minor unit.
   */
  adjustments: {
    originalMonth: string;
    originalNumber: string;
    fromRunId: number;
    toRunId: number;
    amount: string;
  }[];
  /** Signed, exact (4 decimals): this month's figures plus the adjustments. */
  exactTotal: string;
  /** Signed, 4 decimals: amountDue − exactTotal, the statement's Rounding line. */
  rounding: string;
  /**
   * Signed, in the currency's minor unit: the exact total rounded half-up. Positive the market
   * owes the participant (a credit note), negative the participant owes the market (an invoice).
   */
  thisMonth: string;
  /** The amount due as the document states it: |thisMonth|, in the minor unit. */
  amountDue: string;
  direction: 'payable' | 'receivable';
  /** An invoice when the participant owes the market; a credit note when the market owes it. */
  kind: 'invoice' | 'credit-note';
  /** The statement's number (gapless in the workspace); '' for a run that is not the statement of record. */
  number: string;
  issueDate: string;
  dueDate: string;
  /** The ISO 11649 creditor reference a payer quotes. */
  paymentReference: string;
  seller: { id: string; name: string };
  buyer: { id: string; name: string };
  /** Amounts from here on are in the minor unit. */
  balanceBroughtForward: string;
  payments: { paidOn: string; amount: string; reference: string }[];
  paid: string;
  outstanding: string;
  /** A difference within the matching tolerance, written off rather than carried. */
  writtenOff: string;
  balanceCarried: string;
}

export interface StatementSection {
  kWh: string;
  mwh: string;
  rec: number;
  averagePrice: string;
  amount: string;
}

/**
 * A participant's statement of account (issue 17): the balance brought forward, then every
 * statement issued and every payment, with the running balance, and the closing balance. All
 * amounts in the currency's minor unit; signed as balances are: positive the market owes the
 * participant, negative the participant owes the market.
 */
export interface AccountStatementDto {
  workspaceName: string;
  currency: string;
  participant: { id: string; name: string; role: string };
  /** Statement months from … to (inclusive, YYYY-MM). */
  from: string;
  to: string;
  asOf: string;
  openingBalance: string;
  lines: {
    /** The statement's issue date, the payment's date. */
    date: string;
    kind: 'invoice' | 'credit-note' | 'payment' | 'write-off';
    /** The statement's number (for a payment, the statement it pays). */
    number: string;
    month: string;
    description: string;
    /** Signed change of the balance. */
    amount: string;
    balance: string;
  }[];
  closingBalance: string;
}

export interface StatementFileDto {
  fileName: string;
  mediaType: 'application/pdf' | 'text/csv' | 'application/zip';
  /** The file's bytes, base64 (JSON and IPC carry text). */
  base64: string;
}

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

export interface LoadProfileDto {
  code: string;
  name: string;
  shape: string;
  source: string;
  weights: number;
}

export interface TariffDto {
  tariff: Tariff;
  source: 'json' | 'urdb';
  /** URDB features the tariff's file had that Energy Ledger does not price. */
  unsupported: string[];
  notes?: string[];
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

export interface PaymentDto {
  id: number;
  participantId: string;
  month: string;
  /** The number of the statement the payment is matched against. */
  statement: string;
  paidOn: string;
  amount: string;
  reference: string;
}

/** Payments recorded (newest first), with those undone when asked for. */
export interface PaymentListDto {
  currency: string;
  payments: (PaymentDto & {
    name: string;
    recordedAt: string;
    /** "recorded by hand" or the payments import it came from. */
    source: string;
    undone: null | { at: string; reason: string };
  })[];
}

export interface ParticipantDto {
  id: string;
  name: string;
  role: 'consumer' | 'prosumer';
}

export interface MeterDto {
  id: string;
  participantId: string;
  name: string | null;
  meterType: number;
  direction: 'consumption' | 'generation';
  settles: boolean;
  /** What it measures; a meter of another commodity than electricity never settles. */
  commodity: string;
  /** Wh for electricity; therm, m3, ft3, … otherwise. */
  unit: string;
}

export interface ReadingDto {
  /** Interval start, UTC, `YYYY-MM-DD HH:mm:ss`. */
  startDate: string;
  /** Interval end − 1 second, UTC (spec §2: the seeds' inclusive form). */
  endDate: string;
  /** kWh; for a meter of another commodity, its quantity in the ReadingsDto's `unit`. */
  kWh: string;
  minutes: number;
  estimated: boolean;
  /** The cost the utility's file gave (Green Button), in `fileCurrency`; absent when it gave none. */
  fileCost?: string;
}

export interface ReadingsDto {
  meterId: string;
  timezone: string;
  from: string;
  to: string;
  resolution: 'interval' | 'hour';
  /** `kWh` for electricity; a meter of another commodity gives its quantities in its own unit (e.g. `therm`). */
  unit: string;
  totalKWh: string;
  readings: ReadingDto[];
  /** Summary usage (a day or longer, e.g. daily Green Button data) starting in the range; kept apart from interval data (spec §1). */
  summaryReadings: ReadingDto[];
  /** The sum of the file costs of the readings listed, and their currency, when the files gave costs. */
  fileCostTotal?: string;
  fileCurrency?: string;
}

export interface MarketPriceDto {
  startDate: string;
  endDate: string;
  pricePerKwh: string;
}

export interface MarketPricesDto {
  priceZone: string;
  currency: string;
  prices: MarketPriceDto[];
}

export interface ImportReportDto {
  importId: number;
  kind: 'workspace' | 'readings' | 'market-prices' | 'payments';
  fileName: string;
  sha256: string;
  /** stored; rejected (nothing stored); unchanged (the same file was imported before); dry-run (checked, nothing stored). */
  status: 'stored' | 'rejected' | 'unchanged' | 'dry-run';
  rowsRead: number;
  rowsStored: number;
  /** Values given finer than 1 mWh and rounded half-even (spec §3). */
  valuesRounded: number;
  /**
   * `rule` names the check that failed (e.g. `conflict`: the row overlaps data another import
   * stored, `facts` saying which); each transport words it (the CLI with its flags, the app with
   * its controls).
   */
  rejectedRows: {
    line: number;
    column: string;
    value: string;
    message: string;
    rule?: string;
    facts?: ImportRowFacts;
  }[];
  message: string;
  /** Settled months whose run in force used data this import changed: settle them again (stored imports). */
  settleAgain?: { month: string; runId: number }[];
  /**
   * A stored readings import: the months (`YYYY-MM`, in the workspace's timezone) in which it
   * stored readings, oldest first, each with its run in force (null: not settled yet, so settling
   * it is the next step).
   */
  monthsTouched?: { month: string; runId: number | null }[];
  /** How many rows each rule rejected (all of them, beyond the first 1,000 listed). */
  rejectedByRule?: Record<string, number>;
  rowsRejected?: number;
  sizeBytes?: number;
  mode?: 'strict' | 'partial';
  onConflict?: 'reject' | 'replace' | 'keep';
  /** The mapping and timezone the rows were read with. */
  mapping?: unknown;
  timezone?: string;
  encoding?: string;
  /** Stored readings that overlapped and were kept (onConflict keep) or superseded (replace). */
  readingsKept?: number;
  readingsReplaced?: number;
  /** Hours already priced by another import and kept (onConflict keep) or superseded (replace). */
  pricesKept?: number;
  pricesReplaced?: number;
  /** Local times of a DST fold resolved by their order in the file, and how. */
  dstFoldsResolved?: number;
  dstNotes?: string[];
  /** Per meter: readings stored, their span, and their total in kWh (a gas or water meter: `total` in its `unit`). */
  meters?: {
    meterId: string;
    readings: number;
    from: string;
    to: string;
    totalKWh?: string;
    total?: string;
    unit?: string;
  }[];
  /** An earlier import of the same bytes (status unchanged). */
  alreadyImportedAs?: number;
  /** Meters created by the import (mapping.createMeters). */
  metersCreated?: string[];
  /** Undone with imports:remove (listing only). */
  removed?: boolean;
  /** A dry run's first readings as they will be read: file line, meter, UTC start, length, kWh (or the meter's unit). */
  preview?: {
    line: number;
    meterId: string;
    start: string;
    minutes: number;
    kWh: string;
    estimated: boolean;
  }[];
  /** The file format, when the kind alone does not say it (readings from Green Button XML). */
  format?: 'green-button' | 'cost-consumption';
  /** Seed 004 documents: each device read, its meter, and the totals the file states. */
  costAndConsumption?: {
    deviceId: string;
    meterId: string;
    statedKWh: string | null;
    statedCost: string | null;
    components: number;
  }[];
  /** Green Button: per series what the file says, and its UsageSummary totals beside the stored ones. */
  greenButton?: GreenButtonReportDto;
}

/** A rejected row's facts (rule `conflict`): the row's interval and what is stored there, instants in UTC seconds. */
export interface ImportRowFacts {
  startUtc: number;
  endUtc: number;
  /** The meter (readings) or price zone (market prices) the interval is of. */
  meterId?: string;
  priceZone?: string;
  /** The stored reading or price it overlaps, and the import that stored it (null: not from an import). */
  stored: { startUtc: number; endUtc: number; importId: number | null; fileName: string | null };
}

export interface GreenButtonReportDto {
  series: {
    /** The MeterReading, as `UsagePoint/1/MeterReading/1` (or `document` in a bare ESPI document). */
    series: string;
    usagePoint: string;
    readingType: string | null;
    meterId: string | null;
    commodity: string;
    unit: string;
    direction: 'consumption' | 'generation';
    powerOfTenMultiplier: number;
    /** Interval lengths met, in seconds (3600 hourly, 900 quarter-hourly, 86400 daily, …). */
    intervalSeconds: number[];
    readings: number;
    /** Σ value × 10^powerOfTenMultiplier read from the file, exact, with its unit. */
    valueSum: string;
    /** Σ cost read, in the currency (the file gives 1/100,000 of it); null when the file gives none. */
    costSum: string | null;
    costCurrency: string | null;
    /** Why the series was not stored, or null. */
    refused: string | null;
  }[];
  usageSummaries: {
    summary: string;
    usagePoint: string;
    line: number;
    billingPeriod: { from: string; to: string } | null;
    currency: string | null;
    /** What the file states (overallConsumptionLastPeriod, billLastPeriod, billToDate). */
    statedConsumption: string | null;
    statedBill: string | null;
    statedBillToDate: string | null;
    /** The same period summed from the stored readings of the usage point (consumption in kWh or the unit; cost from the file's per-reading costs). */
    computedConsumption: string | null;
    computedCost: string | null;
    computedFrom: string;
    /** computed − stated; reported, never corrected. */
    consumptionDifference: string | null;
    billDifference: string | null;
    /** True when either difference is not zero. */
    differs: boolean;
    lineItems: Record<string, string>[];
    /** Every value of the UsageSummary as written, by its path. */
    fields: Record<string, string>;
  }[];
  /** LocalTimeParameters as written (dstStartRule, dstEndRule, dstOffset, tzOffset). */
  localTimeParameters: Record<string, string>[];
  /** What was read with a default or a rule, never silently (a missing flowDirection, fractional starts, …). */
  notes: string[];
}

export interface ImportRemovalDto {
  importId: number;
  fileName: string;
  readingsRemoved: number;
  readingsRestored: number;
  pricesRemoved: number;
  pricesRestored: number;
  paymentsRemoved: number;
  /** Meters the import had created, removed with it; and those kept because something else now uses them. */
  metersRemoved: string[];
  metersKept: string[];
  affectedRuns: { id: number; month: string }[];
  /** Undoing a workspace definition import: the name of the definition restored. */
  definitionRestored?: string;
  message: string;
}

export interface ImportProfileDto {
  name: string;
  mapping: unknown;
  savedAt: string;
}

export interface ImportProgress {
  fileName: string;
  bytesRead: number;
  rowsRead: number;
  /** The file's size when the transport knows it (CLI, desktop dialog, HTTP Content-Length). */
  bytesTotal?: number;
  rowsPerSecond?: number;
  /** Estimated from the bytes still to read at the rate so far; absent when the size is unknown. */
  secondsLeft?: number;
}

/** A definition saved (or checked, `status: 'dry-run'`) from the editor: its import report, and what it changes part by part. */
export interface DefinitionSaveDto extends ImportReportDto {
  changes: string[];
}

export interface WorkspaceSummaryDto {
  name: string;
  timezone: string;
  currency: string;
  path: string;
  /** Read-write, or read-only and why (the file cannot be written, or it is damaged). */
  access: { mode: 'read-write' | 'read-only'; reason?: string };
  /**
   * The month `YYYY-MM` the app opens on when a route names none: the latest settled month, else
   * the latest month with readings of a meter that settles, else the current month, all in the
   * workspace's timezone. A newcomer's market opens on its own data, never on an empty month.
   */
  defaultMonth: string;
  /** Where `defaultMonth` comes from. */
  defaultMonthFrom: 'settled' | 'readings' | 'today';
}

export const contract = {
  'workspace:summary': {
    input: z.object({}),
    http: 'GET /api/workspace/summary',
    output: output<WorkspaceSummaryDto>(),
  },
  'workspace:get': {
    input: z.object({}),
    http: 'GET /api/workspace',
    output: output<WorkspaceDefinition>(),
  },
  /** Opens another workspace file (the loopback server and the desktop app switch to it). */
  'workspace:open': {
    input: z.object({ path: z.string().min(1, 'must name a workspace file').max(4096) }),
    http: 'POST /api/workspace/open',
    output: output<WorkspaceSummaryDto>(),
  },
  /** Creates an empty workspace file (it must not exist) and switches to it. */
  'workspace:create': {
    input: z.object({
      path: z.string().min(1, 'must name the new file').max(4096),
      name: z.string().min(1).max(200).optional(),
    }),
    http: 'POST /api/workspace/new',
    output: output<WorkspaceSummaryDto>(),
  },
  'workspaces:recent': {
    input: z.object({}),
    http: 'GET /api/workspaces/recent',
    output: output<{ path: string; name: string; openedAt: string }[]>(),
  },
  'workspace:import-definition': {
    input: z.object({ definition: z.unknown() }),
    http: 'PUT /api/workspace',
    output: output<ImportReportDto>(),
  },
  /**
   * Saves a definition built in the app's editor: sent as the JSON text of a workspace file named
   * `fileName` (default `definition-edited-<UTC date and time>.json`) through the same importer as
   * `imports:file`, so it is logged as an import of kind `workspace` and undone with `imports:remove`.
   * `dryRun` checks it and says what would change, storing nothing.
   */
  'workspace:save-definition': {
    input: z.object({
      definition: z.unknown().nonoptional('is required'),
      fileName: z
        .string()
        .max(200, 'must be at most 200 characters')
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/, 'must be a file name ending in .json')
        .optional(),
      dryRun: Flag.default(false),
    }),
    http: 'POST /api/workspace/definition',
    output: output<DefinitionSaveDto>(),
  },
  'participants:list': {
    input: z.object({}),
    http: 'GET /api/participants',
    output: output<ParticipantDto[]>(),
  },
  'meters:list': {
    input: z.object({ participantId: Id.optional() }),
    http: 'GET /api/meters',
    output: output<MeterDto[]>(),
  },
  'meters:readings': {
    input: z
      .object({
        meterId: Id,
        from: Day,
        to: Day,
        resolution: z
          .enum(['interval', 'hour'], { error: () => 'must be one of interval, hour' })
          .default('interval'),
      })
      .refine((v) => v.from <= v.to, { path: ['to'], message: 'must not be before from' }),
    http: 'GET /api/meters/:meterId/readings',
    output: output<ReadingsDto>(),
  },
  'market-prices:list': {
    input: z
      .object({ from: Day, to: Day })
      .refine((v) => v.from <= v.to, { path: ['to'], message: 'must not be before from' }),
    http: 'GET /api/market-prices',
    output: output<MarketPricesDto>(),
  },
  'imports:list': {
    input: z.object({ limit: IntegerParam.pipe(z.number().min(1).max(1000)).default(100) }),
    http: 'GET /api/imports',
    output: output<ImportReportDto[]>(),
  },
  /**
   * Imports one file. The bytes come from the transport: the HTTP request body
   * (streamed), a file chosen in the desktop's open dialog, or a CLI path.
   */
  'imports:file': {
    input: z.object({
      fileName: z.string().min(1, 'must not be empty').max(500),
      kind: z
        .enum(
          ['auto', 'workspace', 'readings', 'green-button', 'cost-consumption', 'market-prices', 'payments'],
          {
            error: () =>
              'must be one of auto, workspace, readings, green-button, cost-consumption, market-prices, payments',
          },
        )
        .default('auto'),
      mode: z.enum(['strict', 'partial'], { error: () => 'must be strict or partial' }).default('strict'),
      onConflict: z
        .enum(['reject', 'replace', 'keep'], { error: () => 'must be one of reject, replace, keep' })
        .default('reject'),
      dryRun: Flag.default(false),
      /** A column mapping (object, or its JSON text in a query string); detected from the header when absent. */
      mapping: z
        .preprocess(
          (value) => {
            if (typeof value !== 'string') return value;
            try {
              return JSON.parse(value) as unknown;
            } catch {
              return value;
            }
          },
          z.record(z.string(), z.unknown(), {
            error: () => 'must be a mapping object (see docs/formats.md)',
          }),
        )
        .optional(),
    }),
    http: 'POST /api/imports',
    output: output<ImportReportDto>(),
  },
  'imports:remove': {
    input: z.object({ importId: IntegerParam.pipe(z.number().min(1, 'must be an import id')) }),
    http: 'DELETE /api/imports/:importId',
    output: output<ImportRemovalDto>(),
  },
  'import-profiles:list': {
    input: z.object({}),
    http: 'GET /api/import-profiles',
    output: output<ImportProfileDto[]>(),
  },
  'import-profiles:save': {
    input: z.object({ name: z.string().min(1, 'must not be empty').max(100), mapping: ImportMapping }),
    http: 'PUT /api/import-profiles/:name',
    output: output<ImportProfileDto>(),
  },
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
  /** A participant's monthly statement (earnings, bill, payments, balances) from the month's latest published run or a given one. */
  'statements:get': {
    input: z.object({ participantId: Id, month: MonthText, runId: RunId.optional(), asOf: Day.optional() }),
    http: 'GET /api/statements/:participantId/:month',
    output: output<StatementDto>(),
  },
  /** The statement as a file: PDF (with an embedded Thai-capable font) or CSV. */
  'statements:file': {
    input: z.object({
      participantId: Id,
      month: MonthText,
      format: z.enum(['pdf', 'csv']),
      runId: RunId.optional(),
      asOf: Day.optional(),
    }),
    http: 'GET /api/statements/:participantId/:month/file',
    output: output<StatementFileDto>(),
  },
  /** A participant's statement of account (opening balance, statements, payments, closing balance). */
  'statements:account': {
    input: z.object({
      participantId: Id,
      from: MonthText.optional(),
      to: MonthText.optional(),
      asOf: Day.optional(),
    }),
    http: 'GET /api/account-statements/:participantId',
    output: output<AccountStatementDto>(),
  },
  /** The statement of account as a file: PDF or CSV. */
  'statements:account-file': {
    input: z.object({
      participantId: Id,
      from: MonthText.optional(),
      to: MonthText.optional(),
      asOf: Day.optional(),
      format: z.enum(['pdf', 'csv']),
    }),
    http: 'GET /api/account-statements/:participantId/file',
    output: output<StatementFileDto>(),
  },
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
  /** Receivables both ways: each participant's statements, payments, what is outstanding, balances and overdue lists. */
  'receivables:list': {
    input: z.object({
      asOf: Day.optional(),
      participantId: Id.optional(),
      status: z.enum(['paid', 'partial', 'unpaid', 'overdue', 'overpaid']).optional(),
    }),
    http: 'GET /api/receivables',
    output: output<ReceivablesDto>(),
  },
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
  /**
   * Records a payment against an issued statement, named by its number or its month. The amount
   * is on the currency's minor unit and more than zero; a reference counts once per participant.
   */
  'payments:record': {
    input: z.object({
      participantId: Id,
      month: MonthText.optional(),
      statement: z.string().trim().max(40).optional(),
      paidOn: Day,
      amount: z
        .string()
        .regex(/^-?\d+(\.\d+)?$/, {
          error: 'must be an amount written as a string, e.g. 1250.50',
          abort: true,
        })
        .superRefine(boundedDecimal()),
      reference: z.string().max(200).default(''),
    }),
    http: 'POST /api/payments',
    output: output<PaymentDto>(),
  },
  'payments:list': {
    input: z.object({
      participantId: Id.optional(),
      month: MonthText.optional(),
      includeUndone: Flag.default(true),
    }),
    http: 'GET /api/payments',
    output: output<PaymentListDto>(),
  },
  /** Undoes a payment recorded by mistake, with a reason; it stays listed and in the audit log. */
  'payments:undo': {
    input: z.object({
      id: IntegerParam.pipe(z.number().min(1, 'must be a payment id')),
      reason: z.string().trim().min(1, 'say why the payment is undone').max(500),
    }),
    http: 'POST /api/payments/:id/undo',
    output: output<PaymentListDto['payments'][number]>(),
  },
  'consumer:overview': {
    input: monthView('consumerId'),
    http: 'GET /api/consumer/:consumerId/overview',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  /** Below the consumer overview (not a seed view): the month's local days. */
  'consumer:days': {
    input: monthView('consumerId'),
    http: 'GET /api/consumer/:consumerId/days',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  /** Every hour of a consumer's month: load and the 24/7 CFE that met it. */
  'consumer:hours': {
    input: monthView('consumerId'),
    http: 'GET /api/consumer/:consumerId/hours',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  /** One local day of a consumer hour by hour: each provider's line and the grid's. */
  'consumer:daily-tracking': {
    input: z.object({ consumerId: Id, date: Day, meterType: MeterType }),
    http: 'GET /api/consumer/:consumerId/daily-tracking',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  /** A consumer's year month by month (not a seed view): 24/7 CFE and grid kWh, cost and CFE score of each settled month. */
  'consumer:year': {
    input: z.object({ consumerId: Id, year: Year, meterType: MeterType }),
    http: 'GET /api/consumer/:consumerId/year',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  'prosumer:transactions': {
    input: monthView('prosumerId'),
    http: 'GET /api/prosumer/:prosumerId/transactions',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  'prosumer:distribution': {
    input: monthView('prosumerId'),
    http: 'GET /api/prosumer/:prosumerId/distribution',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  'prosumer:breakdown': {
    input: z.object({
      prosumerId: Id,
      period: z.enum(['D', 'W', 'Y'], { error: () => 'must be one of D, W, Y' }),
      date: Day,
      meterType: MeterType,
    }),
    http: 'GET /api/prosumer/:prosumerId/breakdown',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  'prosumer:revenue': {
    input: z.object({ prosumerId: Id, meterType: MeterType }),
    http: 'GET /api/prosumer/:prosumerId/revenue',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  'prosumer:payments': {
    input: z.object({ prosumerId: Id, meterType: MeterType, asOf: Day.optional() }),
    http: 'GET /api/prosumer/:prosumerId/payments',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  'prosumer:daily-tracking': {
    input: z.object({ prosumerId: Id, date: Day, meterType: MeterType }),
    http: 'GET /api/prosumer/:prosumerId/daily-tracking',
    output: output<SeedBody>(),
    envelope: 'body',
  },
} as const;

export type Contract = typeof contract;

/** True for operations whose value is the whole HTTP body (the seeds' own envelopes). */
export function answersOwnEnvelope(name: OperationName): boolean {
  return (contract[name] as { envelope?: string }).envelope === 'body';
}

/** True for operations that also answer XML (seed 004) when the client asks for `application/xml`. */
export function answersXml(name: OperationName): boolean {
  return (contract[name] as { xml?: boolean }).xml === true;
}

/** True for operations that create a resource (HTTP 201, as seed 002's POST answers). */
export function createsResource(name: OperationName): boolean {
  return (contract[name] as { created?: boolean }).created === true;
}
export type { OperationName };
export type OperationInput<K extends OperationName> = z.input<Contract[K]['input']>;
export type OperationParsedInput<K extends OperationName> = z.output<Contract[K]['input']>;
export type OperationOutput<K extends OperationName> = Contract[K]['output'];

export type ErrorCode = 'invalid_input' | 'not_found' | 'conflict' | 'refused' | 'internal';

export interface OperationError {
  code: ErrorCode;
  message: string;
  /** Field errors in seed 002's shape: `{ "pools[0].key": ["must be one of …"] }`. */
  fields?: FieldErrors;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: OperationError };

/** The API the renderer sees, whichever transport carries it. */
export type Api = {
  [K in OperationName]: (input: OperationInput<K>) => Promise<Result<OperationOutput<K>>>;
};

export function httpRoute(name: OperationName): { method: string; path: string } {
  const [method, path] = contract[name].http.split(' ') as [string, string];
  return { method, path };
}

export const httpStatusOf: Record<ErrorCode, number> = {
  invalid_input: 422,
  not_found: 404,
  conflict: 409,
  refused: 403,
  internal: 500,
};

// The preload needs the names without zod; keep the two lists identical.
const contractNames: readonly OperationName[] = Object.keys(contract) as OperationName[];
export function namesMatchPreloadList(): boolean {
  return (
    contractNames.length === operationNames.length &&
    contractNames.every((name) => operationNames.includes(name))
  );
}
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const contractKeysAreOperationNames: Same<keyof Contract, OperationName> = true;
void contractKeysAreOperationNames;
