-- The documents register (internal/document); the PostgreSQL twin of the
-- SQLite migration with the same number. Dates are calendar dates as
-- 'YYYY-MM-DD' text ('' when unset), as in SQLite, so both stores filter
-- and sort them with the same conditions; an unset published_at is
-- '-infinity'. files is the JSON list of the attached media IDs, in order.
-- Published documents are never deleted: they are withdrawn.
CREATE TABLE documents (
    id               BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id          BIGINT      NOT NULL REFERENCES sites (id),
    type             TEXT        NOT NULL,
    number           TEXT        NOT NULL,
    issuer           TEXT        NOT NULL,
    signer           TEXT        NOT NULL DEFAULT '',
    field            TEXT        NOT NULL DEFAULT '',
    abstract         TEXT        NOT NULL,
    issued_on        TEXT        NOT NULL,
    effective_on     TEXT        NOT NULL DEFAULT '',
    expires_on       TEXT        NOT NULL DEFAULT '',
    replaced_by_id   BIGINT      REFERENCES documents (id),
    files            TEXT        NOT NULL DEFAULT '[]',
    status           TEXT        NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
    withdrawn_reason TEXT        NOT NULL DEFAULT '',
    published_at     TIMESTAMPTZ NOT NULL DEFAULT '-infinity',
    created_by       BIGINT      NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX documents_site_issued ON documents (site_id, status, issued_on DESC, id DESC);
CREATE INDEX documents_site_updated ON documents (site_id, updated_at);
CREATE TRIGGER documents_ins AFTER INSERT ON documents FOR EACH ROW EXECUTE FUNCTION bump_site_version();
CREATE TRIGGER documents_upd AFTER UPDATE ON documents FOR EACH ROW EXECUTE FUNCTION bump_site_version();

-- A document's number and symbol, for the search ranking's exact-match
-- bonus (search.Doc.Code); '' for other kinds.
ALTER TABLE search_docs ADD COLUMN code TEXT NOT NULL DEFAULT '';
