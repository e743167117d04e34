-- The PostgreSQL twin of the SQLite migration with the same number.
-- Citizens' questions (internal/question), drafts for public comment and
-- their comments (internal/consultation), and the public forms' rate
-- limiter (internal/guard). site_id has
-- no foreign key, as in the media and account tables.
CREATE TABLE questions (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id       BIGINT NOT NULL,
    code_hash     TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    phone         TEXT    NOT NULL DEFAULT '',
    email         TEXT    NOT NULL DEFAULT '',
    address       TEXT    NOT NULL DEFAULT '',
    show_name     BOOLEAN NOT NULL DEFAULT FALSE,
    subject       TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    field         TEXT    NOT NULL DEFAULT '',
    status        TEXT    NOT NULL CHECK (status IN ('new', 'accepted', 'rejected', 'answered', 'published')),
    reject_reason TEXT    NOT NULL DEFAULT '',
    unit          TEXT    NOT NULL DEFAULT '',
    answer        TEXT    NOT NULL DEFAULT '',
    answered_by   TEXT    NOT NULL DEFAULT '',
    received_at   TIMESTAMPTZ NOT NULL,
    due_at        TIMESTAMPTZ NOT NULL,
    answered_at   TIMESTAMPTZ NOT NULL DEFAULT '-infinity',
    published_at  TIMESTAMPTZ NOT NULL DEFAULT '-infinity',
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX questions_site_status ON questions (site_id, status, due_at);
CREATE INDEX questions_site_updated ON questions (site_id, updated_at);

CREATE TABLE consultations (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id          BIGINT NOT NULL,
    title            TEXT    NOT NULL,
    summary          TEXT    NOT NULL,
    agency           TEXT    NOT NULL DEFAULT '',
    files            TEXT    NOT NULL DEFAULT '[]', -- JSON array of media ids
    opens_at         TIMESTAMPTZ NOT NULL,
    closes_at        TIMESTAMPTZ NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
    report           TEXT    NOT NULL DEFAULT '',
    report_published BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    published_at     TIMESTAMPTZ NOT NULL DEFAULT '-infinity'
);
CREATE INDEX consultations_site ON consultations (site_id, status, closes_at);

CREATE TABLE consultation_comments (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id         BIGINT NOT NULL,
    consultation_id BIGINT NOT NULL REFERENCES consultations (id),
    name            TEXT    NOT NULL,
    email           TEXT    NOT NULL DEFAULT '',
    phone           TEXT    NOT NULL DEFAULT '',
    show_name       BOOLEAN NOT NULL DEFAULT FALSE,
    body            TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX consultation_comments_of ON consultation_comments (consultation_id, status, id);

-- One row per accepted public submission while it counts; key is the form
-- and a keyed hash of the client address, never the address itself.
CREATE TABLE rate_hits (
    key TEXT    NOT NULL,
    at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX rate_hits_key ON rate_hits (key, at);
CREATE INDEX rate_hits_at ON rate_hits (at);

CREATE TABLE guard_secret (
    one    INTEGER PRIMARY KEY CHECK (one = 1),
    secret BYTEA   NOT NULL
);
