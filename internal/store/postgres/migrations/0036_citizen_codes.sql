-- Citizens' questions get a short tracking code, HD-<year>-<number>,
-- numbered per site and year (question_seq), looked up together with the
-- sender's phone or e-mail; the long code (code_hash) keeps working. Not
-- unique: a merge of sites may bring two questions with the same short
-- code under one site, and the sender's contact tells them apart.
ALTER TABLE questions ADD COLUMN code_year INTEGER NOT NULL DEFAULT 0;
ALTER TABLE questions ADD COLUMN code_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX questions_short_code ON questions (site_id, code_year, code_seq) WHERE code_seq > 0;
CREATE TABLE question_seq (
    site_id BIGINT  NOT NULL,
    year    INTEGER NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (site_id, year)
);

-- The outbox also carries messages to people without an account (a
-- citizen's tracking code, the answer): no notice, the recipient, subject
-- and body written when queued.
ALTER TABLE outbox ALTER COLUMN notice_id DROP NOT NULL;
ALTER TABLE outbox ADD COLUMN site_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN to_addr TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN to_name TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN subject TEXT NOT NULL DEFAULT '';
-- body: added by 0031 for letters, shared by direct messages.

-- Views of each article (the article page's "lượt xem"), added up from
-- the visit counter's memory like the site's visits: numbers only.
CREATE TABLE article_views (
    article_id BIGINT PRIMARY KEY,
    views      BIGINT NOT NULL DEFAULT 0
);
