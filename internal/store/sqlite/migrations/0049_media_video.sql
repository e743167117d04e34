-- Videos in the media library: a record of kind 'video' is an uploaded
-- MP4 (the blob <blob_key>.mp4, stored as uploaded) with its poster photo
-- (the variants, as a photo's). SQLite cannot change a CHECK in place, so
-- the table is rebuilt with the same columns, IDs and indexes (nothing
-- refers to it by a foreign key).
CREATE TABLE media_new (
    id           INTEGER PRIMARY KEY,
    site_id      INTEGER NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('image', 'file', 'video')),
    blob_key     TEXT    NOT NULL UNIQUE,
    file_name    TEXT    NOT NULL DEFAULT '',
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL DEFAULT 0,
    width        INTEGER NOT NULL DEFAULT 0,
    height       INTEGER NOT NULL DEFAULT 0,
    variants     TEXT    NOT NULL DEFAULT '[]',
    alt          TEXT    NOT NULL DEFAULT '',
    created_by   INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    file_key     TEXT    NOT NULL DEFAULT '',
    caption      TEXT    NOT NULL DEFAULT ''
);
INSERT INTO media_new (id, site_id, kind, blob_key, file_name, content_type, size, width, height, variants, alt,
        created_by, created_at, file_key, caption)
    SELECT id, site_id, kind, blob_key, file_name, content_type, size, width, height, variants, alt,
        created_by, created_at, file_key, caption FROM media;
DROP TABLE media;
ALTER TABLE media_new RENAME TO media;
CREATE INDEX media_site ON media (site_id, id);
CREATE UNIQUE INDEX media_file_key ON media (file_key);
