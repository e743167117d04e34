-- The site administrator's settings: each site's account policy (site_id 0
-- is the platform's, for platform administrators), categories hidden from
-- the navigation, and the audit log's index for the viewer (newest first,
-- by action). site_policies.site_id has no foreign key: 0 is not a site.
CREATE TABLE site_policies (
    site_id               INTEGER PRIMARY KEY,
    allow_self_approval   INTEGER NOT NULL DEFAULT 0,
    require_second_factor INTEGER NOT NULL DEFAULT 0,
    updated_at            INTEGER NOT NULL
);

ALTER TABLE categories ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;

CREATE INDEX audit_log_action ON audit_log (action, id);
