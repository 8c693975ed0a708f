-- Two-character words (주차, 환불), which a trigram cannot index: a second FTS5 index over the
-- same text as `case_text` (content, answers, internal notes) cut into overlapping pairs of
-- characters ("주차장이" → "주차 차장 장이"), with the default tokenizer, so that a word of two
-- letters is one token of it. One row per case (rowid = the case's id), kept by the triggers
-- below in the same transaction as each change.
CREATE VIRTUAL TABLE case_bigrams USING fts5(pairs);

-- The pairs of a case's text: every two neighbouring characters, lower-cased, space-separated.
CREATE VIEW case_bigram_source AS
SELECT s.id,
       coalesce((WITH RECURSIVE p(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM p WHERE i < length(s.body) - 1)
                 SELECT group_concat(substr(lower(s.body), i, 2), ' ') FROM p WHERE length(s.body) > 1), '') AS pairs
FROM case_text_source s;

INSERT INTO case_bigrams (rowid, pairs) SELECT id, pairs FROM case_bigram_source;

CREATE TRIGGER case_bigrams_case_insert AFTER INSERT ON cases BEGIN
    INSERT INTO case_bigrams (rowid, pairs) SELECT id, pairs FROM case_bigram_source WHERE id = NEW.id;
END;

CREATE TRIGGER case_bigrams_case_delete AFTER DELETE ON cases BEGIN
    DELETE FROM case_bigrams WHERE rowid = OLD.id;
END;

CREATE TRIGGER case_bigrams_case_update AFTER UPDATE OF content ON cases BEGIN
    DELETE FROM case_bigrams WHERE rowid = NEW.id;
    INSERT INTO case_bigrams (rowid, pairs) SELECT id, pairs FROM case_bigram_source WHERE id = NEW.id;
END;

CREATE TRIGGER case_bigrams_answer_insert AFTER INSERT ON answers BEGIN
    DELETE FROM case_bigrams WHERE rowid = NEW.case_id;
    INSERT INTO case_bigrams (rowid, pairs) SELECT id, pairs FROM case_bigram_source WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_bigrams_answer_update AFTER UPDATE OF result ON answers BEGIN
    DELETE FROM case_bigrams WHERE rowid = NEW.case_id;
    INSERT INTO case_bigrams (rowid, pairs) SELECT id, pairs FROM case_bigram_source WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_bigrams_note_insert AFTER INSERT ON case_notes BEGIN
    DELETE FROM case_bigrams WHERE rowid = NEW.case_id;
    INSERT INTO case_bigrams (rowid, pairs) SELECT id, pairs FROM case_bigram_source WHERE id = NEW.case_id;
END;

-- A note masked at retention leaves both indexes too (`case_text` had no trigger for it, so
-- its words stayed findable after the note itself was masked).
CREATE TRIGGER case_bigrams_note_update AFTER UPDATE OF body ON case_notes BEGIN
    DELETE FROM case_bigrams WHERE rowid = NEW.case_id;
    INSERT INTO case_bigrams (rowid, pairs) SELECT id, pairs FROM case_bigram_source WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_text_note_update AFTER UPDATE OF body ON case_notes BEGIN
    DELETE FROM case_text WHERE rowid = NEW.case_id;
    INSERT INTO case_text (rowid, body) SELECT id, body FROM case_text_source WHERE id = NEW.case_id;
END;
