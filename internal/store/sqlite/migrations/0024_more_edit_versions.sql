-- The edit version (see 0022) on the other records two staff members may
-- change at once: a question's moderation, a consultation and its
-- comments, a page, a user account, a document (which locked on
-- updated_at until now) and a site's information (sites.version already
-- counts the site's public changes for page caches, hence edit_version).
ALTER TABLE questions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE consultations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE consultation_comments ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE pages ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sites ADD COLUMN edit_version INTEGER NOT NULL DEFAULT 1;
