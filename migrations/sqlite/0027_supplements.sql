-- Supplement requests (보완 요구, 민원처리법 제22조): the handler asks the complainant for what
-- the case lacks, by a due day (Seoul, YYYY-MM-DD). The case's clock is paused from the request
-- until the answer, which the complainant gives on the tracking page (text and files). An
-- unanswered request past its day lets staff return the case (closure_reason 'returned').
CREATE TABLE supplement_requests (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    request        TEXT NOT NULL,
    due_date       TEXT NOT NULL,
    requested_by   TEXT NOT NULL,
    requested_at   INTEGER NOT NULL,
    answer         TEXT,
    answered_at    INTEGER
);
CREATE INDEX supplement_requests_case ON supplement_requests(case_id, id);
-- Reports count returned cases apart, as they do transferred ones.
CREATE INDEX cases_returned ON cases(received_at) WHERE closure_reason = 'returned';
