-- Disclosure requests (issue 4). Dates are TEXT 'YYYY-MM-DD'; facts are the domain's JSON.
CREATE TABLE requests (
    id                  INTEGER PRIMARY KEY,
    agency_id           INTEGER NOT NULL REFERENCES agencies (id),
    number              TEXT    NOT NULL UNIQUE,
    tracking_hash       TEXT    NOT NULL,
    state               TEXT    NOT NULL,
    waiting_on          TEXT    NOT NULL,
    applicant_kind      TEXT    NOT NULL,
    applicant_name      TEXT    NOT NULL,
    applicant_id_number TEXT    NOT NULL,
    channel             TEXT    NOT NULL,
    handler_id          INTEGER REFERENCES users (id),
    submitted_on        TEXT    NOT NULL,
    received_on         TEXT,
    due_on              TEXT,
    decided_on          TEXT,
    outcome             TEXT,
    is_open             BOOLEAN NOT NULL,
    version             INTEGER NOT NULL,
    facts               TEXT    NOT NULL,
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL
);
CREATE INDEX requests_urgency ON requests (agency_id, is_open, due_on);
CREATE INDEX requests_applicant ON requests (agency_id, applicant_id_number, submitted_on);
CREATE INDEX requests_submitted ON requests (agency_id, submitted_on);
CREATE INDEX requests_decided ON requests (agency_id, decided_on);

CREATE TABLE request_counters (
    agency_id  INTEGER NOT NULL REFERENCES agencies (id),
    year       INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL,
    PRIMARY KEY (agency_id, year)
);

CREATE TABLE request_events (
    id              INTEGER PRIMARY KEY,
    request_id      INTEGER NOT NULL REFERENCES requests (id),
    kind            TEXT    NOT NULL,
    on_date         TEXT,
    actor           TEXT    NOT NULL,
    summary         TEXT    NOT NULL,
    public_summary  TEXT,
    at              TEXT    NOT NULL
);
CREATE INDEX request_events_request ON request_events (request_id, id);

CREATE TABLE request_letters (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id),
    kind        TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);
CREATE INDEX request_letters_request ON request_letters (request_id, id);

CREATE TABLE stored_files (
    id            INTEGER PRIMARY KEY,
    owner         TEXT    NOT NULL,
    role          TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT    NOT NULL,
    data          BLOB    NOT NULL,
    created_at    TEXT    NOT NULL
);
CREATE INDEX stored_files_owner ON stored_files (owner, id);

CREATE TABLE letter_templates (
    agency_id   INTEGER NOT NULL REFERENCES agencies (id),
    kind        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (agency_id, kind)
);

CREATE TABLE cases (
    id           INTEGER PRIMARY KEY,
    agency_id    INTEGER NOT NULL REFERENCES agencies (id),
    request_id   INTEGER REFERENCES requests (id),
    kind         TEXT    NOT NULL CHECK (kind IN ('reconsideration', 'litigation_direct', 'litigation_after_reconsideration')),
    body         TEXT    NOT NULL,
    case_number  TEXT    NOT NULL,
    applicant    TEXT    NOT NULL,
    filed_on     TEXT    NOT NULL,
    closed_on    TEXT,
    result       TEXT    NOT NULL CHECK (result IN ('upheld', 'corrected', 'other', 'pending')),
    summary      TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    created_at   TEXT    NOT NULL
);
CREATE INDEX cases_agency ON cases (agency_id, filed_on);
