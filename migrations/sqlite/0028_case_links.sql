-- Related, duplicate and repeated complaints (관련·중복·반복 민원). One row per pair of cases,
-- read from both ends; `case_id` is the case it was made on (the later filing, for a
-- duplicate or repeat), `other_id` the one it names.
CREATE TABLE case_links (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    other_id  INTEGER NOT NULL REFERENCES cases(id),
    relation  TEXT NOT NULL CHECK (relation IN ('related', 'duplicate', 'repeat')),
    by_user   TEXT NOT NULL,
    at        INTEGER NOT NULL,
    UNIQUE (case_id, other_id)
);
CREATE INDEX case_links_other ON case_links(other_id);
-- A duplicate merged into its original closes as 'merged' and names it; the original's
-- result notice reaches the duplicate's complainant too. No foreign key: a whole-database copy
-- inserts cases in id order, and an original may be the later case.
ALTER TABLE cases ADD COLUMN merged_into INTEGER;
CREATE INDEX cases_merged_into ON cases(merged_into) WHERE merged_into IS NOT NULL;
-- What the complainant reads of a closure that cites something (a repeated complaint's
-- earlier answers, 민원처리법 제23조).
ALTER TABLE cases ADD COLUMN closure_note TEXT;
