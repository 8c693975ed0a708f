-- Registered kiosks: an administrator issues a key (shown once, only its SHA-256 kept) for the
-- tablet in one facility; the kiosk sends it, gets its own intake limits and its facility.
CREATE TABLE kiosk_keys (
    id            INTEGER PRIMARY KEY,
    key_hash      TEXT NOT NULL UNIQUE,
    facility      TEXT NOT NULL REFERENCES facilities(code),
    label         TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    revoked_at    INTEGER,
    last_used_at  INTEGER
);
