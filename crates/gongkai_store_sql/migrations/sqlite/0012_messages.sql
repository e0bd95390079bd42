-- 留言 and 找错 (issue 16). Dates are TEXT 'YYYY-MM-DD'; facts are the domain's JSON
-- (gongkai_domain::message::Message: the submission, the hops, the reply, the published texts).
-- agency_id is the agency now responsible (the last hop); every hop is also a row of
-- message_hops, rewritten with the facts, for the per-agency statistics.
CREATE TABLE messages (
    id            INTEGER PRIMARY KEY,
    agency_id     INTEGER NOT NULL REFERENCES agencies (id),
    number        TEXT    NOT NULL UNIQUE,
    tracking_hash TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    state         TEXT    NOT NULL,
    subject       TEXT    NOT NULL,
    received_on   TEXT    NOT NULL,
    due_on        TEXT    NOT NULL,
    replied_on    TEXT,
    is_open       BOOLEAN NOT NULL,
    published     BOOLEAN NOT NULL,
    text_key      TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    facts         TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);
CREATE INDEX messages_urgency ON messages (agency_id, is_open, due_on);
CREATE INDEX messages_published ON messages (published, replied_on);
CREATE INDEX messages_text_key ON messages (text_key, created_at);

CREATE TABLE message_hops (
    message_id  INTEGER NOT NULL REFERENCES messages (id),
    seq         INTEGER NOT NULL,
    agency_id   INTEGER NOT NULL REFERENCES agencies (id),
    received_on TEXT    NOT NULL,
    due_on      TEXT    NOT NULL,
    closed_on   TEXT,
    end_kind    TEXT,
    PRIMARY KEY (message_id, seq)
);
CREATE INDEX message_hops_agency ON message_hops (agency_id, received_on);

CREATE TABLE message_counters (
    agency_id  INTEGER NOT NULL REFERENCES agencies (id),
    year       INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL,
    PRIMARY KEY (agency_id, year)
);

-- Per-agency reply periods in working days (defaults in gongkai_domain::message).
CREATE TABLE message_settings (
    agency_id          INTEGER PRIMARY KEY REFERENCES agencies (id),
    message_days       INTEGER NOT NULL,
    error_report_days  INTEGER NOT NULL,
    updated_at         TEXT    NOT NULL
);
