-- Retention (PIPA): the personal data of a case closed longer ago than the retention period
-- is destroyed; the anonymised case, its history and every report figure stay. `purged_at`
-- marks a case done, so nothing is purged twice; every run is on record.
ALTER TABLE cases ADD COLUMN purged_at INTEGER;
CREATE INDEX cases_closed ON cases(closed_at);

CREATE TABLE purge_runs (
    id                INTEGER PRIMARY KEY,
    ran_at            INTEGER NOT NULL,
    ran_by            TEXT NOT NULL,
    retention_days    INTEGER NOT NULL,
    cases             INTEGER NOT NULL,
    oldest_closed_at  INTEGER,
    newest_closed_at  INTEGER
);

-- History stays append-only, with one exception: once a case's personal data is destroyed,
-- its history entries may lose the text they quoted (amended complaint text, notes), never
-- who did what when.
DROP TRIGGER case_history_no_update;
CREATE TRIGGER case_history_no_update BEFORE UPDATE ON case_history
WHEN NOT (
    NEW.id = OLD.id AND NEW.case_id = OLD.case_id AND NEW.at = OLD.at AND NEW.actor = OLD.actor
    AND NEW.action = OLD.action AND NEW.before_value IS NULL AND NEW.after_value IS NULL
    AND (SELECT purged_at FROM cases WHERE id = OLD.case_id) IS NOT NULL
)
BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END;
