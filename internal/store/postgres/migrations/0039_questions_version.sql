-- A counter of the published citizens' questions for the page caches; the
-- PostgreSQL twin of the SQLite migration with the same number (see
-- content.Versions.Questions). Only what the home block of answered
-- questions shows counts: a question entering or leaving the published
-- state, or a published one changing its subject, its date or its site.
ALTER TABLE sites ADD COLUMN questions_version BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION bump_site_questions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE sites SET questions_version = questions_version + 1 WHERE id = NEW.site_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE sites SET questions_version = questions_version + 1 WHERE id = OLD.site_id;
    ELSE
        UPDATE sites SET questions_version = questions_version + 1 WHERE id IN (OLD.site_id, NEW.site_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER questions_pub_ins AFTER INSERT ON questions FOR EACH ROW
    WHEN (NEW.status = 'published') EXECUTE FUNCTION bump_site_questions();
CREATE TRIGGER questions_pub_upd AFTER UPDATE ON questions FOR EACH ROW
    WHEN ((OLD.status = 'published' OR NEW.status = 'published') AND (
        OLD.status IS DISTINCT FROM NEW.status OR OLD.site_id IS DISTINCT FROM NEW.site_id
        OR OLD.subject IS DISTINCT FROM NEW.subject OR OLD.published_at IS DISTINCT FROM NEW.published_at))
    EXECUTE FUNCTION bump_site_questions();
CREATE TRIGGER questions_pub_del AFTER DELETE ON questions FOR EACH ROW
    WHEN (OLD.status = 'published') EXECUTE FUNCTION bump_site_questions();
