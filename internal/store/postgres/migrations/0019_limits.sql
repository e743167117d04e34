-- A sign-in attempt is reserved before its password is checked (see
-- user.LoginAttemptStore.ReserveLoginAttempt): the row is written pending,
-- counts against the key's limit at once, and becomes a failure (pending
-- false) or is deleted when the check is done. So however many attempts
-- arrive together, at most the limit of them are ever checked. The
-- PostgreSQL twin of the SQLite migration with the same number.
ALTER TABLE login_failures ADD COLUMN pending BOOLEAN NOT NULL DEFAULT FALSE;

-- Each public hit of the limiter (internal/guard) counts for its own rule's
-- window: 10 minutes for a form, 24 hours for a rating. It is forgotten
-- once expires_at has passed, so pruning for the forms no longer forgets
-- the ratings. Hits stored before had the forms' 10 minutes.
ALTER TABLE rate_hits ADD COLUMN expires_at TIMESTAMPTZ NOT NULL DEFAULT '-infinity';
UPDATE rate_hits SET expires_at = at + interval '10 minutes';
DROP INDEX rate_hits_at;
CREATE INDEX rate_hits_expires ON rate_hits (expires_at);
