-- The grievance process (고충민원, CCM 4.3.1 5): each stage of a grievance case is recorded
-- once, in order (investigation → deliberation → institutional improvement; audit referral
-- after investigation).
CREATE TABLE grievance_steps (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    stage     TEXT NOT NULL,
    note      TEXT NOT NULL,
    actor     TEXT NOT NULL,
    at        INTEGER NOT NULL
);
CREATE UNIQUE INDEX grievance_steps_stage ON grievance_steps(case_id, stage);
