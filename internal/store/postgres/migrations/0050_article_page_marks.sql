-- An edit of a published article's body changes what its own page shows
-- (and the feeds, which quote it), but no list: no other page. It moves
-- the site's article_pages_version instead of its articles_version, and
-- marks the article with the new value in article_page_marks, so that
-- the page cache makes that one article page stale and keeps every other
-- (content.Site.PageMark). The Directory reads the marks made since the
-- counter it last saw. One row per article ever so edited; a row of an
-- article that moved to another site is rewritten at its next edit. The
-- twin of the SQLite migration with the same number.
ALTER TABLE sites ADD COLUMN article_pages_version BIGINT NOT NULL DEFAULT 0;

CREATE TABLE article_page_marks (
    article_id BIGINT PRIMARY KEY,
    site_id    BIGINT NOT NULL,
    seq        BIGINT NOT NULL
);
CREATE INDEX article_page_marks_site ON article_page_marks (site_id, seq);

-- The trigger of 0030 with body left to articles_page_upd.
DROP TRIGGER articles_upd ON articles;
CREATE TRIGGER articles_upd AFTER UPDATE ON articles FOR EACH ROW
    WHEN (OLD.status = 'published' OR NEW.status = 'published')
    EXECUTE FUNCTION bump_site_area('articles', 'id', 'created_at', 'updated_at', 'owner_id', 'pending_revision_id',
        'pending_stage', 'review_note', 'flagged', 'list_fold', 'version', 'keywords', 'body');

-- The sites row is locked from the bump to the commit, so the marks are
-- committed in the order of their values: a node that reads the counter
-- at n finds every mark up to n.
CREATE FUNCTION mark_article_page() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    mark BIGINT;
BEGIN
    UPDATE sites SET article_pages_version = article_pages_version + 1 WHERE id = NEW.site_id
        RETURNING article_pages_version INTO mark;
    INSERT INTO article_page_marks (article_id, site_id, seq) VALUES (NEW.id, NEW.site_id, mark)
        ON CONFLICT (article_id) DO UPDATE SET site_id = EXCLUDED.site_id, seq = EXCLUDED.seq;
    RETURN NULL;
END;
$$;

-- A body changed while the article stays published: publishing or
-- withdrawing it moves the lists (articles_upd) and so every page.
CREATE TRIGGER articles_page_upd AFTER UPDATE ON articles FOR EACH ROW
    WHEN (OLD.status = 'published' AND NEW.status = 'published' AND OLD.body IS DISTINCT FROM NEW.body)
    EXECUTE FUNCTION mark_article_page();

-- The other nodes hear of the new counter (and of questions_version,
-- which 0042 left to the safety poll).
DROP TRIGGER sites_notify_upd ON sites;
CREATE TRIGGER sites_notify_upd AFTER UPDATE ON sites FOR EACH ROW
    WHEN (OLD.version IS DISTINCT FROM NEW.version
       OR OLD.articles_version IS DISTINCT FROM NEW.articles_version
       OR OLD.documents_version IS DISTINCT FROM NEW.documents_version
       OR OLD.schedule_version IS DISTINCT FROM NEW.schedule_version
       OR OLD.questions_version IS DISTINCT FROM NEW.questions_version
       OR OLD.article_pages_version IS DISTINCT FROM NEW.article_pages_version)
    EXECUTE FUNCTION notify_site_change();
