/** Settlement runs, their lines and daily aggregates, as stored. */
import type { Lines } from '../engine/settle-period';

import type { Store, WriteTransaction } from './store';

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
  energyMilliWh: number;
  costTenThousandths: number;
  /** Lines of the day flagged as resting on a gap (allow-gaps). */
  gapLines: number;
}

/**
 * Runs that are not in force: runs of a closed month held for acceptance (pending) or
 * superseded by a newer one (migration 0012). An accepted run is in force.
 */
const NOT_HELD = "id NOT IN (SELECT run_id FROM run_holds WHERE status <> 'accepted')";

/** The month's run in force: its latest published run, less runs held for acceptance. */
export async function latestPublishedRun(
  db: Pick<Store, 'all'> | WriteTransaction,
  month: string,
): Promise<RunRow | undefined> {
  const [run] = await db.all<RunRow>(
    `SELECT * FROM settlement_runs WHERE month = ? AND status = 'published' AND ${NOT_HELD} ORDER BY id DESC LIMIT 1`,
    [month],
  );
  return run;
}

/**
 * The latest month with a published run (`YYYY-MM`), or undefined when none is settled: read
 * backwards along settlement_runs_by_month, so it stops at the first published run it meets.
 */
export async function latestSettledMonth(db: Pick<Store, 'get'>): Promise<string | undefined> {
  const row = await db.get<{ month: string }>(
    "SELECT month FROM settlement_runs WHERE status = 'published' ORDER BY month DESC LIMIT 1",
  );
  return row?.month;
}

/**
 * The run a month's statements carry: the run it was closed on, for good, or else the
 * run in force.
 */
export async function statementRunOf(db: Store, month: string): Promise<RunRow | undefined> {
  const closed = await db.get<{ run_id: number }>('SELECT run_id FROM month_closes WHERE month = ?', [month]);
  return closed ? runById(db, closed.run_id) : latestPublishedRun(db, month);
}

/**
 * The statement run of every settled month, newest month first: the run a closed month was closed
 * on, else the month's run in force. Two reads, whatever the number of months (issue 21: it was two
 * reads a month, and every receivables, statements and payments answer asks for it).
 */
export async function statementRuns(db: Store): Promise<RunRow[]> {
  const inForce = await latestPublishedRuns(db);
  const closedOn = await db.all<RunRow & { closed_month: string }>(
    'SELECT c.month AS closed_month, r.* FROM month_closes c JOIN settlement_runs r ON r.id = c.run_id',
  );
  const closed = new Map(closedOn.map(({ closed_month, ...run }) => [closed_month, run]));
  return inForce.map((run) => closed.get(run.month) ?? run);
}

const RUNS_KEPT = 240;
const amountsRead = new WeakMap<Store, Map<number, ReadonlyMap<string, bigint>>>();

/**
 * What each participant's statement of a run comes to, in ten-thousandths, signed:
 * positive owed to it (its generator side's earnings), negative owed by it (its
 * consumer side's traded and grid lines and its tariff's monthly bill lines).
 *
 * A stored run's amounts never change: its daily aggregates and bill lines are written in the
 * transaction that publishes it and never updated or deleted. So each open store keeps the
 * amounts of the runs it has read (at most RUNS_KEPT, the first read dropped first), and the
 * statement ledger behind receivables, statements and the payments view sums a run's rows once,
 * not at every request (issue 21). An empty answer is not kept: it may be a run not yet written.
 */
export async function participantAmounts(db: Store, runId: number): Promise<ReadonlyMap<string, bigint>> {
  let kept = amountsRead.get(db);
  const found = kept?.get(runId);
  if (found) return found;
  const out = await sumParticipantAmounts(db, runId);
  if (out.size > 0) {
    if (!kept) amountsRead.set(db, (kept = new Map()));
    if (kept.size >= RUNS_KEPT) kept.delete(kept.keys().next().value!);
    kept.set(runId, out);
  }
  return out;
}

