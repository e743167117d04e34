-- The search index, smaller and faster (issue 16). search_docs kept the
-- original text, its folded stream and its exact-key stream: 455 MiB for
-- 100,000 articles against 260 MiB of articles. Now:
--   * the original text is not kept (snippets read it from the content for
--     the hits shown, search.TextLoader); the title and byline, short and
--     shown with every hit, stay;
--   * the folded and exact-key streams are packed into one column
--     (search.PackStreams), about the size of the exact stream alone;
--   * the columns the search filters on come first, before any text, so
--     that reading them never follows a row's overflow pages.
-- The rows cannot be converted in SQL (packing is Go): the tables are made
-- anew, empty, and Open rebuilds the index once (Reindex) while
-- search_reindex_todo has a row.
DROP TABLE search_fts;
DROP TABLE search_docs;

CREATE TABLE search_docs (
    id            INTEGER PRIMARY KEY,
    site_id       INTEGER NOT NULL REFERENCES sites (id),
    kind          TEXT    NOT NULL,
    ref_id        INTEGER NOT NULL,
    category_id   INTEGER NOT NULL DEFAULT 0,
    public_from   INTEGER,            -- Unix µs; NULL when not public
    published_at  INTEGER NOT NULL DEFAULT 0,
    slug          TEXT    NOT NULL,
    source_url    TEXT    NOT NULL DEFAULT '',
    code          TEXT    NOT NULL DEFAULT '',
    title         TEXT    NOT NULL,
    byline        TEXT    NOT NULL DEFAULT '',
    title_streams TEXT    NOT NULL,   -- search.PackStreams of the title's folded and exact streams
    text_streams  TEXT    NOT NULL,   -- … of the text's (and the byline's exact keys)
    UNIQUE (kind, ref_id)
);
CREATE INDEX search_docs_site ON search_docs (site_id, public_from);

CREATE VIRTUAL TABLE search_fts USING fts5 (
    title, text, byline,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);

CREATE TABLE search_reindex_todo (since INTEGER NOT NULL);
INSERT INTO search_reindex_todo (since) VALUES (0);
