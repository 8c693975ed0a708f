-- Grievance stages as real steps: the deliberation's opinion (시정 권고, 제도개선 의견 표명,
-- 기각), the improvement request an improvement stage opened, the department an audit
-- referral went to.
ALTER TABLE grievance_steps ADD COLUMN opinion TEXT;
ALTER TABLE grievance_steps ADD COLUMN improvement_id INTEGER REFERENCES improvement_requests(id);
ALTER TABLE grievance_steps ADD COLUMN department_id INTEGER REFERENCES departments(id);
-- An improvement request's one extension: the due it had before, why, by whom and when.
ALTER TABLE improvement_requests ADD COLUMN original_due_at INTEGER;
ALTER TABLE improvement_requests ADD COLUMN extension_reason TEXT;
ALTER TABLE improvement_requests ADD COLUMN extended_by TEXT;
ALTER TABLE improvement_requests ADD COLUMN extended_at INTEGER;
