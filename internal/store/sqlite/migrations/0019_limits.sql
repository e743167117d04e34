-- A sign-in attempt is reserved before its password is checked (see
-- user.LoginAttemptStore.ReserveLoginAttempt): the row is written pending,
-- counts against the key's limit at once, and becomes a failure (pending 0)
-- or is deleted when the check is done. So however many attempts arrive
-- together, at most the limit of them are ever checked.
ALTER TABLE login_failures ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;

-- Each public hit of the limiter (internal/guard) counts for its own rule's
-- window: 10 minutes for a form, 24 hours for a rating. It is forgotten
-- once expires_at has passed, so pruning for the forms no longer forgets
-- the ratings. Hits stored before had the forms' 10 minutes.
ALTER TABLE rate_hits ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;
UPDATE rate_hits SET expires_at = at + 600000000;
DROP INDEX rate_hits_at;
CREATE INDEX rate_hits_expires ON rate_hits (expires_at);
