-- Reports: the business time a closed case took (receipt to closure, less paused business
-- time), fixed at closure so that period reports are plain aggregates.
ALTER TABLE cases ADD COLUMN handling_secs BIGINT;
-- Period reports scan one range of receipt times and read only these columns.
CREATE INDEX cases_report ON cases(received_at, kind, channel, category, facility, department_id, assignee_id,
    status, due_at, closed_at, handling_secs, consent_sms, consent_email);
