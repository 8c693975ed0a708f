-- The latest interim (delay) notice's reason and expected day, which the complainant reads on
-- the tracking page (the history keeps every one sent, in staff wording).
ALTER TABLE cases ADD COLUMN interim_reason TEXT;
ALTER TABLE cases ADD COLUMN interim_expected_on TEXT;
