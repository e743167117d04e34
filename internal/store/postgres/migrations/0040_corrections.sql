-- Quick corrections and withdrawal notices (issue 14, items 4 and 5); the
-- PostgreSQL twin of the SQLite migration with the same number.
-- corrected_at is when the public text of a published article was last
-- corrected ('-infinity' when never); withdrawn_notice is what readers of
-- a withdrawn article are told, withdrawn_reason the reason for the
-- record. Both are public columns, so the trigger of 0030 (which names
-- the private ones) needs no change.
ALTER TABLE articles
    ADD COLUMN corrected_at TIMESTAMPTZ NOT NULL DEFAULT '-infinity',
    ADD COLUMN withdrawn_notice TEXT NOT NULL DEFAULT '';
UPDATE articles SET withdrawn_notice = withdrawn_reason WHERE status = 'withdrawn';
