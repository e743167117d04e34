-- Sites as first-class records (issue 11, item 1): a kind, an optional
-- parent site, a state (active, archived with an optional successor and an
-- end date, merged into another site) and hosts: sites.host stays the
-- primary host, site_hosts holds every host a site answers on, the primary
-- one (is_primary = 1, kept in step with sites.host by the triggers below)
-- and its aliases, which answer with a 301 to the primary host. The
-- primary key on site_hosts.host makes a host belong to one site at most,
-- primary or alias.
ALTER TABLE sites ADD COLUMN kind TEXT NOT NULL DEFAULT 'khac' CHECK (kind IN ('tinh', 'so', 'xa', 'khac'));
ALTER TABLE sites ADD COLUMN parent_id INTEGER REFERENCES sites (id);
ALTER TABLE sites ADD COLUMN state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'archived', 'merged'));
ALTER TABLE sites ADD COLUMN successor_id INTEGER REFERENCES sites (id);
ALTER TABLE sites ADD COLUMN ended_on TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN merged_into_id INTEGER REFERENCES sites (id);
CREATE INDEX sites_parent ON sites (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE site_hosts (
    host       TEXT    PRIMARY KEY,
    site_id    INTEGER NOT NULL REFERENCES sites (id),
    is_primary INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX site_hosts_site ON site_hosts (site_id);
INSERT INTO site_hosts (host, site_id, is_primary) SELECT host, id, 1 FROM sites WHERE host <> '';

CREATE TRIGGER sites_primary_host_insert AFTER INSERT ON sites WHEN NEW.host <> ''
BEGIN INSERT INTO site_hosts (host, site_id, is_primary) VALUES (NEW.host, NEW.id, 1); END;

-- A new primary host that was an alias of the same site is promoted.
CREATE TRIGGER sites_primary_host_update AFTER UPDATE OF host ON sites WHEN OLD.host <> NEW.host
BEGIN
    DELETE FROM site_hosts WHERE site_id = NEW.id AND (is_primary = 1 OR host = NEW.host);
    INSERT INTO site_hosts (host, site_id, is_primary) SELECT NEW.host, NEW.id, 1 WHERE NEW.host <> '';
END;

-- The demo (the Gia Viễn portal) is a local-government site below the
-- province: kind xa (see docs in README, "Sites").
UPDATE sites SET kind = 'xa' WHERE key = 'giavien';
-- Only a marked site answers unknown hosts now; an installation with one
-- site and none marked keeps answering every host with it.
UPDATE sites SET is_default = 1 WHERE (SELECT count(*) FROM sites) = 1 AND NOT EXISTS (SELECT 1 FROM sites WHERE is_default = 1);
