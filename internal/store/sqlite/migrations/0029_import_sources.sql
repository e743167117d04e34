-- What an import from another portal made of each source record (issue 12):
-- the old portal's identity of a record ("nukeviet:nv4_vi_news_rows#123",
-- "nukeviet:file:uploads/news/a.jpg") and the id of what it became in this
-- site (an article, a page, a document, a question, a media record, a
-- category), so a second run updates instead of duplicating.
CREATE TABLE import_sources (
    site_id    INTEGER NOT NULL REFERENCES sites (id),
    source     TEXT    NOT NULL,
    target_id  INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (site_id, source)
);
