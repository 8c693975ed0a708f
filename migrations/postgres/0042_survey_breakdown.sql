-- Survey answers per Seoul day of receipt and per value of each report dimension (kind,
-- channel, category, facility, department, handler and the department-crossed `dept_*` of
-- migration 0037), item '' counting the responses: satisfaction and response rates broken
-- down like the report's tables without reading the responses. `case_dims` says a case's
-- dimensions for both; a case that changes department, handler or category
-- after its answer moves its answer with it.
CREATE TABLE report_survey_dims (
    day   TEXT NOT NULL,
    dim   TEXT NOT NULL,
    key   TEXT NOT NULL,
    item  TEXT NOT NULL,
    total BIGINT NOT NULL,
    n     BIGINT NOT NULL,
    PRIMARY KEY (day, dim, key, item)
);

CREATE FUNCTION case_dims(c cases) RETURNS TABLE (dim TEXT, key TEXT) LANGUAGE sql IMMUTABLE AS $$
    VALUES ('kind', c.kind), ('channel', c.channel), ('category', coalesce(c.category, '')),
        ('facility', coalesce(c.facility, '')), ('department', coalesce(CAST(c.department_id AS TEXT), '')),
        ('handler', coalesce(CAST(c.assignee_id AS TEXT), '')),
        ('dept_kind', coalesce(CAST(c.department_id AS TEXT), '') || ':' || c.kind),
        ('dept_channel', coalesce(CAST(c.department_id AS TEXT), '') || ':' || c.channel),
        ('dept_category', coalesce(CAST(c.department_id AS TEXT), '') || ':' || coalesce(c.category, '')),
        ('dept_facility', coalesce(CAST(c.department_id AS TEXT), '') || ':' || coalesce(c.facility, '')),
        ('dept_handler', coalesce(CAST(c.department_id AS TEXT), '') || ':' || coalesce(CAST(c.assignee_id AS TEXT), ''))
$$;

-- `report_bump` reads the same list, so a case's dimensions are said once.
CREATE OR REPLACE FUNCTION report_bump(c cases, s BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO report_counts (day, dim, key, received, processed, open, on_time, invited, handling_sum, handling_n)
    SELECT to_char(to_timestamp(c.received_at + 32400) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), d.dim, d.key, s,
        s * (c.status = 'closed')::int, s * (c.status NOT IN ('closed', 'withdrawn'))::int,
        s * (c.status = 'closed' AND coalesce(c.closed_at <= c.due_at, false))::int,
        s * (c.status = 'closed' AND c.consent_sms + c.consent_email > 0)::int,
        s * (CASE WHEN c.status = 'closed' THEN coalesce(c.handling_secs, 0) ELSE 0 END),
        s * (c.status = 'closed' AND c.handling_secs IS NOT NULL)::int
    FROM (SELECT 'all' AS dim, '' AS key UNION ALL SELECT * FROM case_dims(c)) AS d
    ON CONFLICT (day, dim, key) DO UPDATE SET received = report_counts.received + excluded.received,
        processed = report_counts.processed + excluded.processed, open = report_counts.open + excluded.open,
        on_time = report_counts.on_time + excluded.on_time, invited = report_counts.invited + excluded.invited,
        handling_sum = report_counts.handling_sum + excluded.handling_sum, handling_n = report_counts.handling_n + excluded.handling_n;
    DELETE FROM report_counts WHERE day = to_char(to_timestamp(c.received_at + 32400) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AND received = 0;
$$;

CREATE FUNCTION survey_dims_bump(c cases, scores TEXT, s BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO report_survey_dims (day, dim, key, item, total, n)
    SELECT to_char(to_timestamp(c.received_at + 32400) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), d.dim, d.key, i.item, s * i.score, s
    FROM case_dims(c) AS d CROSS JOIN (
        SELECT e->>0 AS item, (e->>1)::bigint AS score FROM jsonb_array_elements(scores::jsonb) AS e
        UNION ALL SELECT '', 0
    ) AS i
    ON CONFLICT (day, dim, key, item) DO UPDATE
        SET total = report_survey_dims.total + excluded.total, n = report_survey_dims.n + excluded.n;
    DELETE FROM report_survey_dims
    WHERE day = to_char(to_timestamp(c.received_at + 32400) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AND n = 0;
$$;

CREATE FUNCTION survey_dims_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c cases;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT * INTO c FROM cases WHERE id = NEW.case_id;
        PERFORM survey_dims_bump(c, NEW.scores, 1);
    ELSE
        SELECT * INTO c FROM cases WHERE id = OLD.case_id;
        PERFORM survey_dims_bump(c, OLD.scores, -1);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER survey_dims AFTER INSERT OR DELETE ON survey_responses
    FOR EACH ROW EXECUTE FUNCTION survey_dims_trigger();

CREATE FUNCTION survey_dims_case_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sc TEXT;
BEGIN
    SELECT scores INTO sc FROM survey_responses WHERE case_id = NEW.id;
    IF sc IS NOT NULL THEN
        PERFORM survey_dims_bump(OLD, sc, -1);
        PERFORM survey_dims_bump(NEW, sc, 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER survey_dims_case AFTER UPDATE OF kind, channel, category, facility, department_id, assignee_id, received_at
    ON cases FOR EACH ROW EXECUTE FUNCTION survey_dims_case_trigger();

SELECT survey_dims_bump(c, s.scores, 1) FROM survey_responses s JOIN cases c ON c.id = s.case_id;

-- Migration 0036's per-department counters are the `department` rows here, which also follow
-- a case that moves: one set of counters, not two.
DROP TRIGGER survey_dept ON survey_responses;
DROP FUNCTION survey_dept_trigger();
DROP TABLE report_survey_dept;
