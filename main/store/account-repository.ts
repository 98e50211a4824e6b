/**
 * Accounts (seed 002), their summary usages and tags, the reference data they
 * are checked against (and whether a tariff they name exists), load profiles,
 * and intervalizations with their estimated readings (queued, progressed,
 * finished or failed by main/accounts/intervalization.ts), as stored in the
 * workspace.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { AccountDto, IntervalizationStatus, ReferenceData } from '../../shared/account';
import type { LoadProfileWeights } from '../engine/intervalize';
import { shippedDataFolder } from '../shipped-data';

import type { Store, WriteTransaction } from './store';

export interface AccountRecord {
  id: string;
  participant_id: string | null;
  master_tariff_id: string | null;
  name: string | null;
  meter_id: string | null;
  account_number: string | null;
  location: string | null;
  city: string | null;
  state: string | null;
  load_zone: string | null;
  utility: string | null;
  load_profile: string | null;
  rate_class: string | null;
  voltage: string | null;
  rep: string | null;
  flow_start: string | null;
  flow_end: string | null;
  status: 'active' | 'inactive';
  created_utc: number;
}

export const ACCOUNT_COLUMNS = [
  'id',
  'participant_id',
  'master_tariff_id',
  'name',
  'meter_id',
  'account_number',
  'location',
  'city',
  'state',
  'load_zone',
  'utility',
  'load_profile',
  'rate_class',
  'voltage',
  'rep',
  'flow_start',
  'flow_end',
  'status',
  'created_utc',
] as const;

export async function readAccountRecord(db: Store, id: string): Promise<AccountRecord | undefined> {
  return db.get<AccountRecord>(`SELECT ${ACCOUNT_COLUMNS.join(', ')} FROM accounts WHERE id = ?`, [id]);
}

export async function readAccountRecords(db: Store): Promise<AccountRecord[]> {
  return db.all<AccountRecord>(`SELECT ${ACCOUNT_COLUMNS.join(', ')} FROM accounts ORDER BY id`);
}

export async function writeAccountRecord(tx: WriteTransaction, record: AccountRecord): Promise<void> {
  const columns = ACCOUNT_COLUMNS;
  await tx.run(
    `INSERT INTO accounts (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
     ON CONFLICT (id) DO UPDATE SET ${columns
       .filter((c) => c !== 'id')
       .map((c) => `${c} = excluded.${c}`)
       .join(', ')}`,
    columns.map((c) => record[c]),
  );
}

export interface StoredUsage {
  starts_on: string;
  ends_on: string;
  volume_milliwh: number;
}
export interface StoredTag {
  kind: 'capacity' | 'transmission';
  start_date: string;
  end_date: string;
  value_kw: string;
}

export async function readUsages(db: Store, accountId: string): Promise<StoredUsage[]> {
  return db.all<StoredUsage>(
    'SELECT starts_on, ends_on, volume_milliwh FROM account_summary_usages WHERE account_id = ? ORDER BY starts_on',
    [accountId],
  );
}

export async function readTags(db: Store, accountId: string): Promise<StoredTag[]> {
  return db.all<StoredTag>(
    'SELECT kind, start_date, end_date, value_kw FROM account_tags WHERE account_id = ? ORDER BY kind, start_date',
    [accountId],
  );
}

export async function replaceUsages(tx: WriteTransaction, accountId: string, usages: StoredUsage[]) {
  await tx.run('DELETE FROM account_summary_usages WHERE account_id = ?', [accountId]);
  for (const u of usages)
    await tx.run(
      'INSERT INTO account_summary_usages (account_id, starts_on, ends_on, volume_milliwh) VALUES (?, ?, ?, ?)',
      [accountId, u.starts_on, u.ends_on, u.volume_milliwh],
    );
}

export async function replaceTags(
  tx: WriteTransaction,
  accountId: string,
  kind: StoredTag['kind'],
  tags: StoredTag[],
) {
  await tx.run('DELETE FROM account_tags WHERE account_id = ? AND kind = ?', [accountId, kind]);
  for (const t of tags)
    await tx.run(
      'INSERT INTO account_tags (account_id, kind, start_date, end_date, value_kw) VALUES (?, ?, ?, ?, ?)',
      [accountId, kind, t.start_date, t.end_date, t.value_kw],
    );
}

// ------------------------------------------------------------------ reference data

export async function readReference(db: Store): Promise<ReferenceData> {
  const utilities = await db.all<{ code: string; name: string }>(
    'SELECT code, name FROM utilities ORDER BY code',
  );
  const rows = await db.all<{ utility: string; kind: string; code: string }>(
    'SELECT utility, kind, code FROM utility_reference ORDER BY utility, kind, code',
  );
  return {
    utilities: utilities.map((u) => {
      const of = (kind: string) =>
        rows.filter((r) => r.utility === u.code && r.kind === kind).map((r) => r.code);
      return {
        code: u.code,
        name: u.name,
        load_zones: of('load_zone'),
        rate_classes: of('rate_class'),
        voltages: of('voltage'),
        load_profiles: of('load_profile'),
      };
    }),
  };
}

export async function writeReference(tx: WriteTransaction, reference: ReferenceData): Promise<void> {
  await tx.run('DELETE FROM utility_reference');
  await tx.run('DELETE FROM utilities');
  for (const u of reference.utilities) {
    await tx.run('INSERT INTO utilities (code, name) VALUES (?, ?)', [u.code, u.name]);
    const lists: [string, string[]][] = [
      ['load_zone', u.load_zones],
      ['rate_class', u.rate_classes],
      ['voltage', u.voltages],
      ['load_profile', u.load_profiles],
    ];
    for (const [kind, codes] of lists)
      for (const code of new Set(codes))
        await tx.run('INSERT INTO utility_reference (utility, kind, code) VALUES (?, ?, ?)', [
          u.code,
          kind,
          code,
        ]);
  }
}

/** Whether a tariff with this master tariff id is stored (an account's `master_tariff_id` names one). */
export async function tariffExists(db: Store, masterTariffId: string): Promise<boolean> {
  const row = await db.get('SELECT master_tariff_id FROM tariffs WHERE master_tariff_id = ?', [
    masterTariffId,
  ]);
  return row !== undefined;
}

