/**
 * Reads and writes the workspace definition (participants, meters, pools,
 * offer and utility plans). Writing replaces the whole definition inside the
 * caller's transaction, so an import lands whole or not at all.
 */
import type { RateDef, WorkspaceDefinition } from '../../shared/definition';

import type { Store, WriteTransaction } from './store';
import { defaultSettings, type WorkspaceSettings } from './workspace';

interface ParticipantRow {
  id: string;
  name: string;
  role: 'consumer' | 'prosumer';
}
/** A meters row as stored (the API's meter list reads the same columns). */
export interface MeterRow {
  id: string;
  participant_id: string;
  name: string | null;
  meter_type: number;
  direction: 'consumption' | 'generation';
  settles: number;
  commodity: NonNullable<WorkspaceDefinition['meters'][number]['commodity']>;
  unit: string;
}

export async function readDefinition(
  db: Pick<Store, 'all'>,
  settings: WorkspaceSettings,
): Promise<WorkspaceDefinition> {
  const participants = await db.all<ParticipantRow>('SELECT id, name, role FROM participants ORDER BY id');
  const meters = await db.all<MeterRow>(
    'SELECT id, participant_id, name, meter_type, direction, settles, commodity, unit FROM meters WHERE is_virtual = 0 ORDER BY id',
  );
  const pools = await db.all<{ id: string; name: string }>('SELECT id, name FROM pools ORDER BY id');
  const poolVersions = await db.all<{
    pool_id: string;
    effective_from: string;
    allocation_key: 'prorata' | 'priority' | 'static';
  }>('SELECT pool_id, effective_from, allocation_key FROM pool_versions ORDER BY pool_id, effective_from');
  const poolMembers = await db.all<{
    pool_id: string;
    participant_id: string;
    effective_from: string;
    effective_to: string | null;
    priority_rank: number | null;
    static_share: string | null;
  }>(
    'SELECT pool_id, participant_id, effective_from, effective_to, priority_rank, static_share FROM pool_members ORDER BY pool_id, position',
  );
  const offerPlans = await db.all<{
    id: string;
    participant_id: string;
    plan_name: string;
    provider_name: string;
    energy_type: string;
  }>('SELECT id, participant_id, plan_name, provider_name, energy_type FROM offer_plans ORDER BY id');
  const offerVersions = await db.all<{
    offer_plan_id: string;
    effective_from: string;
    price_per_kwh: string;
    sells_leftovers_to_market: number;
    market_floor_price_per_kwh: string;
    feed_in_price_per_kwh: string;
  }>('SELECT * FROM offer_plan_versions ORDER BY offer_plan_id, effective_from');
  const utilityPlans = await db.all<{
    id: string;
    provider_name: string;
    plan_name: string;
    energy_type: string;
  }>('SELECT id, provider_name, plan_name, energy_type FROM utility_plans ORDER BY id');
  const utilityVersions = await db.all<{
    utility_plan_id: string;
    effective_from: string;
    rate_json: string;
  }>(
    'SELECT utility_plan_id, effective_from, rate_json FROM utility_plan_versions ORDER BY utility_plan_id, effective_from',
  );
  const assignments = await db.all<{
    participant_id: string;
    utility_plan_id: string;
    effective_from: string;
  }>(
    'SELECT participant_id, utility_plan_id, effective_from FROM utility_plan_assignments ORDER BY participant_id, effective_from',
  );

  return {
    format: 'energy-ledger-workspace',
    formatVersion: 1,
    settings: { ...settings },
    participants: participants.map((p) => ({ id: p.id, name: p.name, role: p.role })),
    meters: meters.map((m) => ({
      id: m.id,
      participantId: m.participant_id,
      ...(m.name !== null ? { name: m.name } : {}),
      meterType: m.meter_type,
      direction: m.direction,
      settles: m.settles === 1,
      ...(m.commodity !== 'electricity' ? { commodity: m.commodity, unit: m.unit } : {}),
    })),
    pools: pools.map((pool) => ({
      id: pool.id,
      name: pool.name,
      versions: poolVersions
        .filter((v) => v.pool_id === pool.id)
        .map((v) => ({ effectiveFrom: v.effective_from, key: v.allocation_key })),
      members: poolMembers
        .filter((m) => m.pool_id === pool.id)
        .map((m) => ({
          participantId: m.participant_id,
          effectiveFrom: m.effective_from,
          ...(m.effective_to !== null ? { effectiveTo: m.effective_to } : {}),
          ...(m.priority_rank !== null ? { rank: m.priority_rank } : {}),
          ...(m.static_share !== null ? { share: m.static_share } : {}),
        })),
    })),
    offerPlans: offerPlans.map((plan) => ({
      id: plan.id,
      participantId: plan.participant_id,
      planName: plan.plan_name,
      providerName: plan.provider_name,
      energyType: plan.energy_type,
      versions: offerVersions
        .filter((v) => v.offer_plan_id === plan.id)
        .map((v) => ({
          effectiveFrom: v.effective_from,
          pricePerKwh: v.price_per_kwh,
          sellsLeftoversToMarket: v.sells_leftovers_to_market === 1,
          marketFloorPricePerKwh: v.market_floor_price_per_kwh,
          feedInPricePerKwh: v.feed_in_price_per_kwh,
        })),
    })),
    utilityPlans: utilityPlans.map((plan) => ({
      id: plan.id,
      providerName: plan.provider_name,
      planName: plan.plan_name,
      energyType: plan.energy_type,
      versions: utilityVersions
        .filter((v) => v.utility_plan_id === plan.id)
        .map((v) => ({ effectiveFrom: v.effective_from, rate: JSON.parse(v.rate_json) as RateDef })),
    })),
    utilityPlanAssignments: assignments.map((a) => ({
      participantId: a.participant_id,
      utilityPlanId: a.utility_plan_id,
      effectiveFrom: a.effective_from,
    })),
  };
}

