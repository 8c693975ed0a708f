-- Two-factor sign-in for staff (TOTP, RFC 6238) with single-use recovery codes.

-- The authenticator secret (base32) once its owner has proved it with a code; the one being
-- set up until then; the last time step a code was accepted for, so no code works twice.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_pending_secret TEXT;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_enrolled_at INTEGER;

-- Only a SHA-256 of each code is kept; the codes were shown once.
CREATE TABLE recovery_codes (
    code_hash  TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    used_at    INTEGER
);
CREATE INDEX recovery_codes_user ON recovery_codes(user_id);

-- A session whose password was right but whose second factor is still to come.
ALTER TABLE sessions ADD COLUMN second_factor_pending INTEGER NOT NULL DEFAULT 0;
