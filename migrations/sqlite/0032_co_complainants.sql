-- Multi-person complaints (다수인관련민원): co-complainants beside the case's representative
-- (the complainant who filed), each with their own contacts (phone as digits) and consents.
-- Removing one deletes the row; the history keeps the masked name. The retention purge clears
-- them with the case's own personal data.
CREATE TABLE case_complainants (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    name           TEXT,
    phone          TEXT,
    email          TEXT,
    consent_sms    INTEGER NOT NULL DEFAULT 0,
    consent_email  INTEGER NOT NULL DEFAULT 0,
    added_by       TEXT NOT NULL,
    added_at       INTEGER NOT NULL
);
CREATE INDEX case_complainants_case ON case_complainants(case_id);
