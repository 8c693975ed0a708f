-- KPI targets per year: the organisation's (department_id 0) and each department's, in
-- millionths (0.95 is 950000): whole numbers, the same on both backends.
CREATE TABLE kpi_targets (
    year          BIGINT NOT NULL,
    department_id BIGINT NOT NULL,
    kpi           TEXT NOT NULL,
    target_micro  BIGINT NOT NULL,
    set_by        TEXT NOT NULL,
    set_at        BIGINT NOT NULL,
    PRIMARY KEY (year, department_id, kpi)
);

-- Survey answers per Seoul day of receipt, department (0: none) and item, kept by a trigger
-- as report_survey is: satisfaction per department and month without reading the responses.
CREATE TABLE report_survey_dept (
    day           TEXT NOT NULL,
    department_id BIGINT NOT NULL,
    item          TEXT NOT NULL,
    total         BIGINT NOT NULL,
    n             BIGINT NOT NULL,
    PRIMARY KEY (day, department_id, item)
);

CREATE FUNCTION survey_dept_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r survey_responses;
    s BIGINT;
    d TEXT;
    dep BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN r := NEW; s := 1; ELSE r := OLD; s := -1; END IF;
    SELECT to_char(to_timestamp(c.received_at + 32400) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), coalesce(c.department_id, 0)
        INTO d, dep FROM cases c WHERE c.id = r.case_id;
    INSERT INTO report_survey_dept (day, department_id, item, total, n)
    SELECT d, dep, e->>0, s * (e->>1)::bigint, s FROM jsonb_array_elements(r.scores::jsonb) AS e
    UNION ALL SELECT d, dep, '', 0, s
    ON CONFLICT (day, department_id, item) DO UPDATE
        SET total = report_survey_dept.total + excluded.total, n = report_survey_dept.n + excluded.n;
    DELETE FROM report_survey_dept WHERE day = d AND department_id = dep AND n = 0;
    RETURN NULL;
END
$$;

CREATE TRIGGER survey_dept AFTER INSERT OR DELETE ON survey_responses
    FOR EACH ROW EXECUTE FUNCTION survey_dept_trigger();

INSERT INTO report_survey_dept (day, department_id, item, total, n)
SELECT day, department_id, item, sum(score), count(*) FROM (
    SELECT to_char(to_timestamp(c.received_at + 32400) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
        coalesce(c.department_id, 0) AS department_id, e->>0 AS item, (e->>1)::bigint AS score
    FROM survey_responses s JOIN cases c ON c.id = s.case_id, jsonb_array_elements(s.scores::jsonb) AS e
    UNION ALL
    SELECT to_char(to_timestamp(c.received_at + 32400) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), coalesce(c.department_id, 0), '', 0
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
