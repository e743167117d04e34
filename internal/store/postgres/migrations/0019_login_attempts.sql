-- A sign-in attempt is reserved before its password is checked (see
-- user.LoginAttemptStore.ReserveLoginAttempt): the row is written pending,
-- counts against the key's limit at once, and becomes a failure (pending
-- false) or is deleted when the check is done. So however many attempts
-- arrive together, at most the limit of them are ever checked. The
-- PostgreSQL twin of the SQLite migration with the same number.
ALTER TABLE login_failures ADD COLUMN pending BOOLEAN NOT NULL DEFAULT FALSE;
