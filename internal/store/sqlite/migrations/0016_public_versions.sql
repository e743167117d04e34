-- The page caches' versions, by area and for public changes only (see
-- content.Versions). sites.version keeps counting what every page's
-- layout shows (the site, categories, static pages, settings); articles,
-- documents and schedule entries get a counter each, bumped only when a
-- row that is or was published changes in a column the public sees. A
-- draft save, a revision of a published article (pending_*), a review
-- note or an owner change bumps nothing, so it neither empties the page
-- cache nor writes the sites row.
--
-- The columns the public sees are named below; every other column is
-- private (id, created_at, created_by, updated_at, owner_id,
-- pending_revision_id, pending_stage, review_note, flagged, list_fold).
-- updated_at is left out: every save moves it, the optimistic lock of the
-- editors' forms. TestVersionTriggerColumns fails when a column is added
-- to these tables without being placed on one side.
ALTER TABLE sites ADD COLUMN articles_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sites ADD COLUMN documents_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sites ADD COLUMN schedule_version INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER articles_ins;
DROP TRIGGER articles_upd;
CREATE TRIGGER articles_ins AFTER INSERT ON articles WHEN NEW.status = 'published'
BEGIN UPDATE sites SET articles_version = articles_version + 1 WHERE id = NEW.site_id; END;
CREATE TRIGGER articles_upd AFTER UPDATE ON articles
WHEN (OLD.status = 'published' OR NEW.status = 'published') AND (
    OLD.site_id IS NOT NEW.site_id OR OLD.category_id IS NOT NEW.category_id OR OLD.title IS NOT NEW.title
    OR OLD.slug IS NOT NEW.slug OR OLD.summary IS NOT NEW.summary OR OLD.body IS NOT NEW.body
    OR OLD.author IS NOT NEW.author OR OLD.unit IS NOT NEW.unit OR OLD.source_url IS NOT NEW.source_url
    OR OLD.status IS NOT NEW.status OR OLD.featured IS NOT NEW.featured OR OLD.published_at IS NOT NEW.published_at
    OR OLD.withdrawn_reason IS NOT NEW.withdrawn_reason OR OLD.replacement IS NOT NEW.replacement OR OLD.photo IS NOT NEW.photo)
BEGIN UPDATE sites SET articles_version = articles_version + 1 WHERE id IN (OLD.site_id, NEW.site_id); END;

DROP TRIGGER documents_ins;
DROP TRIGGER documents_upd;
CREATE TRIGGER documents_ins AFTER INSERT ON documents WHEN NEW.status = 'published'
BEGIN UPDATE sites SET documents_version = documents_version + 1 WHERE id = NEW.site_id; END;
CREATE TRIGGER documents_upd AFTER UPDATE ON documents
WHEN (OLD.status = 'published' OR NEW.status = 'published') AND (
    OLD.site_id IS NOT NEW.site_id OR OLD.type IS NOT NEW.type OR OLD.number IS NOT NEW.number
    OR OLD.issuer IS NOT NEW.issuer OR OLD.signer IS NOT NEW.signer OR OLD.field IS NOT NEW.field
    OR OLD.abstract IS NOT NEW.abstract OR OLD.issued_on IS NOT NEW.issued_on OR OLD.effective_on IS NOT NEW.effective_on
    OR OLD.expires_on IS NOT NEW.expires_on OR OLD.replaced_by_id IS NOT NEW.replaced_by_id OR OLD.files IS NOT NEW.files
    OR OLD.status IS NOT NEW.status OR OLD.withdrawn_reason IS NOT NEW.withdrawn_reason OR OLD.published_at IS NOT NEW.published_at)
BEGIN UPDATE sites SET documents_version = documents_version + 1 WHERE id IN (OLD.site_id, NEW.site_id); END;

DROP TRIGGER schedule_entries_ins;
DROP TRIGGER schedule_entries_upd;
CREATE TRIGGER schedule_entries_ins AFTER INSERT ON schedule_entries WHEN NEW.status = 'published'
BEGIN UPDATE sites SET schedule_version = schedule_version + 1 WHERE id = NEW.site_id; END;
CREATE TRIGGER schedule_entries_upd AFTER UPDATE ON schedule_entries
WHEN (OLD.status = 'published' OR NEW.status = 'published') AND (
    OLD.site_id IS NOT NEW.site_id OR OLD.day IS NOT NEW.day OR OLD.session IS NOT NEW.session
    OR OLD.start_time IS NOT NEW.start_time OR OLD.leader IS NOT NEW.leader OR OLD.position IS NOT NEW.position
    OR OLD.content IS NOT NEW.content OR OLD.place IS NOT NEW.place OR OLD.participants IS NOT NEW.participants
    OR OLD.preparer IS NOT NEW.preparer OR OLD.status IS NOT NEW.status)
BEGIN UPDATE sites SET schedule_version = schedule_version + 1 WHERE id IN (OLD.site_id, NEW.site_id); END;
