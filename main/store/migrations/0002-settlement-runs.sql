-- Settlement runs, their hourly lines and the aggregates the views read.
-- Replaces the placeholder tables of 0001, which no release ever wrote to.
DROP TABLE settlement_lines;
DROP TABLE settlement_runs;

-- One computation of one local month. Never edited: a re-run with another identity is a new row.
-- identity = sha256 of the engine version, the options and the content of every input used
-- (manifest_json.inputs); the manifest also names the imports and plan versions those inputs came from.
CREATE TABLE settlement_runs (
  id INTEGER PRIMARY KEY,
  month TEXT NOT NULL,
  identity TEXT NOT NULL,
  period_start_utc INTEGER NOT NULL,
  period_end_utc INTEGER NOT NULL,
  engine_version TEXT NOT NULL,
  options_json TEXT NOT NULL,
  manifest_json TEXT NOT NULL,
  created_utc INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('published', 'refused')),
  message TEXT NOT NULL DEFAULT '',
  line_count INTEGER NOT NULL DEFAULT 0,
  CHECK (period_start_utc < period_end_utc)
);
CREATE INDEX settlement_runs_by_month ON settlement_runs (month, status, id);

-- Every hourly line: traded (generator → consumer), open_market and unsold (generator), grid (consumer).
-- cost_ten_thousandths: the line's cost in 1/10,000 of the workspace currency, rounded half away from zero.
CREATE TABLE settlement_lines (
  run_id INTEGER NOT NULL REFERENCES settlement_runs (id),
  hour_start_utc INTEGER NOT NULL,
  meter_type INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('traded', 'open_market', 'unsold', 'grid')),
  generator_id TEXT,
  consumer_id TEXT,
  energy_milliwh INTEGER NOT NULL CHECK (energy_milliwh > 0),
  price_per_kwh TEXT NOT NULL,
  cost_ten_thousandths INTEGER NOT NULL,
  has_gap INTEGER NOT NULL DEFAULT 0 CHECK (has_gap IN (0, 1)),
  CHECK ((kind = 'traded' AND generator_id IS NOT NULL AND consumer_id IS NOT NULL)
      OR (kind IN ('open_market', 'unsold') AND generator_id IS NOT NULL AND consumer_id IS NULL)
      OR (kind = 'grid' AND generator_id IS NULL AND consumer_id IS NOT NULL))
);
CREATE INDEX settlement_lines_by_generator ON settlement_lines (run_id, generator_id, hour_start_utc);
CREATE INDEX settlement_lines_by_consumer ON settlement_lines (run_id, consumer_id, hour_start_utc);

-- Daily sums written with the run, so no view scans a month of hourly lines.
-- side: 'generator' rows sum a generator's lines, 'consumer' rows a consumer's;
-- counterparty_id: the other side of traded lines ('' for open_market, unsold, grid).
CREATE TABLE settlement_daily (
  run_id INTEGER NOT NULL REFERENCES settlement_runs (id),
  meter_type INTEGER NOT NULL,
  participant_id TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('generator', 'consumer')),
  day TEXT NOT NULL,
  kind TEXT NOT NULL,
  counterparty_id TEXT NOT NULL,
  energy_milliwh INTEGER NOT NULL,
  cost_ten_thousandths INTEGER NOT NULL,
  gap_lines INTEGER NOT NULL,
  PRIMARY KEY (run_id, meter_type, participant_id, side, day, kind, counterparty_id)
) WITHOUT ROWID;
