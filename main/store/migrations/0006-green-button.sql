-- Green Button (ESPI) imports: meters of other commodities, and what a utility's
-- file says about each reading beyond its energy.
--
-- A meter measures a commodity in a unit: electricity in Wh (its readings in
-- mWh, as always), natural gas in therms, water in cubic metres, … Readings of a
-- non-electric meter hold thousandths of the meter's unit in energy_milliwh,
-- and such a meter never settles (the definition check refuses it).
ALTER TABLE meters ADD COLUMN commodity TEXT NOT NULL DEFAULT 'electricity'
  CHECK (commodity IN ('electricity', 'natural-gas', 'water', 'propane', 'steam', 'other'));
ALTER TABLE meters ADD COLUMN unit TEXT NOT NULL DEFAULT 'Wh';

-- The cost the utility's file gives for the reading, in 1/100,000 of file_currency
-- (ESPI's unit of cost), its ESPI reading quality code and time-of-use tier. Shown
-- beside the costs Energy Ledger computes; never used by settlement.
ALTER TABLE readings ADD COLUMN file_cost INTEGER;
ALTER TABLE readings ADD COLUMN file_currency TEXT;
ALTER TABLE readings ADD COLUMN quality INTEGER;
ALTER TABLE readings ADD COLUMN tou INTEGER;
ALTER TABLE summary_readings ADD COLUMN file_cost INTEGER;
ALTER TABLE summary_readings ADD COLUMN file_currency TEXT;
ALTER TABLE summary_readings ADD COLUMN quality INTEGER;
ALTER TABLE summary_readings ADD COLUMN tou INTEGER;
ALTER TABLE superseded_readings ADD COLUMN file_cost INTEGER;
ALTER TABLE superseded_readings ADD COLUMN file_currency TEXT;
ALTER TABLE superseded_readings ADD COLUMN quality INTEGER;
ALTER TABLE superseded_readings ADD COLUMN tou INTEGER;

-- Summary readings another import replaced: kept, and restored when that import is removed.
CREATE TABLE superseded_summary_readings (
  meter_id TEXT NOT NULL REFERENCES meters (id),
  start_utc INTEGER NOT NULL,
  end_utc INTEGER NOT NULL,
  energy_milliwh INTEGER NOT NULL,
  is_estimated INTEGER NOT NULL,
  import_id INTEGER REFERENCES imports (id),
  superseded_by_import_id INTEGER NOT NULL REFERENCES imports (id),
  superseded_utc INTEGER NOT NULL,
  file_cost INTEGER,
  file_currency TEXT,
  quality INTEGER,
  tou INTEGER
);
CREATE INDEX superseded_summary_by_import ON superseded_summary_readings (superseded_by_import_id);
CREATE INDEX summary_readings_by_import ON summary_readings (import_id);
