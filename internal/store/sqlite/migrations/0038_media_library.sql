-- The media library (/quan-tri/thu-vien): a caption for each record, and
-- where articles and pages use it.
--
-- media.caption: the line printed under a photo ("Ảnh: …"), "" until
-- written; the library offers it when the photo is put in an article.
ALTER TABLE media ADD COLUMN caption TEXT NOT NULL DEFAULT '';

-- media_refs: which article or page shows which media record (its featured
-- photo, a photo or a link in its body), and whether that owner is public
-- (a published article; pages are always public). The content store
-- rewrites an owner's rows in the transaction that writes the owner. No
-- foreign keys, as for media and media_uses.
CREATE TABLE media_refs (
    owner_kind TEXT    NOT NULL CHECK (owner_kind IN ('article', 'page')),
    owner_id   INTEGER NOT NULL,
    media_id   INTEGER NOT NULL,
    site_id    INTEGER NOT NULL,
    public     INTEGER NOT NULL CHECK (public IN (0, 1)),
    PRIMARY KEY (owner_kind, owner_id, media_id)
);
CREATE INDEX media_refs_media ON media_refs (media_id, public);

-- The featured photos of the articles written before: their IDs are in
-- the article's photo snapshot. Photos in bodies are found when the
-- article is next saved (deleting a photo still looks in the bodies).
INSERT OR IGNORE INTO media_refs (owner_kind, owner_id, media_id, site_id, public)
    SELECT 'article', a.id, m.id, a.site_id, a.status = 'published'
    FROM articles a JOIN media m ON m.site_id = a.site_id
    WHERE a.photo <> '' AND json_valid(a.photo) AND m.id = json_extract(a.photo, '$.id');
