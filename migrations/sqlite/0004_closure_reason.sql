-- Why a case was closed without an answer: not a complaint (KGS 1.4 (2) ※), withdrawn.
ALTER TABLE cases ADD COLUMN closure_reason TEXT;
