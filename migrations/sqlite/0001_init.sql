-- 고객의 소리: the first schema. Times are Unix seconds (UTC); display is Asia/Seoul.

CREATE TABLE facilities (
    code      TEXT PRIMARY KEY,
    name_ko   TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    sort      INTEGER NOT NULL DEFAULT 0,
    active    INTEGER NOT NULL DEFAULT 1
);

-- The Mungyeong Tourism Corp. profile (CCM manual).
INSERT INTO facilities (code, name_ko, name_en, sort) VALUES
    ('monorail',      '단산모노레일',        'Dansan Monorail',                  1),
    ('railbike',      '철로자전거',          'Rail Bike',                        2),
    ('shooting',      '관광사격장',          'Tourist Shooting Range',           3),
    ('adventure',     '어드벤처파크',        'Adventure Park',                   4),
    ('maze',          '문경새재 미로공원',   'Mungyeong Saejae Maze Park',       5),
    ('camping',       '국민여가캠핑장',      'National Leisure Campground',      6),
    ('forest',        '불정자연휴양림',      'Buljeong Recreational Forest',     7),
    ('farm_market',   '농·특산물직판장',     'Local Farm Products Store',        8),
    ('saejae_market', '문경사랑 새재장터',   'Mungyeong Saejae Market',          9);

CREATE TABLE categories (
    code      TEXT PRIMARY KEY,
    name_ko   TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    parent    TEXT REFERENCES categories(code),
    sort      INTEGER NOT NULL DEFAULT 0,
    active    INTEGER NOT NULL DEFAULT 1
);

-- The Korea Gas Safety Corp. profile (CCMS manual ch. 4 II 1 ②).
INSERT INTO categories (code, name_ko, name_en, parent, sort) VALUES
    ('qna',               '질의응답',           'Questions and answers',       NULL,     1),
    ('improvement',       '개선제안/불편불만',  'Suggestions and complaints',  NULL,     2),
    ('report',            '민원신고',           'Reports',                     NULL,     3),
    ('cyber_audit',       '사이버감사실',       'Cyber audit office',          'report', 4),
    ('budget_waste',      '예산낭비',           'Budget waste',                'report', 5),
    ('faulty_facility',   '불량시설·제품',      'Faulty facilities or products','report', 6),
    ('lpg_quality',       '품질불량 LPG',       'Poor-quality LPG',            'report', 7),
    ('inspection_appeal', '검사이의제기',       'Inspection objection',        'report', 8),
    ('praise',            '칭찬하기',           'Praise',                      NULL,     9);

-- One row a year; the receipt number's sequence is taken inside the insert's transaction.
CREATE TABLE receipt_counters (
    year  INTEGER PRIMARY KEY,
    last  INTEGER NOT NULL
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL
);

-- Only a SHA-256 of the session token is stored; the token lives in the HttpOnly cookie.
CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE cases (
    id               INTEGER PRIMARY KEY,
    receipt_year     INTEGER NOT NULL,
    receipt_seq      INTEGER NOT NULL,
    receipt_no       TEXT NOT NULL UNIQUE,
    tracking_token   TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL,
    channel          TEXT NOT NULL,
    status           TEXT NOT NULL,
    facility         TEXT REFERENCES facilities(code),
    category         TEXT REFERENCES categories(code),
    content          TEXT NOT NULL,
    name             TEXT,
    phone            TEXT,
    email            TEXT,
    consent_sms      INTEGER NOT NULL,
    consent_email    INTEGER NOT NULL,
    consent_publish  INTEGER NOT NULL,
    received_at      INTEGER NOT NULL,
    due_at           INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    closed_at        INTEGER,
    UNIQUE (receipt_year, receipt_seq)
);
CREATE INDEX cases_status_due ON cases(status, due_at);
CREATE INDEX cases_received ON cases(received_at);

-- Every answer a case was given; a reopened case keeps its earlier ones.
CREATE TABLE answers (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    result       TEXT NOT NULL,
    basis        TEXT NOT NULL,
    appeal       TEXT NOT NULL,
    answered_by  INTEGER REFERENCES users(id),
    answered_at  INTEGER NOT NULL
);
CREATE INDEX answers_case ON answers(case_id, id);

-- Append-only: who did what to a case, and when.
CREATE TABLE case_history (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases(id),
    at       INTEGER NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    detail   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_history_case ON case_history(case_id, id);

CREATE TRIGGER case_history_no_update BEFORE UPDATE ON case_history
BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END;
CREATE TRIGGER case_history_no_delete BEFORE DELETE ON case_history
BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END;

-- One response per case: the primary key refuses a second.
CREATE TABLE survey_responses (
    case_id       INTEGER PRIMARY KEY REFERENCES cases(id),
    scores        TEXT NOT NULL,
    comment       TEXT,
    submitted_at  INTEGER NOT NULL
);
