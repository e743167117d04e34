-- An edit version on records two editors may change at once: every
-- UPDATE checks the version the editor read and adds one, so a stale form
-- is refused (with what was typed kept) instead of silently reverting
-- the other editor's change.
ALTER TABLE schedule_entries ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- Articles locked on updated_at to the microsecond until now.
ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
