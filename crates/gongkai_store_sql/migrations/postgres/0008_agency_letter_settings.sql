-- Issue 13: what an agency's letters say that the records cannot tell. Empty: the default
-- (the 复议机关 is the agency above; the 缴纳方式 sentence is the generic one).
ALTER TABLE agencies ADD COLUMN reconsideration_body TEXT NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN fee_payment TEXT NOT NULL DEFAULT '';
