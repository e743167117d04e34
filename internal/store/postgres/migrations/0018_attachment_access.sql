-- Attachments are served to visitors only while a public owner lists them,
-- at an address by a random key instead of the sequential id; the
-- PostgreSQL twin of the SQLite migration with the same number.
--
-- media.file_key: 32 lower-case hex characters (122 random bits of a
-- version 4 UUID here; 128 from the program), the key of an attachment's
-- addresses /tep/<file_key>/<name> and /quan-tri/tep/<file_key>. The
-- volatile default gives every existing record its own key, photos
-- included (they do not use it); new records get theirs from the program.
ALTER TABLE media ADD COLUMN file_key TEXT NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', '');
CREATE UNIQUE INDEX media_file_key ON media (file_key);

-- media_uses: which document or consultation lists which media record, and
-- whether that owner is public (a published document or consultation).
-- The owners' stores rewrite their rows in the transaction that saves the
-- owner, so they always agree with documents.files and
-- consultations.files. No foreign keys, as for media itself.
CREATE TABLE media_uses (
    owner_kind TEXT    NOT NULL CHECK (owner_kind IN ('document', 'consultation')),
    owner_id   BIGINT  NOT NULL,
    media_id   BIGINT  NOT NULL,
    site_id    BIGINT  NOT NULL,
    public     BOOLEAN NOT NULL,
    PRIMARY KEY (owner_kind, owner_id, media_id)
);
CREATE INDEX media_uses_media ON media_uses (media_id, public);

INSERT INTO media_uses (owner_kind, owner_id, media_id, site_id, public)
    SELECT 'document', d.id, j.value::bigint, d.site_id, d.status = 'published'
    FROM documents d CROSS JOIN LATERAL jsonb_array_elements(d.files::jsonb) AS j(value)
    WHERE jsonb_typeof(j.value) = 'number'
    ON CONFLICT DO NOTHING;
INSERT INTO media_uses (owner_kind, owner_id, media_id, site_id, public)
    SELECT 'consultation', c.id, j.value::bigint, c.site_id, c.status = 'published'
    FROM consultations c CROSS JOIN LATERAL jsonb_array_elements(c.files::jsonb) AS j(value)
    WHERE jsonb_typeof(j.value) = 'number'
    ON CONFLICT DO NOTHING;