async function sumParticipantAmounts(db: Store, runId: number): Promise<Map<string, bigint>> {
  const out = new Map<string, bigint>();
  const add = (id: string, amount: bigint) => out.set(id, (out.get(id) ?? 0n) + amount);
  for (const row of await db.all<{ participant_id: string; side: string; cost: number }>(
    'SELECT participant_id, side, SUM(cost_ten_thousandths) AS cost FROM settlement_daily WHERE run_id = ? GROUP BY participant_id, side',
    [runId],
  ))
    add(row.participant_id, row.side === 'generator' ? BigInt(row.cost) : -BigInt(row.cost));
  for (const row of await db.all<{ consumer_id: string; cost: number }>(
    'SELECT consumer_id, SUM(cost_ten_thousandths) AS cost FROM settlement_bill_lines WHERE run_id = ? GROUP BY consumer_id',
    [runId],
  ))
    add(row.consumer_id, -BigInt(row.cost));
  return out;
}

export async function runById(db: Store, id: number): Promise<RunRow | undefined> {
  return db.get<RunRow>('SELECT * FROM settlement_runs WHERE id = ?', [id]);
}

export async function listRuns(db: Store, month: string | undefined): Promise<RunRow[]> {
  return db.all<RunRow>('SELECT * FROM settlement_runs WHERE (? IS NULL OR month = ?) ORDER BY month, id', [
    month ?? null,
    month ?? null,
  ]);
}

