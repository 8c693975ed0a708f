-- Training records (교육관리): courses, the roles that must complete a course every year, the
-- sessions held and who attended, and CS-training referrals from cases (KGS "관련자 조치") as
-- requirements on the member of staff named, matched to their account when one carries the name.
CREATE TABLE training_courses (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    title         TEXT NOT NULL,
    kind          TEXT NOT NULL,
    hours_tenths  INTEGER NOT NULL,
    due_md        TEXT NOT NULL DEFAULT '12-31',
    active        INTEGER NOT NULL DEFAULT 1,
    saved_by      TEXT NOT NULL,
    saved_at      INTEGER NOT NULL
);
CREATE TABLE training_course_roles (
    course_id     INTEGER NOT NULL REFERENCES training_courses(id),
    role          TEXT NOT NULL,
    PRIMARY KEY (course_id, role)
);
CREATE TABLE training_sessions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id     INTEGER NOT NULL REFERENCES training_courses(id),
    held_on       TEXT NOT NULL,
    place         TEXT,
    recorded_by   TEXT NOT NULL,
    recorded_at   INTEGER NOT NULL
);
CREATE INDEX training_sessions_held ON training_sessions(held_on);
CREATE TABLE training_attendance (
    session_id    INTEGER NOT NULL REFERENCES training_sessions(id),
    user_id       INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX training_attendance_user ON training_attendance(user_id);
CREATE TABLE training_referrals (
    case_id       INTEGER PRIMARY KEY REFERENCES cases(id),
    staff_name    TEXT NOT NULL,
    user_id       INTEGER REFERENCES users(id),
    department_id INTEGER REFERENCES departments(id),
    referred_on   TEXT NOT NULL,
    referred_by   TEXT NOT NULL
);

-- The two courses every public body owes its staff each year: CS (both manuals) and personal
-- data protection (개인정보 보호법 제28조). Administrators change or retire them.
INSERT INTO training_courses (id, title, kind, hours_tenths, due_md, active, saved_by, saved_at) VALUES
    (1, 'CS·친절 응대 교육 (고객불만 사전예방 포함)', 'cs', 20, '12-31', 1, 'system', 0),
    (2, '개인정보 보호 교육', 'privacy', 10, '12-31', 1, 'system', 0);
INSERT INTO training_course_roles (course_id, role) VALUES
    (1, 'voc_manager'), (1, 'handler'), (1, 'department_head'), (1, 'receiver'),
    (2, 'admin'), (2, 'voc_manager'), (2, 'handler'), (2, 'department_head'), (2, 'receiver'),
    (2, 'executive'), (2, 'privacy_officer');
