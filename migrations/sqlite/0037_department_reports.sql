-- A department's own report (its head reads it): the counters of migration 0008 also kept per
-- department crossed with each other dimension. `dept_kind` and the rest hold key
-- `<department id>:<value>` ('' for a case without a department), so one department's rows
-- are one prefix, read like the organisation's. The view stays the one place that says what a
-- case contributes; its triggers read it by name and need no change.
DROP VIEW case_report_rows;
CREATE VIEW case_report_rows AS
SELECT c.id, date(c.received_at + 32400, 'unixepoch') AS day, d.dim,
    CASE d.dim WHEN 'all' THEN '' WHEN 'kind' THEN c.kind WHEN 'channel' THEN c.channel
        WHEN 'category' THEN coalesce(c.category, '') WHEN 'facility' THEN coalesce(c.facility, '')
        WHEN 'department' THEN coalesce(CAST(c.department_id AS TEXT), '')
        WHEN 'handler' THEN coalesce(CAST(c.assignee_id AS TEXT), '')
        ELSE coalesce(CAST(c.department_id AS TEXT), '') || ':' || CASE d.dim
            WHEN 'dept_kind' THEN c.kind WHEN 'dept_channel' THEN c.channel
            WHEN 'dept_category' THEN coalesce(c.category, '') WHEN 'dept_facility' THEN coalesce(c.facility, '')
            ELSE coalesce(CAST(c.assignee_id AS TEXT), '') END
        END AS key,
    1 AS received,
    c.status = 'closed' AS processed,
    c.status NOT IN ('closed', 'withdrawn') AS open,
    c.status = 'closed' AND coalesce(c.closed_at <= c.due_at, 0) AS on_time,
    c.status = 'closed' AND c.consent_sms + c.consent_email > 0 AS invited,
    CASE WHEN c.status = 'closed' THEN coalesce(c.handling_secs, 0) ELSE 0 END AS handling_sum,
    c.status = 'closed' AND c.handling_secs IS NOT NULL AS handling_n
FROM cases c CROSS JOIN (
    SELECT 'all' AS dim UNION ALL SELECT 'kind' UNION ALL SELECT 'channel' UNION ALL SELECT 'category'
    UNION ALL SELECT 'facility' UNION ALL SELECT 'department' UNION ALL SELECT 'handler'
    UNION ALL SELECT 'dept_kind' UNION ALL SELECT 'dept_channel' UNION ALL SELECT 'dept_category'
    UNION ALL SELECT 'dept_facility' UNION ALL SELECT 'dept_handler') AS d;

INSERT INTO report_counts (day, dim, key, received, processed, open, on_time, invited, handling_sum, handling_n)
SELECT day, dim, key, sum(received), sum(processed), sum(open), sum(on_time), sum(invited), sum(handling_sum),
    sum(handling_n)
FROM case_report_rows WHERE dim LIKE 'dept\_%' ESCAPE '\' GROUP BY day, dim, key;

-- A department's median handling time reads its closed cases' times from this index alone;
-- its other live parts read the organisation's small partial indexes and keep its rows.
CREATE INDEX cases_department_handling ON cases(department_id, status, received_at, handling_secs);
