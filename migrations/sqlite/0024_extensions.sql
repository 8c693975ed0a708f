-- Extending a case's period (처리기간의 연장, 민원처리법 시행령 제21조): once, and once more with
-- the complainant's consent. Each extension keeps the due it replaced; the case keeps the due
-- it had before its first, so reports can measure compliance against both.
CREATE TABLE case_extensions (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    at           INTEGER NOT NULL,
    by_user      TEXT NOT NULL,
    reason       TEXT NOT NULL,
    old_due_at   INTEGER NOT NULL,
    new_due_at   INTEGER NOT NULL,
    consent_via  TEXT CHECK (consent_via IN ('phone', 'email', 'tracking_page')),
    consent_at   INTEGER
);
CREATE INDEX case_extensions_case ON case_extensions(case_id, at);

ALTER TABLE cases ADD COLUMN original_due_at INTEGER;
ALTER TABLE cases ADD COLUMN extensions INTEGER NOT NULL DEFAULT 0;

-- Reports count the extended cases of a period by receipt time; they are few.
CREATE INDEX cases_extended ON cases(received_at) WHERE original_due_at IS NOT NULL;
