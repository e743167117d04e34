-- Uploaded photos and attachments (see internal/media). The bytes live in
-- the blob store; a row records where and what. blob_key is the base key:
-- a photo's variants are stored under the keys listed in variants (JSON
-- [{"width","height","key"}], ascending by width), an attachment under
-- blob_key itself. site_id and created_by have no foreign keys, as in the
-- account tables: the media store does not depend on the content tables.
-- Times are Unix microseconds, UTC.
CREATE TABLE media (
    id           INTEGER PRIMARY KEY,
    site_id      INTEGER NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('image', 'file')),
    blob_key     TEXT    NOT NULL UNIQUE,
    file_name    TEXT    NOT NULL DEFAULT '',
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL DEFAULT 0,
    width        INTEGER NOT NULL DEFAULT 0,
    height       INTEGER NOT NULL DEFAULT 0,
    variants     TEXT    NOT NULL DEFAULT '[]',
    alt          TEXT    NOT NULL DEFAULT '',
    created_by   INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL
);
CREATE INDEX media_site ON media (site_id, id);
