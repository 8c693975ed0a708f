-- Case handling: departments, users in departments, routing rules, drafts and approvals,
-- assignment, internal notes, before/after in the history, login throttling.

CREATE TABLE departments (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL,
    is_lead INTEGER NOT NULL DEFAULT 0,
    active  INTEGER NOT NULL DEFAULT 1
);
-- The Mungyeong Tourism Corp. profile: 혁신안전팀 leads CCM and takes what no rule routes.
INSERT INTO departments (id, code, name, is_lead) VALUES
    (1, 'innovation_safety', '혁신안전팀', 1),
    (2, 'culture',           '문화사업팀', 0),
    (3, 'tourism',           '관광사업팀', 0),
    (4, 'farm_products',     '농특산물홍보팀', 0),
    (5, 'dansan_facilities', '단산시설팀', 0);

ALTER TABLE users ADD COLUMN department_id INTEGER REFERENCES departments(id);
UPDATE users SET department_id = 1;

-- The first matching active rule (lowest priority number) names the department; a case no
-- rule matches waits, unrouted, for the VOC manager.
CREATE TABLE routing_rules (
    id             INTEGER PRIMARY KEY,
    priority       INTEGER NOT NULL DEFAULT 100,
    kind           TEXT,
    facility       TEXT REFERENCES facilities(code),
    category       TEXT REFERENCES categories(code),
    department_id  INTEGER NOT NULL REFERENCES departments(id),
    active         INTEGER NOT NULL DEFAULT 1
);
INSERT INTO routing_rules (priority, kind, facility, category, department_id) VALUES
    (10,  'grievance', NULL,            NULL, 1),
    (50,  NULL,        'monorail',      NULL, 5),
    (50,  NULL,        'railbike',      NULL, 3),
    (50,  NULL,        'shooting',      NULL, 3),
    (50,  NULL,        'adventure',     NULL, 3),
    (50,  NULL,        'maze',          NULL, 2),
    (50,  NULL,        'camping',       NULL, 3),
    (50,  NULL,        'forest',        NULL, 3),
    (50,  NULL,        'farm_market',   NULL, 4),
    (50,  NULL,        'saejae_market', NULL, 4);

ALTER TABLE cases ADD COLUMN department_id INTEGER REFERENCES departments(id);
ALTER TABLE cases ADD COLUMN assignee_id INTEGER REFERENCES users(id);
ALTER TABLE cases ADD COLUMN registered_by INTEGER REFERENCES users(id);
CREATE INDEX cases_department ON cases(department_id, status);

-- An answer is drafted by a handler and approved (or returned) by the department head;
-- a reopened case keeps every earlier answer.
ALTER TABLE answers ADD COLUMN decision TEXT NOT NULL DEFAULT 'accepted';
ALTER TABLE answers ADD COLUMN state TEXT NOT NULL DEFAULT 'approved';
ALTER TABLE answers ADD COLUMN approved_by INTEGER REFERENCES users(id);
ALTER TABLE answers ADD COLUMN review_note TEXT;

ALTER TABLE case_history ADD COLUMN before_value TEXT;
ALTER TABLE case_history ADD COLUMN after_value TEXT;

CREATE TABLE case_notes (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases(id),
    author   TEXT NOT NULL,
    body     TEXT NOT NULL,
    at       INTEGER NOT NULL
);
CREATE INDEX case_notes_case ON case_notes(case_id, id);

-- Failed sign-ins, by account and by address, to slow down guessing.
CREATE TABLE login_failures (
    id        INTEGER PRIMARY KEY,
    username  TEXT NOT NULL,
    address   TEXT NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX login_failures_user ON login_failures(username, at);
CREATE INDEX login_failures_address ON login_failures(address, at);
