-- The CCM activities kept besides the cases: committee and leaders' meetings, citizen panel
-- and customer monitor sessions, on-site inspections, telephone courtesy monitoring. Each has
-- its items (agenda points, opinions, findings) with what was decided and, where something
-- must be done, the owning department and its due day until that department reports what it
-- did (one guarded write: `done_at IS NULL`). Texts hold no contacts (checked on input).
CREATE TABLE ccm_activities (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    held_on       TEXT NOT NULL,
    place         TEXT NOT NULL DEFAULT '',
    participants  TEXT NOT NULL DEFAULT '',
    summary       TEXT NOT NULL,
    department_id INTEGER REFERENCES departments(id),
    recorded_by   TEXT NOT NULL,
    recorded_at   INTEGER NOT NULL
);
CREATE INDEX ccm_activities_held ON ccm_activities(held_on, id);

CREATE TABLE ccm_items (
    id                  INTEGER PRIMARY KEY,
    activity_id         INTEGER NOT NULL REFERENCES ccm_activities(id),
    position            INTEGER NOT NULL,
    topic               TEXT NOT NULL,
    decision            TEXT NOT NULL DEFAULT '',
    owner_department_id INTEGER REFERENCES departments(id),
    due_on              TEXT,
    done_by             TEXT,
    done_at             INTEGER,
    result              TEXT,
    UNIQUE (activity_id, position)
);
-- The follow-ups still owed, per owning department.
CREATE INDEX ccm_items_open ON ccm_items(owner_department_id, due_on)
    WHERE done_at IS NULL AND owner_department_id IS NOT NULL;
