-- Accounts as seed 002 describes them, the reference data they are checked
-- against, load profiles, intervalization of summary usages, and the price
-- components of shadow prices.

-- Reference data a user edits: utilities and, per utility, its load zones, rate
-- classes, voltages and the load profiles its accounts may use.
CREATE TABLE utilities (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE utility_reference (
  utility TEXT NOT NULL REFERENCES utilities (code) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('load_zone', 'rate_class', 'voltage', 'load_profile')),
  code TEXT NOT NULL,
  PRIMARY KEY (utility, kind, code)
) WITHOUT ROWID;

-- A normalized hourly load shape: a year of 8,760 weights by position (hour 0 =
-- local 1 January 00:00), or typical days (24 weights for each month and
-- weekday / weekend day). Weights are exact decimal text in a JSON array.
CREATE TABLE load_profiles (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  shape TEXT NOT NULL CHECK (shape IN ('year', 'typical-days')),
  weights_json TEXT NOT NULL,
  source TEXT NOT NULL,
  saved_utc INTEGER NOT NULL
) WITHOUT ROWID;

-- Accounts: issue 7's (participant, tariff) now optional, with seed 002's fields.
CREATE TABLE accounts_new (
  id TEXT PRIMARY KEY,
  participant_id TEXT REFERENCES participants (id),
  master_tariff_id TEXT REFERENCES tariffs (master_tariff_id),
  name TEXT,
  -- The meter whose empty hours the account's estimated (intervalized) readings fill.
  meter_id TEXT REFERENCES meters (id),
  account_number TEXT,
  location TEXT,
  city TEXT,
  state TEXT,
  load_zone TEXT,
  utility TEXT,
  load_profile TEXT,
  rate_class TEXT,
  voltage TEXT,
  rep TEXT,
  flow_start TEXT,
  flow_end TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  created_utc INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO accounts_new (id, participant_id, master_tariff_id, name)
  SELECT id, participant_id, master_tariff_id, name FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;
CREATE INDEX accounts_by_participant ON accounts (participant_id);

-- Summary usages: kWh over inclusive local dates, in mWh.
CREATE TABLE account_summary_usages (
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  volume_milliwh INTEGER NOT NULL CHECK (volume_milliwh >= 0),
  PRIMARY KEY (account_id, starts_on),
  CHECK (starts_on <= ends_on)
) WITHOUT ROWID;

-- Capacity and transmission tags: kW over inclusive dates, no overlap per kind.
CREATE TABLE account_tags (
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('capacity', 'transmission')),
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  value_kw TEXT NOT NULL,
  PRIMARY KEY (account_id, kind, start_date),
  CHECK (start_date <= end_date)
) WITHOUT ROWID;

-- Each intervalization of an account is kept: a run settled on its estimates
-- names it, so changing the usages or the profile never rewrites the past.
CREATE TABLE intervalizations (
  id INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('awaiting_intervalization', 'intervalizing', 'intervalized', 'intervalization_error')),
  error TEXT,
  -- sha256 of what it was made from (usages, profile weights, meter, zone).
  inputs_sha256 TEXT NOT NULL,
  profile_code TEXT,
  meter_id TEXT,
  periods INTEGER NOT NULL DEFAULT 0,
  periods_done INTEGER NOT NULL DEFAULT 0,
  readings INTEGER NOT NULL DEFAULT 0,
  metered_hours INTEGER NOT NULL DEFAULT 0,
  started_utc INTEGER NOT NULL,
  finished_utc INTEGER
);
CREATE INDEX intervalizations_by_account ON intervalizations (account_id, id);

-- Estimated hourly readings of an intervalization (hours without metered data).
CREATE TABLE estimated_readings (
  intervalization_id INTEGER NOT NULL REFERENCES intervalizations (id) ON DELETE CASCADE,
  start_utc INTEGER NOT NULL,
  energy_milliwh INTEGER NOT NULL CHECK (energy_milliwh >= 0),
  PRIMARY KEY (intervalization_id, start_utc)
) WITHOUT ROWID;

-- The components of imported shadow prices (seed 002); their exact sum, per kWh,
-- is the hour's market price in market_prices (same zone, hour and import).
CREATE TABLE shadow_price_components (
  price_zone TEXT NOT NULL,
  start_utc INTEGER NOT NULL,
  components_json TEXT NOT NULL,
  total_price_per_mwh TEXT NOT NULL,
  import_id INTEGER NOT NULL REFERENCES imports (id),
  -- Kept per import, so undoing a replacing import finds the components it superseded.
  PRIMARY KEY (price_zone, start_utc, import_id)
) WITHOUT ROWID;
