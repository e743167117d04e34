-- The newsroom workflow: more article statuses, who owns an article, a
-- pending edit of a published article, withdrawal details; every save as a
-- revision; an inbox per user. SQLite cannot change a CHECK constraint, so
-- articles is rebuilt.
CREATE TABLE articles_new (
    id                  INTEGER PRIMARY KEY,
    site_id             INTEGER NOT NULL REFERENCES sites (id),
    category_id         INTEGER NOT NULL REFERENCES categories (id),
    title               TEXT    NOT NULL,
    slug                TEXT    NOT NULL,
    summary             TEXT    NOT NULL DEFAULT '',
    body                TEXT    NOT NULL DEFAULT '',
    author              TEXT    NOT NULL DEFAULT '',
    unit                TEXT    NOT NULL DEFAULT '',
    source_url          TEXT,
    status              TEXT    NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'approval', 'scheduled', 'published', 'withdrawn')),
    featured            INTEGER NOT NULL DEFAULT 0,
    published_at        INTEGER NOT NULL DEFAULT 0,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    owner_id            INTEGER NOT NULL DEFAULT 0,
    pending_revision_id INTEGER,
    pending_stage       TEXT    NOT NULL DEFAULT '',
    review_note         TEXT    NOT NULL DEFAULT '',
    withdrawn_reason    TEXT    NOT NULL DEFAULT '',
    replacement         TEXT    NOT NULL DEFAULT '',
    flagged             INTEGER NOT NULL DEFAULT 0,
    UNIQUE (site_id, slug),
    UNIQUE (site_id, source_url)
);
INSERT INTO articles_new (id, site_id, category_id, title, slug, summary, body, author, unit, source_url, status, featured, published_at, created_at, updated_at)
    SELECT id, site_id, category_id, title, slug, summary, body, author, unit, source_url, status, featured, published_at, created_at, updated_at FROM articles;
DROP TABLE articles;
ALTER TABLE articles_new RENAME TO articles;
CREATE INDEX articles_public ON articles (site_id, status, published_at DESC, id DESC);
CREATE INDEX articles_category ON articles (site_id, category_id, status, published_at DESC, id DESC);
CREATE INDEX articles_due ON articles (published_at) WHERE status = 'scheduled';
CREATE TRIGGER articles_ins AFTER INSERT ON articles BEGIN UPDATE sites SET version = version + 1 WHERE id = NEW.site_id; END;
CREATE TRIGGER articles_upd AFTER UPDATE ON articles BEGIN UPDATE sites SET version = version + 1 WHERE id = NEW.site_id; END;

CREATE TABLE article_revisions (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id),
    site_id     INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    category_id INTEGER NOT NULL,
    title       TEXT    NOT NULL,
    summary     TEXT    NOT NULL DEFAULT '',
    body        TEXT    NOT NULL DEFAULT '',
    author      TEXT    NOT NULL DEFAULT '',
    unit        TEXT    NOT NULL DEFAULT '',
    featured    INTEGER NOT NULL DEFAULT 0,
    stage       TEXT    NOT NULL,
    saved_by    INTEGER NOT NULL DEFAULT 0,
    note        TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    UNIQUE (article_id, number)
);

CREATE TABLE inbox (
    id         INTEGER PRIMARY KEY,
    site_id    INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    message    TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    read_at    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX inbox_user ON inbox (user_id, read_at, id DESC);
