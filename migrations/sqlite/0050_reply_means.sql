-- Contacts beyond a mobile number: a postal address for an answer by post, and how the
-- complainant wants to be answered (회신 방법: 'sms', 'email', 'post' or 'phone'), shown to
-- staff. The address is personal data like the name and phone: shown masked, in full only
-- through the logged call-back, and destroyed with them at the end of the retention period.
ALTER TABLE cases ADD COLUMN address TEXT;
ALTER TABLE cases ADD COLUMN reply_by TEXT;
