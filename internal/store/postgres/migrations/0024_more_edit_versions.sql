-- The edit version on the other records two staff members may change at
-- once (see SQLite's 0024).
ALTER TABLE questions ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE consultations ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE consultation_comments ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE pages ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE documents ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE sites ADD COLUMN edit_version BIGINT NOT NULL DEFAULT 1;

-- The edit version is bookkeeping, not public content (as in 0022).
DROP TRIGGER documents_upd ON documents;
CREATE TRIGGER documents_upd AFTER UPDATE ON documents FOR EACH ROW
    WHEN (OLD.status = 'published' OR NEW.status = 'published')
    EXECUTE FUNCTION bump_site_area('documents', 'id', 'created_at', 'created_by', 'updated_at', 'version');
