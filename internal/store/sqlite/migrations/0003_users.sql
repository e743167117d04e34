-- Accounts of the editors' area, their roles, server-side sessions and
-- sign-in throttling (see internal/user). Times are Unix microseconds, UTC;
-- 0 is Go's zero time.
--
-- users.email is stored lower case (the store refuses anything else, so the
-- UNIQUE constraint is case-insensitive in effect). name_lower is
-- strings.ToLower(name), computed in Go so that UserFilter.Query matches
-- Vietnamese capitals identically here and on PostgreSQL.
CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    email                TEXT    NOT NULL UNIQUE,
    name                 TEXT    NOT NULL,
    name_lower           TEXT    NOT NULL,
    password_hash        TEXT    NOT NULL DEFAULT '',
    must_change_password INTEGER NOT NULL DEFAULT 0,
    totp_secret          TEXT    NOT NULL DEFAULT '',
    totp_last_step       INTEGER NOT NULL DEFAULT 0,
    disabled             INTEGER NOT NULL DEFAULT 0,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
CREATE INDEX users_name ON users (name, id);

-- A role on a site. A user may hold several roles on one site, so the key
-- is (user, site, role). The platform-wide administrator role has
-- site_id 0, every other role a site_id > 0 (checked). site_id has no
-- foreign key to sites: 0 is no site, and the account stores do not depend
-- on the content tables.
CREATE TABLE memberships (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    site_id INTEGER NOT NULL,
    role    TEXT    NOT NULL CHECK (role IN ('reporter', 'editor', 'approver', 'site-admin', 'admin')),
    PRIMARY KEY (user_id, site_id, role),
    CHECK ((role = 'admin' AND site_id = 0) OR (role <> 'admin' AND site_id > 0))
);
CREATE INDEX memberships_site ON memberships (site_id, role, user_id);

-- Signed-in browsers, identified by the hex SHA-256 of their token.
CREATE TABLE sessions (
    token_hash         TEXT    PRIMARY KEY,
    user_id            INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at         INTEGER NOT NULL,
    last_seen          INTEGER NOT NULL,
    expires_at         INTEGER NOT NULL,
    ip                 TEXT    NOT NULL DEFAULT '',
    user_agent         TEXT    NOT NULL DEFAULT '',
    second_factor_done INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_last_seen ON sessions (last_seen);

-- Failed sign-ins per opaque key ("user:42", "email:x@y.vn",
-- "ip:203.0.113.5"); one row per failure, so two at the same instant count
-- twice.
CREATE TABLE login_failures (
    id  INTEGER PRIMARY KEY,
    key TEXT    NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);
CREATE INDEX login_failures_at ON login_failures (at);

-- Locked keys. No row means not locked.
CREATE TABLE login_locks (
    key          TEXT    PRIMARY KEY,
    locked_until INTEGER NOT NULL
);
CREATE INDEX login_locks_until ON login_locks (locked_until);
