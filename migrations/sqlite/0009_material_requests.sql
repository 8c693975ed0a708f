-- Material requests: the handling department asks another department for facts or documents
-- by a due time. The asked department answers in its own queue; both steps are written to
-- the case history in the same transaction.
CREATE TABLE material_requests (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    department_id  INTEGER NOT NULL REFERENCES departments(id),
    question       TEXT NOT NULL,
    requested_by   TEXT NOT NULL,
    requested_at   INTEGER NOT NULL,
    due_at         INTEGER NOT NULL,
    answer         TEXT,
    answered_by    TEXT,
    answered_at    INTEGER
);
CREATE INDEX material_requests_case ON material_requests(case_id, id);
-- The asked department's queue and the reminder sweep read the unanswered ones.
CREATE INDEX material_requests_open ON material_requests(department_id, due_at) WHERE answered_at IS NULL;
