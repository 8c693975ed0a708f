-- A second extension needs the complainant's consent (시행령 제21조). Staff may propose it —
-- the reason and the new due day — and the complainant agrees or declines with a button on
-- the tracking page; agreeing extends the period in the same transaction.
CREATE TABLE extension_proposals (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    reason       TEXT NOT NULL,
    due_date     TEXT NOT NULL,
    proposed_by  TEXT NOT NULL,
    proposed_at  INTEGER NOT NULL,
    answer       TEXT CHECK (answer IN ('agreed', 'declined')),
    answered_at  INTEGER
);
CREATE INDEX extension_proposals_case ON extension_proposals(case_id, id);
