-- One-time handoffs of a signed-in browser from one site's host to
-- another's (the site switcher of the editors' area; see internal/user,
-- handoff.go); the PostgreSQL twin of the SQLite migration with the same
-- number. Only the token's hex SHA-256 is kept; a handoff is for one
-- account and one target site, valid for a minute, usable once, and only
-- while the source session (from_session, its token hash) is alive.
CREATE TABLE session_handoffs (
    token_hash   TEXT        PRIMARY KEY,
    user_id      BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    site_id      BIGINT      NOT NULL,
    from_site_id BIGINT      NOT NULL DEFAULT 0,
    from_session TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    used         BOOLEAN     NOT NULL DEFAULT FALSE
);
CREATE INDEX session_handoffs_expires ON session_handoffs (expires_at);
CREATE INDEX session_handoffs_user ON session_handoffs (user_id);
