-- The survey's items (one of the catalogue's, in the order asked): a profile setting. The
-- Mungyeong profile asks all seven; the KGS profile the six QPSI items its manual names
-- (ch. 5 2), set when that profile is applied. Answers keep the items they were given.
CREATE TABLE survey_items (
    item TEXT PRIMARY KEY,
    sort INTEGER NOT NULL
);
INSERT INTO survey_items (item, sort) VALUES
    ('ease', 1), ('interim_notice', 2), ('proactiveness', 3), ('courtesy', 4), ('timeliness', 5), ('result', 6),
    ('overall', 7);
