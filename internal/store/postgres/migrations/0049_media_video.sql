-- Videos in the media library: a record of kind 'video' is an uploaded
-- MP4 (the blob <blob_key>.mp4, stored as uploaded) with its poster photo
-- (the variants, as a photo's); the PostgreSQL twin of the SQLite
-- migration with the same number, which rebuilds the table.
ALTER TABLE media DROP CONSTRAINT media_kind_check;
ALTER TABLE media ADD CONSTRAINT media_kind_check CHECK (kind IN ('image', 'file', 'video'));
