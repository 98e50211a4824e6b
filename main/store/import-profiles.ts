/** Saved import profiles (a readings mapping under a name), as stored. */
import type { Store, WriteTransaction } from './store';

export interface ImportProfileRow {
  name: string;
  mapping_json: string;
  saved_utc: number;
}

/** Every saved profile, by name. */
export async function listImportProfiles(db: Store): Promise<ImportProfileRow[]> {
  return db.all<ImportProfileRow>('SELECT name, mapping_json, saved_utc FROM import_profiles ORDER BY name');
}

/** Saves (or replaces) the profile `name`. */
export async function saveImportProfile(
  tx: WriteTransaction,
  name: string,
  mapping: unknown,
  savedUtc: number,
): Promise<void> {
  await tx.run('INSERT OR REPLACE INTO import_profiles (name, mapping_json, saved_utc) VALUES (?, ?, ?)', [
    name,
    JSON.stringify(mapping),
    savedUtc,
  ]);
}