/**
 * Participants and meters that the new definition drops but that still have
 * readings or settlement lines: removing them would orphan stored data.
 */
export async function findStillReferenced(
  tx: WriteTransaction,
  def: WorkspaceDefinition,
): Promise<{ participants: string[]; meters: string[] }> {
  const keptMeters = new Set(def.meters.map((m) => m.id));
  const keptParticipants = new Set(def.participants.map((p) => p.id));
  const metersWithData = await tx.all<{ meter_id: string }>(
    'SELECT DISTINCT meter_id FROM readings UNION SELECT DISTINCT meter_id FROM summary_readings',
  );
  const participantsWithData = await tx.all<{ id: string }>(
    `SELECT DISTINCT generator_id AS id FROM settlement_lines WHERE generator_id IS NOT NULL
     UNION SELECT DISTINCT consumer_id FROM settlement_lines WHERE consumer_id IS NOT NULL
     UNION SELECT DISTINCT participant_id FROM payments`,
  );
  return {
    meters: metersWithData.map((r) => r.meter_id).filter((id) => !keptMeters.has(id)),
    participants: participantsWithData.map((r) => r.id).filter((id) => !keptParticipants.has(id)),
  };
}

/** Replaces the stored definition with `def` inside the caller's transaction. */
export async function writeDefinition(tx: WriteTransaction, def: WorkspaceDefinition): Promise<void> {
  for (const [key, value] of Object.entries(def.settings)) {
    await tx.run('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)', [key, value]);
  }
  for (const table of [
    'utility_plan_assignments',
    'utility_plan_versions',
    'utility_plans',
    'offer_plan_versions',
    'offer_plans',
    'pool_members',
    'pool_versions',
    'pools',
  ]) {
    await tx.run(`DELETE FROM ${table}`);
  }
  // Participants and meters are upserted (readings refer to them), then the ones left out are removed.
  for (const p of def.participants) {
    await tx.run(
      `INSERT INTO participants (id, name, role) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role`,
      [p.id, `\u0000${p.id}`, p.role],
    );
  }
  // Names are unique: set them in a second pass so swapping two names in one import works.
  for (const p of def.participants) {
    await tx.run('UPDATE participants SET name = ? WHERE id = ?', [p.name, p.id]);
  }
  for (const m of def.meters) {
    await tx.run(
      `INSERT INTO meters (id, participant_id, name, meter_type, direction, is_virtual, settles, commodity, unit)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET participant_id = excluded.participant_id, name = excluded.name,
         meter_type = excluded.meter_type, direction = excluded.direction, settles = excluded.settles,
         commodity = excluded.commodity, unit = excluded.unit`,
      [
        m.id,
        m.participantId,
        m.name ?? null,
        m.meterType,
        m.direction,
        m.settles ? 1 : 0,
        m.commodity ?? 'electricity',
        m.unit ?? 'Wh',
      ],
    );
  }
  const meterIds = def.meters.map((m) => m.id);
  await tx.run(
    `DELETE FROM meters WHERE is_virtual = 0 AND id NOT IN (${meterIds.map(() => '?').join(',')})`,
    meterIds,
  );
  const participantIds = def.participants.map((p) => p.id);
  await tx.run(
    `DELETE FROM participants WHERE id NOT IN (${participantIds.map(() => '?').join(',')})`,
    participantIds,
  );

  for (const pool of def.pools) {
    await tx.run('INSERT INTO pools (id, name) VALUES (?, ?)', [pool.id, pool.name]);
    for (const v of pool.versions) {
      await tx.run('INSERT INTO pool_versions (pool_id, effective_from, allocation_key) VALUES (?, ?, ?)', [
        pool.id,
        v.effectiveFrom,
        v.key,
      ]);
    }
    await tx.insertMany(
      'pool_members',
      [
        'pool_id',
        'participant_id',
        'position',
        'effective_from',
        'effective_to',
        'priority_rank',
        'static_share',
      ],
      pool.members.map((m, position) => [
        pool.id,
        m.participantId,
        position,
        m.effectiveFrom,
        m.effectiveTo ?? null,
        m.rank ?? null,
        m.share ?? null,
      ]),
    );
  }
  for (const plan of def.offerPlans) {
    await tx.run(
      'INSERT INTO offer_plans (id, participant_id, plan_name, provider_name, energy_type) VALUES (?, ?, ?, ?, ?)',
      [plan.id, plan.participantId, plan.planName, plan.providerName, plan.energyType],
    );
    for (const v of plan.versions) {
      await tx.run(
        `INSERT INTO offer_plan_versions (offer_plan_id, effective_from, price_per_kwh, sells_leftovers_to_market, market_floor_price_per_kwh, feed_in_price_per_kwh)
         VALUES (?, ?, ?, ?, ?, ?)`,
        [
          plan.id,
          v.effectiveFrom,
          v.pricePerKwh,
          v.sellsLeftoversToMarket ? 1 : 0,
          v.marketFloorPricePerKwh,
          v.feedInPricePerKwh,
        ],
      );
    }
  }
  for (const plan of def.utilityPlans) {
    await tx.run(
      'INSERT INTO utility_plans (id, provider_name, plan_name, energy_type) VALUES (?, ?, ?, ?)',
      [plan.id, plan.providerName, plan.planName, plan.energyType],
    );
    for (const v of plan.versions) {
      await tx.run(
        'INSERT INTO utility_plan_versions (utility_plan_id, effective_from, rate_json) VALUES (?, ?, ?)',
        [plan.id, v.effectiveFrom, JSON.stringify(v.rate)],
      );
    }
  }
  for (const a of def.utilityPlanAssignments) {
    await tx.run(
      'INSERT INTO utility_plan_assignments (participant_id, utility_plan_id, effective_from) VALUES (?, ?, ?)',
      [a.participantId, a.utilityPlanId, a.effectiveFrom],
    );
  }
}

