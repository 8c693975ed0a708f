-- The good-practice library (우수사례, and the lessons of failures: "우수(실패)사례를 … 전 직원과
-- 공유") and the awards (포상: CS 우수직원, CS 우수부서). A department proposes one of its closed
-- cases; the VOC office shares it with every staff member or declines it with a reason. A case
-- has at most one entry that is not declined. The texts hold no personal data (checked against
-- the case's unmasked contacts before the insert), so the retention purge leaves them alone.
CREATE TABLE good_practices (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    department_id  INTEGER REFERENCES departments(id),
    kind           TEXT NOT NULL,
    title          TEXT NOT NULL,
    situation      TEXT NOT NULL,
    action         TEXT NOT NULL,
    lesson         TEXT NOT NULL,
    staff_name     TEXT,
    state          TEXT NOT NULL,
    proposed_by    TEXT NOT NULL,
    proposed_at    INTEGER NOT NULL,
    decided_by     TEXT,
    decided_at     INTEGER,
    decline_reason TEXT
);
CREATE UNIQUE INDEX good_practices_live ON good_practices(case_id) WHERE state <> 'declined';

-- An award for a year's work: to a staff member (name and department, as staff are named on
-- cases) or to a department; its honour (포상훈격), reward, grounds (공적) and the practice it
-- rests on, if any.
CREATE TABLE awards (
    id            INTEGER PRIMARY KEY,
    year          INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    staff_name    TEXT,
    department_id INTEGER REFERENCES departments(id),
    honour        TEXT NOT NULL,
    reward        TEXT NOT NULL DEFAULT '',
    grounds       TEXT NOT NULL,
    practice_id   INTEGER REFERENCES good_practices(id),
    awarded_on    TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    recorded_at   INTEGER NOT NULL
);
CREATE INDEX awards_year ON awards(year, id);
