-- Undoing a workspace definition import (issue 16): each definition import keeps the
-- definition it replaced, so removing it brings that definition back, as removing any
-- other import brings back what it superseded. Imports made before this migration have
-- no snapshot and cannot be undone (their removal is refused, saying so).
CREATE TABLE definition_snapshots (
  import_id INTEGER PRIMARY KEY REFERENCES imports (id),
  -- The whole definition in force before the import (the format of `export --definition`).
  previous_json TEXT NOT NULL
);

CREATE TRIGGER definition_snapshots_fixed BEFORE UPDATE ON definition_snapshots
BEGIN
  SELECT RAISE(ABORT, 'a definition snapshot cannot be changed');
END;
