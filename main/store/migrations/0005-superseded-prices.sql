-- Market prices replaced by a later prices file are kept, like superseded readings, so that
-- removing the later import brings them back and runs settled on them stay reproducible.
CREATE TABLE superseded_market_prices (
  price_zone TEXT NOT NULL,
  start_utc INTEGER NOT NULL,
  end_utc INTEGER NOT NULL,
  price_per_kwh TEXT NOT NULL,
  import_id INTEGER REFERENCES imports (id),
  superseded_by_import_id INTEGER NOT NULL REFERENCES imports (id),
  superseded_utc INTEGER NOT NULL
);
CREATE INDEX superseded_market_prices_by_import ON superseded_market_prices (superseded_by_import_id);
