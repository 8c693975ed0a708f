-- The annual complaint reduction plan (KGS ch. 2 ⑥): one per department and year, with a
-- target per quarter (JSON array of four counts), the measures against the frequent
-- complaints (JSON) and the analysis; reported to management once, then fixed.
CREATE TABLE reduction_plans (
    department_id   INTEGER NOT NULL REFERENCES departments(id),
    year            INTEGER NOT NULL,
    quarter_targets TEXT NOT NULL,
    measures        TEXT NOT NULL DEFAULT '[]',
    analysis        TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL DEFAULT 'draft',
    saved_by        TEXT NOT NULL,
    saved_at        INTEGER NOT NULL,
    reported_by     TEXT,
    reported_at     INTEGER,
    PRIMARY KEY (department_id, year)
);
