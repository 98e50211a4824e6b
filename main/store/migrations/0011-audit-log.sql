-- The audit log: every import and undo, settlement run, payment, tariff, account and
-- virtual meter change, recorded by triggers in the same transaction as the change
-- itself (so a change and its entry land together or not at all), and never edited:
-- the triggers at the end refuse UPDATE and DELETE.

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at_utc INTEGER NOT NULL,
  -- import, undo, settlement, payment, tariff, account, virtual-meter, meter, …
  kind TEXT NOT NULL,
  -- What it is about: an import id, a month, a participant, a tariff, …
  subject TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL,
  details_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_by_kind ON audit_log (kind, at_utc);
CREATE INDEX audit_log_by_time ON audit_log (at_utc);

-- What the workspace already holds, so the log starts complete.
INSERT INTO audit_log (at_utc, kind, subject, description, details_json)
  SELECT imported_utc, 'import', 'import #' || id,
         'import #' || id || ' ' || file_name || ' (' || kind || '): ' || status || ', ' || rows_stored || ' row(s) stored',
         json_object('importId', id, 'kind', kind, 'fileName', file_name, 'sha256', sha256, 'status', status)
    FROM imports WHERE report_json <> '{}';
INSERT INTO audit_log (at_utc, kind, subject, description, details_json)
  SELECT removed_utc, 'undo', 'import #' || import_id, 'import #' || import_id || ' removed (undone)',
         json_object('importId', import_id, 'affectedRuns', json(affected_runs_json))
    FROM import_removals;
INSERT INTO audit_log (at_utc, kind, subject, description, details_json)
  SELECT created_utc, 'settlement', month,
         month || ': run ' || id || ' ' || status || CASE WHEN message <> '' THEN ' — ' || message ELSE '' END,
         json_object('runId', id, 'month', month, 'identity', identity, 'status', status, 'engineVersion', engine_version)
    FROM settlement_runs;
INSERT INTO audit_log (at_utc, kind, subject, description, details_json)
  SELECT recorded_utc, 'payment', participant_id,
         'payment of ' || amount || ' for ' || participant_id || ' (' || statement_month || '), paid on ' || paid_on || CASE WHEN reference <> '' THEN ', reference ' || reference ELSE '' END,
         json_object('paymentId', id, 'participantId', participant_id, 'month', statement_month, 'amount', amount, 'reference', reference)
    FROM payments;

CREATE TRIGGER audit_import AFTER UPDATE OF report_json ON imports
WHEN NEW.report_json <> '{}' AND OLD.report_json = '{}'
BEGIN
  INSERT INTO audit_log (at_utc, kind, subject, description, details_json) VALUES (
    CAST(strftime('%s', 'now') AS INTEGER), 'import', 'import #' || NEW.id,
    'import #' || NEW.id || ' ' || NEW.file_name || ' (' || NEW.kind || '): ' || NEW.status || ' — ' ||
      coalesce(json_extract(NEW.report_json, '$.message'), NEW.rows_stored || ' row(s) stored'),
    json_object('importId', NEW.id, 'kind', NEW.kind, 'fileName', NEW.file_name, 'sha256', NEW.sha256, 'status', NEW.status,
                'rowsRead', NEW.rows_read, 'rowsStored', NEW.rows_stored));
END;

CREATE TRIGGER audit_undo AFTER INSERT ON import_removals
BEGIN
  INSERT INTO audit_log (at_utc, kind, subject, description, details_json) VALUES (
    NEW.removed_utc, 'undo', 'import #' || NEW.import_id,
    'import #' || NEW.import_id || ' ' || coalesce((SELECT file_name FROM imports WHERE id = NEW.import_id), '') || ' removed (undone)',
    json_object('importId', NEW.import_id, 'affectedRuns', json(NEW.affected_runs_json)));
END;

CREATE TRIGGER audit_settlement AFTER INSERT ON settlement_runs
BEGIN
  INSERT INTO audit_log (at_utc, kind, subject, description, details_json) VALUES (
    NEW.created_utc, 'settlement', NEW.month,
    NEW.month || ': run ' || NEW.id || ' ' || NEW.status || ' (' || NEW.line_count || ' lines)' ||
      CASE WHEN NEW.message <> '' THEN ' — ' || NEW.message ELSE '' END,
    json_object('runId', NEW.id, 'month', NEW.month, 'identity', NEW.identity, 'status', NEW.status, 'engineVersion', NEW.engine_version));
END;

