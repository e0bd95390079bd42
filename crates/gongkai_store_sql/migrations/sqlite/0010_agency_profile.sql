-- Issue 14: what the portal shows of an agency (条例 第二十条（二）: 机构职能, 负责人, 内设机构),
-- the site identity kept on the top agency (网站标识码, ICP备案号, 公安机关备案号), and whether the
-- agency is active. A deactivated agency keeps its records: they stay readable and are counted.
ALTER TABLE agencies ADD COLUMN functions TEXT NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN head TEXT NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN departments TEXT NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN site_code TEXT NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN icp_record TEXT NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN police_record TEXT NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN active BOOLEAN NOT NULL DEFAULT 1;
