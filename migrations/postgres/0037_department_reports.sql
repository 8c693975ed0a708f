-- A department's own report (its head reads it): the counters of migration 0008 also kept per
-- department crossed with each other dimension. `dept_kind` and the rest hold key
-- `<department id>:<value>` ('' for a case without a department), so one department's rows
-- are one prefix, read like the organisation's. `report_bump` stays the one place that says
-- what a case contributes; the trigger calls it by name and needs no change.
CREATE OR REPLACE FUNCTION report_bump(c cases, s BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO report_counts (day, dim, key, received, processed, open, on_time, invited, handling_sum, handling_n)
    SELECT to_char(to_timestamp(c.received_at + 32400) AT TIME ZONE 'UTC', 'YYYY-MM-DD'), d.dim, d.key, s,
        s * (c.status = 'closed')::int, s * (c.status NOT IN ('closed', 'withdrawn'))::int,
        s * (c.status = 'closed' AND coalesce(c.closed_at <= c.due_at, false))::int,
        s * (c.status = 'closed' AND c.consent_sms + c.consent_email > 0)::int,
        s * (CASE WHEN c.status = 'closed' THEN coalesce(c.handling_secs, 0) ELSE 0 END),
        s * (c.status = 'closed' AND c.handling_secs IS NOT NULL)::int
    FROM (VALUES ('all', ''), ('kind', c.kind), ('channel', c.channel), ('category', coalesce(c.category, '')),
        ('facility', coalesce(c.facility, '')), ('department', coalesce(CAST(c.department_id AS TEXT), '')),
        ('handler', coalesce(CAST(c.assignee_id AS TEXT), '')),
        ('dept_kind', coalesce(CAST(c.department_id AS TEXT), '') || ':' || c.kind),
        ('dept_channel', coalesce(CAST(c.department_id AS TEXT), '') || ':' || c.channel),
        ('dept_category', coalesce(CAST(c.department_id AS TEXT), '') || ':' || coalesce(c.category, '')),
        ('dept_facility', coalesce(CAST(c.department_id AS TEXT), '') || ':' || coalesce(c.facility, '')),
        ('dept_handler', coalesce(CAST(c.department_id AS TEXT), '') || ':' || coalesce(CAST(c.assignee_id AS TEXT), ''))
    ) AS d(dim, key)
    ON CONFLICT (day, dim, key) DO UPDATE SET received = report_counts.received + excluded.received,
        processed = report_counts.processed + excluded.processed, open = report_counts.open + excluded.open,
        on_time = report_counts.on_time + excluded.on_time, invited = report_counts.invited + excluded.invited,
        handling_sum = report_counts.handling_sum + excluded.handling_sum, handling_n = report_counts.handling_n + excluded.handling_n;
    DELETE FROM report_counts WHERE day = to_char(to_timestamp(c.received_at + 32400) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AND received = 0;
$$;

-- The cases already there: their crossed rows alone (the rest are counted).
INSERT INTO report_counts (day, dim, key, received, processed, open, on_time, invited, handling_sum, handling_n)
SELECT day, dim, key, count(*), sum(processed), sum(open), sum(on_time), sum(invited), sum(handling_sum), sum(handling_n)
FROM (
    SELECT to_char(to_timestamp(c.received_at + 32400) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, d.dim, d.key,
        (c.status = 'closed')::int AS processed, (c.status NOT IN ('closed', 'withdrawn'))::int AS open,
        (c.status = 'closed' AND coalesce(c.closed_at <= c.due_at, false))::int AS on_time,
        (c.status = 'closed' AND c.consent_sms + c.consent_email > 0)::int AS invited,
        CASE WHEN c.status = 'closed' THEN coalesce(c.handling_secs, 0) ELSE 0 END AS handling_sum,
        (c.status = 'closed' AND c.handling_secs IS NOT NULL)::int AS handling_n
    FROM cases c CROSS JOIN LATERAL (VALUES
        ('dept_kind', coalesce(CAST(c.department_id AS TEXT), '') || ':' || c.kind),
        ('dept_channel', coalesce(CAST(c.department_id AS TEXT), '') || ':' || c.channel),
        ('dept_category', coalesce(CAST(c.department_id AS TEXT), '') || ':' || coalesce(c.category, '')),
        ('dept_facility', coalesce(CAST(c.department_id AS TEXT), '') || ':' || coalesce(c.facility, '')),
        ('dept_handler', coalesce(CAST(c.department_id AS TEXT), '') || ':' || coalesce(CAST(c.assignee_id AS TEXT), ''))
    ) AS d(dim, key)
) AS a GROUP BY day, dim, key;

-- A department's median handling time reads its closed cases' times from this index alone;
-- its other live parts read the organisation's small partial indexes and keep its rows.
CREATE INDEX cases_department_handling ON cases(department_id, status, received_at, handling_secs);
