-- Attachments are served to visitors only while a public owner lists them,
-- at an address by a random key instead of the sequential id.
--
-- media.file_key: 32 lower-case hex characters (128 random bits), the key
-- of an attachment's addresses /tep/<file_key>/<name> and
-- /quan-tri/tep/<file_key>. Every record gets one, photos included (they
-- do not use it); new records get theirs from the program.
ALTER TABLE media ADD COLUMN file_key TEXT NOT NULL DEFAULT '';
UPDATE media SET file_key = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX media_file_key ON media (file_key);

-- media_uses: which document or consultation lists which media record, and
-- whether that owner is public (a published document or consultation).
-- The owners' stores rewrite their rows in the transaction that saves the
-- owner, so they always agree with documents.files and
-- consultations.files. No foreign keys, as for media itself.
CREATE TABLE media_uses (
    owner_kind TEXT    NOT NULL CHECK (owner_kind IN ('document', 'consultation')),
    owner_id   INTEGER NOT NULL,
    media_id   INTEGER NOT NULL,
    site_id    INTEGER NOT NULL,
    public     INTEGER NOT NULL CHECK (public IN (0, 1)),
    PRIMARY KEY (owner_kind, owner_id, media_id)
);
CREATE INDEX media_uses_media ON media_uses (media_id, public);

INSERT OR IGNORE INTO media_uses (owner_kind, owner_id, media_id, site_id, public)
    SELECT 'document', d.id, j.value, d.site_id, d.status = 'published'
    FROM documents d, json_each(d.files) j WHERE j.type = 'integer';
INSERT OR IGNORE INTO media_uses (owner_kind, owner_id, media_id, site_id, public)
    SELECT 'consultation', c.id, j.value, c.site_id, c.status = 'published'
    FROM consultations c, json_each(c.files) j WHERE j.type = 'integer';
