-- Links a complainant holds are stored only as SHA-256 hashes. `cases.tracking_token` now
-- holds the hash of the receipt's token (the server rewrites older plain ones at start-up);
-- tokens minted later live here: a tracking link in a notice or after a lookup, and survey
-- links, apart from tracking and expiring with the survey window.
CREATE TABLE case_tokens (
    token_hash  TEXT PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    purpose     TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER
);
CREATE INDEX case_tokens_case ON case_tokens(case_id);

-- The raw tokens a queued message carries in its links, until it is sent (or will never be):
-- then they are blanked from the stored copy.
ALTER TABLE outbox ADD COLUMN link_tokens TEXT;
