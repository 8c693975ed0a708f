-- Business time: hours, public holidays, per-kind deadline policies, pauses.

-- One row: the organisation's business hours, seconds from local midnight.
CREATE TABLE business_hours (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    open         INTEGER NOT NULL,
    break_start  INTEGER NOT NULL,
    break_end    INTEGER NOT NULL,
    close        INTEGER NOT NULL
);
INSERT INTO business_hours (id, open, break_start, break_end, close) VALUES (1, 32400, 43200, 46800, 64800);

-- Public holidays; seeded once from app::domain::KOREAN_PUBLIC_HOLIDAYS, then the
-- administrators' to edit.
CREATE TABLE holidays (
    date     TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    name_ko  TEXT NOT NULL,
    name_en  TEXT NOT NULL DEFAULT ''
);

-- Which one-time seeds have been applied, so that an edited table is never re-seeded.
CREATE TABLE seeds (
    name        TEXT PRIMARY KEY,
    applied_at  INTEGER NOT NULL
);

-- Per-kind deadlines (CCM manual 4.2.1), editable.
CREATE TABLE deadline_policies (
    kind                 TEXT PRIMARY KEY,
    business_days        INTEGER NOT NULL CHECK (business_days BETWEEN 1 AND 60),
    needs_confirmation   INTEGER NOT NULL,
    interim_notice_days  INTEGER NOT NULL CHECK (interim_notice_days BETWEEN 0 AND 60),
    due_soon_hours       INTEGER NOT NULL CHECK (due_soon_hours BETWEEN 0 AND 480)
);
INSERT INTO deadline_policies (kind, business_days, needs_confirmation, interim_notice_days, due_soon_hours) VALUES
    ('inquiry',    1, 0, 1, 2),
    ('complaint',  2, 1, 1, 4),
    ('praise',     2, 1, 1, 4),
    ('suggestion', 3, 1, 1, 4),
    ('lost_item',  2, 1, 1, 4),
    ('urgent',     1, 1, 1, 2),
    ('grievance',  7, 1, 1, 8);

-- What a case was given when it was received: later policy edits do not move it.
ALTER TABLE cases ADD COLUMN budget_secs INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN interim_due_at INTEGER;
ALTER TABLE cases ADD COLUMN due_soon_secs INTEGER NOT NULL DEFAULT 14400;
UPDATE cases SET budget_secs = 28800 * (CASE kind
    WHEN 'inquiry' THEN 1 WHEN 'urgent' THEN 1 WHEN 'suggestion' THEN 3 WHEN 'grievance' THEN 7 ELSE 2 END);

-- The clock stands still while a case waits (KGS ch. 4 II 1 ③ 다).
CREATE TABLE case_pauses (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    reason      TEXT NOT NULL,
    note        TEXT NOT NULL,
    started_at  INTEGER NOT NULL,
    started_by  TEXT NOT NULL,
    ended_at    INTEGER,
    ended_by    TEXT
);
CREATE INDEX case_pauses_case ON case_pauses(case_id, started_at);
CREATE UNIQUE INDEX case_pauses_one_open ON case_pauses(case_id) WHERE ended_at IS NULL;
