-- The site administrator's settings: each site's account policy (site_id 0
-- is the platform's, for platform administrators), categories hidden from
-- the navigation, and the audit log's index for the viewer (newest first,
-- by action); the PostgreSQL twin of the SQLite migration with the same
-- number. site_policies.site_id has no foreign key: 0 is not a site.
CREATE TABLE site_policies (
    site_id               BIGINT      PRIMARY KEY,
    allow_self_approval   BOOLEAN     NOT NULL DEFAULT FALSE,
    require_second_factor BOOLEAN     NOT NULL DEFAULT FALSE,
    updated_at            TIMESTAMPTZ NOT NULL
);

ALTER TABLE categories ADD COLUMN hidden BOOLEAN NOT NULL DEFAULT FALSE;

CREATE INDEX audit_log_action ON audit_log (action, id);
