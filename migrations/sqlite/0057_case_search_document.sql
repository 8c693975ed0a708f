-- PostgreSQL's migration of this number gives it one search document per case. SQLite has
-- had one since 0022 (`case_text`, with `case_bigrams` from 0055): nothing to do here.
SELECT 1;
