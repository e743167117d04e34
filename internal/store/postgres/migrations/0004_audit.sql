-- The append-only audit log, hash-chained (see internal/audit), and its
-- head: how many entries were appended and the last hash, updated in the
-- same transaction as each append so removing the newest rows shows too.
CREATE TABLE audit_log (
    id        BIGINT PRIMARY KEY,
    at        TIMESTAMPTZ NOT NULL,
    site_id   BIGINT NOT NULL DEFAULT 0,
    actor_id  BIGINT NOT NULL DEFAULT 0,
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
    count BIGINT NOT NULL,
    hash  TEXT    NOT NULL
);
INSERT INTO audit_head (one, count, hash) VALUES (1, 0, '');

-- Append-only: the application never updates or deletes entries. (A
-- superuser can drop this trigger; the hash chain is what shows it.)
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
