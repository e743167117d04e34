-- An edit version on records two editors may change at once (see SQLite's
-- 0022).
ALTER TABLE schedule_entries ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
-- Articles locked on updated_at to the microsecond until now.
ALTER TABLE articles ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- The edit version is bookkeeping, not public content: saving an entry
-- unchanged still leaves the site's schedule version (and page caches)
-- alone.
DROP TRIGGER schedule_entries_upd ON schedule_entries;
CREATE TRIGGER schedule_entries_upd AFTER UPDATE ON schedule_entries FOR EACH ROW
    WHEN (OLD.status = 'published' OR NEW.status = 'published')
    EXECUTE FUNCTION bump_site_area('schedule', 'id', 'created_at', 'created_by', 'updated_at', 'version');

DROP TRIGGER articles_upd ON articles;
CREATE TRIGGER articles_upd AFTER UPDATE ON articles FOR EACH ROW
    WHEN (OLD.status = 'published' OR NEW.status = 'published')
    EXECUTE FUNCTION bump_site_area('articles', 'id', 'created_at', 'updated_at', 'owner_id', 'pending_revision_id',
        'pending_stage', 'review_note', 'flagged', 'list_fold', 'version');
