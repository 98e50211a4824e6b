-- Statements are invoices and credit notes (issue 17). Each participant's statement of a
-- month gets a number when it is first issued: when the first run in force of that month
-- with lines for the participant is published, or when an accepted re-settlement puts a
-- prior-period adjustment on a statement that had none. Numbers run 1, 2, 3 … with no gap
-- in the whole workspace (EL-<year of the month>-<six digits>), and are never changed,
-- removed or reused.
CREATE TABLE statement_numbers (
  seq INTEGER PRIMARY KEY,
  participant_id TEXT NOT NULL,
  month TEXT NOT NULL,
  number TEXT NOT NULL UNIQUE,
  issued_utc INTEGER NOT NULL,
  UNIQUE (participant_id, month)
);

CREATE TRIGGER statement_numbers_gapless BEFORE INSERT ON statement_numbers
WHEN NEW.seq IS NOT coalesce((SELECT max(seq) FROM statement_numbers), 0) + 1
  OR NEW.number IS NOT 'EL-' || substr(NEW.month, 1, 4) || '-' || printf('%06d', NEW.seq)
BEGIN
  SELECT RAISE(ABORT, 'statement numbers are gapless: the next number must follow the last');
END;
CREATE TRIGGER statement_numbers_fixed BEFORE UPDATE ON statement_numbers
BEGIN
  SELECT RAISE(ABORT, 'a statement number cannot be changed');
END;
CREATE TRIGGER statement_numbers_kept BEFORE DELETE ON statement_numbers
BEGIN
  SELECT RAISE(ABORT, 'a statement number cannot be removed or reused');
END;

-- Every number issued is in the audit log, those given below to the statements already held too.
CREATE TRIGGER audit_statement_number AFTER INSERT ON statement_numbers
BEGIN
  INSERT INTO audit_log (at_utc, kind, subject, description, details_json) VALUES (
    NEW.issued_utc, 'statement', NEW.number,
    'statement ' || NEW.number || ' issued to ' || NEW.participant_id || ' for ' || NEW.month,
    json_object('number', NEW.number, 'participantId', NEW.participant_id, 'month', NEW.month));
END;

-- The statements a workspace already holds get their numbers now, month by month, then by
-- participant id: every participant with lines in the month's statement run (the run it was
-- closed on, or else its latest published run not held) or an adjustment applied to it.
WITH statement_run AS (
  SELECT month, coalesce(
    (SELECT run_id FROM month_closes c WHERE c.month = r.month),
    max(id)) AS run_id
  FROM settlement_runs r
  WHERE status = 'published'
    AND id NOT IN (SELECT run_id FROM run_holds WHERE status <> 'accepted')
  GROUP BY month
), issued AS (
  SELECT DISTINCT s.month, d.participant_id
    FROM statement_run s JOIN settlement_daily d ON d.run_id = s.run_id
  UNION
  SELECT s.month, b.consumer_id
    FROM statement_run s JOIN settlement_bill_lines b ON b.run_id = s.run_id
  UNION
  SELECT a.applied_month, a.participant_id
    FROM prior_period_adjustments a JOIN statement_run s ON s.month = a.applied_month
), numbered AS (
  SELECT row_number() OVER (ORDER BY month, participant_id) AS seq, participant_id, month FROM issued
)
INSERT INTO statement_numbers (seq, participant_id, month, number, issued_utc)
  SELECT seq, participant_id, month, 'EL-' || substr(month, 1, 4) || '-' || printf('%06d', seq),
         CAST(strftime('%s', 'now') AS INTEGER)
    FROM numbered ORDER BY seq;



-- A payment recorded by mistake is undone with a reason, never deleted: it stays listed,
-- struck through, and no longer counts against its statement.
ALTER TABLE payments ADD COLUMN voided_utc INTEGER;
ALTER TABLE payments ADD COLUMN void_reason TEXT;

CREATE TRIGGER payments_void_once BEFORE UPDATE ON payments
WHEN OLD.voided_utc IS NOT NULL OR NEW.voided_utc IS NULL OR coalesce(NEW.void_reason, '') = ''
  OR NEW.amount IS NOT OLD.amount OR NEW.participant_id IS NOT OLD.participant_id
  OR NEW.statement_month IS NOT OLD.statement_month OR NEW.paid_on IS NOT OLD.paid_on
  OR NEW.reference IS NOT OLD.reference
BEGIN
  SELECT RAISE(ABORT, 'a payment can only be undone, once, with a reason');
END;

CREATE TRIGGER audit_payment_void AFTER UPDATE OF voided_utc ON payments
BEGIN
  INSERT INTO audit_log (at_utc, kind, subject, description, details_json) VALUES (
    NEW.voided_utc, 'payment', NEW.participant_id,
    'payment #' || NEW.id || ' of ' || NEW.amount || ' for ' || NEW.participant_id || ' (' || NEW.statement_month ||
      ') undone: ' || NEW.void_reason,
    json_object('paymentId', NEW.id, 'participantId', NEW.participant_id, 'month', NEW.statement_month,
                'amount', NEW.amount, 'reference', NEW.reference, 'undone', 1, 'reason', NEW.void_reason));
END;
