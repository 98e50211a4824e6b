-- Virtual meters (seed 003): meters whose use is defined, version by version, from other
-- meters (meters.is_virtual = 1), and named meter groups.

CREATE TABLE meter_groups (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE meter_group_members (
  group_id TEXT NOT NULL REFERENCES meter_groups (id) ON DELETE CASCADE,
  meter_id TEXT NOT NULL REFERENCES meters (id),
  PRIMARY KEY (group_id, meter_id)
) WITHOUT ROWID;

-- A virtual meter's use definition per version (the seed's versionId), in force over local
-- days [effective_from, effective_to); use_json holds one of readingsFromChannel,
-- copyUseFromMeter, fixedAmount or useCalculation (shared/virtual-meter.ts).
CREATE TABLE meter_use_versions (
  meter_id TEXT NOT NULL REFERENCES meters (id) ON DELETE CASCADE,
  version_id INTEGER NOT NULL CHECK (version_id >= 1),
  effective_from TEXT NOT NULL,
  effective_to TEXT,
  use_json TEXT NOT NULL,
  PRIMARY KEY (meter_id, version_id)
) WITHOUT ROWID;
