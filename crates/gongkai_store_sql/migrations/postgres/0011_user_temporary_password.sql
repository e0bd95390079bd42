-- Issue 14: a password an admin set (a reset, or an imported account's first password) is
-- temporary: the user must choose their own at the next sign-in before anything else.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT false;
