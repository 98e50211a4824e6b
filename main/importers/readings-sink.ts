/**
 * Where every readings importer (canonical CSV, mapped CSV layouts, XLSX)
 * sends its records: inside the import's one transaction it checks each
 * interval against the file's other rows and the stored readings, applies
 * the conflict rule, writes in batches (through the store's readings writer,
 * main/store/readings-writer.ts), and keeps the per-meter figures of the
 * import report.
 *
 * Conflicts with readings stored by another import: `reject` (default) names
 * each one; `replace` moves the stored reading to superseded_readings (never
 * deleted, so runs settled on it stay reproducible, and undo brings it back);
 * `keep` leaves the stored reading and skips the file's.
 */

import { formatSeedUtc } from '../../shared/time';
import { milliWhToKwh, scaledDecimal } from '../../shared/units';
import { ReadingsWriter, type ReadingTables } from '../store/readings-writer';
import type { WriteTransaction } from '../store/store';

import { utcIso, type RowErrors } from './row-errors';

export type ConflictRule = 'reject' | 'replace' | 'keep';

export interface ReadingRecord {
  meterId: string;
  startUtc: number;
  endUtc: number;
  energyMilliWh: number;
  isEstimated: boolean;
  /** Where it came from in the file, for error messages. */
  line: number;
  column: string;
  /** The time as written in the file, for error messages. */
  value: string;
  /** What a utility's file says beside the energy (Green Button): cost in 1/100,000 of its currency, quality code, TOU tier. */
  fileCost?: number | null;
  fileCurrency?: string | null;
  quality?: number | null;
  tou?: number | null;
}

/** Where a sink writes: interval readings (the default) or summary usage (a day or longer, spec §1). */
export interface SinkTable extends ReadingTables {
  /** The longest reading the table holds, bounding the search for stored overlaps. */
  longestSeconds: number;
}

export const INTERVAL_TABLE: SinkTable = {
  table: 'readings',
  superseded: 'superseded_readings',
  longestSeconds: 3600,
};

export const SUMMARY_TABLE: SinkTable = {
  table: 'summary_readings',
  superseded: 'superseded_summary_readings',
  longestSeconds: 32 * 86400,
};

export interface MeterFigures {
  meterId: string;
  readings: number;
  firstStartUtc: number;
  lastEndUtc: number;
  totalMilliWh: number;
}

const BATCH = 2_000;
const PREVIEW_ROWS = 20;

export class ReadingsSink {
  private batch: ReadingRecord[] = [];
  readonly meters = new Map<string, MeterFigures>();
  stored = 0;
  private pending: Promise<void> | null = null;
  private readonly writer: ReadingsWriter;
  kept = 0;
  replaced = 0;
  /** The first readings as read from the file (a dry run's preview). */
  readonly firstRead: ReadingRecord[] = [];

  constructor(
    tx: WriteTransaction,
    private readonly importId: number,
    private readonly onConflict: ConflictRule,
    private readonly errors: RowErrors,
    private readonly fileNameOf: (importId: number) => string | null,
    private readonly target: SinkTable = INTERVAL_TABLE,
  ) {
    this.writer = new ReadingsWriter(tx, importId, target);
  }

  /**
   * Buffers one reading; true when the buffer is full and the caller must
   * `await flush()` (a reading costs no promise of its own). No per-row memory
   * beyond the batch: repeats and overlaps inside the file are found within
   * the batch (sorted) and, across batches, against this import's rows
   * already written.
   */
  add(record: ReadingRecord): boolean {
    if (this.firstRead.length < PREVIEW_ROWS) this.firstRead.push(record);
    this.batch.push(record);
    return this.batch.length >= BATCH;
  }

  /** Writes what is still buffered and waits for every write: call once at the end. */
  async finish(): Promise<void> {
    await this.flush();
    await this.flush();
  }

