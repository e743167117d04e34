-- The newsroom workflow: more article statuses, who owns an article, a
-- pending edit of a published article, withdrawal details; every save as a
-- revision; an inbox per user.
ALTER TABLE articles DROP CONSTRAINT articles_status_check;
ALTER TABLE articles ADD CONSTRAINT articles_status_check
    CHECK (status IN ('draft', 'submitted', 'returned', 'approval', 'scheduled', 'published', 'withdrawn'));
ALTER TABLE articles
    ADD COLUMN owner_id            BIGINT  NOT NULL DEFAULT 0,
    ADD COLUMN pending_revision_id BIGINT,
    ADD COLUMN pending_stage       TEXT    NOT NULL DEFAULT '',
    ADD COLUMN review_note         TEXT    NOT NULL DEFAULT '',
    ADD COLUMN withdrawn_reason    TEXT    NOT NULL DEFAULT '',
    ADD COLUMN replacement         TEXT    NOT NULL DEFAULT '',
    ADD COLUMN flagged             BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX articles_due ON articles (published_at) WHERE status = 'scheduled';

CREATE TABLE article_revisions (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id  BIGINT      NOT NULL REFERENCES articles (id),
    site_id     BIGINT      NOT NULL,
    number      INTEGER     NOT NULL,
    category_id BIGINT      NOT NULL,
    title       TEXT        NOT NULL,
    summary     TEXT        NOT NULL DEFAULT '',
    body        TEXT        NOT NULL DEFAULT '',
    author      TEXT        NOT NULL DEFAULT '',
    unit        TEXT        NOT NULL DEFAULT '',
    featured    BOOLEAN     NOT NULL DEFAULT FALSE,
    stage       TEXT        NOT NULL,
    saved_by    BIGINT      NOT NULL DEFAULT 0,
    note        TEXT        NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (article_id, number)
);

CREATE TABLE inbox (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id    BIGINT      NOT NULL,
    user_id    BIGINT      NOT NULL,
    article_id BIGINT      NOT NULL,
    message    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    read_at    TIMESTAMPTZ
);
CREATE INDEX inbox_user ON inbox (user_id, read_at, id DESC);
