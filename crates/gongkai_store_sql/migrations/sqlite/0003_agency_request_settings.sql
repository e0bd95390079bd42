-- Confirm online applications automatically on the next working day (条例 第三十一条第三项).
ALTER TABLE agencies ADD COLUMN auto_confirm_online BOOLEAN NOT NULL DEFAULT 0;
