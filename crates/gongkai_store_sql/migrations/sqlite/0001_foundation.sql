-- Foundation schema (SQLite). Timestamps are TEXT as sqlx encodes chrono values.
CREATE TABLE agencies (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL UNIQUE,
    level        TEXT    NOT NULL CHECK (level IN ('province', 'city', 'county', 'township')),
    kind         TEXT    NOT NULL CHECK (kind IN ('government', 'department', 'sub_district', 'other')),
    code         TEXT,
    parent_id    INTEGER REFERENCES agencies (id),
    office_name  TEXT    NOT NULL DEFAULT '',
    address      TEXT    NOT NULL DEFAULT '',
    hours        TEXT    NOT NULL DEFAULT '',
    phone        TEXT    NOT NULL DEFAULT '',
    fax          TEXT    NOT NULL DEFAULT '',
    email        TEXT    NOT NULL DEFAULT '',
    created_at   TEXT    NOT NULL
);
CREATE INDEX agencies_parent ON agencies (parent_id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    agency_id     INTEGER NOT NULL REFERENCES agencies (id),
    username      TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    roles         TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT 1,
    created_at    TEXT    NOT NULL
);
CREATE INDEX users_agency ON users (agency_id);

CREATE TABLE sessions (
    token_hash  TEXT    PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token  TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    expires_at  TEXT    NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Append-only, hash-chained audit log (see gongkai_domain::audit).
CREATE TABLE audit_log (
    seq             INTEGER PRIMARY KEY,
    at              TEXT    NOT NULL,
    actor           TEXT    NOT NULL,
    agency_id       INTEGER,
    action          TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    before_summary  TEXT    NOT NULL,
    after_summary   TEXT    NOT NULL,
    prev_hash       TEXT    NOT NULL,
    hash            TEXT    NOT NULL UNIQUE
);
CREATE INDEX audit_agency ON audit_log (agency_id, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE calendar_years (
    year        INTEGER PRIMARY KEY,
    source      TEXT    NOT NULL,
    imported_at TEXT    NOT NULL
);
