/**
 * Where every readings importer (canonical CSV, mapped CSV layouts, XLSX)
 * sends its records: inside the import's one transaction it checks each
 * interval against the file's other rows and the stored readings, applies
 * the conflict rule, writes in batches, and keeps the per-meter figures of
 * the import report.
 *
 * Conflicts with readings stored by another import: `reject` (default) names
 * each one; `replace` moves the stored reading to superseded_readings (never
 * deleted, so runs settled on it stay reproducible, and undo brings it back);
 * `keep` leaves the stored reading and skips the file's.
 */

import { formatSeedUtc } from '../../shared/time';
import { milliWhToKwh, scaledDecimal } from '../../shared/units';
import type { PreparedStatement, SqlValue, WriteTransaction } from '../store/database';

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
export interface SinkTable {
  table: 'readings' | 'summary_readings';
  superseded: 'superseded_readings' | 'superseded_summary_readings';
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

const hasDetails = (r: ReadingRecord) =>
  (r.fileCost ?? null) !== null || (r.quality ?? null) !== null || (r.tou ?? null) !== null;

export interface MeterFigures {
  meterId: string;
  readings: number;
  firstStartUtc: number;
  lastEndUtc: number;
  totalMilliWh: number;
}

const BATCH = 2_000;
const PREVIEW_ROWS = 20;
/** Consecutive readings of one meter at least this many long are written as one run (see writeBatch). */
const RUN_MIN = 8;

const READING_COLUMNS = ['meter_id', 'start_utc', 'end_utc', 'energy_milliwh', 'is_estimated', 'import_id'];
const DETAIL_COLUMNS = ['file_cost', 'file_currency', 'quality', 'tou'];

export class ReadingsSink {
  private batch: ReadingRecord[] = [];
  readonly meters = new Map<string, MeterFigures>();
  stored = 0;
  private pending: Promise<void> | null = null;
  private insertRun: PreparedStatement | null = null;
  kept = 0;
  replaced = 0;
  /** The first readings as read from the file (a dry run's preview). */
  readonly firstRead: ReadingRecord[] = [];

  constructor(
    private readonly tx: WriteTransaction,
    private readonly importId: number,
    private readonly onConflict: ConflictRule,
    private readonly errors: RowErrors,
    private readonly fileNameOf: (importId: number) => string | null,
    private readonly target: SinkTable = INTERVAL_TABLE,
  ) {}

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
      const insert = this.writeBatch(accepted);
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

  /**
   * Writes accepted readings (grouped by meter, in time order). Meter data is
   * mostly runs of back-to-back intervals of one length: each run goes to
   * SQLite as its meter, first start and length plus one JSON array of
   * energies, unpacked by json_each (measured 2× the rate of one JSON row per
   * reading, and near SQLite's own insert rate). What is not part of a run is
   * written a row per reading.
   */
  private async writeBatch(accepted: ReadingRecord[]): Promise<void> {
    const singles: SqlValue[][] = [];
    const runs: SqlValue[][] = [];
    const details = accepted.some(hasDetails);
    for (let i = 0; i < accepted.length;) {
      const first = accepted[i]!;
      const length = first.endUtc - first.startUtc;
      let j = i + 1;
      while (j < accepted.length && !details) {
        const next = accepted[j]!;
        const previous = accepted[j - 1]!;
        if (
          next.meterId !== first.meterId ||
          next.startUtc !== previous.endUtc ||
          next.endUtc - next.startUtc !== length ||
          next.isEstimated !== first.isEstimated
        )
          break;
        j++;
      }
      if (j - i >= RUN_MIN) {
        let energies = '[';
        for (let k = i; k < j; k++) energies += (k > i ? ',' : '') + accepted[k]!.energyMilliWh;
        runs.push([energies + ']', first.meterId, first.startUtc, length, first.isEstimated ? 1 : 0]);
      } else {
        for (let k = i; k < j; k++) {
          const r = accepted[k]!;
          const row: SqlValue[] = [
            r.meterId,
            r.startUtc,
            r.endUtc,
            r.energyMilliWh,
            r.isEstimated ? 1 : 0,
            this.importId,
          ];
          if (details) row.push(r.fileCost ?? null, r.fileCurrency ?? null, r.quality ?? null, r.tou ?? null);
          singles.push(row);
        }
      }
      i = j;
    }
    if (runs.length > 0) {
      this.insertRun ??= this.tx.prepare(
        `INSERT INTO ${this.target.table} (${READING_COLUMNS.join(', ')})
         SELECT ?2, ?3 + key * ?4, ?3 + (key + 1) * ?4, value, ?5, ${this.importId} FROM json_each(?1)`,
      );
      for (const run of runs) await this.insertRun.run(run);
    }
    if (singles.length > 0)
      await this.tx.insertMany(
        this.target.table,
        details ? [...READING_COLUMNS, ...DETAIL_COLUMNS] : READING_COLUMNS,
        singles,
      );
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
      const stored = await this.tx.all<{
        start_utc: number;
        end_utc: number;
        energy_milliwh: number;
        is_estimated: number;
        import_id: number | null;
        file_cost: number | null;
        file_currency: string | null;
        quality: number | null;
        tou: number | null;
      }>(
        // A stored reading lasts at most longestSeconds, so one overlapping [from, to) starts after
        // from − longestSeconds: a bounded range of the primary key, not every earlier reading of the meter.
        `SELECT start_utc, end_utc, energy_milliwh, is_estimated, import_id, file_cost, file_currency, quality, tou
         FROM ${this.target.table} WHERE meter_id = ? AND start_utc > ? AND start_utc < ? AND end_utc > ? ORDER BY start_utc`,
        [meterId, from - this.target.longestSeconds, to, from],
      );
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
          await this.tx.run(
            `INSERT INTO ${this.target.superseded} (meter_id, start_utc, end_utc, energy_milliwh, is_estimated, import_id,
               superseded_by_import_id, superseded_utc, file_cost, file_currency, quality, tou)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [
              meterId,
              old.start_utc,
              old.end_utc,
              old.energy_milliwh,
              old.is_estimated,
              old.import_id,
              this.importId,
              Math.floor(Date.now() / 1000),
              old.file_cost,
              old.file_currency,
              old.quality,
              old.tou,
            ],
          );
          await this.tx.run(`DELETE FROM ${this.target.table} WHERE meter_id = ? AND start_utc = ?`, [
            meterId,
            old.start_utc,
          ]);
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