/** The definition in force, read inside a write transaction (settings from their table). */
export async function readDefinitionIn(tx: WriteTransaction): Promise<WorkspaceDefinition> {
  const rows = await tx.all<{ key: string; value: string }>('SELECT key, value FROM settings');
  const map = new Map(rows.map((row) => [row.key, row.value]));
  const settings = Object.fromEntries(
    (Object.keys(defaultSettings) as (keyof WorkspaceSettings)[]).map((key) => [
      key,
      map.get(key) ?? defaultSettings[key],
    ]),
  ) as unknown as WorkspaceSettings;
  return readDefinition(tx, settings);
}

/** Keeps the definition a definition import replaced, so undoing the import restores it. */
export async function saveDefinitionSnapshot(
  tx: WriteTransaction,
  importId: number,
  previous: WorkspaceDefinition,
): Promise<void> {
  await tx.run('INSERT INTO definition_snapshots (import_id, previous_json) VALUES (?, ?)', [
    importId,
    JSON.stringify(previous),
  ]);
}

/**
 * What undoing definition import `importId` needs: whether it is the definition in force
 * (the newest definition import not undone) and the definition it replaced.
 */
export async function definitionUndoFacts(
  tx: WriteTransaction,
  importId: number,
): Promise<{ newerImport: { id: number; fileName: string } | null; previous: unknown }> {
  const [newer] = await tx.all<{ id: number; file_name: string }>(
    `SELECT id, file_name FROM imports
     WHERE kind = 'workspace' AND status = 'stored' AND id > ?
       AND id NOT IN (SELECT import_id FROM import_removals)
     ORDER BY id DESC LIMIT 1`,
    [importId],
  );
  const [snapshot] = await tx.all<{ previous_json: string }>(
    'SELECT previous_json FROM definition_snapshots WHERE import_id = ?',
    [importId],
  );
  return {
    newerImport: newer ? { id: newer.id, fileName: newer.file_name } : null,
    previous: snapshot ? (JSON.parse(snapshot.previous_json) as unknown) : undefined,
  };
}
