-- The proactive-disclosure catalog (issue 5). Dates are TEXT 'YYYY-MM-DD'; facts are the
-- domain's JSON. Attachment bytes are stored once per SHA-256 (catalog_blobs).
CREATE TABLE publications (
    id               INTEGER PRIMARY KEY,
    agency_id        INTEGER NOT NULL REFERENCES agencies (id),
    index_number     TEXT    UNIQUE,
    state            TEXT    NOT NULL,
    title            TEXT    NOT NULL,
    document_number  TEXT    NOT NULL,
    topic            TEXT    NOT NULL,
    topic_main       TEXT    NOT NULL,
    genre            TEXT    NOT NULL,
    validity         TEXT    NOT NULL,
    formed_on        TEXT    NOT NULL,
    due_on           TEXT    NOT NULL,
    published_on     TEXT,
    scheduled_on     TEXT,
    published_late   BOOLEAN NOT NULL,
    interprets_id    INTEGER REFERENCES publications (id),
    version          INTEGER NOT NULL,
    facts            TEXT    NOT NULL,
    created_by       TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
);
CREATE INDEX publications_public ON publications (state, published_on, id);
CREATE INDEX publications_agency ON publications (agency_id, state, published_on);
CREATE INDEX publications_due ON publications (agency_id, state, due_on);
CREATE INDEX publications_interprets ON publications (interprets_id);

CREATE TABLE publication_counters (
    agency_id  INTEGER NOT NULL REFERENCES agencies (id),
    year       INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL,
    PRIMARY KEY (agency_id, year)
);

CREATE TABLE catalog_blobs (
    sha256  TEXT    PRIMARY KEY,
    size    INTEGER NOT NULL,
    data    BLOB    NOT NULL
);

CREATE TABLE publication_files (
    id              INTEGER PRIMARY KEY,
    publication_id  INTEGER NOT NULL REFERENCES publications (id),
    name            TEXT    NOT NULL,
    content_type    TEXT    NOT NULL,
    size            INTEGER NOT NULL,
    sha256          TEXT    NOT NULL REFERENCES catalog_blobs (sha256),
    text            TEXT    NOT NULL,
    created_at      TEXT    NOT NULL
);
CREATE INDEX publication_files_publication ON publication_files (publication_id, id);

CREATE TABLE catalog_settings (
    agency_id       INTEGER PRIMARY KEY REFERENCES agencies (id),
    guide           TEXT    NOT NULL,
    index_template  TEXT    NOT NULL,
    scan_words      TEXT    NOT NULL,
    version         INTEGER NOT NULL,
    updated_at      TEXT    NOT NULL
);
