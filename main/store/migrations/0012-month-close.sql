-- Month close (issue 10). A published month can be closed: its statements then carry the
-- closing run's figures for good. Re-settling a closed month makes a run that is held, not
-- in force, until it is accepted; accepting it records, per participant, the difference its
-- statement would have shown as a prior-period adjustment on the next open month's
-- statement. Nothing already sent changes.

CREATE TABLE month_closes (
  month TEXT PRIMARY KEY,
  -- The run whose figures the month's statements carry.
  run_id INTEGER NOT NULL REFERENCES settlement_runs (id),
  closed_utc INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);

-- A run of a closed month: pending until accepted; a newer run of the month supersedes it.
CREATE TABLE run_holds (
  run_id INTEGER PRIMARY KEY REFERENCES settlement_runs (id),
  month TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'superseded')),
  held_utc INTEGER NOT NULL,
  decided_utc INTEGER
);
CREATE INDEX run_holds_by_month ON run_holds (month, status);

-- Per participant and accepted run: what its statement for the closed month would now say
-- minus what the run in force said, carried by the statement of applied_month.
CREATE TABLE prior_period_adjustments (
  id INTEGER PRIMARY KEY,
  participant_id TEXT NOT NULL,
  original_month TEXT NOT NULL,
  from_run_id INTEGER NOT NULL REFERENCES settlement_runs (id),
  to_run_id INTEGER NOT NULL REFERENCES settlement_runs (id),
  -- Signed exact decimal, 4 places: positive = more owed to the participant.
  amount TEXT NOT NULL,
  applied_month TEXT NOT NULL,
  created_utc INTEGER NOT NULL
);
CREATE INDEX prior_period_adjustments_by_month ON prior_period_adjustments (applied_month, participant_id);

CREATE TRIGGER month_closes_fixed BEFORE UPDATE ON month_closes
BEGIN
  SELECT RAISE(ABORT, 'a closed month cannot be changed');
END;
CREATE TRIGGER month_closes_kept BEFORE DELETE ON month_closes
BEGIN
  SELECT RAISE(ABORT, 'a closed month cannot be reopened');
END;
CREATE TRIGGER adjustments_fixed BEFORE UPDATE ON prior_period_adjustments
BEGIN
  SELECT RAISE(ABORT, 'a prior-period adjustment cannot be changed');
END;
CREATE TRIGGER adjustments_kept BEFORE DELETE ON prior_period_adjustments
BEGIN
  SELECT RAISE(ABORT, 'a prior-period adjustment cannot be removed');
END;
-- A hold only moves on from pending, once.
CREATE TRIGGER run_holds_decided BEFORE UPDATE ON run_holds
WHEN OLD.status <> 'pending' OR NEW.run_id <> OLD.run_id OR NEW.month <> OLD.month
BEGIN
  SELECT RAISE(ABORT, 'a held run that was accepted or superseded cannot be changed');
END;
CREATE TRIGGER run_holds_kept BEFORE DELETE ON run_holds
BEGIN
  SELECT RAISE(ABORT, 'a held run cannot be removed');
END;

CREATE TRIGGER audit_close AFTER INSERT ON month_closes
BEGIN
  INSERT INTO audit_log (at_utc, kind, subject, description, details_json) VALUES (
    NEW.closed_utc, 'close', NEW.month,
    NEW.month || ': closed on run ' || NEW.run_id || CASE WHEN NEW.note <> '' THEN ' — ' || NEW.note ELSE '' END,
    json_object('month', NEW.month, 'runId', NEW.run_id,
                'identity', (SELECT identity FROM settlement_runs WHERE id = NEW.run_id)));
END;

CREATE TRIGGER audit_hold AFTER INSERT ON run_holds
BEGIN
  INSERT INTO audit_log (at_utc, kind, subject, description, details_json) VALUES (
    NEW.held_utc, 'settlement', NEW.month,
    NEW.month || ': run ' || NEW.run_id || ' held: the month is closed, so the run is not applied until it is accepted',
    json_object('runId', NEW.run_id, 'month', NEW.month, 'status', 'pending'));
END;

CREATE TRIGGER audit_acceptance AFTER UPDATE OF status ON run_holds
WHEN NEW.status = 'accepted'
BEGIN
  INSERT INTO audit_log (at_utc, kind, subject, description, details_json) VALUES (
    NEW.decided_utc, 'acceptance', NEW.month,
    NEW.month || ': run ' || NEW.run_id || ' accepted, with ' ||
      (SELECT count(*) FROM prior_period_adjustments WHERE to_run_id = NEW.run_id) ||
      ' prior-period adjustment(s)',
    json_object('runId', NEW.run_id, 'month', NEW.month));
END;

CREATE TRIGGER audit_adjustment AFTER INSERT ON prior_period_adjustments
BEGIN
  INSERT INTO audit_log (at_utc, kind, subject, description, details_json) VALUES (
    NEW.created_utc, 'acceptance', NEW.participant_id,
    'prior-period adjustment of ' || NEW.amount || ' for ' || NEW.participant_id || ' (' || NEW.original_month ||
      ', run ' || NEW.from_run_id || ' → run ' || NEW.to_run_id || '), on the statement of ' || NEW.applied_month,
    json_object('participantId', NEW.participant_id, 'originalMonth', NEW.original_month, 'fromRunId', NEW.from_run_id,
                'toRunId', NEW.to_run_id, 'amount', NEW.amount, 'appliedMonth', NEW.applied_month));
END;
