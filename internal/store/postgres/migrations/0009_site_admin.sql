-- The site administrator's settings: each site's account policy (site_id 0
-- is the platform's, for platform administrators), categories hidden from
-- the navigation, and the audit log's index for the viewer (newest first,
-- by action); the PostgreSQL twin of the SQLite migration with the same
-- number. site_policies.site_id has no foreign key: 0 is not a site.
CREATE TABLE site_policies (
    site_id               BIGINT      PRIMARY KEY,
    allow_self_approval   BOOLEAN     NOT NULL DEFAULT FALSE,
    require_second_factor BOOLEAN     NOT NULL DEFAULT FALSE,
    updated_at            TIMESTAMPTZ NOT NULL
);

ALTER TABLE categories ADD COLUMN hidden BOOLEAN NOT NULL DEFAULT FALSE;

CREATE INDEX audit_log_action ON audit_log (action, id);

-- The article list of the admin area filters in SQL: list_fold is the
-- title, byline author and unit folded with vi.Fold (written by the store
-- on every insert and update; rows older than this migration are filled
-- in when the store opens), and the list sorts by last change.
ALTER TABLE articles ADD COLUMN list_fold TEXT NOT NULL DEFAULT '';
-- (The index on (site_id, updated_at, id) that sorting by last change uses
-- is created by 0014_harvest.)

-- An article's featured photo (content.Photo as JSON, '' for none), on the
-- article and on each revision.
ALTER TABLE articles ADD COLUMN photo TEXT NOT NULL DEFAULT '';
ALTER TABLE article_revisions ADD COLUMN photo TEXT NOT NULL DEFAULT '';

-- Deleting a category changes the site's pages (menu, lists) like any
-- other change: bump the site's version so caches notice.
CREATE FUNCTION bump_site_version_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE sites SET version = version + 1 WHERE id = OLD.site_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER categories_del AFTER DELETE ON categories FOR EACH ROW EXECUTE FUNCTION bump_site_version_deleted();

-- A short description of the site, for search engines and feeds.
ALTER TABLE sites ADD COLUMN description TEXT NOT NULL DEFAULT '';
