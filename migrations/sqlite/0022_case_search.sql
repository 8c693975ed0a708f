-- Finding any case by part of a word (`GET /api/v1/cases?q=`): a trigram index (FTS5) over
-- each case's content, answers and internal notes, one row per case (rowid = the case's id),
-- kept by the triggers below. Queries of three characters or more use it; shorter ones scan.
CREATE VIRTUAL TABLE case_text USING fts5(body, tokenize = 'trigram');

-- What the index holds for a case, written once for the initial fill and every trigger.
CREATE VIEW case_text_source AS
SELECT c.id, c.content
    || coalesce(' ' || (SELECT group_concat(a.result, ' ') FROM answers a WHERE a.case_id = c.id), '')
    || coalesce(' ' || (SELECT group_concat(n.body, ' ') FROM case_notes n WHERE n.case_id = c.id), '') AS body
FROM cases c;

INSERT INTO case_text (rowid, body) SELECT id, body FROM case_text_source;

CREATE TRIGGER case_text_case_insert AFTER INSERT ON cases BEGIN
    INSERT INTO case_text (rowid, body) VALUES (NEW.id, NEW.content);
END;

CREATE TRIGGER case_text_case_delete AFTER DELETE ON cases BEGIN
    DELETE FROM case_text WHERE rowid = OLD.id;
END;

CREATE TRIGGER case_text_case_update AFTER UPDATE OF content ON cases BEGIN
    DELETE FROM case_text WHERE rowid = NEW.id;
    INSERT INTO case_text (rowid, body) SELECT id, body FROM case_text_source WHERE id = NEW.id;
END;

CREATE TRIGGER case_text_answer_insert AFTER INSERT ON answers BEGIN
    DELETE FROM case_text WHERE rowid = NEW.case_id;
    INSERT INTO case_text (rowid, body) SELECT id, body FROM case_text_source WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_text_answer_update AFTER UPDATE OF result ON answers BEGIN
    DELETE FROM case_text WHERE rowid = NEW.case_id;
    INSERT INTO case_text (rowid, body) SELECT id, body FROM case_text_source WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_text_note_insert AFTER INSERT ON case_notes BEGIN
    DELETE FROM case_text WHERE rowid = NEW.case_id;
    INSERT INTO case_text (rowid, body) SELECT id, body FROM case_text_source WHERE id = NEW.case_id;
END;

-- A complainant's earlier cases by the contact they give (`contact=`).
CREATE INDEX cases_phone ON cases (phone);
CREATE INDEX cases_email ON cases (lower(email));
