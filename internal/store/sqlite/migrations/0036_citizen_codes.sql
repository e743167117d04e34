-- Citizens' questions get a short tracking code, HD-<year>-<number>,
-- numbered per site and year (question_seq), looked up together with the
-- sender's phone or e-mail; the long code (code_hash) keeps working. Not
-- unique: a merge of sites may bring two questions with the same short
-- code under one site, and the sender's contact tells them apart.
ALTER TABLE questions ADD COLUMN code_year INTEGER NOT NULL DEFAULT 0;
ALTER TABLE questions ADD COLUMN code_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX questions_short_code ON questions (site_id, code_year, code_seq) WHERE code_seq > 0;
CREATE TABLE question_seq (
    site_id INTEGER NOT NULL,
    year    INTEGER NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (site_id, year)
);

-- The outbox also carries messages to people without an account (a
-- citizen's tracking code, the answer): no notice, the recipient, subject
-- and body written when queued (a letter's body, 0031, is kept). SQLite cannot drop NOT NULL in place, so
-- the table is rebuilt (nothing refers to it).
CREATE TABLE outbox_new (
    id         INTEGER PRIMARY KEY,
    notice_id  INTEGER REFERENCES inbox (id) ON DELETE CASCADE,
    site_id    INTEGER NOT NULL DEFAULT 0,
    to_addr    TEXT    NOT NULL DEFAULT '',
    to_name    TEXT    NOT NULL DEFAULT '',
    subject    TEXT    NOT NULL DEFAULT '',
    body       TEXT    NOT NULL DEFAULT '',
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at    INTEGER NOT NULL,
    sent_at    INTEGER NOT NULL DEFAULT 0,
    gave_up_at INTEGER NOT NULL DEFAULT 0,
    last_error TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
INSERT INTO outbox_new (id, notice_id, body, attempts, next_at, sent_at, gave_up_at, last_error, created_at)
    SELECT id, notice_id, body, attempts, next_at, sent_at, gave_up_at, last_error, created_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (next_at, id) WHERE sent_at = 0 AND gave_up_at = 0;

-- Views of each article (the article page's "lượt xem"), added up from
-- the visit counter's memory like the site's visits: numbers only.
CREATE TABLE article_views (
    article_id INTEGER PRIMARY KEY,
    views      INTEGER NOT NULL DEFAULT 0
);
