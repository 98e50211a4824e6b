-- The month's bill lines of consumers on a tariff (spec §4): fixed, demand, minimum,
-- tier and rate adjustment, taxes; in ten-thousandths of the currency like every line.
CREATE TABLE settlement_bill_lines (
  run_id INTEGER NOT NULL REFERENCES settlement_runs (id),
  meter_type INTEGER NOT NULL,
  consumer_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  charge_class TEXT NOT NULL,
  quantity_key TEXT NOT NULL,
  cost_ten_thousandths INTEGER NOT NULL,
  detail_json TEXT NOT NULL,
  PRIMARY KEY (run_id, meter_type, consumer_id, seq)
) WITHOUT ROWID;
