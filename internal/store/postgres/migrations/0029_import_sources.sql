-- What an import from another portal made of each source record; the
-- PostgreSQL twin of the SQLite migration with the same number (see there).
CREATE TABLE import_sources (
    site_id    BIGINT      NOT NULL REFERENCES sites (id),
    source     TEXT        NOT NULL,
    target_id  BIGINT      NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (site_id, source)
);
