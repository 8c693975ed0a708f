-- Survey answers per Seoul day of receipt and per value of each report dimension (kind,
-- channel, category, facility, department, handler and the department-crossed `dept_*` of
-- migration 0037), item '' counting the responses: satisfaction and response rates broken
-- down like the report's tables without reading the responses. A case's dimensions come from
-- `case_report_rows`, the one place that says them; a case that changes department, handler
-- or category after its answer moves its answer with it.
CREATE TABLE report_survey_dims (
    day   TEXT NOT NULL,
    dim   TEXT NOT NULL,
    key   TEXT NOT NULL,
    item  TEXT NOT NULL,
    total INTEGER NOT NULL,
    n     INTEGER NOT NULL,
    PRIMARY KEY (day, dim, key, item)
);

CREATE TRIGGER survey_dims_insert AFTER INSERT ON survey_responses BEGIN
    INSERT INTO report_survey_dims (day, dim, key, item, total, n)
    SELECT r.day, r.dim, r.key, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), 1
    FROM case_report_rows r, json_each(NEW.scores) AS j WHERE r.id = NEW.case_id AND r.dim <> 'all'
    UNION ALL SELECT r.day, r.dim, r.key, '', 0, 1 FROM case_report_rows r WHERE r.id = NEW.case_id AND r.dim <> 'all'
    ON CONFLICT (day, dim, key, item) DO UPDATE SET total = total + excluded.total, n = n + excluded.n;
END;

CREATE TRIGGER survey_dims_delete AFTER DELETE ON survey_responses BEGIN
    INSERT INTO report_survey_dims (day, dim, key, item, total, n)
    SELECT r.day, r.dim, r.key, json_extract(j.value, '$[0]'), -json_extract(j.value, '$[1]'), -1
    FROM case_report_rows r, json_each(OLD.scores) AS j WHERE r.id = OLD.case_id AND r.dim <> 'all'
    UNION ALL SELECT r.day, r.dim, r.key, '', 0, -1 FROM case_report_rows r WHERE r.id = OLD.case_id AND r.dim <> 'all'
    ON CONFLICT (day, dim, key, item) DO UPDATE SET total = total + excluded.total, n = n + excluded.n;
    DELETE FROM report_survey_dims WHERE n = 0;
END;

CREATE TRIGGER survey_dims_case_before_update BEFORE UPDATE OF kind, channel, category, facility, department_id,
    assignee_id, received_at ON cases WHEN EXISTS (SELECT 1 FROM survey_responses WHERE case_id = OLD.id) BEGIN
    INSERT INTO report_survey_dims (day, dim, key, item, total, n)
    SELECT r.day, r.dim, r.key, json_extract(j.value, '$[0]'), -json_extract(j.value, '$[1]'), -1
    FROM case_report_rows r, survey_responses s, json_each(s.scores) AS j
    WHERE r.id = OLD.id AND s.case_id = OLD.id AND r.dim <> 'all'
    UNION ALL SELECT r.day, r.dim, r.key, '', 0, -1 FROM case_report_rows r WHERE r.id = OLD.id AND r.dim <> 'all'
    ON CONFLICT (day, dim, key, item) DO UPDATE SET total = total + excluded.total, n = n + excluded.n;
END;

CREATE TRIGGER survey_dims_case_after_update AFTER UPDATE OF kind, channel, category, facility, department_id,
    assignee_id, received_at ON cases WHEN EXISTS (SELECT 1 FROM survey_responses WHERE case_id = NEW.id) BEGIN
    INSERT INTO report_survey_dims (day, dim, key, item, total, n)
    SELECT r.day, r.dim, r.key, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), 1
    FROM case_report_rows r, survey_responses s, json_each(s.scores) AS j
    WHERE r.id = NEW.id AND s.case_id = NEW.id AND r.dim <> 'all'
    UNION ALL SELECT r.day, r.dim, r.key, '', 0, 1 FROM case_report_rows r WHERE r.id = NEW.id AND r.dim <> 'all'
    ON CONFLICT (day, dim, key, item) DO UPDATE SET total = total + excluded.total, n = n + excluded.n;
    DELETE FROM report_survey_dims WHERE n = 0;
END;

INSERT INTO report_survey_dims (day, dim, key, item, total, n)
SELECT day, dim, key, item, sum(score), count(*) FROM (
    SELECT r.day, r.dim, r.key, json_extract(j.value, '$[0]') AS item, json_extract(j.value, '$[1]') AS score
    FROM survey_responses s JOIN case_report_rows r ON r.id = s.case_id AND r.dim <> 'all', json_each(s.scores) AS j
    UNION ALL
    SELECT r.day, r.dim, r.key, '', 0 FROM survey_responses s JOIN case_report_rows r ON r.id = s.case_id AND r.dim <> 'all'
) AS a GROUP BY day, dim, key, item;

-- Migration 0036's per-department counters are the `department` rows here, which also follow
-- a case that moves: one set of counters, not two.
DROP TRIGGER survey_dept_insert;
DROP TRIGGER survey_dept_delete;
DROP TABLE report_survey_dept;
