-- Quick corrections and withdrawal notices (issue 14, items 4 and 5).
-- corrected_at is when the public text of a published article was last
-- corrected (a quick correction, or an approved edit): the article page
-- shows "Cập nhật lúc …" under its date; 0 when never corrected.
-- withdrawn_notice is what the public page of a withdrawn article tells
-- readers; withdrawn_reason stays the reason for the record (the editors'
-- area, the audit log). Articles withdrawn before showed their reason to
-- readers, so it becomes their notice.
ALTER TABLE articles ADD COLUMN corrected_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN withdrawn_notice TEXT NOT NULL DEFAULT '';
UPDATE articles SET withdrawn_notice = withdrawn_reason WHERE status = 'withdrawn';

-- Both are shown on public pages: a change to either moves the site's
-- article version (the trigger of 0016 with the two columns added).
DROP TRIGGER articles_upd;
CREATE TRIGGER articles_upd AFTER UPDATE ON articles
WHEN (OLD.status = 'published' OR NEW.status = 'published') AND (
    OLD.site_id IS NOT NEW.site_id OR OLD.category_id IS NOT NEW.category_id OR OLD.title IS NOT NEW.title
    OR OLD.slug IS NOT NEW.slug OR OLD.summary IS NOT NEW.summary OR OLD.body IS NOT NEW.body
    OR OLD.author IS NOT NEW.author OR OLD.unit IS NOT NEW.unit OR OLD.source_url IS NOT NEW.source_url
    OR OLD.status IS NOT NEW.status OR OLD.featured IS NOT NEW.featured OR OLD.published_at IS NOT NEW.published_at
    OR OLD.withdrawn_reason IS NOT NEW.withdrawn_reason OR OLD.replacement IS NOT NEW.replacement OR OLD.photo IS NOT NEW.photo
    OR OLD.corrected_at IS NOT NEW.corrected_at OR OLD.withdrawn_notice IS NOT NEW.withdrawn_notice)
BEGIN UPDATE sites SET articles_version = articles_version + 1 WHERE id IN (OLD.site_id, NEW.site_id); END;
