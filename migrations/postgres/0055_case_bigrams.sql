-- Two-character words (주차, 환불), which a trigram cannot index: each text's pairs of
-- neighbouring characters ("주차장이" → {주차, 차장, 장이}) under a GIN index, so that a word of
-- two letters is one element to look up. (pg_bigm does this but is not packaged by Debian.)
CREATE FUNCTION voc_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}') FROM generate_series(1, length(t) - 1) AS i
$$;

CREATE INDEX cases_content_bigrams ON cases USING gin (voc_bigrams(lower(content)));
CREATE INDEX answers_result_bigrams ON answers USING gin (voc_bigrams(lower(result)));
CREATE INDEX case_notes_body_bigrams ON case_notes USING gin (voc_bigrams(lower(body)));