CREATE TRIGGER audit_payment AFTER INSERT ON payments
BEGIN
  INSERT INTO audit_log (at_utc, kind, subject, description, details_json) VALUES (
    NEW.recorded_utc, 'payment', NEW.participant_id,
    'payment of ' || NEW.amount || ' for ' || NEW.participant_id || ' (' || NEW.statement_month || '), paid on ' || NEW.paid_on ||
      CASE WHEN NEW.reference <> '' THEN ', reference ' || NEW.reference ELSE '' END,
    json_object('paymentId', NEW.id, 'participantId', NEW.participant_id, 'month', NEW.statement_month, 'amount', NEW.amount, 'reference', NEW.reference));
END;

CREATE TRIGGER audit_tariff_new AFTER INSERT ON tariffs
BEGIN
  INSERT INTO audit_log (at_utc, kind, subject, description, details_json) VALUES (
    NEW.saved_utc, 'tariff', NEW.master_tariff_id,
    'tariff ' || NEW.master_tariff_id || ' (' || coalesce(json_extract(NEW.tariff_json, '$.tariffName'), '') || ') saved from ' || NEW.source,
    json_object('masterTariffId', NEW.master_tariff_id, 'source', NEW.source, 'versions', json_array_length(NEW.tariff_json, '$.versions')));
END;

CREATE TRIGGER audit_tariff_change AFTER UPDATE ON tariffs
WHEN NEW.tariff_json <> OLD.tariff_json
BEGIN
  INSERT INTO audit_log (at_utc, kind, subject, description, details_json) VALUES (
    NEW.saved_utc, 'tariff', NEW.master_tariff_id,
    'tariff ' || NEW.master_tariff_id || ' (' || coalesce(json_extract(NEW.tariff_json, '$.tariffName'), '') || ') changed (' || NEW.source || ')',
    json_object('masterTariffId', NEW.master_tariff_id, 'source', NEW.source, 'versions', json_array_length(NEW.tariff_json, '$.versions')));
END;

CREATE TRIGGER audit_account_new AFTER INSERT ON accounts
BEGIN
  INSERT INTO audit_log (at_utc, kind, subject, description, details_json) VALUES (
    CAST(strftime('%s', 'now') AS INTEGER), 'account', NEW.id,
    'account ' || NEW.id || ' created' || CASE WHEN NEW.participant_id IS NOT NULL THEN ' for ' || NEW.participant_id ELSE '' END ||
      CASE WHEN NEW.master_tariff_id IS NOT NULL THEN ' on tariff ' || NEW.master_tariff_id ELSE '' END,
    json_object('accountId', NEW.id, 'participantId', NEW.participant_id, 'masterTariffId', NEW.master_tariff_id, 'status', NEW.status));
END;

CREATE TRIGGER audit_account_change AFTER UPDATE ON accounts
BEGIN
  INSERT INTO audit_log (at_utc, kind, subject, description, details_json) VALUES (
    CAST(strftime('%s', 'now') AS INTEGER), 'account', NEW.id,
    'account ' || NEW.id || ' changed' ||
      CASE WHEN NEW.status <> OLD.status THEN ' (now ' || NEW.status || ')' ELSE '' END ||
      CASE WHEN coalesce(NEW.master_tariff_id, '') <> coalesce(OLD.master_tariff_id, '') THEN ' (tariff ' || coalesce(NEW.master_tariff_id, 'none') || ')' ELSE '' END,
    json_object('accountId', NEW.id, 'participantId', NEW.participant_id, 'masterTariffId', NEW.master_tariff_id, 'status', NEW.status));
END;

CREATE TRIGGER audit_virtual_meter AFTER INSERT ON meter_use_versions
BEGIN
  INSERT INTO audit_log (at_utc, kind, subject, description, details_json) VALUES (
    CAST(strftime('%s', 'now') AS INTEGER), 'virtual-meter', NEW.meter_id,
    'virtual meter ' || NEW.meter_id || ' version ' || NEW.version_id || ' (from ' || NEW.effective_from || ') saved',
    json_object('meterId', NEW.meter_id, 'versionId', NEW.version_id, 'effectiveFrom', NEW.effective_from, 'use', json(NEW.use_json)));
END;

CREATE TRIGGER audit_meter_settles AFTER UPDATE OF settles ON meters
WHEN NEW.settles <> OLD.settles
BEGIN
  INSERT INTO audit_log (at_utc, kind, subject, description, details_json) VALUES (
    CAST(strftime('%s', 'now') AS INTEGER), 'meter', NEW.id,
    'meter ' || NEW.id || CASE WHEN NEW.settles = 1 THEN ' settles' ELSE ' no longer settles' END,
    json_object('meterId', NEW.id, 'settles', NEW.settles));
END;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;
