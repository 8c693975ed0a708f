-- A password someone else knows (the generated first administrator's, printed once in the
-- log) must be replaced by its owner before the account does anything else.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
