/** Settlement runs, their lines and daily aggregates, as stored. */
import type { Lines } from '../engine/settle-period';

import type { Database, SqlValue, WriteTransaction } from './database';

export interface RunRow {
  id: number;
  month: string;
  identity: string;
  period_start_utc: number;
  period_end_utc: number;
  engine_version: string;
  options_json: string;
  manifest_json: string;
  created_utc: number;
  status: 'published' | 'refused';
  message: string;
  line_count: number;
}

export interface DailyAggregate {
  meterType: number;
  participantId: string;
  side: 'generator' | 'consumer';
  day: string;
  kind: string;
  counterpartyId: string;
  energyMilliWh: number;
  costTenThousandths: number;
  /** Lines of the day flagged as resting on a gap (allow-gaps). */
  gapLines: number;
}

export async function latestPublishedRun(db: Database, month: string): Promise<RunRow | undefined> {
  return db.get<RunRow>(
    "SELECT * FROM settlement_runs WHERE month = ? AND status = 'published' ORDER BY id DESC LIMIT 1",
    [month],
  );
}

export async function runById(db: Database, id: number): Promise<RunRow | undefined> {
  return db.get<RunRow>('SELECT * FROM settlement_runs WHERE id = ?', [id]);
}

export async function listRuns(db: Database, month: string | undefined): Promise<RunRow[]> {
  return db.all<RunRow>('SELECT * FROM settlement_runs WHERE (? IS NULL OR month = ?) ORDER BY month, id', [
    month ?? null,
    month ?? null,
  ]);
}

/** The latest published run of every settled month, newest month first. */
export async function latestPublishedRuns(db: Database): Promise<RunRow[]> {
  return db.all<RunRow>(
    `SELECT r.* FROM settlement_runs r
     JOIN (SELECT month, MAX(id) AS id FROM settlement_runs WHERE status = 'published' GROUP BY month) latest ON latest.id = r.id
     ORDER BY r.month DESC`,
  );
}

export async function insertRun(tx: WriteTransaction, run: Omit<RunRow, 'id'>): Promise<number> {
  const { lastID } = await tx.run(
    `INSERT INTO settlement_runs (month, identity, period_start_utc, period_end_utc, engine_version, options_json, manifest_json, created_utc, status, message, line_count)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      run.month,
      run.identity,
      run.period_start_utc,
      run.period_end_utc,
      run.engine_version,
      run.options_json,
      run.manifest_json,
      run.created_utc,
      run.status,
      run.message,
      run.line_count,
    ],
  );
  return lastID;
}

const LINE_COLUMNS = [
  'run_id',
  'hour_start_utc',
  'meter_type',
  'kind',
  'generator_id',
  'consumer_id',
  'energy_milliwh',
  'price_per_kwh',
  'cost_ten_thousandths',
  'has_gap',
];

export async function insertLines(tx: WriteTransaction, runId: number, lines: Lines): Promise<void> {
  const perStatement = Math.floor(32_766 / LINE_COLUMNS.length);
  const head = `INSERT INTO settlement_lines (${LINE_COLUMNS.join(',')}) VALUES `;
  const row = `(${LINE_COLUMNS.map(() => '?').join(',')})`;
  const total = lines.hour.length;
  let fullSql: string | null = null;
  for (let start = 0; start < total; start += perStatement) {
    const end = Math.min(total, start + perStatement);
    const params: SqlValue[] = [];
    for (let i = start; i < end; i++) {
      params.push(
        runId,
        lines.hour[i]!,
        lines.meterType[i]!,
        lines.kind[i]!,
        lines.generator[i]!,
        lines.consumer[i]!,
        lines.energy[i]!,
        lines.price[i]!,
        lines.cost[i]!,
        lines.gap[i]!,
      );
    }
    const count = end - start;
    const sql =
      count === perStatement
        ? (fullSql ??= head + new Array(count).fill(row).join(','))
        : head + new Array(count).fill(row).join(',');
    await tx.run(sql, params);
  }
}

export async function insertDaily(
  tx: WriteTransaction,
  runId: number,
  rows: DailyAggregate[],
): Promise<void> {
  await tx.insertMany(
    'settlement_daily',
    [
      'run_id',
      'meter_type',
      'participant_id',
      'side',
      'day',
      'kind',
      'counterparty_id',
      'energy_milliwh',
      'cost_ten_thousandths',
      'gap_lines',
    ],
    rows.map((r) => [
      runId,
      r.meterType,
      r.participantId,
      r.side,
      r.day,
      r.kind,
      r.counterpartyId,
      r.energyMilliWh,
      r.costTenThousandths,
      r.gapLines,
    ]),
  );
}

export interface DailyRow {
  day: string;
  kind: string;
  counterparty_id: string;
  energy_milliwh: number;
  cost_ten_thousandths: number;
  gap_lines: number;
}

export async function dailyRows(
  db: Database,
  runId: number,
  meterType: number,
  participantId: string,
  side: 'generator' | 'consumer',
): Promise<DailyRow[]> {
  return db.all<DailyRow>(
    `SELECT day, kind, counterparty_id, energy_milliwh, cost_ten_thousandths, gap_lines FROM settlement_daily
     WHERE run_id = ? AND meter_type = ? AND participant_id = ? AND side = ? ORDER BY day, kind, counterparty_id`,
    [runId, meterType, participantId, side],
  );
}

export interface LineRow {
  hour_start_utc: number;
  kind: 'traded' | 'open_market' | 'unsold' | 'grid';
  generator_id: string | null;
  consumer_id: string | null;
  energy_milliwh: number;
  price_per_kwh: string;
  cost_ten_thousandths: number;
  has_gap: number;
}

export async function generatorLines(
  db: Database,
  runId: number,
  meterType: number,
  generatorId: string,
  startUtc: number,
  endUtc: number,
): Promise<LineRow[]> {
  return db.all<LineRow>(
    `SELECT hour_start_utc, kind, generator_id, consumer_id, energy_milliwh, price_per_kwh, cost_ten_thousandths, has_gap
     FROM settlement_lines WHERE run_id = ? AND generator_id = ? AND hour_start_utc >= ? AND hour_start_utc < ? AND meter_type = ?
     ORDER BY hour_start_utc, kind, consumer_id`,
    [runId, generatorId, startUtc, endUtc, meterType],
  );
}

/** Distinct hours of a participant's lines in a run that rest on a gap. */
export async function gapHours(
  db: Database,
  runId: number,
  meterType: number,
  participantId: string,
  side: 'generator' | 'consumer',
): Promise<number> {
  const column = side === 'generator' ? 'generator_id' : 'consumer_id';
  const row = await db.get<{ n: number }>(
    `SELECT COUNT(DISTINCT hour_start_utc) AS n FROM settlement_lines WHERE run_id = ? AND ${column} = ? AND meter_type = ? AND has_gap = 1`,
    [runId, participantId, meterType],
  );
  return row?.n ?? 0;
}
