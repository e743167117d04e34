-- Syndication between sites (issue 11, item 7). One row is one offer of a
-- published article of source_site to target_site: proposed up by a site
-- to its parent, or pushed down by a parent to a child ('up', 'down').
-- It is 'proposed' until the target's editorial board accepts it (then
-- copy_article_id is the target's own published copy, in category_id) or
-- refuses it with a comment; a push to a child that has opted in is
-- accepted at once. An article is offered to a site once: the unique key
-- refuses proposing twice. updated_at is when a correction of the source
-- last reached the copy (0: never). Rows are never deleted, like the
-- published articles they link.
CREATE TABLE syndications (
    id                INTEGER PRIMARY KEY,
    source_site_id    INTEGER NOT NULL REFERENCES sites (id),
    source_article_id INTEGER NOT NULL REFERENCES articles (id),
    target_site_id    INTEGER NOT NULL REFERENCES sites (id),
    direction         TEXT    NOT NULL CHECK (direction IN ('up', 'down')),
    state             TEXT    NOT NULL CHECK (state IN ('proposed', 'accepted', 'refused')),
    copy_article_id   INTEGER REFERENCES articles (id),
    category_id       INTEGER NOT NULL DEFAULT 0,
    comment           TEXT    NOT NULL DEFAULT '',
    proposed_by       INTEGER NOT NULL DEFAULT 0,
    proposed_at       INTEGER NOT NULL,
    decided_by        INTEGER NOT NULL DEFAULT 0,
    decided_at        INTEGER NOT NULL DEFAULT 0,
    updated_at        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (source_article_id, target_site_id)
);
CREATE INDEX syndications_target ON syndications (target_site_id, state, id DESC);
CREATE INDEX syndications_source_site ON syndications (source_site_id, id DESC);
CREATE UNIQUE INDEX syndications_copy ON syndications (copy_article_id) WHERE copy_article_id IS NOT NULL;

-- A site's standing opt-in to what its parent pushes ("Nhận tin từ đơn
-- vị cấp trên"): a row while it is on, with the category the copies go to
-- (0: the site's "Tin tinh" category, created on first need).
CREATE TABLE syndication_receive (
    site_id     INTEGER PRIMARY KEY REFERENCES sites (id),
    category_id INTEGER NOT NULL DEFAULT 0,
    updated_at  INTEGER NOT NULL
);
