/**
 * What an import answers: the import report (rows read, stored and rejected, and why), a rejected
 * row's facts, and a Green Button file's series and usage summaries. Both the workspace's
 * definition imports and the readings, prices and payments imports answer it.
 */

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
