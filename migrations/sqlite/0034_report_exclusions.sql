-- The closures the Act leaves out of compliance (sent to another agency, returned for want of
-- a supplement, closed as abuse), read by every period report: one partial index serves the
-- one query that finds them. A reopened case no longer keeps the reason it was once closed
-- for (the reopen step now clears it); cases reopened before that are cleared here.
CREATE INDEX cases_left_out ON cases(received_at) WHERE closure_reason IN ('transferred', 'returned', 'abusive');
UPDATE cases SET closure_reason = NULL WHERE status NOT IN ('closed', 'withdrawn') AND closure_reason IS NOT NULL;
