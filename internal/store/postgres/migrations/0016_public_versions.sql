-- The page caches' versions, by area and for public changes only; the
-- PostgreSQL twin of the SQLite migration with the same number (see
-- content.Versions). sites.version keeps counting what every page's
-- layout shows (the site, categories, static pages, settings); articles,
-- documents and schedule entries get a counter each, bumped only when a
-- row that is or was published changes in a column the public sees. A
-- draft save, a revision of a published article (pending_*), a review
-- note or an owner change bumps nothing: it neither empties the page
-- cache nor writes, and so locks, the site's row.
--
-- bump_site_area(area, private columns…): the trigger names the columns
-- the public does not see, so a column added later counts as public
-- until it is named here. updated_at is private: every save moves it, the
-- optimistic lock of the editors' forms.
ALTER TABLE sites
    ADD COLUMN articles_version  BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN documents_version BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN schedule_version  BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION bump_site_area() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    site BIGINT := NEW.site_id;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF (to_jsonb(OLD) - TG_ARGV[1:]) = (to_jsonb(NEW) - TG_ARGV[1:]) THEN
            RETURN NULL; -- only private columns changed
        END IF;
        IF OLD.site_id <> NEW.site_id THEN
            site := NULL; -- both sites below
        END IF;
    END IF;
    CASE TG_ARGV[0]
    WHEN 'articles' THEN
        UPDATE sites SET articles_version = articles_version + 1
            WHERE id = NEW.site_id OR (site IS NULL AND id = OLD.site_id);
    WHEN 'documents' THEN
        UPDATE sites SET documents_version = documents_version + 1
            WHERE id = NEW.site_id OR (site IS NULL AND id = OLD.site_id);
    WHEN 'schedule' THEN
        UPDATE sites SET schedule_version = schedule_version + 1
            WHERE id = NEW.site_id OR (site IS NULL AND id = OLD.site_id);
    END CASE;
    RETURN NULL;
END;
$$;

DROP TRIGGER articles_ins ON articles;
DROP TRIGGER articles_upd ON articles;
CREATE TRIGGER articles_ins AFTER INSERT ON articles FOR EACH ROW
    WHEN (NEW.status = 'published') EXECUTE FUNCTION bump_site_area('articles');
CREATE TRIGGER articles_upd AFTER UPDATE ON articles FOR EACH ROW
    WHEN (OLD.status = 'published' OR NEW.status = 'published')
    EXECUTE FUNCTION bump_site_area('articles', 'id', 'created_at', 'updated_at', 'owner_id', 'pending_revision_id',
        'pending_stage', 'review_note', 'flagged', 'list_fold');

DROP TRIGGER documents_ins ON documents;
DROP TRIGGER documents_upd ON documents;
CREATE TRIGGER documents_ins AFTER INSERT ON documents FOR EACH ROW
    WHEN (NEW.status = 'published') EXECUTE FUNCTION bump_site_area('documents');
CREATE TRIGGER documents_upd AFTER UPDATE ON documents FOR EACH ROW
    WHEN (OLD.status = 'published' OR NEW.status = 'published')
    EXECUTE FUNCTION bump_site_area('documents', 'id', 'created_at', 'created_by', 'updated_at');

DROP TRIGGER schedule_entries_ins ON schedule_entries;
DROP TRIGGER schedule_entries_upd ON schedule_entries;
CREATE TRIGGER schedule_entries_ins AFTER INSERT ON schedule_entries FOR EACH ROW
    WHEN (NEW.status = 'published') EXECUTE FUNCTION bump_site_area('schedule');
CREATE TRIGGER schedule_entries_upd AFTER UPDATE ON schedule_entries FOR EACH ROW
    WHEN (OLD.status = 'published' OR NEW.status = 'published')
    EXECUTE FUNCTION bump_site_area('schedule', 'id', 'created_at', 'created_by', 'updated_at');
