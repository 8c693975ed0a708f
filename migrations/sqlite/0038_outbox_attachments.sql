-- A notice may carry one file: the periodic report mail's workbook. Stored with the message,
-- so what is sent (and resent after a failure) is what was counted when it was enqueued.
ALTER TABLE outbox ADD COLUMN attachment_name TEXT;
ALTER TABLE outbox ADD COLUMN attachment BLOB;
