-- One-time handoffs of a signed-in browser from one site's host to
-- another's (the site switcher of the editors' area; see internal/user,
-- handoff.go): the session cookie is per host, so the source host issues a
-- random token, kept here only as its hex SHA-256, for one account and one
-- target site, valid for a minute and usable once; the target host
-- redeems it for a session of its own while the source session
-- (from_session, its token hash) is still alive. Times are Unix
-- microseconds, UTC.
CREATE TABLE session_handoffs (
    token_hash   TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    site_id      INTEGER NOT NULL,
    from_site_id INTEGER NOT NULL DEFAULT 0,
    from_session TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    used         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX session_handoffs_expires ON session_handoffs (expires_at);
CREATE INDEX session_handoffs_user ON session_handoffs (user_id);