// ------------------------------------------------------------------ load profiles

export interface StoredProfile extends LoadProfileWeights {
  code: string;
  name: string;
  source: string;
}

/** The openly licensed profiles shipped in data/load-profiles (NREL, Apache 2.0), by code. */
export const SHIPPED_PROFILES: Record<string, { file: string; name: string }> = {
  'SF-MidriseApartment': {
    file: 'crb8760_norm_SanFrancisco_MidriseApartment.dat',
    name: 'Mid-rise apartment block (San Francisco)',
  },
  'SF-PrimarySchool': {
    file: 'crb8760_norm_SanFrancisco_PrimarySchool.dat',
    name: 'Primary school (San Francisco)',
  },
  'SF-RetailStore': {
    file: 'crb8760_norm_SanFrancisco_RetailStore.dat',
    name: 'Stand-alone retail (San Francisco)',
  },
  'SF-SmallOffice': {
    file: 'crb8760_norm_SanFrancisco_SmallOffice.dat',
    name: 'Small office (San Francisco)',
  },
  'SF-Supermarket': {
    file: 'crb8760_norm_SanFrancisco_Supermarket.dat',
    name: 'Supermarket (San Francisco)',
  },
  'SF-Warehouse': { file: 'crb8760_norm_SanFrancisco_Warehouse.dat', name: 'Warehouse (San Francisco)' },
};

const SHIPPED_SOURCE =
  'U.S. DOE commercial reference building, NREL REopt.jl data/load_profiles/electric (Apache License 2.0); see data/load-profiles/README.md';

