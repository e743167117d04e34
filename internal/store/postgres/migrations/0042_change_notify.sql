-- Several nodes on one database learn of each other's changes at once: a
-- change of a site's versions (any public write moves one, see 0016 and
-- 0022) or a new or removed site sends a notification on the channel
-- trangtin_changes when its transaction commits, the schema as payload so
-- that installations sharing a database in different schemas only hear
-- their own. PostgreSQL folds the identical notifications of one
-- transaction into one. The nodes' one-second poll of the versions stays,
-- slower, as the safety net.
CREATE FUNCTION notify_site_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('trangtin_changes', TG_TABLE_SCHEMA);
    RETURN NULL;
END
$$;

CREATE TRIGGER sites_notify_ins_del AFTER INSERT OR DELETE ON sites
    FOR EACH ROW EXECUTE FUNCTION notify_site_change();

CREATE TRIGGER sites_notify_upd AFTER UPDATE ON sites FOR EACH ROW
    WHEN (OLD.version IS DISTINCT FROM NEW.version
       OR OLD.articles_version IS DISTINCT FROM NEW.articles_version
       OR OLD.documents_version IS DISTINCT FROM NEW.documents_version
       OR OLD.schedule_version IS DISTINCT FROM NEW.schedule_version)
    EXECUTE FUNCTION notify_site_change();
