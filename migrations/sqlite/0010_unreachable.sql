-- An unreachable complainant (SPEC lifecycle 7): staff record that the contact data are
-- unusable; once the case's deadline passes, the sweep closes it as deemed withdrawn.
ALTER TABLE cases ADD COLUMN unreachable_at INTEGER;
ALTER TABLE cases ADD COLUMN unreachable_note TEXT;
