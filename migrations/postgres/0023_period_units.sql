-- The Civil Petitions Act's period counting (민원 처리에 관한 법률 제19조): each kind's
-- policy says how its period is counted. By the Act, up to five days in working hours,
-- six days or more in days (the first day included, due at the close of business).
ALTER TABLE deadline_policies ADD COLUMN period_unit TEXT NOT NULL DEFAULT 'working_hours'
    CHECK (period_unit IN ('immediate', 'working_hours', 'working_days', 'weeks', 'months'));
UPDATE deadline_policies SET period_unit = 'working_days' WHERE business_days >= 6;

-- Whether a case's deadline falls at a close of business (periods counted in days or by
-- the calendar); cases received before this change keep the hours they were given.
ALTER TABLE cases ADD COLUMN due_at_close BIGINT NOT NULL DEFAULT 0;
