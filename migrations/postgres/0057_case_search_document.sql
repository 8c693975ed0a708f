-- One search document per case, as SQLite's `case_text`: the case's content, answers and
-- internal notes in one lower-cased text, under one trigram index and one index of character
-- pairs. With the text in one row per case the planner can walk the cases newest first and
-- stop at a page's worth when a word is common, or read the index when it is rare; with a
-- text per table (migrations 0022 and 0055) every match was gathered before the newest were
-- picked (626 ms for a common word at a million cases). Kept by the triggers below in the
-- same transaction as each change.
CREATE TABLE case_search (
    id   BIGINT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    body TEXT NOT NULL
);

INSERT INTO case_search (id, body)
SELECT c.id, lower(c.content || coalesce(' ' || a.t, '') || coalesce(' ' || n.t, ''))
FROM cases c
LEFT JOIN (SELECT case_id, string_agg(result, ' ' ORDER BY id) AS t FROM answers GROUP BY case_id) a ON a.case_id = c.id
LEFT JOIN (SELECT case_id, string_agg(body, ' ' ORDER BY id) AS t FROM case_notes GROUP BY case_id) n ON n.case_id = c.id;

CREATE INDEX case_search_trgm ON case_search USING gin (body gin_trgm_ops);
CREATE INDEX case_search_bigrams ON case_search USING gin (voc_bigrams(body));

-- The document of one case, written again.
CREATE FUNCTION voc_case_search_refresh(case_id BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO case_search (id, body)
    SELECT c.id, lower(c.content
        || coalesce(' ' || (SELECT string_agg(a.result, ' ' ORDER BY a.id) FROM answers a WHERE a.case_id = c.id), '')
        || coalesce(' ' || (SELECT string_agg(n.body, ' ' ORDER BY n.id) FROM case_notes n WHERE n.case_id = c.id), ''))
    FROM cases c WHERE c.id = $1
    ON CONFLICT (id) DO UPDATE SET body = excluded.body
$$;

CREATE FUNCTION voc_case_search_of_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM voc_case_search_refresh(NEW.id);
    RETURN NULL;
END
$$;

CREATE FUNCTION voc_case_search_of_part() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM voc_case_search_refresh(OLD.case_id);
    ELSE
        PERFORM voc_case_search_refresh(NEW.case_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER case_search_case AFTER INSERT OR UPDATE OF content ON cases
    FOR EACH ROW EXECUTE FUNCTION voc_case_search_of_case();
CREATE TRIGGER case_search_answer AFTER INSERT OR UPDATE OF result OR DELETE ON answers
    FOR EACH ROW EXECUTE FUNCTION voc_case_search_of_part();
CREATE TRIGGER case_search_note AFTER INSERT OR UPDATE OF body OR DELETE ON case_notes
    FOR EACH ROW EXECUTE FUNCTION voc_case_search_of_part();

-- The per-table indexes are read by nothing else.
DROP INDEX cases_content_trgm;
DROP INDEX answers_result_trgm;
DROP INDEX case_notes_body_trgm;
DROP INDEX cases_content_bigrams;
DROP INDEX answers_result_bigrams;
DROP INDEX case_notes_body_bigrams;
