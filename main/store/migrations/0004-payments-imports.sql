-- rebuilds-tables
-- Payments CSV files are imports too: widen the kinds the import log accepts. SQLite cannot
-- change a CHECK constraint in place, so the table is rebuilt with its rows and ids kept.
CREATE TABLE imports_new (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('workspace', 'readings', 'market-prices', 'payments')),
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  imported_utc INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('stored', 'rejected', 'unchanged')),
  rows_read INTEGER NOT NULL DEFAULT 0,
  rows_stored INTEGER NOT NULL DEFAULT 0,
  report_json TEXT NOT NULL
);
INSERT INTO imports_new SELECT id, kind, file_name, sha256, imported_utc, status, rows_read, rows_stored, report_json FROM imports;
DROP TABLE imports;
ALTER TABLE imports_new RENAME TO imports;
CREATE INDEX imports_by_hash ON imports (sha256, status);

ALTER TABLE payments ADD COLUMN import_id INTEGER REFERENCES imports (id);
