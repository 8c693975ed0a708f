-- Throttles as counters, one row per bucket: a window opens at its first hit and lasts the
-- limit's length. One statement adds a hit (or opens a new window) and returns the count
-- (INSERT … ON CONFLICT … RETURNING), so concurrent requests on any instance each see a
-- distinct count: a limit of five lets exactly five through, however many arrive at once.
-- A bucket names what is counted: 'signin:user:<name>', 'signin:addr:<ip>',
-- 'lookup:receipt:<no>', 'lookup:addr:<ip>', 'file:addr:<ip>', 'upload:addr:<ip>', ….
CREATE TABLE rate_counters (
    bucket        TEXT PRIMARY KEY,
    window_start  INTEGER NOT NULL,
    hits          INTEGER NOT NULL
);

-- The per-attempt rows it replaces were counted after the password check, so a burst raced
-- past the limit; and sign-in and lookup failures shared the address count.
DROP TABLE login_failures;

-- Receipt notices to one recipient are capped per day; counting them reads this index.
CREATE INDEX outbox_recipient ON outbox(recipient, created_at);
