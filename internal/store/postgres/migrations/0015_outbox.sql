-- The outbox: the e-mail copy of inbox notices, written in the same
-- transaction as the notice and sent in the background with retries.
CREATE TABLE outbox (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notice_id  BIGINT      NOT NULL REFERENCES inbox (id) ON DELETE CASCADE,
    attempts   INTEGER     NOT NULL DEFAULT 0,
    next_at    TIMESTAMPTZ NOT NULL,
    sent_at    TIMESTAMPTZ,
    gave_up_at TIMESTAMPTZ,
    last_error TEXT        NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX outbox_due ON outbox (next_at, id) WHERE sent_at IS NULL AND gave_up_at IS NULL;

-- Users who do not want the e-mail copy: nothing is queued for them.
CREATE TABLE mail_optout (
    user_id    BIGINT      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL
);
