-- Files a complainant attaches: uploaded one by one before filing (so a refused file is
-- told at once and the rest of the form stays), then linked to the case it is filed with.
-- `id` is a random handle only the uploader holds. Images are stored with their metadata
-- (EXIF, location) already removed. Unlinked uploads are purged after a day.
CREATE TABLE attachments (
    id           TEXT PRIMARY KEY,
    case_id      BIGINT REFERENCES cases(id),
    file_name    TEXT NOT NULL,
    media_kind   TEXT NOT NULL,
    size_bytes   BIGINT NOT NULL,
    data         BYTEA NOT NULL,
    uploaded_at  BIGINT NOT NULL
);
CREATE INDEX attachments_case ON attachments (case_id);
CREATE INDEX attachments_unlinked ON attachments (uploaded_at) WHERE case_id IS NULL;
