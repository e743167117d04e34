-- Syndication between sites; the PostgreSQL twin of the SQLite migration
-- with the same number (see there).
CREATE TABLE syndications (
    id                BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_site_id    BIGINT      NOT NULL REFERENCES sites (id),
    source_article_id BIGINT      NOT NULL REFERENCES articles (id),
    target_site_id    BIGINT      NOT NULL REFERENCES sites (id),
    direction         TEXT        NOT NULL CHECK (direction IN ('up', 'down')),
    state             TEXT        NOT NULL CHECK (state IN ('proposed', 'accepted', 'refused')),
    copy_article_id   BIGINT      REFERENCES articles (id),
    category_id       BIGINT      NOT NULL DEFAULT 0,
    comment           TEXT        NOT NULL DEFAULT '',
    proposed_by       BIGINT      NOT NULL DEFAULT 0,
    proposed_at       TIMESTAMPTZ NOT NULL,
    decided_by        BIGINT      NOT NULL DEFAULT 0,
    decided_at        TIMESTAMPTZ NOT NULL DEFAULT '-infinity',
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT '-infinity',
    UNIQUE (source_article_id, target_site_id)
);
CREATE INDEX syndications_target ON syndications (target_site_id, state, id DESC);
CREATE INDEX syndications_source_site ON syndications (source_site_id, id DESC);
CREATE UNIQUE INDEX syndications_copy ON syndications (copy_article_id) WHERE copy_article_id IS NOT NULL;

CREATE TABLE syndication_receive (
    site_id     BIGINT      PRIMARY KEY REFERENCES sites (id),
    category_id BIGINT      NOT NULL DEFAULT 0,
    updated_at  TIMESTAMPTZ NOT NULL
);
