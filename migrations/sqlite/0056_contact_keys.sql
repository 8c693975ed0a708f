-- A case is found by its complainant's phone number or e-mail address through a keyed hash
-- (HMAC-SHA-256 of the normalised contact under a key kept outside the database), not through
-- the contact itself: `phone_key` and `email_key` are filled by the server, for existing cases
-- on its first start after this migration. The retention purge clears them with the contacts.
ALTER TABLE cases ADD COLUMN phone_key TEXT;
ALTER TABLE cases ADD COLUMN email_key TEXT;
CREATE INDEX cases_phone_key ON cases (phone_key) WHERE phone_key IS NOT NULL;
CREATE INDEX cases_email_key ON cases (email_key) WHERE email_key IS NOT NULL;
DROP INDEX cases_phone;
DROP INDEX cases_email;

-- Which key the hashes were made with (a hash of a fixed text under it), so that a server
-- started with another key stops instead of matching nothing.
CREATE TABLE contact_key_check (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    digest TEXT NOT NULL,
    at     INTEGER NOT NULL
);

-- An incident is tied to the person through the case it was recorded on, whose contacts never
-- change: it needs no copy of them.
DROP INDEX conduct_incidents_phone;
DROP INDEX conduct_incidents_email;
ALTER TABLE conduct_incidents DROP COLUMN phone;
ALTER TABLE conduct_incidents DROP COLUMN email;
