-- The outbox: the e-mail copy of inbox notices, written in the same
-- transaction as the notice and sent in the background with retries.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    notice_id  INTEGER NOT NULL REFERENCES inbox (id) ON DELETE CASCADE,
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at    INTEGER NOT NULL,
    sent_at    INTEGER NOT NULL DEFAULT 0,
    gave_up_at INTEGER NOT NULL DEFAULT 0,
    last_error TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX outbox_due ON outbox (next_at, id) WHERE sent_at = 0 AND gave_up_at = 0;

-- Users who do not want the e-mail copy: nothing is queued for them.
CREATE TABLE mail_optout (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
