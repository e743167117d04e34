-- The append-only audit log, hash-chained (see internal/audit), and its
-- head: how many entries were appended and the last hash, updated in the
-- same transaction as each append so removing the newest rows shows too.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    site_id   INTEGER NOT NULL DEFAULT 0,
    actor_id  INTEGER NOT NULL DEFAULT 0,
    actor     TEXT    NOT NULL DEFAULT '',
    ip        TEXT    NOT NULL DEFAULT '',
    action    TEXT    NOT NULL,
    object    TEXT    NOT NULL DEFAULT '',
    detail    TEXT    NOT NULL DEFAULT '{}',
    prev_hash TEXT    NOT NULL,
    hash      TEXT    NOT NULL
);
CREATE INDEX audit_log_site ON audit_log (site_id, id);

CREATE TABLE audit_head (
    one   INTEGER PRIMARY KEY CHECK (one = 1),
    count INTEGER NOT NULL,
    hash  TEXT    NOT NULL
);
INSERT INTO audit_head (one, count, hash) VALUES (1, 0, '');

-- Append-only: the application never updates or deletes entries. (Someone
-- with full access to the database file can drop these triggers; the hash
-- chain is what shows that they did.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
