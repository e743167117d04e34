-- Sites as first-class records; the PostgreSQL twin of the SQLite
-- migration with the same number (see there).
ALTER TABLE sites
    ADD COLUMN kind           TEXT   NOT NULL DEFAULT 'khac' CHECK (kind IN ('tinh', 'so', 'xa', 'khac')),
    ADD COLUMN parent_id      BIGINT REFERENCES sites (id),
    ADD COLUMN state          TEXT   NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'archived', 'merged')),
    ADD COLUMN successor_id   BIGINT REFERENCES sites (id),
    ADD COLUMN ended_on       TEXT   NOT NULL DEFAULT '',
    ADD COLUMN merged_into_id BIGINT REFERENCES sites (id);
CREATE INDEX sites_parent ON sites (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE site_hosts (
    host       TEXT    PRIMARY KEY,
    site_id    BIGINT  NOT NULL REFERENCES sites (id),
    is_primary BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX site_hosts_site ON site_hosts (site_id);
INSERT INTO site_hosts (host, site_id, is_primary) SELECT host, id, TRUE FROM sites WHERE host <> '';

CREATE FUNCTION sites_primary_host() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.host = NEW.host THEN
            RETURN NULL;
        END IF;
        DELETE FROM site_hosts WHERE site_id = NEW.id AND (is_primary OR host = NEW.host);
    END IF;
    IF NEW.host <> '' THEN
        INSERT INTO site_hosts (host, site_id, is_primary) VALUES (NEW.host, NEW.id, TRUE);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER sites_primary_host AFTER INSERT OR UPDATE OF host ON sites
    FOR EACH ROW EXECUTE FUNCTION sites_primary_host();

UPDATE sites SET kind = 'xa' WHERE key = 'giavien';
UPDATE sites SET is_default = TRUE WHERE (SELECT count(*) FROM sites) = 1 AND NOT EXISTS (SELECT 1 FROM sites WHERE is_default);
