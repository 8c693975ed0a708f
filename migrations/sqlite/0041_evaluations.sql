-- The quarterly CCMS evaluation (KGS ch. 5 4): one per department and quarter, opened with
-- the quarter's figures as they were (JSON), scored and commented per item (JSON), with a
-- summary and an improvement plan; submitted by the VOC office, acknowledged by the head.
CREATE TABLE evaluations (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    department_id    INTEGER NOT NULL REFERENCES departments(id),
    year             INTEGER NOT NULL,
    quarter          INTEGER NOT NULL,
    figures          TEXT NOT NULL,
    scores           TEXT NOT NULL DEFAULT '{}',
    comments         TEXT NOT NULL DEFAULT '{}',
    summary          TEXT NOT NULL DEFAULT '',
    improvement_plan TEXT NOT NULL DEFAULT '',
    state            TEXT NOT NULL DEFAULT 'draft',
    opened_by        TEXT NOT NULL,
    opened_at        INTEGER NOT NULL,
    saved_by         TEXT,
    saved_at         INTEGER,
    submitted_by     TEXT,
    submitted_at     INTEGER,
    acknowledged_by  TEXT,
    acknowledged_at  INTEGER,
    acknowledgement  TEXT,
    UNIQUE (department_id, year, quarter)
);
CREATE INDEX evaluations_period ON evaluations(year, quarter);
