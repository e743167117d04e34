-- The leaders' work schedule (lịch công tác), satisfaction ratings and the
-- visit counter (see internal/schedule, internal/rating, internal/visits).
--
-- A schedule entry belongs to a Vietnam calendar day (TEXT YYYY-MM-DD) and a
-- session; start_time is '' or HH:MM. Entries are never deleted once
-- published: status 'withdrawn' hides them. Times are Unix microseconds, UTC.
CREATE TABLE schedule_entries (
    id           INTEGER PRIMARY KEY,
    site_id      INTEGER NOT NULL REFERENCES sites (id),
    day          TEXT    NOT NULL,
    session      TEXT    NOT NULL CHECK (session IN ('sang', 'chieu')),
    start_time   TEXT    NOT NULL DEFAULT '',
    leader       TEXT    NOT NULL,
    position     TEXT    NOT NULL DEFAULT '',
    content      TEXT    NOT NULL,
    place        TEXT    NOT NULL DEFAULT '',
    participants TEXT    NOT NULL DEFAULT '',
    preparer     TEXT    NOT NULL DEFAULT '',
    status       TEXT    NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
    created_by   INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX schedule_entries_day ON schedule_entries (site_id, day);
-- The public week view is a cached page: a change must make it stale.
CREATE TRIGGER schedule_entries_ins AFTER INSERT ON schedule_entries BEGIN UPDATE sites SET version = version + 1 WHERE id = NEW.site_id; END;
CREATE TRIGGER schedule_entries_upd AFTER UPDATE ON schedule_entries BEGIN UPDATE sites SET version = version + 1 WHERE id = NEW.site_id; END;

-- Ratings are aggregated counts only: no row says who rated. c1..c5 count
-- the scores 1..5. No trigger: a rating must not empty the page cache.
CREATE TABLE rating_counts (
    site_id    INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    item_id    INTEGER NOT NULL,
    c1         INTEGER NOT NULL DEFAULT 0,
    c2         INTEGER NOT NULL DEFAULT 0,
    c3         INTEGER NOT NULL DEFAULT 0,
    c4         INTEGER NOT NULL DEFAULT 0,
    c5         INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (site_id, kind, item_id)
);
CREATE INDEX rating_counts_recent ON rating_counts (site_id, kind, updated_at);

-- Visit counts per site and period: 'total', 'm2026-11' (a month),
-- 'd2026-11-28' (a day), Vietnam time. Every node adds its deltas.
CREATE TABLE visit_counts (
    site_id INTEGER NOT NULL,
    period  TEXT    NOT NULL,
    count   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, period)
);
-- How many visitors each node saw in the last minutes, as of seen_at.
CREATE TABLE visit_online (
    site_id INTEGER NOT NULL,
    node    TEXT    NOT NULL,
    online  INTEGER NOT NULL,
    seen_at INTEGER NOT NULL,
    PRIMARY KEY (site_id, node)
);