/** Copies the shipped profiles into the workspace (once), so intervalizations read them from the file itself. */
export async function ensureShippedProfiles(db: Store): Promise<void> {
  const have = new Set(
    (await db.all<{ code: string }>('SELECT code FROM load_profiles')).map((row) => row.code),
  );
  const missing = Object.entries(SHIPPED_PROFILES).filter(([code]) => !have.has(code));
  if (missing.length === 0) return;
  const folder = shippedDataFolder('load-profiles');
  await db.write(async (tx) => {
    for (const [code, { file, name }] of missing) {
      const weights = readFileSync(path.join(folder, file), 'utf8').split(/\s+/).filter(Boolean);
      await tx.run(
        'INSERT OR IGNORE INTO load_profiles (code, name, shape, weights_json, source, saved_utc) VALUES (?, ?, ?, ?, ?, ?)',
        [code, name, 'year', JSON.stringify(weights), SHIPPED_SOURCE, Math.floor(Date.now() / 1000)],
      );
    }
  });
}

export async function readProfile(db: Store, code: string): Promise<StoredProfile | null> {
  const row = await db.get<{
    code: string;
    name: string;
    shape: 'year' | 'typical-days';
    weights_json: string;
    source: string;
  }>('SELECT code, name, shape, weights_json, source FROM load_profiles WHERE code = ?', [code]);
  return row
    ? {
        code: row.code,
        name: row.name,
        shape: row.shape,
        weights: JSON.parse(row.weights_json) as string[],
        source: row.source,
      }
    : null;
}

export async function listProfiles(
  db: Store,
): Promise<{ code: string; name: string; shape: string; source: string; weights: number }[]> {
  return db.all(
    'SELECT code, name, shape, source, json_array_length(weights_json) AS weights FROM load_profiles ORDER BY code',
  );
}

/** Stores a load profile (its weights as given), replacing one of the same code. */
export async function saveLoadProfile(
  tx: WriteTransaction,
  profile: { code: string; name: string; shape: string; weights: string[]; source: string },
  savedUtc: number,
): Promise<void> {
  await tx.run(
    `INSERT INTO load_profiles (code, name, shape, weights_json, source, saved_utc) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, shape = excluded.shape, weights_json = excluded.weights_json,
           source = excluded.source, saved_utc = excluded.saved_utc`,
    [profile.code, profile.name, profile.shape, JSON.stringify(profile.weights), profile.source, savedUtc],
  );
}

// ------------------------------------------------------------------ intervalizations

export interface IntervalizationRow {
  id: number;
  account_id: string;
  status: Exclude<IntervalizationStatus, 'usageless'>;
  error: string | null;
  inputs_sha256: string;
  profile_code: string | null;
  meter_id: string | null;
  periods: number;
  periods_done: number;
  readings: number;
  metered_hours: number;
  started_utc: number;
  finished_utc: number | null;
}

export async function latestIntervalization(
  db: Store,
  accountId: string,
): Promise<IntervalizationRow | undefined> {
  return db.get<IntervalizationRow>(
    'SELECT * FROM intervalizations WHERE account_id = ? ORDER BY id DESC LIMIT 1',
    [accountId],
  );
}

/**
 * The active accounts with a meter and summary usages, by id: of every meter, or (`meterIds`
 * given) of these meters only.
 */
export async function activeMeteredAccountIds(db: Store, meterIds?: readonly string[]): Promise<string[]> {
  const rows = await db.all<{ id: string }>(
    `SELECT a.id FROM accounts a WHERE a.meter_id IS NOT NULL AND a.status = 'active'
       AND EXISTS (SELECT 1 FROM account_summary_usages u WHERE u.account_id = a.id)
       ${meterIds ? `AND a.meter_id IN (SELECT value FROM json_each(?))` : ''} ORDER BY a.id`,
    meterIds ? [JSON.stringify(meterIds)] : [],
  );
  return rows.map((row) => row.id);
}

/** Stores a new intervalization `awaiting_intervalization`; returns its id. */
export async function queueIntervalizationRow(
  tx: WriteTransaction,
  row: Pick<
    IntervalizationRow,
    'account_id' | 'inputs_sha256' | 'profile_code' | 'meter_id' | 'periods' | 'started_utc'
  >,
): Promise<number> {
  const result = await tx.run(
    `INSERT INTO intervalizations (account_id, status, inputs_sha256, profile_code, meter_id, periods, started_utc)
       VALUES (?, 'awaiting_intervalization', ?, ?, ?, ?, ?)`,
    [row.account_id, row.inputs_sha256, row.profile_code, row.meter_id, row.periods, row.started_utc],
  );
  return result.lastID;
}

