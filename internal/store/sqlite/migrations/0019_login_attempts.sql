-- A sign-in attempt is reserved before its password is checked (see
-- user.LoginAttemptStore.ReserveLoginAttempt): the row is written pending,
-- counts against the key's limit at once, and becomes a failure (pending 0)
-- or is deleted when the check is done. So however many attempts arrive
-- together, at most the limit of them are ever checked.
ALTER TABLE login_failures ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
