-- The annual report (issue 6): fee columns for section 六, report versions, narrative registers.
ALTER TABLE requests ADD COLUMN fee_notice_on TEXT;
ALTER TABLE requests ADD COLUMN fee_notified_yuan INTEGER;
ALTER TABLE requests ADD COLUMN fee_paid_on TEXT;
ALTER TABLE requests ADD COLUMN fee_paid_yuan INTEGER;
CREATE INDEX requests_report ON requests (agency_id, received_on);

-- One row per version; a locked version never changes (a correction is a new version).
CREATE TABLE annual_reports (
    id            INTEGER PRIMARY KEY,
    agency_id     INTEGER NOT NULL REFERENCES agencies (id),
    year          INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    locked        BOOLEAN NOT NULL,
    sections      TEXT    NOT NULL,
    snapshot      TEXT,
    published_on  TEXT,
    created_by    TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    locked_at     TEXT,
    UNIQUE (agency_id, year, version)
);
CREATE TRIGGER annual_reports_locked_no_update BEFORE UPDATE ON annual_reports
WHEN OLD.locked BEGIN SELECT RAISE(ABORT, 'a locked annual report version never changes'); END;

CREATE TABLE register_entries (
    id          INTEGER PRIMARY KEY,
    agency_id   INTEGER NOT NULL REFERENCES agencies (id),
    kind        TEXT    NOT NULL,
    year        INTEGER NOT NULL,
    on_date     TEXT,
    data        TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);
CREATE INDEX register_entries_agency ON register_entries (agency_id, year, kind);
