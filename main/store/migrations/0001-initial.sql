-- Energy Ledger workspace schema, version 1.
-- Units live in column names: energy in integer milli-watt-hours (energy_milliwh),
-- prices and money as exact decimal text (price_per_kwh, amount), instants as
-- integer seconds since the Unix epoch in UTC (*_utc), local days as 'YYYY-MM-DD'
-- text in the workspace's market timezone (effective_from, effective_to).

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE participants (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('consumer', 'prosumer'))
) WITHOUT ROWID;

CREATE TABLE meters (
  id TEXT PRIMARY KEY,
  participant_id TEXT NOT NULL REFERENCES participants (id),
  name TEXT,
  meter_type INTEGER NOT NULL DEFAULT 1 CHECK (meter_type >= 1),
  direction TEXT NOT NULL CHECK (direction IN ('consumption', 'generation')),
  is_virtual INTEGER NOT NULL DEFAULT 0 CHECK (is_virtual IN (0, 1)),
  settles INTEGER NOT NULL DEFAULT 1 CHECK (settles IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX meters_by_participant ON meters (participant_id);

-- Every file that reached the workspace, whether it landed or was rejected.
CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('workspace', 'readings', 'market-prices')),
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  imported_utc INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('stored', 'rejected', 'unchanged')),
  rows_read INTEGER NOT NULL DEFAULT 0,
  rows_stored INTEGER NOT NULL DEFAULT 0,
  report_json TEXT NOT NULL
);

-- Interval data (5, 15, 30 or 60 minutes). Summary usage (a day or longer) is
-- kept apart and turned hourly only by intervalization.
CREATE TABLE readings (
  meter_id TEXT NOT NULL REFERENCES meters (id),
  start_utc INTEGER NOT NULL,
  end_utc INTEGER NOT NULL,
  energy_milliwh INTEGER NOT NULL,
  is_estimated INTEGER NOT NULL DEFAULT 0 CHECK (is_estimated IN (0, 1)),
  import_id INTEGER REFERENCES imports (id),
  PRIMARY KEY (meter_id, start_utc),
  CHECK (start_utc < end_utc),
  CHECK (end_utc - start_utc IN (300, 900, 1800, 3600)),
  CHECK (start_utc % 300 = 0)
) WITHOUT ROWID;

CREATE TABLE summary_readings (
  meter_id TEXT NOT NULL REFERENCES meters (id),
  start_utc INTEGER NOT NULL,
  end_utc INTEGER NOT NULL,
  energy_milliwh INTEGER NOT NULL,
  is_estimated INTEGER NOT NULL DEFAULT 0 CHECK (is_estimated IN (0, 1)),
  import_id INTEGER REFERENCES imports (id),
  PRIMARY KEY (meter_id, start_utc),
  CHECK (end_utc - start_utc >= 86400 - 3600)
) WITHOUT ROWID;

