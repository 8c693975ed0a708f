-- Finding any case by part of a word (`GET /api/v1/cases?q=`): trigram indexes (pg_trgm,
-- part of PostgreSQL's contrib, trusted: the database owner may create it) over each case's
-- content, answers and internal notes, so `lower(...) LIKE '%…%'` of three characters or more
-- reads an index instead of every row.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX cases_content_trgm ON cases USING gin (lower(content) gin_trgm_ops);
CREATE INDEX answers_result_trgm ON answers USING gin (lower(result) gin_trgm_ops);
CREATE INDEX case_notes_body_trgm ON case_notes USING gin (lower(body) gin_trgm_ops);

-- A complainant's earlier cases by the contact they give (`contact=`).
CREATE INDEX cases_phone ON cases (phone);
CREATE INDEX cases_email ON cases (lower(email));
