-- Contacts staff made with the complainant (민원인 연락 기록): a call or a visit, what came of
-- it ('talked', 'no_answer', 'result_given' — which counts as the result notice — or
-- 'withdrawal'), and what was said. Staff text: masked of the complainant's details when the
-- case's personal data is destroyed, like the notes.
CREATE TABLE case_contacts (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    means        TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    summary      TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  INTEGER NOT NULL
);
CREATE INDEX case_contacts_case ON case_contacts(case_id, id);
