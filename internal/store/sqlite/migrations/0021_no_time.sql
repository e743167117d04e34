-- One representation of "no time" (see PostgreSQL's 0021): SQLite already
-- stores every unset time as 0 and NOT NULL (inbox.read_at,
-- outbox.sent_at and gave_up_at included), so there is nothing to
-- convert; this migration keeps the two engines' numbering in step.
SELECT 1;