  /** Writes what is buffered (the insert may still be running when it returns). */
  async flush(): Promise<void> {
    // The previous batch's insert runs in SQLite's thread while the next rows are parsed; it must
    // have finished before this batch is checked against the stored readings.
    if (this.pending) {
      const pending = this.pending;
      this.pending = null;
      await pending;
    }
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    const accepted = await this.resolveConflicts(batch);
    if (accepted.length > 0) {
      const insert = this.writer.add(accepted);
      // Handled here so a failure is not reported as unhandled before the next flush awaits it.
      insert.catch(() => undefined);
      this.pending = insert;
    }
    let figures: MeterFigures | undefined;
    for (const record of accepted) {
      if (figures?.meterId !== record.meterId) {
        figures = this.meters.get(record.meterId);
        if (!figures) {
          figures = {
            meterId: record.meterId,
            readings: 0,
            firstStartUtc: record.startUtc,
            lastEndUtc: record.endUtc,
            totalMilliWh: 0,
          };
          this.meters.set(record.meterId, figures);
        }
      }
      figures.readings++;
      if (record.startUtc < figures.firstStartUtc) figures.firstStartUtc = record.startUtc;
      if (record.endUtc > figures.lastEndUtc) figures.lastEndUtc = record.endUtc;
      figures.totalMilliWh += record.energyMilliWh;
    }
    this.stored += accepted.length;
  }

  private async resolveConflicts(batch: ReadingRecord[]): Promise<ReadingRecord[]> {
    const byMeter = new Map<string, ReadingRecord[]>();
    for (const record of batch) {
      const list = byMeter.get(record.meterId) ?? [];
      list.push(record);
      byMeter.set(record.meterId, list);
    }
    const accepted: ReadingRecord[] = [];
    for (const [meterId, records] of byMeter) {
      records.sort((a, b) => a.startUtc - b.startUtc);
      const from = records[0]!.startUtc;
      const to = records.reduce((max, r) => Math.max(max, r.endUtc), 0);
      // A stored reading lasts at most longestSeconds, so one overlapping [from, to) starts after
      // from − longestSeconds: a bounded range of the primary key, not every earlier reading of the meter.
      const stored = await this.writer.overlapping(meterId, from - this.target.longestSeconds, to, from);
      let s = 0;
      let previous: ReadingRecord | null = null;
      for (const record of records) {
        if (previous && record.startUtc < previous.endUtc) {
          const repeats = record.startUtc === previous.startUtc;
          this.errors.add(
            record.line,
            record.column,
            record.value,
            `${repeats ? 'repeats' : 'overlaps'} the interval of line ${previous.line} for meter ${meterId}`,
            repeats ? 'duplicate' : 'overlap',
          );
          continue;
        }
        previous = record;
        // Stored intervals are sorted and never overlap each other; find those overlapping this record.
        while (s < stored.length && stored[s]!.end_utc <= record.startUtc) s++;
        const overlapping = [];
        for (let k = s; k < stored.length && stored[k]!.start_utc < record.endUtc; k++)
          overlapping.push(stored[k]!);
        if (overlapping.length === 0) {
          accepted.push(record);
          continue;
        }
        const own = overlapping.find((o) => o.import_id === this.importId);
        if (own) {
          this.errors.add(
            record.line,
            record.column,
            record.value,
            `${own.start_utc === record.startUtc ? 'repeats' : 'overlaps'} another interval of meter ${meterId} in this file (starting ${utcIso(own.start_utc)})`,
            own.start_utc === record.startUtc ? 'duplicate' : 'overlap',
          );
          continue;
        }
        if (this.onConflict === 'keep') {
          this.kept++;
          continue;
        }
        if (this.onConflict === 'reject') {
          const first = overlapping[0]!;
          this.errors.addConflict(
            record,
            { meterId },
            {
              startUtc: first.start_utc,
              endUtc: first.end_utc,
              importId: first.import_id,
              fileName: first.import_id === null ? null : this.fileNameOf(first.import_id),
            },
          );
          continue;
        }
        for (const old of overlapping) {
          await this.writer.supersede(meterId, old, Math.floor(Date.now() / 1000));
          this.replaced++;
        }
        stored.splice(s, overlapping.length);
        accepted.push(record);
      }
    }
    return accepted;
  }
}

/** A dry run's preview rows: the first readings as read. */
export function previewOf(records: ReadingRecord[], unitOf: (meterId: string) => string = () => 'Wh') {
  return records.map((r) => ({
    line: r.line,
    meterId: r.meterId,
    start: formatSeedUtc(r.startUtc),
    minutes: (r.endUtc - r.startUtc) / 60,
    kWh:
      unitOf(r.meterId) === 'Wh' ? milliWhToKwh(r.energyMilliWh) : scaledDecimal(BigInt(r.energyMilliWh), 3),
    estimated: r.isEstimated,
  }));
}