export async function markIntervalizing(tx: WriteTransaction, id: number): Promise<void> {
  await tx.run("UPDATE intervalizations SET status = 'intervalizing' WHERE id = ?", [id]);
}

/** Stores one period's estimates (hour start, mWh) and the progress made so far. */
export async function storePeriodEstimates(
  tx: WriteTransaction,
  id: number,
  estimates: readonly { startUtc: number; energyMilliWh: number }[],
  progress: { periodsDone: number; readings: number; meteredHours: number },
): Promise<void> {
  for (const e of estimates)
    await tx.run(
      'INSERT INTO estimated_readings (intervalization_id, start_utc, energy_milliwh) VALUES (?, ?, ?)',
      [id, e.startUtc, e.energyMilliWh],
    );
  await tx.run('UPDATE intervalizations SET periods_done = ?, readings = ?, metered_hours = ? WHERE id = ?', [
    progress.periodsDone,
    progress.readings,
    progress.meteredHours,
    id,
  ]);
}

export async function markIntervalized(tx: WriteTransaction, id: number, finishedUtc: number): Promise<void> {
  await tx.run("UPDATE intervalizations SET status = 'intervalized', finished_utc = ? WHERE id = ?", [
    finishedUtc,
    id,
  ]);
}

/** Drops an intervalization's estimates and records why it failed. */
export async function markIntervalizationFailed(
  tx: WriteTransaction,
  id: number,
  error: string,
  finishedUtc: number,
): Promise<void> {
  await tx.run('DELETE FROM estimated_readings WHERE intervalization_id = ?', [id]);
  await tx.run(
    "UPDATE intervalizations SET status = 'intervalization_error', error = ?, readings = 0, finished_utc = ? WHERE id = ?",
    [error, finishedUtc, id],
  );
}

/** The latest finished (intervalized) intervalization of each account whose estimates fill `meterId`. */
export async function estimatesForMeter(
  db: Store,
  meterId: string,
  start: number,
  end: number,
): Promise<
  { intervalizationId: number; accountId: string; inputsSha256: string; hours: Map<number, number> }[]
> {
  const sets = await db.all<{ id: number; account_id: string; inputs_sha256: string }>(
    `SELECT i.id, i.account_id, i.inputs_sha256 FROM accounts a
       JOIN intervalizations i ON i.id = (SELECT MAX(id) FROM intervalizations WHERE account_id = a.id AND status = 'intervalized')
     WHERE a.meter_id = ? AND a.status = 'active' ORDER BY a.id`,
    [meterId],
  );
  const out = [];
  for (const set of sets) {
    const rows = await db.all<{ start_utc: number; energy_milliwh: number }>(
      'SELECT start_utc, energy_milliwh FROM estimated_readings WHERE intervalization_id = ? AND start_utc >= ? AND start_utc < ?',
      [set.id, start, end],
    );
    if (rows.length === 0) continue;
    out.push({
      intervalizationId: set.id,
      accountId: set.account_id,
      inputsSha256: set.inputs_sha256,
      hours: new Map(rows.map((r) => [r.start_utc, r.energy_milliwh])),
    });
  }
  return out;
}

/** The account's latest intervalized estimates in [start, end), by hour start. */
export async function estimatesForAccount(
  db: Store,
  accountId: string,
  start: number,
  end: number,
): Promise<Map<number, number>> {
  const rows = await db.all<{ start_utc: number; energy_milliwh: number }>(
    `SELECT start_utc, energy_milliwh FROM estimated_readings WHERE intervalization_id =
       (SELECT MAX(id) FROM intervalizations WHERE account_id = ? AND status = 'intervalized')
       AND start_utc >= ? AND start_utc < ?`,
    [accountId, start, end],
  );
  return new Map(rows.map((r) => [r.start_utc, r.energy_milliwh]));
}

export type { AccountDto };
