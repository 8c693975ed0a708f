-- The survey comments of a period, newest first, for the reports' comment list.
CREATE INDEX survey_responses_submitted ON survey_responses(submitted_at);
