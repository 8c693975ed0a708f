-- Reports read per-day, per-dimension counters instead of the cases: each row holds what the
-- cases received on one Seoul day contribute to one value of one dimension (`all` has the
-- totals). Triggers keep them equal to the cases in every transaction that inserts, changes or
-- deletes a case, whatever code path does it; `open` and the rest are counted from the case's
-- current state, `overdue` depends on the clock and is counted live from the open cases.
CREATE TABLE report_counts (
    day          TEXT NOT NULL,
    dim          TEXT NOT NULL,
    key          TEXT NOT NULL,
    received     INTEGER NOT NULL,
    processed    INTEGER NOT NULL,
    open         INTEGER NOT NULL,
    on_time      INTEGER NOT NULL,
    invited      INTEGER NOT NULL,
    handling_sum INTEGER NOT NULL,
    handling_n   INTEGER NOT NULL,
    PRIMARY KEY (day, dim, key)
);

-- What one case contributes to the counters, a row per dimension: the one place that says
-- it. The triggers take a case's rows away before it changes (BEFORE, the table still holds
-- the old row) and add them back after (AFTER, the new row); the backfill sums them.
CREATE VIEW case_report_rows AS
SELECT c.id, date(c.received_at + 32400, 'unixepoch') AS day, d.dim,
    CASE d.dim WHEN 'all' THEN '' WHEN 'kind' THEN c.kind WHEN 'channel' THEN c.channel
        WHEN 'category' THEN coalesce(c.category, '') WHEN 'facility' THEN coalesce(c.facility, '')
        WHEN 'department' THEN coalesce(CAST(c.department_id AS TEXT), '')
        WHEN 'handler' THEN coalesce(CAST(c.assignee_id AS TEXT), '') END AS key,
    1 AS received,
    c.status = 'closed' AS processed,
    c.status NOT IN ('closed', 'withdrawn') AS open,
    c.status = 'closed' AND coalesce(c.closed_at <= c.due_at, 0) AS on_time,
    c.status = 'closed' AND c.consent_sms + c.consent_email > 0 AS invited,
    CASE WHEN c.status = 'closed' THEN coalesce(c.handling_secs, 0) ELSE 0 END AS handling_sum,
    c.status = 'closed' AND c.handling_secs IS NOT NULL AS handling_n
FROM cases c CROSS JOIN (
    SELECT 'all' AS dim UNION ALL SELECT 'kind' UNION ALL SELECT 'channel' UNION ALL SELECT 'category'
    UNION ALL SELECT 'facility' UNION ALL SELECT 'department' UNION ALL SELECT 'handler') AS d;

CREATE TRIGGER cases_report_insert AFTER INSERT ON cases BEGIN
    INSERT INTO report_counts (day, dim, key, received, processed, open, on_time, invited, handling_sum, handling_n)
    SELECT day, dim, key, received, processed, open, on_time, invited, handling_sum, handling_n FROM case_report_rows WHERE id = NEW.id
    ON CONFLICT (day, dim, key) DO UPDATE SET received = received + excluded.received,
        processed = processed + excluded.processed, open = open + excluded.open,
        on_time = on_time + excluded.on_time, invited = invited + excluded.invited,
        handling_sum = handling_sum + excluded.handling_sum, handling_n = handling_n + excluded.handling_n;
END;

CREATE TRIGGER cases_report_before_update BEFORE UPDATE OF status, kind, channel, category, facility, department_id, assignee_id, received_at, due_at, closed_at,
    handling_secs, consent_sms, consent_email ON cases BEGIN
    INSERT INTO report_counts (day, dim, key, received, processed, open, on_time, invited, handling_sum, handling_n)
    SELECT day, dim, key, -received, -processed, -open, -on_time, -invited, -handling_sum, -handling_n FROM case_report_rows WHERE id = OLD.id
    ON CONFLICT (day, dim, key) DO UPDATE SET received = received + excluded.received,
        processed = processed + excluded.processed, open = open + excluded.open,
        on_time = on_time + excluded.on_time, invited = invited + excluded.invited,
        handling_sum = handling_sum + excluded.handling_sum, handling_n = handling_n + excluded.handling_n;
END;

