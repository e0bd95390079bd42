-- Foundation schema (PostgreSQL).
CREATE TABLE agencies (
    id           BIGSERIAL PRIMARY KEY,
    name         TEXT    NOT NULL UNIQUE,
    level        TEXT    NOT NULL CHECK (level IN ('province', 'city', 'county', 'township')),
    kind         TEXT    NOT NULL CHECK (kind IN ('government', 'department', 'sub_district', 'other')),
    code         TEXT,
    parent_id    BIGINT REFERENCES agencies (id),
    office_name  TEXT    NOT NULL DEFAULT '',
    address      TEXT    NOT NULL DEFAULT '',
    hours        TEXT    NOT NULL DEFAULT '',
    phone        TEXT    NOT NULL DEFAULT '',
    fax          TEXT    NOT NULL DEFAULT '',
    email        TEXT    NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX agencies_parent ON agencies (parent_id);

CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    agency_id     BIGINT  NOT NULL REFERENCES agencies (id),
    username      TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    roles         TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX users_agency ON users (agency_id);

CREATE TABLE sessions (
    token_hash  TEXT    PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token  TEXT    NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE audit_log (
    seq             BIGINT  PRIMARY KEY,
    at              TEXT    NOT NULL,
    actor           TEXT    NOT NULL,
    agency_id       BIGINT,
    action          TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    before_summary  TEXT    NOT NULL,
    after_summary   TEXT    NOT NULL,
    prev_hash       TEXT    NOT NULL,
    hash            TEXT    NOT NULL UNIQUE
);
CREATE INDEX audit_agency ON audit_log (agency_id, seq);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE calendar_years (
    year        INTEGER PRIMARY KEY,
    source      TEXT    NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL
);
