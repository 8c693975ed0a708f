-- Follow-up (SPEC lifecycle 10 and 11, reports, FAQ): the staff member a case concerns
-- (praised or complained about) and why; compensation given; institutional improvement
-- requests to department heads; answers published as the public FAQ.

-- One row per case at most: the staff member concerned, their department and, for a
-- complaint, the cause (praise has none). Kept beside `cases` so that the report counters'
-- triggers do not fire for it.
CREATE TABLE case_staff (
    case_id        INTEGER PRIMARY KEY REFERENCES cases(id),
    staff_name     TEXT NOT NULL,
    department_id  INTEGER REFERENCES departments(id),
    cause          TEXT,
    cs_training    INTEGER NOT NULL DEFAULT 0,
    set_by         TEXT NOT NULL,
    set_at         INTEGER NOT NULL
);

-- Compensation (10,000 KRW in goods by default) for a repeat visit the organisation caused or
-- a confirmed rudeness report.
CREATE TABLE compensations (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    reason       TEXT NOT NULL,
    item         TEXT NOT NULL,
    amount       INTEGER NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL,
    recorded_at  INTEGER NOT NULL
);
CREATE INDEX compensations_case ON compensations(case_id, id);
CREATE INDEX compensations_at ON compensations(recorded_at);

-- Institutional improvement (제도개선): the VOC manager asks a department head for a change;
-- the head reports what was done, or why not, within three months.
CREATE TABLE improvement_requests (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER REFERENCES cases(id),
    department_id  INTEGER NOT NULL REFERENCES departments(id),
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    requested_by   TEXT NOT NULL,
    requested_at   INTEGER NOT NULL,
    due_at         INTEGER NOT NULL,
    outcome        TEXT,
    report         TEXT,
    reported_by    TEXT,
    reported_at    INTEGER
);
CREATE INDEX improvement_requests_department ON improvement_requests(department_id, due_at);
CREATE INDEX improvement_requests_case ON improvement_requests(case_id);

-- Public FAQ: a closed case's question and answer, rewritten without personal data and
-- published only with the complainant's consent. Withdrawn entries stay on record.
CREATE TABLE faq_entries (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    question      TEXT NOT NULL,
    answer        TEXT NOT NULL,
    published_by  TEXT NOT NULL,
    published_at  INTEGER NOT NULL,
    withdrawn_by  TEXT,
    withdrawn_at  INTEGER
);
-- A case is published at most once at a time.
CREATE UNIQUE INDEX faq_entries_case ON faq_entries(case_id) WHERE withdrawn_at IS NULL;
