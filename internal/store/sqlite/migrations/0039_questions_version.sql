-- A counter of the published citizens' questions for the page caches
-- (content.Versions.Questions): the home page and the right-hand column
-- may show the questions answered last (a home block), so a page showing
-- them is cached against it. Only what that block shows counts: a
-- question entering or leaving the published state, or a published one
-- changing its subject, its date or its site.
ALTER TABLE sites ADD COLUMN questions_version INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER questions_pub_ins AFTER INSERT ON questions WHEN NEW.status = 'published'
BEGIN UPDATE sites SET questions_version = questions_version + 1 WHERE id = NEW.site_id; END;
CREATE TRIGGER questions_pub_upd AFTER UPDATE ON questions
WHEN (OLD.status = 'published' OR NEW.status = 'published') AND (
    OLD.status IS NOT NEW.status OR OLD.site_id IS NOT NEW.site_id OR OLD.subject IS NOT NEW.subject
    OR OLD.published_at IS NOT NEW.published_at)
BEGIN UPDATE sites SET questions_version = questions_version + 1 WHERE id IN (OLD.site_id, NEW.site_id); END;
CREATE TRIGGER questions_pub_del AFTER DELETE ON questions WHEN OLD.status = 'published'
BEGIN UPDATE sites SET questions_version = questions_version + 1 WHERE id = OLD.site_id; END;
