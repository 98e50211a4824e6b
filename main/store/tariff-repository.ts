/** Tariffs and accounts as stored: a tariff is its JSON (validated on the way in and out). */
import { Tariff } from '../../shared/tariff';

import { registerCodes } from './code-numbers';
import type { Database, WriteTransaction } from './database';

export interface StoredTariff {
  tariff: Tariff;
  source: 'json' | 'urdb';
  unsupported: string[];
  savedUtc: number;
}

export async function readTariffs(db: Database): Promise<StoredTariff[]> {
  const rows = await db.all<{
    tariff_json: string;
    source: 'json' | 'urdb';
    unsupported_json: string;
    saved_utc: number;
  }>('SELECT tariff_json, source, unsupported_json, saved_utc FROM tariffs ORDER BY master_tariff_id');
  return rows.map((row) => ({
    tariff: Tariff.parse(JSON.parse(row.tariff_json)),
    source: row.source,
    unsupported: JSON.parse(row.unsupported_json) as string[],
    savedUtc: row.saved_utc,
  }));
}

export async function readTariff(db: Database, masterTariffId: string): Promise<Tariff | null> {
  const row = await db.get<{ tariff_json: string }>(
    'SELECT tariff_json FROM tariffs WHERE master_tariff_id = ?',
    [masterTariffId],
  );
  return row ? Tariff.parse(JSON.parse(row.tariff_json)) : null;
}

export async function writeTariff(
  tx: WriteTransaction,
  tariff: Tariff,
  source: 'json' | 'urdb',
  unsupported: string[] = [],
  /** Integer ids the tariff and its rates had elsewhere (a URDB rate's), kept where still free here. */
  preferredIds: { tariff?: number; versions?: Record<string, number>; rates?: Record<string, number> } = {},
): Promise<void> {
  await registerCodes(tx, 'tariff', [
    { code: tariff.masterTariffId, ...(preferredIds.tariff ? { preferred: preferredIds.tariff } : {}) },
  ]);
  await tx.run(
    `INSERT INTO tariffs (master_tariff_id, tariff_json, source, unsupported_json, saved_utc) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (master_tariff_id) DO UPDATE SET tariff_json = excluded.tariff_json, source = excluded.source,
       unsupported_json = excluded.unsupported_json, saved_utc = excluded.saved_utc`,
    [
      tariff.masterTariffId,
      JSON.stringify(tariff),
      source,
      JSON.stringify(unsupported),
      Math.floor(Date.now() / 1000),
    ],
  );
  const versionIds = [...new Set(tariff.versions.map((v) => v.tariffId))].sort();
  await registerCodes(
    tx,
    'tariff_version',
    versionIds.map((id) => {
      const preferred = preferredIds.versions?.[id];
      return { code: id, ...(preferred ? { preferred } : {}) };
    }),
    tariff.masterTariffId,
  );
  const rateIds = [...new Set(tariff.versions.flatMap((v) => v.rates.map((r) => r.tariffRateId)))].sort();
  await registerCodes(
    tx,
    'tariff_rate',
    rateIds.map((id) => {
      const preferred = preferredIds.rates?.[id];
      return { code: id, ...(preferred ? { preferred } : {}) };
    }),
    tariff.masterTariffId,
  );
}

export interface AccountRow {
  id: string;
  participant_id: string | null;
  master_tariff_id: string | null;
  name: string | null;
}

export async function readAccount(db: Database, id: string): Promise<AccountRow | undefined> {
  return db.get<AccountRow>('SELECT id, participant_id, master_tariff_id, name FROM accounts WHERE id = ?', [
    id,
  ]);
}
