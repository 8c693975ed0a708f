-- Answer templates (답변 서식): a result, basis and appeal text per kind and category (NULL:
-- any), with {variables} the server fills from the case when a form offers them.
CREATE TABLE answer_templates (
    id          INTEGER PRIMARY KEY,
    kind        TEXT,
    category    TEXT,
    title       TEXT NOT NULL,
    result      TEXT NOT NULL,
    basis       TEXT NOT NULL,
    appeal      TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);
