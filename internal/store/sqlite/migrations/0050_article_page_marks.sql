-- An edit of a published article's body changes what its own page shows
-- (and the feeds, which quote it), but no list: no other page. It moves
-- the site's article_pages_version instead of its articles_version, and
-- marks the article with the new value in article_page_marks, so that
-- the page cache makes that one article page stale and keeps every other
-- (content.Site.PageMark). The Directory reads the marks made since the
-- counter it last saw. One row per article ever so edited; a row of an
-- article that moved to another site is rewritten at its next edit.
ALTER TABLE sites ADD COLUMN article_pages_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE article_page_marks (
    article_id INTEGER PRIMARY KEY,
    site_id    INTEGER NOT NULL,
    seq        INTEGER NOT NULL
);
CREATE INDEX article_page_marks_site ON article_page_marks (site_id, seq);

-- The trigger of 0040 without body, which articles_page_upd compares.
DROP TRIGGER articles_upd;
CREATE TRIGGER articles_upd AFTER UPDATE ON articles
WHEN (OLD.status = 'published' OR NEW.status = 'published') AND (
    OLD.site_id IS NOT NEW.site_id OR OLD.category_id IS NOT NEW.category_id OR OLD.title IS NOT NEW.title
    OR OLD.slug IS NOT NEW.slug OR OLD.summary IS NOT NEW.summary
    OR OLD.author IS NOT NEW.author OR OLD.unit IS NOT NEW.unit OR OLD.source_url IS NOT NEW.source_url
    OR OLD.status IS NOT NEW.status OR OLD.featured IS NOT NEW.featured OR OLD.published_at IS NOT NEW.published_at
    OR OLD.withdrawn_reason IS NOT NEW.withdrawn_reason OR OLD.replacement IS NOT NEW.replacement OR OLD.photo IS NOT NEW.photo
    OR OLD.corrected_at IS NOT NEW.corrected_at OR OLD.withdrawn_notice IS NOT NEW.withdrawn_notice)
BEGIN UPDATE sites SET articles_version = articles_version + 1 WHERE id IN (OLD.site_id, NEW.site_id); END;

-- A body changed while the article stays published: publishing or
-- withdrawing it moves the lists (articles_upd) and so every page.
CREATE TRIGGER articles_page_upd AFTER UPDATE ON articles
WHEN OLD.status = 'published' AND NEW.status = 'published' AND OLD.body IS NOT NEW.body
BEGIN
    UPDATE sites SET article_pages_version = article_pages_version + 1 WHERE id = NEW.site_id;
    INSERT OR REPLACE INTO article_page_marks (article_id, site_id, seq)
        SELECT NEW.id, NEW.site_id, article_pages_version FROM sites WHERE id = NEW.site_id;
END;
