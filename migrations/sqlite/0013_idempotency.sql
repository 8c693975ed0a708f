-- Idempotent filing: a retried or double-tapped POST /api/v1/cases with the same
-- Idempotency-Key yields the one case it made. The key is written in the case's own
-- transaction; the fingerprint of the request body tells a retry from a different request
-- that reuses the key.
CREATE TABLE idempotency_keys (
    key          TEXT PRIMARY KEY,
    fingerprint  TEXT NOT NULL,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    created_at   INTEGER NOT NULL
);
