-- One representation of "no time": every stored time that may be unset is
-- '-infinity' (SQLite's 0), never NULL, so the shared queries
-- (internal/store/sqlstore) compare and sort it alike on both engines.
-- Only search_docs.public_from keeps NULL: there it means "not public",
-- which no time compares with.
UPDATE inbox SET read_at = '-infinity' WHERE read_at IS NULL;
ALTER TABLE inbox ALTER COLUMN read_at SET DEFAULT '-infinity', ALTER COLUMN read_at SET NOT NULL;

DROP INDEX outbox_due;
UPDATE outbox SET sent_at = '-infinity' WHERE sent_at IS NULL;
UPDATE outbox SET gave_up_at = '-infinity' WHERE gave_up_at IS NULL;
ALTER TABLE outbox ALTER COLUMN sent_at SET DEFAULT '-infinity', ALTER COLUMN sent_at SET NOT NULL,
    ALTER COLUMN gave_up_at SET DEFAULT '-infinity', ALTER COLUMN gave_up_at SET NOT NULL;
CREATE INDEX outbox_due ON outbox (next_at, id) WHERE sent_at = '-infinity' AND gave_up_at = '-infinity';
