-- The citizen panel and customer monitors' members (주민참여평가단, 고객모니터단): who they are,
-- their group and term, and how to reach them. Name, phone and e-mail are personal data: they
-- are collected with consent (`consented_on`), shown masked, unmasked only through a logged
-- access (`access_log`, what = 'panel_contact'), and destroyed a year after the term ends
-- (`purged_at`; the masked name stays so that past sessions still read whole).
CREATE TABLE panel_members (
    id            INTEGER PRIMARY KEY,
    panel         TEXT NOT NULL,
    name          TEXT NOT NULL,
    phone         TEXT,
    email         TEXT,
    affiliation   TEXT NOT NULL DEFAULT '',
    term_from     TEXT NOT NULL,
    term_to       TEXT NOT NULL,
    consented_on  TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    recorded_at   INTEGER NOT NULL,
    updated_by    TEXT,
    updated_at    INTEGER,
    purged_at     INTEGER
);
-- The retention sweep: terms ended, contacts not yet destroyed.
CREATE INDEX panel_members_due ON panel_members(term_to) WHERE purged_at IS NULL;

-- Which members took part in a panel session.
CREATE TABLE ccm_activity_members (
    activity_id INTEGER NOT NULL REFERENCES ccm_activities(id),
    member_id   INTEGER NOT NULL REFERENCES panel_members(id),
    PRIMARY KEY (activity_id, member_id)
);
CREATE INDEX ccm_activity_members_member ON ccm_activity_members(member_id);
