-- The permanent redirect table (package redirect): an old address of a
-- site, kept as a redirect.Key, and where it now lives. Filled by the
-- importers and by a merge of sites; never emptied by them, so an old
-- link keeps working after the import or the merge is over.
CREATE TABLE redirects (
    site_id    INTEGER NOT NULL REFERENCES sites (id),
    old_key    TEXT    NOT NULL,
    to_site_id INTEGER NOT NULL REFERENCES sites (id),
    to_path    TEXT    NOT NULL,
    source     TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (site_id, old_key)
);
CREATE INDEX redirects_to_site ON redirects (to_site_id);
