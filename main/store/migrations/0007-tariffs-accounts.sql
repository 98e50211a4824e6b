-- Tariffs (seed 001) as their JSON (shared/tariff.ts), and accounts billed on them.
CREATE TABLE tariffs (
  master_tariff_id TEXT PRIMARY KEY,
  tariff_json TEXT NOT NULL,
  -- Where it came from: 'json' (saved as Energy Ledger's tariff JSON) or 'urdb' (read from a URDB rate).
  source TEXT NOT NULL CHECK (source IN ('json', 'urdb')),
  -- For a URDB rate: the features it has that Energy Ledger does not price (JSON array of names).
  unsupported_json TEXT NOT NULL DEFAULT '[]',
  saved_utc INTEGER NOT NULL
) WITHOUT ROWID;

-- An account: a participant billed on a tariff (seed 002's fields come with the accounts issue).
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  participant_id TEXT NOT NULL REFERENCES participants (id),
  master_tariff_id TEXT NOT NULL REFERENCES tariffs (master_tariff_id),
  name TEXT
) WITHOUT ROWID;
CREATE INDEX accounts_by_participant ON accounts (participant_id);
