-- Accountability (PIPA and its safety standard): who changed the administration, who saw
-- personal data, and the privacy officer's reviews of that. All three are append-only.

-- Administration: accounts, sign-ins, organisation, calendar, policies, wording.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,
    actor    TEXT NOT NULL,
    address  TEXT NOT NULL,
    action   TEXT NOT NULL,
    target   TEXT NOT NULL,
    before   TEXT,
    after    TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- Every view of personal data that is not masked: attachment downloads, exports.
CREATE TABLE access_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    user_id   INTEGER NOT NULL REFERENCES users(id),
    username  TEXT NOT NULL,
    address   TEXT NOT NULL,
    case_id   INTEGER REFERENCES cases(id),
    what      TEXT NOT NULL,
    purpose   TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX access_log_at ON access_log(at);
CREATE INDEX access_log_case ON access_log(case_id, at);
CREATE INDEX access_log_user ON access_log(user_id, at);
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;

-- The monthly review of the access log that the safety standard asks for.
CREATE TABLE access_reviews (
    id           INTEGER PRIMARY KEY,
    reviewed_at  INTEGER NOT NULL,
    reviewer     TEXT NOT NULL,
    period_from  TEXT NOT NULL,
    period_to    TEXT NOT NULL,
    findings     TEXT NOT NULL
);
CREATE TRIGGER access_reviews_no_update BEFORE UPDATE ON access_reviews
BEGIN SELECT RAISE(ABORT, 'access reviews are append-only'); END;
CREATE TRIGGER access_reviews_no_delete BEFORE DELETE ON access_reviews
BEGIN SELECT RAISE(ABORT, 'access reviews are append-only'); END;
