-- Disclosure requests (issue 4). Dates are DATE; facts are the domain's JSON.
CREATE TABLE requests (
    id                  BIGSERIAL PRIMARY KEY,
    agency_id           BIGINT  NOT NULL REFERENCES agencies (id),
    number              TEXT    NOT NULL UNIQUE,
    tracking_hash       TEXT    NOT NULL,
    state               TEXT    NOT NULL,
    waiting_on          TEXT    NOT NULL,
    applicant_kind      TEXT    NOT NULL,
    applicant_name      TEXT    NOT NULL,
    applicant_id_number TEXT    NOT NULL,
    channel             TEXT    NOT NULL,
    handler_id          BIGINT  REFERENCES users (id),
    submitted_on        DATE    NOT NULL,
    received_on         DATE,
    due_on              DATE,
    decided_on          DATE,
    outcome             TEXT,
    is_open             BOOLEAN NOT NULL,
    version             BIGINT  NOT NULL,
    facts               TEXT    NOT NULL,
    created_at          TIMESTAMPTZ    NOT NULL,
    updated_at          TIMESTAMPTZ    NOT NULL
);
CREATE INDEX requests_urgency ON requests (agency_id, is_open, due_on);
CREATE INDEX requests_applicant ON requests (agency_id, applicant_id_number, submitted_on);
CREATE INDEX requests_submitted ON requests (agency_id, submitted_on);
CREATE INDEX requests_decided ON requests (agency_id, decided_on);

CREATE TABLE request_counters (
    agency_id  BIGINT  NOT NULL REFERENCES agencies (id),
    year       BIGINT  NOT NULL,
    last_seq   BIGINT  NOT NULL,
    PRIMARY KEY (agency_id, year)
);

CREATE TABLE request_events (
    id              BIGSERIAL PRIMARY KEY,
    request_id      BIGINT  NOT NULL REFERENCES requests (id),
    kind            TEXT    NOT NULL,
    on_date         DATE,
    actor           TEXT    NOT NULL,
    summary         TEXT    NOT NULL,
    public_summary  TEXT,
    at              TIMESTAMPTZ    NOT NULL
);
CREATE INDEX request_events_request ON request_events (request_id, id);

CREATE TABLE request_letters (
    id          BIGSERIAL PRIMARY KEY,
    request_id  BIGINT  NOT NULL REFERENCES requests (id),
    kind        TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    created_at  TIMESTAMPTZ    NOT NULL
);
CREATE INDEX request_letters_request ON request_letters (request_id, id);

CREATE TABLE stored_files (
    id            BIGSERIAL PRIMARY KEY,
    owner         TEXT    NOT NULL,
    role          TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    size          BIGINT  NOT NULL,
    sha256        TEXT    NOT NULL,
    data          BYTEA   NOT NULL,
    created_at    TIMESTAMPTZ    NOT NULL
);
CREATE INDEX stored_files_owner ON stored_files (owner, id);

CREATE TABLE letter_templates (
    agency_id   BIGINT  NOT NULL REFERENCES agencies (id),
    kind        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    updated_at  TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (agency_id, kind)
);

CREATE TABLE cases (
    id           BIGSERIAL PRIMARY KEY,
    agency_id    BIGINT  NOT NULL REFERENCES agencies (id),
    request_id   BIGINT  REFERENCES requests (id),
    kind         TEXT    NOT NULL CHECK (kind IN ('reconsideration', 'litigation_direct', 'litigation_after_reconsideration')),
    body         TEXT    NOT NULL,
    case_number  TEXT    NOT NULL,
    applicant    TEXT    NOT NULL,
    filed_on     DATE    NOT NULL,
    closed_on    DATE,
    result       TEXT    NOT NULL CHECK (result IN ('upheld', 'corrected', 'other', 'pending')),
    summary      TEXT    NOT NULL,
    version      BIGINT  NOT NULL,
    created_at   TIMESTAMPTZ    NOT NULL
);
CREATE INDEX cases_agency ON cases (agency_id, filed_on);
