-- Full-text search; the PostgreSQL twin of the SQLite migration with the
-- same number. search_docs holds, per searchable thing, what ranking and
-- snippets need, and tsv indexes its folded streams (vi.Fold in Go, so the
-- 'simple' configuration sees no diacritics). Rows are written in the same
-- transaction as the content they index.
--
-- tsv weighs the title A, the byline B and the text D. The streams are
-- joined with a placeholder lexeme '#' (which no folded stream can contain)
-- that is then deleted: tsvector concatenation numbers the right operand
-- after the left one, so the placeholder leaves a gap of one position and a
-- phrase ('a' <-> 'b') never matches across the title, byline and text, as
-- FTS5's separate columns don't.
--
-- public_from is NULL when the thing is not public; an unset published_at
-- (Go's zero time) is '-infinity', as in articles.
CREATE TABLE search_docs (
    id            BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id       BIGINT      NOT NULL REFERENCES sites (id),
    kind          TEXT        NOT NULL,
    ref_id        BIGINT      NOT NULL,
    category_id   BIGINT      NOT NULL DEFAULT 0,
    title         TEXT        NOT NULL,
    text          TEXT        NOT NULL,
    byline        TEXT        NOT NULL DEFAULT '',
    slug          TEXT        NOT NULL,
    source_url    TEXT        NOT NULL DEFAULT '',
    public_from   TIMESTAMPTZ,
    published_at  TIMESTAMPTZ NOT NULL DEFAULT '-infinity',
    title_folded  TEXT        NOT NULL,
    text_folded   TEXT        NOT NULL,
    byline_folded TEXT        NOT NULL DEFAULT ' ',
    title_exact   TEXT        NOT NULL,
    text_exact    TEXT        NOT NULL,
    tsv           TSVECTOR    NOT NULL GENERATED ALWAYS AS (
        ts_delete(
            setweight(to_tsvector('simple', title_folded), 'A') || '#:1'::tsvector ||
            setweight(to_tsvector('simple', byline_folded), 'B') || '#:1'::tsvector ||
            setweight(to_tsvector('simple', text_folded), 'D'),
            '#')
    ) STORED,
    UNIQUE (kind, ref_id)
);
CREATE INDEX search_docs_site ON search_docs (site_id, public_from);
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