CREATE TABLE pools (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE pool_versions (
  pool_id TEXT NOT NULL REFERENCES pools (id) ON DELETE CASCADE,
  effective_from TEXT NOT NULL,
  allocation_key TEXT NOT NULL CHECK (allocation_key IN ('prorata', 'priority', 'static')),
  PRIMARY KEY (pool_id, effective_from)
) WITHOUT ROWID;

CREATE TABLE pool_members (
  pool_id TEXT NOT NULL REFERENCES pools (id) ON DELETE CASCADE,
  participant_id TEXT NOT NULL REFERENCES participants (id),
  position INTEGER NOT NULL,
  effective_from TEXT NOT NULL,
  effective_to TEXT,
  priority_rank INTEGER CHECK (priority_rank IS NULL OR priority_rank >= 1),
  static_share TEXT,
  PRIMARY KEY (pool_id, position),
  CHECK (effective_to IS NULL OR effective_to >= effective_from)
) WITHOUT ROWID;

CREATE TABLE offer_plans (
  id TEXT PRIMARY KEY,
  participant_id TEXT NOT NULL REFERENCES participants (id),
  plan_name TEXT NOT NULL,
  provider_name TEXT NOT NULL,
  energy_type TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE offer_plan_versions (
  offer_plan_id TEXT NOT NULL REFERENCES offer_plans (id) ON DELETE CASCADE,
  effective_from TEXT NOT NULL,
  price_per_kwh TEXT NOT NULL,
  sells_leftovers_to_market INTEGER NOT NULL CHECK (sells_leftovers_to_market IN (0, 1)),
  market_floor_price_per_kwh TEXT NOT NULL,
  feed_in_price_per_kwh TEXT NOT NULL,
  PRIMARY KEY (offer_plan_id, effective_from)
) WITHOUT ROWID;

CREATE TABLE utility_plans (
  id TEXT PRIMARY KEY,
  provider_name TEXT NOT NULL,
  plan_name TEXT NOT NULL,
  energy_type TEXT NOT NULL
) WITHOUT ROWID;

-- rate_json: {"type":"flat","pricePerKwh":"4.2"} or {"type":"tou","hourlyPricesPerKwh":[24 decimal strings]}.
-- The full tariff engine (seed 001) will add its own tables beside this.
CREATE TABLE utility_plan_versions (
  utility_plan_id TEXT NOT NULL REFERENCES utility_plans (id) ON DELETE CASCADE,
  effective_from TEXT NOT NULL,
  rate_json TEXT NOT NULL,
  PRIMARY KEY (utility_plan_id, effective_from)
) WITHOUT ROWID;

CREATE TABLE utility_plan_assignments (
  participant_id TEXT NOT NULL REFERENCES participants (id),
  utility_plan_id TEXT NOT NULL REFERENCES utility_plans (id),
  effective_from TEXT NOT NULL,
  PRIMARY KEY (participant_id, effective_from)
) WITHOUT ROWID;

CREATE TABLE market_prices (
  price_zone TEXT NOT NULL,
  start_utc INTEGER NOT NULL,
  end_utc INTEGER NOT NULL,
  price_per_kwh TEXT NOT NULL,
  import_id INTEGER REFERENCES imports (id),
  PRIMARY KEY (price_zone, start_utc),
  CHECK (end_utc - start_utc = 3600)
) WITHOUT ROWID;

-- A settlement run is never edited: a re-run with another identity is a new row.
CREATE TABLE settlement_runs (
  id INTEGER PRIMARY KEY,
  identity TEXT NOT NULL,
  period_start_utc INTEGER NOT NULL,
  period_end_utc INTEGER NOT NULL,
  period_label TEXT NOT NULL,
  engine_version TEXT NOT NULL,
  options_json TEXT NOT NULL,
  manifest_json TEXT NOT NULL,
  created_utc INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('published', 'refused', 'superseded')),
  message TEXT,
  CHECK (period_start_utc < period_end_utc)
);
CREATE INDEX settlement_runs_by_period ON settlement_runs (period_label, id);

-- kind: traded (generator → consumer), open_market, unsold (generator only), grid (consumer only).
CREATE TABLE settlement_lines (
  run_id INTEGER NOT NULL REFERENCES settlement_runs (id),
  hour_start_utc INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('traded', 'open_market', 'unsold', 'grid')),
  generator_id TEXT,
  consumer_id TEXT,
  meter_type INTEGER NOT NULL,
  energy_milliwh INTEGER NOT NULL CHECK (energy_milliwh >= 0),
  price_per_kwh TEXT NOT NULL,
  cost TEXT NOT NULL,
  has_gap INTEGER NOT NULL DEFAULT 0 CHECK (has_gap IN (0, 1))
);
CREATE INDEX settlement_lines_by_run_hour ON settlement_lines (run_id, hour_start_utc);

CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  participant_id TEXT NOT NULL REFERENCES participants (id),
  statement_month TEXT NOT NULL,
  paid_on TEXT NOT NULL,
  amount TEXT NOT NULL,
  reference TEXT NOT NULL DEFAULT '',
  recorded_utc INTEGER NOT NULL
);
CREATE INDEX payments_by_participant ON payments (participant_id, statement_month);
