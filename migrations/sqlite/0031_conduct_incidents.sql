-- Abusive conduct by a complainant (특이민원): recorded on the case where it happened and on the
-- person by the phone number (digits) and e-mail they filed with, so that it shows on each of
-- their cases. The retention purge clears the contacts and masks the note with the case.
CREATE TABLE conduct_incidents (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    phone     TEXT,
    email     TEXT,
    kind      TEXT NOT NULL CHECK (kind IN ('abuse', 'threat', 'sexual_harassment', 'repeated_calls', 'other')),
    note      TEXT NOT NULL,
    by_user   TEXT NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX conduct_incidents_case ON conduct_incidents(case_id);
CREATE INDEX conduct_incidents_phone ON conduct_incidents(phone) WHERE phone IS NOT NULL;
CREATE INDEX conduct_incidents_email ON conduct_incidents(lower(email)) WHERE email IS NOT NULL;
CREATE INDEX conduct_incidents_at ON conduct_incidents(at);
