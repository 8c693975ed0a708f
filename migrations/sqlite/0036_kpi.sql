-- KPI targets per year: the organisation's (department_id 0) and each department's, in
-- millionths (0.95 is 950000): whole numbers, the same on both backends.
CREATE TABLE kpi_targets (
    year          INTEGER NOT NULL,
    department_id INTEGER NOT NULL,
    kpi           TEXT NOT NULL,
    target_micro  INTEGER NOT NULL,
    set_by        TEXT NOT NULL,
    set_at        INTEGER NOT NULL,
    PRIMARY KEY (year, department_id, kpi)
);

-- Survey answers per Seoul day of receipt, department (0: none) and item, kept by triggers
-- as report_survey is: satisfaction per department and month without reading the responses.
CREATE TABLE report_survey_dept (
    day           TEXT NOT NULL,
    department_id INTEGER NOT NULL,
    item          TEXT NOT NULL,
    total         INTEGER NOT NULL,
    n             INTEGER NOT NULL,
    PRIMARY KEY (day, department_id, item)
);

CREATE TRIGGER survey_dept_insert AFTER INSERT ON survey_responses BEGIN
    INSERT INTO report_survey_dept (day, department_id, item, total, n)
    SELECT date(c.received_at + 32400, 'unixepoch'), coalesce(c.department_id, 0),
        json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), 1
    FROM cases c, json_each(NEW.scores) AS j WHERE c.id = NEW.case_id
    UNION ALL SELECT date(c.received_at + 32400, 'unixepoch'), coalesce(c.department_id, 0), '', 0, 1
    FROM cases c WHERE c.id = NEW.case_id
    ON CONFLICT (day, department_id, item) DO UPDATE SET total = total + excluded.total, n = n + excluded.n;
END;

CREATE TRIGGER survey_dept_delete AFTER DELETE ON survey_responses BEGIN
    INSERT INTO report_survey_dept (day, department_id, item, total, n)
    SELECT date(c.received_at + 32400, 'unixepoch'), coalesce(c.department_id, 0),
        json_extract(j.value, '$[0]'), -json_extract(j.value, '$[1]'), -1
    FROM cases c, json_each(OLD.scores) AS j WHERE c.id = OLD.case_id
    UNION ALL SELECT date(c.received_at + 32400, 'unixepoch'), coalesce(c.department_id, 0), '', 0, -1
    FROM cases c WHERE c.id = OLD.case_id
    ON CONFLICT (day, department_id, item) DO UPDATE SET total = total + excluded.total, n = n + excluded.n;
    DELETE FROM report_survey_dept WHERE n = 0;
END;

INSERT INTO report_survey_dept (day, department_id, item, total, n)
SELECT day, department_id, item, sum(score), count(*) FROM (
    SELECT date(c.received_at + 32400, 'unixepoch') AS day, coalesce(c.department_id, 0) AS department_id,
        json_extract(j.value, '$[0]') AS item, json_extract(j.value, '$[1]') AS score
    FROM survey_responses s JOIN cases c ON c.id = s.case_id, json_each(s.scores) AS j
    UNION ALL
    SELECT date(c.received_at + 32400, 'unixepoch'), coalesce(c.department_id, 0), '', 0
    FROM survey_responses s JOIN cases c ON c.id = s.case_id
) AS a GROUP BY day, department_id, item;

-- The decision of the case's approved answer (수용 · 일부수용 · 불수용), kept on the case by
-- the transaction that approves it, for the acceptance rate.
ALTER TABLE cases ADD COLUMN decision TEXT;
UPDATE cases SET decision = (SELECT a.decision FROM answers a WHERE a.case_id = cases.id AND a.state = 'approved'
    ORDER BY a.id DESC LIMIT 1);

-- What the KPIs read of a year's cases in one pass of an index: department, kind, the
-- interim notice's due and sending, closure, decision.
CREATE INDEX cases_kpi ON cases(received_at, department_id, kind, status, interim_due_at, interim_sent_at, closed_at,
    decision);
