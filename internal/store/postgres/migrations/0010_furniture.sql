-- Site furniture (see content.Furniture); the PostgreSQL twin of the SQLite
-- migration with the same number: one JSON document per site and key,
-- written by compare-and-set on revision.
CREATE TABLE site_settings (
    site_id    BIGINT      NOT NULL REFERENCES sites (id),
    key        TEXT        NOT NULL,
    value      TEXT        NOT NULL,
    revision   BIGINT      NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (site_id, key)
);

-- A change of the furniture changes every page of the site: bump its
-- version so page caches drop them (bump_site_version is from 0001).
CREATE TRIGGER site_settings_ins AFTER INSERT ON site_settings FOR EACH ROW EXECUTE FUNCTION bump_site_version();
CREATE TRIGGER site_settings_upd AFTER UPDATE ON site_settings FOR EACH ROW EXECUTE FUNCTION bump_site_version();
