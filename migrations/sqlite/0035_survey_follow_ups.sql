-- Closing the survey loop (불만족 민원 추가 답변): a response dissatisfied with the result or
-- overall opens one follow-up for the VOC manager, due three business days later; what was
-- done is recorded on it, and whether the case was reopened for it.
CREATE TABLE survey_follow_ups (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     INTEGER NOT NULL UNIQUE REFERENCES cases(id),
    opened_at   INTEGER NOT NULL,
    due_at      INTEGER NOT NULL,
    overall     INTEGER NOT NULL,
    result      INTEGER NOT NULL,
    done_at     INTEGER,
    done_by     TEXT,
    contact     TEXT,
    note        TEXT,
    reopened    INTEGER NOT NULL DEFAULT 0
);
-- The open ones, soonest due first: the VOC manager's queue.
CREATE INDEX survey_follow_ups_open ON survey_follow_ups(due_at) WHERE done_at IS NULL;
-- The period's, for reports.
CREATE INDEX survey_follow_ups_opened ON survey_follow_ups(opened_at);
