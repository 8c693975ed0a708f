-- A VOC transferred by an external agency (ministry, Board of Audit, Korea Consumer Agency,
-- ACRC / 국민신문고) keeps the agency and its reference number.
ALTER TABLE cases ADD COLUMN agency TEXT;
ALTER TABLE cases ADD COLUMN agency_ref TEXT;
