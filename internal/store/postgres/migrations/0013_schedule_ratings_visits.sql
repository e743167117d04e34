-- The leaders' work schedule, satisfaction ratings and the visit counter;
-- the PostgreSQL twin of the SQLite migration with the same number.
CREATE TABLE schedule_entries (
    id           BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id      BIGINT      NOT NULL REFERENCES sites (id),
    day          TEXT        NOT NULL,
    session      TEXT        NOT NULL CHECK (session IN ('sang', 'chieu')),
    start_time   TEXT        NOT NULL DEFAULT '',
    leader       TEXT        NOT NULL,
    position     TEXT        NOT NULL DEFAULT '',
    content      TEXT        NOT NULL,
    place        TEXT        NOT NULL DEFAULT '',
    participants TEXT        NOT NULL DEFAULT '',
    preparer     TEXT        NOT NULL DEFAULT '',
    status       TEXT        NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
    created_by   BIGINT      NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX schedule_entries_day ON schedule_entries (site_id, day);
CREATE TRIGGER schedule_entries_ins AFTER INSERT ON schedule_entries FOR EACH ROW EXECUTE FUNCTION bump_site_version();
CREATE TRIGGER schedule_entries_upd AFTER UPDATE ON schedule_entries FOR EACH ROW EXECUTE FUNCTION bump_site_version();

CREATE TABLE rating_counts (
    site_id    BIGINT      NOT NULL,
    kind       TEXT        NOT NULL,
    item_id    BIGINT      NOT NULL,
    c1         BIGINT      NOT NULL DEFAULT 0,
    c2         BIGINT      NOT NULL DEFAULT 0,
    c3         BIGINT      NOT NULL DEFAULT 0,
    c4         BIGINT      NOT NULL DEFAULT 0,
    c5         BIGINT      NOT NULL DEFAULT 0,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (site_id, kind, item_id)
);
CREATE INDEX rating_counts_recent ON rating_counts (site_id, kind, updated_at);

CREATE TABLE visit_counts (
    site_id BIGINT NOT NULL,
    period  TEXT   NOT NULL,
    count   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, period)
);
CREATE TABLE visit_online (
    site_id BIGINT      NOT NULL,
    node    TEXT        NOT NULL,
    online  INTEGER     NOT NULL,
    seen_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (site_id, node)
);
