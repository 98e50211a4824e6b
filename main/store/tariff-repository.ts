/**
 * Tariffs and accounts as stored: a tariff is its JSON (validated on the way in and out); an
 * account names its participant and tariff, and is listed with its intervalizations' progress.
 * A tariff is checked whole before it is saved (main/engine/tariff-check.ts).
 */
import { Tariff } from '../../shared/tariff';

import { registerCodes } from './code-numbers';
import type { Store, WriteTransaction } from './store';

export interface StoredTariff {
  tariff: Tariff;
  source: 'json' | 'urdb';
  unsupported: string[];
  savedUtc: number;
}

export async function readTariffs(db: Store): Promise<StoredTariff[]> {
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

export async function readTariff(db: Store, masterTariffId: string): Promise<Tariff | null> {
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

/** Saves a tariff in a write of its own (writeTariff's arguments); check it first (main/engine/tariff-check.ts). */
export async function saveTariff(
  db: Store,
  tariff: Tariff,
  source: 'json' | 'urdb',
  unsupported?: string[],
  preferredIds?: { tariff?: number; versions?: Record<string, number>; rates?: Record<string, number> },
): Promise<void> {
  await db.write((tx) => writeTariff(tx, tariff, source, unsupported, preferredIds));
}

export interface AccountRow {
  id: string;
  participant_id: string | null;
  master_tariff_id: string | null;
  name: string | null;
}

export async function readAccount(db: Store, id: string): Promise<AccountRow | undefined> {
  return db.get<AccountRow>('SELECT id, participant_id, master_tariff_id, name FROM accounts WHERE id = ?', [
    id,
  ]);
}

/** The ids of the participant's physical electricity consumption meters. */
export async function consumptionMeterIds(db: Store, participantId: string): Promise<string[]> {
  const meters = await db.all<{ id: string }>(
    "SELECT id FROM meters WHERE participant_id = ? AND direction = 'consumption' AND commodity = 'electricity' AND is_virtual = 0",
    [participantId],
  );
  return meters.map((m) => m.id);
}

export interface AccountListRow {
  id: string;
  participant_id: string | null;
  master_tariff_id: string | null;
  name: string | null;
  account_number: string | null;
  utility: string | null;
  load_zone: string | null;
  status: 'active' | 'inactive';
  /** How many summary usages the account has. */
  usages: number;
  /** Its latest intervalization's status and progress (periods done/periods). */
  latest: string | null;
  progress: string | null;
}

/** Every account, by id, with its usages counted and its latest intervalization. */
export async function listAccounts(db: Store): Promise<AccountListRow[]> {
  return db.all<AccountListRow>(
    `SELECT a.id, a.participant_id, a.master_tariff_id, a.name, a.account_number, a.utility, a.load_zone, a.status,
              (SELECT COUNT(*) FROM account_summary_usages u WHERE u.account_id = a.id) AS usages,
              (SELECT status FROM intervalizations i WHERE i.account_id = a.id ORDER BY id DESC LIMIT 1) AS latest,
              (SELECT periods_done || '/' || periods FROM intervalizations i WHERE i.account_id = a.id ORDER BY id DESC LIMIT 1) AS progress
         FROM accounts a ORDER BY a.id`,
  );
}

/** Saves account `id` (its participant, tariff and name), created or updated. */
export async function saveAccount(tx: WriteTransaction, account: AccountRow): Promise<void> {
  await tx.run(
    `INSERT INTO accounts (id, participant_id, master_tariff_id, name) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET participant_id = excluded.participant_id, master_tariff_id = excluded.master_tariff_id, name = excluded.name`,
    [account.id, account.participant_id, account.master_tariff_id, account.name],
  );
}
