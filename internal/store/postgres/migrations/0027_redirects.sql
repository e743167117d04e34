-- The permanent redirect table; the PostgreSQL twin of the SQLite
-- migration with the same number (see there).
CREATE TABLE redirects (
    site_id    BIGINT      NOT NULL REFERENCES sites (id),
    old_key    TEXT        NOT NULL,
    to_site_id BIGINT      NOT NULL REFERENCES sites (id),
    to_path    TEXT        NOT NULL,
    source     TEXT        NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (site_id, old_key)
);
CREATE INDEX redirects_to_site ON redirects (to_site_id);
