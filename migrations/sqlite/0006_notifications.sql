-- Notifications: consent evidence on the case, staff contact data, editable templates, and
-- the transactional outbox the delivery worker drains.

-- What the complainant agreed to, when, under which wording; and the language to write in.
ALTER TABLE cases ADD COLUMN consent_at INTEGER;
ALTER TABLE cases ADD COLUMN consent_version TEXT;
ALTER TABLE cases ADD COLUMN lang TEXT NOT NULL DEFAULT 'ko';
-- When the handler last sent an interim (delay) notice.
ALTER TABLE cases ADD COLUMN interim_sent_at INTEGER;

-- Staff alerts go to these.
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN phone TEXT;

-- An administrator's wording of a notice; without a row the built-in wording applies.
CREATE TABLE notice_templates (
    notice      TEXT NOT NULL,
    lang        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    PRIMARY KEY (notice, lang)
);

-- One row per message to one recipient on one channel, written in the same transaction as
-- the change that causes it. `dedupe_key` makes "once" hold across retries of the cause and
-- across instances; `message_id` travels with the message so a resend after a crash is
-- recognisable. Scheduling columns (`next_attempt_at`, `locked_until`) are wall-clock seconds.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    message_id       TEXT NOT NULL UNIQUE,
    dedupe_key       TEXT NOT NULL UNIQUE,
    case_id          INTEGER REFERENCES cases(id),
    notice           TEXT NOT NULL,
    channel          TEXT NOT NULL,
    recipient        TEXT NOT NULL,
    lang             TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'pending',
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL DEFAULT 0,
    locked_until     INTEGER NOT NULL DEFAULT 0,
    locked_by        TEXT,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX outbox_case ON outbox(case_id, id);
