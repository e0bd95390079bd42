-- Issue 16: the outbox. A notification (e-mail now; SMS later) is written as a row and sent by a
-- worker that retries with back-off; a failed send never undoes the business action. A row is
-- claimed with a lease (next_attempt_at moved ahead) so two nodes never send it twice at once.
CREATE TABLE outbox (
    id               BIGSERIAL PRIMARY KEY,
    channel          TEXT    NOT NULL,
    recipient        TEXT    NOT NULL,
    subject          TEXT    NOT NULL,
    body             TEXT    NOT NULL,
    reference        TEXT    NOT NULL,
    created_at       TIMESTAMPTZ     NOT NULL,
    attempts         BIGINT  NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ     NOT NULL,
    sent_at          TIMESTAMPTZ,
    failed_at        TIMESTAMPTZ,
    last_error       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_reference ON outbox (reference);
