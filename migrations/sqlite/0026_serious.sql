-- A serious case (중대 민원): any kind, marked by staff for health, safety, large damage or
-- the media; it heads every queue. The mark can be cleared; the history keeps both.
ALTER TABLE cases ADD COLUMN serious_reason TEXT
    CHECK (serious_reason IN ('health', 'safety', 'large_damage', 'media'));
ALTER TABLE cases ADD COLUMN serious_note TEXT;
ALTER TABLE cases ADD COLUMN serious_at INTEGER;