CREATE TRIGGER cases_report_after_update AFTER UPDATE OF status, kind, channel, category, facility, department_id, assignee_id, received_at, due_at, closed_at,
    handling_secs, consent_sms, consent_email ON cases BEGIN
    INSERT INTO report_counts (day, dim, key, received, processed, open, on_time, invited, handling_sum, handling_n)
    SELECT day, dim, key, received, processed, open, on_time, invited, handling_sum, handling_n FROM case_report_rows WHERE id = NEW.id
    ON CONFLICT (day, dim, key) DO UPDATE SET received = received + excluded.received,
        processed = processed + excluded.processed, open = open + excluded.open,
        on_time = on_time + excluded.on_time, invited = invited + excluded.invited,
        handling_sum = handling_sum + excluded.handling_sum, handling_n = handling_n + excluded.handling_n;
    DELETE FROM report_counts WHERE day = date(OLD.received_at + 32400, 'unixepoch') AND received = 0;
END;

CREATE TRIGGER cases_report_before_delete BEFORE DELETE ON cases BEGIN
    INSERT INTO report_counts (day, dim, key, received, processed, open, on_time, invited, handling_sum, handling_n)
    SELECT day, dim, key, -received, -processed, -open, -on_time, -invited, -handling_sum, -handling_n FROM case_report_rows WHERE id = OLD.id
    ON CONFLICT (day, dim, key) DO UPDATE SET received = received + excluded.received,
        processed = processed + excluded.processed, open = open + excluded.open,
        on_time = on_time + excluded.on_time, invited = invited + excluded.invited,
        handling_sum = handling_sum + excluded.handling_sum, handling_n = handling_n + excluded.handling_n;
END;

CREATE TRIGGER cases_report_after_delete AFTER DELETE ON cases BEGIN
    DELETE FROM report_counts WHERE day = date(OLD.received_at + 32400, 'unixepoch') AND received = 0;
END;

INSERT INTO report_counts (day, dim, key, received, processed, open, on_time, invited, handling_sum, handling_n)
SELECT day, dim, key, sum(received), sum(processed), sum(open), sum(on_time), sum(invited), sum(handling_sum),
    sum(handling_n)
FROM case_report_rows GROUP BY day, dim, key;

-- Survey answers the same way: per Seoul day of the case's receipt (which never changes) and
-- item, the sum of the scores and how many; item '' counts the responses.
CREATE TABLE report_survey (
    day   TEXT NOT NULL,
    item  TEXT NOT NULL,
    total INTEGER NOT NULL,
    n     INTEGER NOT NULL,
    PRIMARY KEY (day, item)
);

CREATE TRIGGER survey_report_insert AFTER INSERT ON survey_responses BEGIN
    INSERT INTO report_survey (day, item, total, n)
    SELECT (SELECT date(c.received_at + 32400, 'unixepoch') FROM cases c WHERE c.id = NEW.case_id) AS day,
        json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), 1
    FROM json_each(NEW.scores) AS j
    UNION ALL SELECT (SELECT date(c.received_at + 32400, 'unixepoch') FROM cases c WHERE c.id = NEW.case_id), '', 0, 1
    WHERE true
    ON CONFLICT (day, item) DO UPDATE SET total = total + excluded.total, n = n + excluded.n;
END;

CREATE TRIGGER survey_report_delete AFTER DELETE ON survey_responses BEGIN
    INSERT INTO report_survey (day, item, total, n)
    SELECT (SELECT date(c.received_at + 32400, 'unixepoch') FROM cases c WHERE c.id = OLD.case_id) AS day,
        json_extract(j.value, '$[0]'), -json_extract(j.value, '$[1]'), -1
    FROM json_each(OLD.scores) AS j
    UNION ALL SELECT (SELECT date(c.received_at + 32400, 'unixepoch') FROM cases c WHERE c.id = OLD.case_id), '', 0, -1
    WHERE true
    ON CONFLICT (day, item) DO UPDATE SET total = total + excluded.total, n = n + excluded.n;
    DELETE FROM report_survey WHERE n = 0;
END;

INSERT INTO report_survey (day, item, total, n)
SELECT day, item, sum(score), count(*) FROM (
    SELECT date(c.received_at + 32400, 'unixepoch') AS day, json_extract(j.value, '$[0]') AS item,
        json_extract(j.value, '$[1]') AS score
    FROM survey_responses s JOIN cases c ON c.id = s.case_id, json_each(s.scores) AS j
    UNION ALL
    SELECT date(c.received_at + 32400, 'unixepoch'), '', 0 FROM survey_responses s JOIN cases c ON c.id = s.case_id
) AS a GROUP BY day, item;

-- The wide scan index is replaced by what the live parts of a report read: the closed cases'
-- handling times of a period (for the median) and the open cases (for the overdue count).
DROP INDEX cases_report;
CREATE INDEX cases_handling ON cases(status, received_at, handling_secs);
CREATE INDEX cases_open ON cases(received_at, due_at, status) WHERE status NOT IN ('closed', 'withdrawn');
