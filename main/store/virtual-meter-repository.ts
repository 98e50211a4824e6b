/**
 * Virtual meters (seed 003) and meter groups as stored, written, and removed, and how many
 * settlement runs name a meter (their hourly use is evaluated in meter-use.ts, above the store).
 */
import { MeterGroup, UseDefinition, type VirtualMeter } from '../../shared/virtual-meter';
import type { PhysicalMeterInfo } from '../engine/virtual-meters';

import type { Store, WriteTransaction } from './store';

export interface VirtualSetup {
  virtual: VirtualMeter[];
  groups: MeterGroup[];
  physical: PhysicalMeterInfo[];
}

export async function readVirtualSetup(db: Pick<Store, 'all'>): Promise<VirtualSetup> {
  const meters = await db.all<{
    id: string;
    participant_id: string;
    name: string | null;
    meter_type: number;
    direction: 'consumption' | 'generation';
    settles: number;
    is_virtual: number;
  }>('SELECT id, participant_id, name, meter_type, direction, settles, is_virtual FROM meters ORDER BY id');
  const versions = await db.all<{
    meter_id: string;
    version_id: number;
    effective_from: string;
    effective_to: string | null;
    use_json: string;
  }>(
    'SELECT meter_id, version_id, effective_from, effective_to, use_json FROM meter_use_versions ORDER BY meter_id, version_id',
  );
  const members = await db.all<{ group_id: string; meter_id: string }>(
    'SELECT group_id, meter_id FROM meter_group_members ORDER BY group_id, meter_id',
  );
  const groups = (
    await db.all<{ id: string; name: string }>('SELECT id, name FROM meter_groups ORDER BY id')
  ).map((g) =>
    MeterGroup.parse({ ...g, meterIds: members.filter((m) => m.group_id === g.id).map((m) => m.meter_id) }),
  );
  return {
    virtual: meters
      .filter((m) => m.is_virtual === 1)
      .map((m) => ({
        id: m.id,
        participantId: m.participant_id,
        ...(m.name ? { name: m.name } : {}),
        meterType: m.meter_type,
        direction: m.direction,
        settles: m.settles === 1,
        versions: versions
          .filter((v) => v.meter_id === m.id)
          .map((v) => ({
            versionId: v.version_id,
            effectiveFrom: v.effective_from,
            ...(v.effective_to ? { effectiveTo: v.effective_to } : {}),
            use: UseDefinition.parse(JSON.parse(v.use_json)),
          })),
      })),
    groups,
    physical: meters
      .filter((m) => m.is_virtual === 0)
      .map((m) => ({ id: m.id, settles: m.settles === 1, participantId: m.participant_id })),
  };
}

export async function writeVirtualMeter(tx: WriteTransaction, meter: VirtualMeter): Promise<void> {
  await tx.run(
    `INSERT INTO meters (id, participant_id, name, meter_type, direction, is_virtual, settles)
     VALUES (?, ?, ?, ?, ?, 1, ?)
     ON CONFLICT (id) DO UPDATE SET participant_id = excluded.participant_id, name = excluded.name,
       meter_type = excluded.meter_type, direction = excluded.direction, settles = excluded.settles`,
    [
      meter.id,
      meter.participantId,
      meter.name ?? null,
      meter.meterType,
      meter.direction,
      meter.settles ? 1 : 0,
    ],
  );
  await tx.run('DELETE FROM meter_use_versions WHERE meter_id = ?', [meter.id]);
  for (const v of meter.versions)
    await tx.run(
      'INSERT INTO meter_use_versions (meter_id, version_id, effective_from, effective_to, use_json) VALUES (?, ?, ?, ?, ?)',
      [meter.id, v.versionId, v.effectiveFrom, v.effectiveTo ?? null, JSON.stringify(v.use)],
    );
}

export async function writeMeterGroup(tx: WriteTransaction, group: MeterGroup): Promise<void> {
  await tx.run(
    'INSERT INTO meter_groups (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name',
    [group.id, group.name],
  );
  await tx.run('DELETE FROM meter_group_members WHERE group_id = ?', [group.id]);
  for (const id of new Set(group.meterIds))
    await tx.run('INSERT INTO meter_group_members (group_id, meter_id) VALUES (?, ?)', [group.id, id]);
}

/** Removes a virtual meter and its versions (a physical meter of that id is left alone). */
export async function deleteVirtualMeter(tx: WriteTransaction, meterId: string): Promise<void> {
  await tx.run('DELETE FROM meter_use_versions WHERE meter_id = ?', [meterId]);
  await tx.run('DELETE FROM meters WHERE id = ? AND is_virtual = 1', [meterId]);
}

/** How many settlement runs name this meter (its id, quoted, anywhere in their manifest). */
export async function countRunsNamingMeter(db: Pick<Store, 'get'>, meterId: string): Promise<number> {
  const row = await db.get<{ n: number }>(
    "SELECT COUNT(*) AS n FROM settlement_runs WHERE manifest_json LIKE '%' || ? || '%'",
    [`"${meterId}"`],
  );
  return row?.n ?? 0;
}