/** The latest published run of every settled month, newest month first. */
export async function latestPublishedRuns(db: Store): Promise<RunRow[]> {
  return db.all<RunRow>(
    `SELECT r.* FROM settlement_runs r
     JOIN (SELECT month, MAX(id) AS id FROM settlement_runs WHERE status = 'published' AND ${NOT_HELD} GROUP BY month) latest
       ON latest.id = r.id
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

export interface LinePack {
  hourStartUtc: number;
  meterType: number;
  /** The generator whose lines these are, or null for the hour's grid lines. */
  generatorId: string | null;
  hasGap: number;
  /** [kind, consumer_id or null, energy_milliwh, price_per_kwh, cost_ten_thousandths] per line. */
  lines: [string, string | null, number, string, number][];
}

/** Packs the engine's lines: one pack per generator and hour, one per hour for grid lines. */
export function packLines(lines: Lines): LinePack[] {
  const packs = new Map<string, LinePack>();
  for (let i = 0; i < lines.hour.length; i++) {
    const generatorId = lines.generator[i]!;
    const key = `${lines.meterType[i]}|${lines.hour[i]}|${generatorId ?? ''}`;
    let pack = packs.get(key);
    if (!pack) {
      pack = {
        hourStartUtc: lines.hour[i]!,
        meterType: lines.meterType[i]!,
        generatorId,
        hasGap: lines.gap[i]!,
        lines: [],
      };
      packs.set(key, pack);
    }
    pack.lines.push([lines.kind[i]!, lines.consumer[i]!, lines.energy[i]!, lines.price[i]!, lines.cost[i]!]);
  }
  return [...packs.values()];
}

export async function insertPacks(tx: WriteTransaction, runId: number, packs: LinePack[]): Promise<void> {
  await tx.insertMany(
    'settlement_line_packs',
    ['run_id', 'hour_start_utc', 'meter_type', 'generator_id', 'has_gap', 'lines_json'],
    packs.map((p) => [runId, p.hourStartUtc, p.meterType, p.generatorId, p.hasGap, JSON.stringify(p.lines)]),
  );
}

/** A pack as stored: its lines still JSON (LinePack['lines'] once parsed). */
export interface StoredLinePack {
  hour_start_utc: number;
  meter_type: number;
  generator_id: string | null;
  has_gap: number;
  lines_json: string;
}

/** The run's packs of hours starting in [from, to), in hour order (a generator's before the grid's). */
export async function linePacksBetween(
  db: Store,
  runId: number,
  from: number,
  to: number,
): Promise<StoredLinePack[]> {
  return db.all<StoredLinePack>(
    `SELECT hour_start_utc, meter_type, generator_id, has_gap, lines_json FROM settlement_line_packs
        WHERE run_id = ? AND hour_start_utc >= ? AND hour_start_utc < ?
        ORDER BY hour_start_utc, meter_type, generator_id IS NULL, generator_id`,
    [runId, from, to],
  );
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
      r.energyMilliWh,
      r.costTenThousandths,
      r.gapLines,
    ]),
  );
}

export interface PairMonth {
  meterType: number;
  generatorId: string;
  consumerId: string;
  energyMilliWh: number;
  costTenThousandths: number;
}

export async function insertPairMonths(
  tx: WriteTransaction,
  runId: number,
  rows: PairMonth[],
): Promise<void> {
  await tx.insertMany(
    'settlement_pair_months',
    ['run_id', 'meter_type', 'generator_id', 'consumer_id', 'energy_milliwh', 'cost_ten_thousandths'],
    rows.map((r) => [runId, r.meterType, r.generatorId, r.consumerId, r.energyMilliWh, r.costTenThousandths]),
  );
}

export interface DailyRow {
  day: string;
  kind: string;
  energy_milliwh: number;
  cost_ten_thousandths: number;
  gap_lines: number;
}

export async function dailyRows(
  db: Store,
  runId: number,
  meterType: number,
  participantId: string,
  side: 'generator' | 'consumer',
): Promise<DailyRow[]> {
  return db.all<DailyRow>(
    `SELECT day, kind, energy_milliwh, cost_ten_thousandths, gap_lines FROM settlement_daily
     WHERE run_id = ? AND meter_type = ? AND participant_id = ? AND side = ? ORDER BY day, kind`,
    [runId, meterType, participantId, side],
  );
}

export interface PairRow {
  generator_id: string;
  consumer_id: string;
  energy_milliwh: number;
  cost_ten_thousandths: number;
}

export async function pairMonths(
  db: Store,
  runId: number,
  meterType: number,
  side: 'generator' | 'consumer',
  participantId: string,
): Promise<PairRow[]> {
  const column = side === 'generator' ? 'generator_id' : 'consumer_id';
  return db.all<PairRow>(
    `SELECT generator_id, consumer_id, energy_milliwh, cost_ten_thousandths FROM settlement_pair_months
     WHERE run_id = ? AND meter_type = ? AND ${column} = ? ORDER BY generator_id, consumer_id`,
    [runId, meterType, participantId],
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

/** A generator's lines in [start, end), unpacked. */
export async function generatorLines(
  db: Store,
  runId: number,
  meterType: number,
  generatorId: string,
  startUtc: number,
  endUtc: number,
): Promise<LineRow[]> {
  const packs = await db.all<{ hour_start_utc: number; has_gap: number; lines_json: string }>(
    `SELECT hour_start_utc, has_gap, lines_json FROM settlement_line_packs
     WHERE run_id = ? AND generator_id = ? AND hour_start_utc >= ? AND hour_start_utc < ? AND meter_type = ? ORDER BY hour_start_utc`,
    [runId, generatorId, startUtc, endUtc, meterType],
  );
  const rows: LineRow[] = [];
  for (const pack of packs) {
    for (const [kind, consumerId, energy, price, cost] of JSON.parse(pack.lines_json) as LinePack['lines']) {
      rows.push({
        hour_start_utc: pack.hour_start_utc,
        kind: kind as LineRow['kind'],
        generator_id: generatorId,
        consumer_id: consumerId,
        energy_milliwh: energy,
        price_per_kwh: price,
        cost_ten_thousandths: cost,
        has_gap: pack.has_gap,
      });
    }
  }
  return rows;
}

/** A consumer's lines in [start, end): traded lines from every generator's packs and its grid lines, unpacked. */
export async function consumerLines(
  db: Store,
  runId: number,
  meterType: number,
  consumerId: string,
  startUtc: number,
  endUtc: number,
): Promise<LineRow[]> {
  const packs = await db.all<{
    hour_start_utc: number;
    generator_id: string | null;
    has_gap: number;
    lines_json: string;
  }>(
    `SELECT hour_start_utc, generator_id, has_gap, lines_json FROM settlement_line_packs
     WHERE run_id = ? AND hour_start_utc >= ? AND hour_start_utc < ? AND meter_type = ? ORDER BY hour_start_utc, generator_id`,
    [runId, startUtc, endUtc, meterType],
  );
  const rows: LineRow[] = [];
  for (const pack of packs) {
    for (const [kind, lineConsumer, energy, price, cost] of JSON.parse(
      pack.lines_json,
    ) as LinePack['lines']) {
      if (lineConsumer !== consumerId) continue;
      rows.push({
        hour_start_utc: pack.hour_start_utc,
        kind: kind as LineRow['kind'],
        generator_id: pack.generator_id,
        consumer_id: lineConsumer,
        energy_milliwh: energy,
        price_per_kwh: price,
        cost_ten_thousandths: cost,
        has_gap: pack.has_gap,
      });
    }
  }
  return rows;
}

/** Distinct hours of a participant's lines in a run that rest on a gap. */
export async function gapHours(
  db: Store,
  runId: number,
  meterType: number,
  participantId: string,
  side: 'generator' | 'consumer',
): Promise<number> {
  if (side === 'generator') {
    const row = await db.get<{ n: number }>(
      'SELECT COUNT(DISTINCT hour_start_utc) AS n FROM settlement_line_packs WHERE run_id = ? AND generator_id = ? AND meter_type = ? AND has_gap = 1',
      [runId, participantId, meterType],
    );
    return row?.n ?? 0;
  }
  const row = await db.get<{ n: number }>(
    `SELECT COUNT(DISTINCT p.hour_start_utc) AS n FROM settlement_line_packs p, json_each(p.lines_json) l
     WHERE p.run_id = ? AND p.meter_type = ? AND p.has_gap = 1 AND json_extract(l.value, '$[1]') = ?`,
    [runId, meterType, participantId],
  );
  return row?.n ?? 0;
}

/** A month's bill line of a consumer on a tariff (spec §4), in ten-thousandths of the currency. */
export interface BillLine {
  meterType: number;
  consumerId: string;
  seq: number;
  name: string;
  chargeClass: string;
  quantityKey: string;
  costTenThousandths: number;
  detail: unknown;
}

/** A consumer's bill lines in a run (tariff plans only). */
export async function insertBillLines(tx: WriteTransaction, runId: number, lines: BillLine[]): Promise<void> {
  if (lines.length === 0) return;
  await tx.insertMany(
    'settlement_bill_lines',
    [
      'run_id',
      'meter_type',
      'consumer_id',
      'seq',
      'name',
      'charge_class',
      'quantity_key',
      'cost_ten_thousandths',
      'detail_json',
    ],
    lines.map((l) => [
      runId,
      l.meterType,
      l.consumerId,
      l.seq,
      l.name,
      l.chargeClass,
      l.quantityKey,
      l.costTenThousandths,
      JSON.stringify(l.detail),
    ]),
  );
}

export async function billLines(
  db: Store,
  runId: number,
  meterType: number,
  consumerId: string,
): Promise<
  {
    name: string;
    charge_class: string;
    quantity_key: string;
    cost_ten_thousandths: number;
    detail_json: string;
  }[]
> {
  return db.all(
    'SELECT name, charge_class, quantity_key, cost_ten_thousandths, detail_json FROM settlement_bill_lines WHERE run_id = ? AND meter_type = ? AND consumer_id = ? ORDER BY seq',
    [runId, meterType, consumerId],
  );
}
