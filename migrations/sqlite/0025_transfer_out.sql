-- A case sent to the agency it belongs to (이송, 민원처리법 제16조) closes here with
-- closure_reason 'transferred'; the agency is kept to tell the complainant where it went.
ALTER TABLE cases ADD COLUMN transferred_to TEXT;

-- Reports count the transferred cases of a period apart; they are few.
CREATE INDEX cases_transferred ON cases(received_at) WHERE closure_reason = 'transferred';
