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

-- Every hourly line, packed: one row per generator and hour holding all its lines (traded to each
-- consumer, open market, unsold), and one row per hour (generator_id NULL) holding every consumer's
-- grid line. A month of a 10 × 100 pool is ~8,000 packs instead of ~450,000 rows, which keeps settling
-- a year within seconds; the settlement_lines view below unpacks them, so every line stays queryable.
-- lines_json: [[kind, consumer_id or null, energy_milliwh, price_per_kwh, cost_ten_thousandths], …]
-- cost_ten_thousandths: the line's cost in 1/10,000 of the workspace currency, rounded half away from zero.
CREATE TABLE settlement_line_packs (
  run_id INTEGER NOT NULL REFERENCES settlement_runs (id),
  hour_start_utc INTEGER NOT NULL,
  meter_type INTEGER NOT NULL,
  generator_id TEXT,
  has_gap INTEGER NOT NULL DEFAULT 0 CHECK (has_gap IN (0, 1)),
  lines_json TEXT NOT NULL
);
CREATE INDEX settlement_line_packs_by_generator ON settlement_line_packs (run_id, generator_id, hour_start_utc);
CREATE INDEX settlement_line_packs_by_hour ON settlement_line_packs (run_id, hour_start_utc);

-- One row per line: kind traded (generator → consumer), open_market and unsold (generator), grid (consumer).
CREATE VIEW settlement_lines AS
SELECT p.run_id,
       p.hour_start_utc,
       p.meter_type,
       json_extract(l.value, '$[0]') AS kind,
       p.generator_id,
       json_extract(l.value, '$[1]') AS consumer_id,
       json_extract(l.value, '$[2]') AS energy_milliwh,
       json_extract(l.value, '$[3]') AS price_per_kwh,
       json_extract(l.value, '$[4]') AS cost_ten_thousandths,
       p.has_gap
FROM settlement_line_packs p, json_each(p.lines_json) l;

-- Daily sums per participant and kind, written with the run, so no view scans a month of hourly lines.
-- side: 'generator' rows sum a generator's lines (traded, open_market, unsold), 'consumer' rows a
-- consumer's (traded, grid). gap_lines: how many of those lines rest on a gap (allow-gaps).
CREATE TABLE settlement_daily (
  run_id INTEGER NOT NULL REFERENCES settlement_runs (id),
  meter_type INTEGER NOT NULL,
  participant_id TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('generator', 'consumer')),
  day TEXT NOT NULL,
  kind TEXT NOT NULL,
  energy_milliwh INTEGER NOT NULL,
  cost_ten_thousandths INTEGER NOT NULL,
  gap_lines INTEGER NOT NULL,
  PRIMARY KEY (run_id, meter_type, participant_id, side, day, kind)
) WITHOUT ROWID;

-- The month's traded energy and cost per generator–consumer pair (distribution and consumer overview).
CREATE TABLE settlement_pair_months (
  run_id INTEGER NOT NULL REFERENCES settlement_runs (id),
  meter_type INTEGER NOT NULL,
  generator_id TEXT NOT NULL,
  consumer_id TEXT NOT NULL,
  energy_milliwh INTEGER NOT NULL,
  cost_ten_thousandths INTEGER NOT NULL,
  PRIMARY KEY (run_id, meter_type, generator_id, consumer_id)
) WITHOUT ROWID;
CREATE INDEX settlement_pair_months_by_consumer ON settlement_pair_months (run_id, meter_type, consumer_id);
