-- Uploaded photos and attachments (see internal/media); the PostgreSQL twin
-- of the SQLite migration with the same number. The bytes live in the blob
-- store; a row records where and what. blob_key is the base key: a photo's
-- variants are stored under the keys listed in variants (JSON text
-- [{"width","height","key"}], ascending by width), an attachment under
-- blob_key itself. site_id and created_by have no foreign keys, as in the
-- account tables.
CREATE TABLE media (
    id           BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id      BIGINT      NOT NULL,
    kind         TEXT        NOT NULL CHECK (kind IN ('image', 'file')),
    blob_key     TEXT        NOT NULL UNIQUE,
    file_name    TEXT        NOT NULL DEFAULT '',
    content_type TEXT        NOT NULL,
    size         BIGINT      NOT NULL DEFAULT 0,
    width        INTEGER     NOT NULL DEFAULT 0,
    height       INTEGER     NOT NULL DEFAULT 0,
    variants     TEXT        NOT NULL DEFAULT '[]',
    alt          TEXT        NOT NULL DEFAULT '',
    created_by   BIGINT      NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX media_site ON media (site_id, id);
