-- Sites, categories, articles and static pages. Times are Unix microseconds, UTC.
CREATE TABLE sites (
    id          INTEGER PRIMARY KEY,
    key         TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    banner      TEXT    NOT NULL DEFAULT '',
    agency      TEXT    NOT NULL DEFAULT '',
    address     TEXT    NOT NULL DEFAULT '',
    phone       TEXT    NOT NULL DEFAULT '',
    email       TEXT    NOT NULL DEFAULT '',
    responsible TEXT    NOT NULL DEFAULT '',
    licence     TEXT    NOT NULL DEFAULT '',
    host        TEXT    NOT NULL DEFAULT '',
    is_default  INTEGER NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 1,
    updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX sites_host ON sites (host) WHERE host <> '';
CREATE UNIQUE INDEX sites_one_default ON sites (is_default) WHERE is_default = 1;

CREATE TABLE categories (
    id        INTEGER PRIMARY KEY,
    site_id   INTEGER NOT NULL REFERENCES sites (id),
    parent_id INTEGER REFERENCES categories (id),
    name      TEXT    NOT NULL,
    slug      TEXT    NOT NULL,
    position  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (site_id, slug)
);

CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    site_id      INTEGER NOT NULL REFERENCES sites (id),
    category_id  INTEGER NOT NULL REFERENCES categories (id),
    title        TEXT    NOT NULL,
    slug         TEXT    NOT NULL,
    summary      TEXT    NOT NULL DEFAULT '',
    body         TEXT    NOT NULL DEFAULT '',
    author       TEXT    NOT NULL DEFAULT '',
    unit         TEXT    NOT NULL DEFAULT '',
    source_url   TEXT,
    status       TEXT    NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
    featured     INTEGER NOT NULL DEFAULT 0,
    published_at INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (site_id, slug),
    UNIQUE (site_id, source_url)
);
CREATE INDEX articles_public ON articles (site_id, status, published_at DESC, id DESC);
CREATE INDEX articles_category ON articles (site_id, category_id, status, published_at DESC, id DESC);

CREATE TABLE pages (
    id         INTEGER PRIMARY KEY,
    site_id    INTEGER NOT NULL REFERENCES sites (id),
    title      TEXT    NOT NULL,
    slug       TEXT    NOT NULL,
    body       TEXT    NOT NULL DEFAULT '',
    position   INTEGER NOT NULL DEFAULT 0,
    in_menu    INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    UNIQUE (site_id, slug)
);

-- Any write to a site's content bumps the site's version, so every process
-- and node serving the site can tell its page cache is stale.
CREATE TRIGGER categories_ins AFTER INSERT ON categories BEGIN UPDATE sites SET version = version + 1 WHERE id = NEW.site_id; END;
CREATE TRIGGER categories_upd AFTER UPDATE ON categories BEGIN UPDATE sites SET version = version + 1 WHERE id = NEW.site_id; END;
CREATE TRIGGER articles_ins AFTER INSERT ON articles BEGIN UPDATE sites SET version = version + 1 WHERE id = NEW.site_id; END;
CREATE TRIGGER articles_upd AFTER UPDATE ON articles BEGIN UPDATE sites SET version = version + 1 WHERE id = NEW.site_id; END;
CREATE TRIGGER pages_ins AFTER INSERT ON pages BEGIN UPDATE sites SET version = version + 1 WHERE id = NEW.site_id; END;
CREATE TRIGGER pages_upd AFTER UPDATE ON pages BEGIN UPDATE sites SET version = version + 1 WHERE id = NEW.site_id; END;
