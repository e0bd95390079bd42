-- Issue 13: one apply form files at most one request. The portal's form carries a one-time key;
-- the request keeps a hash of it, unique per agency, so a repeated post (a double click, a
-- browser retry, two nodes) finds the request the first post filed instead of filing another.
ALTER TABLE requests ADD COLUMN submission_key TEXT;
CREATE UNIQUE INDEX requests_submission_key ON requests (agency_id, submission_key)
    WHERE submission_key IS NOT NULL;
