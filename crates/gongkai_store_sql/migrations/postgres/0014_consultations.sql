-- Issue 16: 意见征集. A consultation on a draft, the public's comments (one text once per
-- consultation), each comment's decision (采纳/部分采纳/未采纳 with a reason) and the published
-- feedback (采纳情况) linked to the final document in the catalog.
CREATE TABLE consultations (
    id                     BIGSERIAL PRIMARY KEY,
    agency_id              BIGINT NOT NULL REFERENCES agencies (id),
    kind                   TEXT NOT NULL,
    title                  TEXT NOT NULL,
    summary                TEXT NOT NULL,
    body                   TEXT NOT NULL,
    opens_on               DATE NOT NULL,
    closes_on              DATE NOT NULL,
    feedback               TEXT NOT NULL DEFAULT '',
    feedback_published_on  DATE,
    final_publication_id   BIGINT REFERENCES publications (id),
    created_by             TEXT NOT NULL,
    created_at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX consultations_agency ON consultations (agency_id, opens_on);

CREATE TABLE consultation_comments (
    id               BIGSERIAL PRIMARY KEY,
    consultation_id  BIGINT NOT NULL REFERENCES consultations (id),
    name             TEXT NOT NULL,
    body             TEXT NOT NULL,
    duplicate_key    TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    decision         TEXT,
    reason           TEXT NOT NULL DEFAULT '',
    decided_by       TEXT NOT NULL DEFAULT '',
    decided_at       TIMESTAMPTZ,
    UNIQUE (consultation_id, duplicate_key)
);
