-- Site furniture (see content.Furniture): the main menu, home page blocks,
-- banner links, the Giới thiệu set, leaders' profiles and the "Tiếp cận
-- thông tin" section, one JSON document per site and key, written by
-- compare-and-set on revision. Times are Unix microseconds, UTC.
CREATE TABLE site_settings (
    site_id    INTEGER NOT NULL REFERENCES sites (id),
    key        TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    revision   INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (site_id, key)
);

-- A change of the furniture changes every page of the site: bump its
-- version so page caches drop them.
CREATE TRIGGER site_settings_ins AFTER INSERT ON site_settings BEGIN UPDATE sites SET version = version + 1 WHERE id = NEW.site_id; END;
CREATE TRIGGER site_settings_upd AFTER UPDATE ON site_settings BEGIN UPDATE sites SET version = version + 1 WHERE id = NEW.site_id; END;
