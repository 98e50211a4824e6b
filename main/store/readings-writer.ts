/**
 * Writes one import's readings, inside its transaction: a writer is made per import and
 * table (interval readings or summary usage) and given batch after batch. It reads the stored
 * readings a batch may overlap, moves a reading the import replaces to the superseded table
 * (never deleted, so runs settled on it stay reproducible and undo brings it back), and
 * inserts the batch. Which readings are accepted is decided by the caller
 * (main/importers/readings-sink.ts); this file only stores them, as fast as SQLite allows:
 * the statement that writes a run of readings is prepared once per import and reused.
 */
import type { PreparedStatement, SqlValue, WriteTransaction } from './store';

/** The tables a writer writes: the readings and where the readings it replaces are kept. */
export interface ReadingTables {
  table: 'readings' | 'summary_readings';
  superseded: 'superseded_readings' | 'superseded_summary_readings';
}

/** A reading to store: energy in mWh, times in UTC seconds, and what a utility's file says beside it. */
export interface ReadingToStore {
  meterId: string;
  startUtc: number;
  endUtc: number;
  energyMilliWh: number;
  isEstimated: boolean;
  /** Cost in 1/100,000 of its currency, quality code, TOU tier (Green Button). */
  fileCost?: number | null;
  fileCurrency?: string | null;
  quality?: number | null;
  tou?: number | null;
}

/** A stored reading, as the overlap check and the superseded table need it. */
export interface StoredReadingRow {
  start_utc: number;
  end_utc: number;
  energy_milliwh: number;
  is_estimated: number;
  import_id: number | null;
  file_cost: number | null;
  file_currency: string | null;
  quality: number | null;
  tou: number | null;
}

/** Consecutive readings of one meter at least this many long are written as one run (see add). */
const RUN_MIN = 8;

const READING_COLUMNS = ['meter_id', 'start_utc', 'end_utc', 'energy_milliwh', 'is_estimated', 'import_id'];
const DETAIL_COLUMNS = ['file_cost', 'file_currency', 'quality', 'tou'];

const hasDetails = (r: ReadingToStore) =>
  (r.fileCost ?? null) !== null || (r.quality ?? null) !== null || (r.tou ?? null) !== null;

export class ReadingsWriter {
  private insertRun: PreparedStatement | null = null;

  constructor(
    private readonly tx: WriteTransaction,
    private readonly importId: number,
    private readonly tables: ReadingTables,
  ) {}

  /**
   * The stored readings of a meter starting in (startAfter, startBefore) and ending after
   * `endAfter`, by start: a bounded range of the primary key.
   */
  overlapping(
    meterId: string,
    startAfter: number,
    startBefore: number,
    endAfter: number,
  ): Promise<StoredReadingRow[]> {
    return this.tx.all<StoredReadingRow>(
      `SELECT start_utc, end_utc, energy_milliwh, is_estimated, import_id, file_cost, file_currency, quality, tou
         FROM ${this.tables.table} WHERE meter_id = ? AND start_utc > ? AND start_utc < ? AND end_utc > ? ORDER BY start_utc`,
      [meterId, startAfter, startBefore, endAfter],
    );
  }

  /** Keeps stored reading `old` of a meter as superseded by this import at `now`, then removes it. */
  async supersede(meterId: string, old: StoredReadingRow, now: number): Promise<void> {
    await this.tx.run(
      `INSERT INTO ${this.tables.superseded} (meter_id, start_utc, end_utc, energy_milliwh, is_estimated, import_id,
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
        now,
        old.file_cost,
        old.file_currency,
        old.quality,
        old.tou,
      ],
    );
    await this.tx.run(`DELETE FROM ${this.tables.table} WHERE meter_id = ? AND start_utc = ?`, [
      meterId,
      old.start_utc,
    ]);
  }

  /**
   * Inserts accepted readings (grouped by meter, in time order). Meter data is
   * mostly runs of back-to-back intervals of one length: each run goes to
   * SQLite as its meter, first start and length plus one JSON array of
   * energies, unpacked by json_each (measured 2× the rate of one JSON row per
   * reading, and near SQLite's own insert rate). What is not part of a run is
   * written a row per reading.
   */
  async add(accepted: readonly ReadingToStore[]): Promise<void> {
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
        `INSERT INTO ${this.tables.table} (${READING_COLUMNS.join(', ')})
         SELECT ?2, ?3 + key * ?4, ?3 + (key + 1) * ?4, value, ?5, ${this.importId} FROM json_each(?1)`,
      );
      for (const run of runs) await this.insertRun.run(run);
    }
    if (singles.length > 0)
      await this.tx.insertMany(
        this.tables.table,
        details ? [...READING_COLUMNS, ...DETAIL_COLUMNS] : READING_COLUMNS,
        singles,
      );
  }
}
