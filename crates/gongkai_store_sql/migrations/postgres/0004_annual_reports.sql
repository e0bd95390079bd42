-- The annual report (issue 6): fee columns for section 六, report versions, narrative registers.
ALTER TABLE requests ADD COLUMN fee_notice_on DATE;
ALTER TABLE requests ADD COLUMN fee_notified_yuan BIGINT;
ALTER TABLE requests ADD COLUMN fee_paid_on DATE;
ALTER TABLE requests ADD COLUMN fee_paid_yuan BIGINT;
CREATE INDEX requests_report ON requests (agency_id, received_on);

-- One row per version; a locked version never changes (a correction is a new version).
CREATE TABLE annual_reports (
    id            BIGSERIAL PRIMARY KEY,
    agency_id     BIGINT  NOT NULL REFERENCES agencies (id),
    year          BIGINT  NOT NULL,
    version       BIGINT  NOT NULL,
    locked        BOOLEAN NOT NULL,
    sections      TEXT    NOT NULL,
    snapshot      TEXT,
    published_on  DATE,
    created_by    TEXT    NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    locked_at     TIMESTAMPTZ,
    UNIQUE (agency_id, year, version)
);
CREATE FUNCTION annual_reports_locked_no_update() RETURNS trigger AS $$
BEGIN
    IF OLD.locked THEN
        RAISE EXCEPTION 'a locked annual report version never changes';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER annual_reports_locked_no_update BEFORE UPDATE ON annual_reports
FOR EACH ROW EXECUTE FUNCTION annual_reports_locked_no_update();

CREATE TABLE register_entries (
    id          BIGSERIAL PRIMARY KEY,
    agency_id   BIGINT  NOT NULL REFERENCES agencies (id),
    kind        TEXT    NOT NULL,
    year        BIGINT  NOT NULL,
    on_date     DATE,
    data        TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX register_entries_agency ON register_entries (agency_id, year, kind);
