-- Sites, categories, articles and static pages; the PostgreSQL twin of the
-- SQLite migration with the same number. Times are timestamptz with
-- microsecond precision. An unset articles.published_at (Go's zero time) is
-- stored as '-infinity', so it sorts and compares like SQLite's 0: last in
-- "newest first" order and before any real date.
CREATE TABLE sites (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key         TEXT        NOT NULL UNIQUE,
    name        TEXT        NOT NULL,
    banner      TEXT        NOT NULL DEFAULT '',
    agency      TEXT        NOT NULL DEFAULT '',
    address     TEXT        NOT NULL DEFAULT '',
    phone       TEXT        NOT NULL DEFAULT '',
    email       TEXT        NOT NULL DEFAULT '',
    responsible TEXT        NOT NULL DEFAULT '',
    licence     TEXT        NOT NULL DEFAULT '',
    host        TEXT        NOT NULL DEFAULT '',
    is_default  BOOLEAN     NOT NULL DEFAULT FALSE,
    version     BIGINT      NOT NULL DEFAULT 1,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX sites_host ON sites (host) WHERE host <> '';
CREATE UNIQUE INDEX sites_one_default ON sites (is_default) WHERE is_default;

CREATE TABLE categories (
    id        BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id   BIGINT  NOT NULL REFERENCES sites (id),
    parent_id BIGINT  REFERENCES categories (id),
    name      TEXT    NOT NULL,
    slug      TEXT    NOT NULL,
    position  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (site_id, slug)
);

CREATE TABLE articles (
    id           BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id      BIGINT      NOT NULL REFERENCES sites (id),
    category_id  BIGINT      NOT NULL REFERENCES categories (id),
    title        TEXT        NOT NULL,
    slug         TEXT        NOT NULL,
    summary      TEXT        NOT NULL DEFAULT '',
    body         TEXT        NOT NULL DEFAULT '',
    author       TEXT        NOT NULL DEFAULT '',
    unit         TEXT        NOT NULL DEFAULT '',
    source_url   TEXT,
    status       TEXT        NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
    featured     BOOLEAN     NOT NULL DEFAULT FALSE,
    published_at TIMESTAMPTZ NOT NULL DEFAULT '-infinity',
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (site_id, slug),
    UNIQUE (site_id, source_url)
);
CREATE INDEX articles_public ON articles (site_id, status, published_at DESC, id DESC);
CREATE INDEX articles_category ON articles (site_id, category_id, status, published_at DESC, id DESC);

CREATE TABLE pages (
    id         BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id    BIGINT      NOT NULL REFERENCES sites (id),
    title      TEXT        NOT NULL,
    slug       TEXT        NOT NULL,
    body       TEXT        NOT NULL DEFAULT '',
    position   INTEGER     NOT NULL DEFAULT 0,
    in_menu    BOOLEAN     NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (site_id, slug)
);

-- Any write to a site's content bumps the site's version, so every process
-- and node serving the site can tell its page cache is stale.
CREATE FUNCTION bump_site_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE sites SET version = version + 1 WHERE id = NEW.site_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER categories_ins AFTER INSERT ON categories FOR EACH ROW EXECUTE FUNCTION bump_site_version();
CREATE TRIGGER categories_upd AFTER UPDATE ON categories FOR EACH ROW EXECUTE FUNCTION bump_site_version();
CREATE TRIGGER articles_ins AFTER INSERT ON articles FOR EACH ROW EXECUTE FUNCTION bump_site_version();
CREATE TRIGGER articles_upd AFTER UPDATE ON articles FOR EACH ROW EXECUTE FUNCTION bump_site_version();
CREATE TRIGGER pages_ins AFTER INSERT ON pages FOR EACH ROW EXECUTE FUNCTION bump_site_version();
CREATE TRIGGER pages_upd AFTER UPDATE ON pages FOR EACH ROW EXECUTE FUNCTION bump_site_version();
