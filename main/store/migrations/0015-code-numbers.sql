-- Stable integer ids beside the readable codes (issue 19): the seed documents give tariffs,
-- tariff rates, accounts, meters, channels and meter groups integer ids (`masterTariffId: 522`,
-- `tariffRateId: 17023273`, `id: 114468`, `meterId: 1`), while Energy Ledger names them by
-- readable codes ('mea-tou', 'energy', 'acc-mall', 'mall-incomer'). Each code gets a number the
-- first time it is stored (a tariff's versions too: seed 001's `tariffId` assumption is an
-- integer), 1, 2, 3 … per kind, and keeps it for good: a definition that
-- replaces the market, a meter removed and imported again, a tariff saved over keep their
-- numbers, and a number is never given to another code. The answers carry both; requests
-- accept either (main/store/code-numbers.ts).
--
-- A side table on purpose: the settlement run's identity digests the stored tariff and use
-- JSON, which therefore never carry these numbers.
CREATE TABLE code_numbers (
  kind TEXT NOT NULL CHECK (kind IN ('tariff', 'tariff_version', 'tariff_rate', 'account', 'meter', 'channel', 'meter_group')),
  -- A tariff version's or rate's code is only unique within its tariff: scope is the tariff's
  -- code ('' for the rest).
  scope TEXT NOT NULL DEFAULT '',
  code TEXT NOT NULL,
  number INTEGER NOT NULL CHECK (number >= 1),
  PRIMARY KEY (kind, scope, code),
  UNIQUE (kind, number)
) WITHOUT ROWID;

CREATE TRIGGER code_numbers_fixed BEFORE UPDATE ON code_numbers
BEGIN
  SELECT RAISE(ABORT, 'an integer id cannot be changed');
END;
CREATE TRIGGER code_numbers_kept BEFORE DELETE ON code_numbers
BEGIN
  SELECT RAISE(ABORT, 'an integer id cannot be removed or given to another code');
END;

-- Numbered as they are stored, whichever path stores them (definitions, imports, the editors).
CREATE TRIGGER code_number_meter AFTER INSERT ON meters
BEGIN
  INSERT OR IGNORE INTO code_numbers (kind, code, number)
    SELECT 'meter', NEW.id, coalesce(max(number), 0) + 1 FROM code_numbers WHERE kind = 'meter';
END;
-- A physical meter has one channel: its interval readings (seed 003's readingsFromChannel).
CREATE TRIGGER code_number_channel AFTER INSERT ON meters WHEN NEW.is_virtual = 0
BEGIN
  INSERT OR IGNORE INTO code_numbers (kind, code, number)
    SELECT 'channel', NEW.id, coalesce(max(number), 0) + 1 FROM code_numbers WHERE kind = 'channel';
END;
CREATE TRIGGER code_number_meter_group AFTER INSERT ON meter_groups
BEGIN
  INSERT OR IGNORE INTO code_numbers (kind, code, number)
    SELECT 'meter_group', NEW.id, coalesce(max(number), 0) + 1 FROM code_numbers WHERE kind = 'meter_group';
END;
CREATE TRIGGER code_number_account AFTER INSERT ON accounts
BEGIN
  INSERT OR IGNORE INTO code_numbers (kind, code, number)
    SELECT 'account', NEW.id, coalesce(max(number), 0) + 1 FROM code_numbers WHERE kind = 'account';
END;
CREATE TRIGGER code_number_tariff AFTER INSERT ON tariffs
BEGIN
  INSERT OR IGNORE INTO code_numbers (kind, code, number)
    SELECT 'tariff', NEW.master_tariff_id, coalesce(max(number), 0) + 1 FROM code_numbers WHERE kind = 'tariff';
END;
-- A tariff's versions and rates are numbered by the tariff repository when it writes the
-- tariff (their codes live inside tariff_json).

-- What a workspace already holds is numbered now, in the order of its codes.
INSERT INTO code_numbers (kind, code, number)
  SELECT 'meter', id, row_number() OVER (ORDER BY id) FROM meters;
INSERT INTO code_numbers (kind, code, number)
  SELECT 'channel', id, row_number() OVER (ORDER BY id) FROM meters WHERE is_virtual = 0;
INSERT INTO code_numbers (kind, code, number)
  SELECT 'meter_group', id, row_number() OVER (ORDER BY id) FROM meter_groups;
INSERT INTO code_numbers (kind, code, number)
  SELECT 'account', id, row_number() OVER (ORDER BY id) FROM accounts;
INSERT INTO code_numbers (kind, code, number)
  SELECT 'tariff', master_tariff_id, row_number() OVER (ORDER BY master_tariff_id) FROM tariffs;
INSERT INTO code_numbers (kind, scope, code, number)
  SELECT 'tariff_rate', scope, code, row_number() OVER (ORDER BY scope, code) FROM (
    SELECT DISTINCT t.master_tariff_id AS scope, json_extract(r.value, '$.tariffRateId') AS code
      FROM tariffs t, json_each(t.tariff_json, '$.versions') v, json_each(v.value, '$.rates') r
  );
INSERT INTO code_numbers (kind, scope, code, number)
  SELECT 'tariff_version', scope, code, row_number() OVER (ORDER BY scope, code) FROM (
    SELECT DISTINCT t.master_tariff_id AS scope, json_extract(v.value, '$.tariffId') AS code
      FROM tariffs t, json_each(t.tariff_json, '$.versions') v
  );
