-- Reports read per-day, per-dimension counters instead of the cases: each row holds what the
-- cases received on one Seoul day contribute to one value of one dimension (`all` has the
-- totals). Triggers keep them equal to the cases in every transaction that inserts, changes or
-- deletes a case, whatever code path does it; `open` and the rest are counted from the case's
-- current state, `overdue` depends on the clock and is counted live from the open cases.
CREATE TABLE report_counts (
    day          TEXT NOT NULL,
    dim          TEXT NOT NULL,
    key          TEXT NOT NULL,
    received     BIGINT NOT NULL,
    processed    BIGINT NOT NULL,
    open         BIGINT NOT NULL,
    on_time      BIGINT NOT NULL,
    invited      BIGINT NOT NULL,
    handling_sum BIGINT NOT NULL,
    handling_n   BIGINT NOT NULL,
    PRIMARY KEY (day, dim, key)
);

-- What one case contributes, times `s` (1 to add, -1 to take away).
CREATE FUNCTION report_bump(c cases, s BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO report_counts (day, dim, key, received, processed, open, on_time, invited, handling_sum, handling_n)
    SELECT to_char(to_timestamp(c.received_at + 32400) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), d.dim, d.key, s,
        s * (c.status = 'closed')::int, s * (c.status NOT IN ('closed', 'withdrawn'))::int,
        s * (c.status = 'closed' AND coalesce(c.closed_at <= c.due_at, false))::int,
        s * (c.status = 'closed' AND c.consent_sms + c.consent_email > 0)::int,
        s * (CASE WHEN c.status = 'closed' THEN coalesce(c.handling_secs, 0) ELSE 0 END),
        s * (c.status = 'closed' AND c.handling_secs IS NOT NULL)::int
    FROM (VALUES ('all', ''), ('kind', c.kind), ('channel', c.channel), ('category', coalesce(c.category, '')), ('facility', coalesce(c.facility, '')), ('department', coalesce(CAST(c.department_id AS TEXT), '')), ('handler', coalesce(CAST(c.assignee_id AS TEXT), ''))) AS d(dim, key)
    ON CONFLICT (day, dim, key) DO UPDATE SET received = report_counts.received + excluded.received,
        processed = report_counts.processed + excluded.processed, open = report_counts.open + excluded.open,
        on_time = report_counts.on_time + excluded.on_time, invited = report_counts.invited + excluded.invited,
        handling_sum = report_counts.handling_sum + excluded.handling_sum, handling_n = report_counts.handling_n + excluded.handling_n;
    DELETE FROM report_counts WHERE day = to_char(to_timestamp(c.received_at + 32400) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AND received = 0;
$$;

CREATE FUNCTION cases_report_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN PERFORM report_bump(OLD, -1); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM report_bump(NEW, 1); END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER cases_report AFTER INSERT OR DELETE OR UPDATE OF status, kind, channel, category, facility, department_id, assignee_id, received_at, due_at, closed_at,
    handling_secs, consent_sms, consent_email ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_report_trigger();

-- The cases already there, through the same function the trigger uses.
SELECT report_bump(c, 1) FROM cases c;

-- Survey answers the same way: per Seoul day of the case's receipt (which never changes) and
-- item, the sum of the scores and how many; item '' counts the responses.
CREATE TABLE report_survey (
    day   TEXT NOT NULL,
    item  TEXT NOT NULL,
    total BIGINT NOT NULL,
    n     BIGINT NOT NULL,
    PRIMARY KEY (day, item)
);

CREATE FUNCTION survey_report_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r survey_responses;
    s BIGINT;
    d TEXT;
BEGIN
    IF TG_OP = 'INSERT' THEN r := NEW; s := 1; ELSE r := OLD; s := -1; END IF;
    SELECT to_char(to_timestamp(c.received_at + 32400) AT TIME ZONE 'UTC', 'YYYY-MM-DD') INTO d FROM cases c WHERE c.id = r.case_id;
    INSERT INTO report_survey (day, item, total, n)
    SELECT d, e->>0, s * (e->>1)::bigint, s FROM jsonb_array_elements(r.scores::jsonb) AS e
    UNION ALL SELECT d, '', 0, s
    ON CONFLICT (day, item) DO UPDATE SET total = report_survey.total + excluded.total, n = report_survey.n + excluded.n;
    DELETE FROM report_survey WHERE day = d AND n = 0;
    RETURN NULL;
END
$$;

CREATE TRIGGER survey_report AFTER INSERT OR DELETE ON survey_responses
    FOR EACH ROW EXECUTE FUNCTION survey_report_trigger();

INSERT INTO report_survey (day, item, total, n)
SELECT day, item, sum(score), count(*) FROM (
    SELECT to_char(to_timestamp(c.received_at + 32400) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, e->>0 AS item, (e->>1)::bigint AS score
    FROM survey_responses s JOIN cases c ON c.id = s.case_id, jsonb_array_elements(s.scores::jsonb) AS e
    UNION ALL
    SELECT to_char(to_timestamp(c.received_at + 32400) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), '', 0 FROM survey_responses s JOIN cases c ON c.id = s.case_id
) AS a GROUP BY day, item;

-- The wide scan index is replaced by what the live parts of a report read: the closed cases'
-- handling times of a period (for the median) and the open cases (for the overdue count).
DROP INDEX cases_report;
CREATE INDEX cases_handling ON cases(status, received_at, handling_secs);
CREATE INDEX cases_open ON cases(received_at, due_at, status) WHERE status NOT IN ('closed', 'withdrawn');
