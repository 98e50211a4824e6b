-- Import machinery: undo, superseded readings, saved mappings.

-- An import removed by the user (energy-ledger imports remove ID). Its readings are gone; the
-- readings it had superseded came back. The log entry stays, so the history is complete.
CREATE TABLE import_removals (
  import_id INTEGER PRIMARY KEY REFERENCES imports (id),
  removed_utc INTEGER NOT NULL,
  affected_runs_json TEXT NOT NULL
);

-- Readings replaced by a later import (--on-conflict replace) are kept here, never deleted, so a
-- run settled on them stays reproducible, and removing the replacing import brings them back.
CREATE TABLE superseded_readings (
  meter_id TEXT NOT NULL REFERENCES meters (id),
  start_utc INTEGER NOT NULL,
  end_utc INTEGER NOT NULL,
  energy_milliwh INTEGER NOT NULL,
  is_estimated INTEGER NOT NULL,
  import_id INTEGER REFERENCES imports (id),
  superseded_by_import_id INTEGER NOT NULL REFERENCES imports (id),
  superseded_utc INTEGER NOT NULL
);
CREATE INDEX superseded_readings_by_import ON superseded_readings (superseded_by_import_id);

-- Named mappings (column roles, layout, timezone, units, number format) saved for the next file
-- from the same source.
CREATE TABLE import_profiles (
  name TEXT PRIMARY KEY,
  mapping_json TEXT NOT NULL,
  saved_utc INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX readings_by_import ON readings (import_id);
CREATE INDEX imports_by_hash ON imports (sha256, status);
