-- Appeals (이의신청, 민원처리법 제35조): a case of its own kind, filed from a result that was not
-- fully accepted, naming the case it contests; decided within 10 days, counted in days.
INSERT INTO deadline_policies (kind, business_days, needs_confirmation, interim_notice_days, due_soon_hours, period_unit)
    VALUES ('appeal', 10, 1, 1, 8, 'working_days');
ALTER TABLE cases ADD COLUMN appeal_of BIGINT;
-- One appeal per result: the tracking page asks whether one was made.
CREATE UNIQUE INDEX cases_appeal_of ON cases(appeal_of) WHERE appeal_of IS NOT NULL;
