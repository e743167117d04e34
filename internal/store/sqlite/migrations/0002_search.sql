-- Full-text search. search_docs holds, per searchable thing, what ranking
-- and snippets need; search_fts indexes its folded text (vi.Fold in Go,
-- so the tokenizer sees no diacritics). Both are written in the same
-- transaction as the content they index.
CREATE TABLE search_docs (
    id            INTEGER PRIMARY KEY,
    site_id       INTEGER NOT NULL REFERENCES sites (id),
    kind          TEXT    NOT NULL,
    ref_id        INTEGER NOT NULL,
    category_id   INTEGER NOT NULL DEFAULT 0,
    title         TEXT    NOT NULL,
    text          TEXT    NOT NULL,
    byline        TEXT    NOT NULL DEFAULT '',
    slug          TEXT    NOT NULL,
    source_url    TEXT    NOT NULL DEFAULT '',
    public_from   INTEGER,            -- Unix µs; NULL when not public
    published_at  INTEGER NOT NULL DEFAULT 0,
    title_folded  TEXT    NOT NULL,
    text_folded   TEXT    NOT NULL,
    title_exact   TEXT    NOT NULL,
    text_exact    TEXT    NOT NULL,
    UNIQUE (kind, ref_id)
);
CREATE INDEX search_docs_site ON search_docs (site_id, public_from);

CREATE VIRTUAL TABLE search_fts USING fts5 (
    title, text, byline,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
