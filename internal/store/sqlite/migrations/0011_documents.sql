-- The documents register (internal/document). Dates are calendar dates as
-- 'YYYY-MM-DD' text ('' when unset), so they sort and compare as text;
-- times are Unix microseconds, UTC. files is the JSON list of the
-- attached media IDs, in order. Published documents are never deleted:
-- they are withdrawn.
CREATE TABLE documents (
    id               INTEGER PRIMARY KEY,
    site_id          INTEGER NOT NULL REFERENCES sites (id),
    type             TEXT    NOT NULL,
    number           TEXT    NOT NULL,
    issuer           TEXT    NOT NULL,
    signer           TEXT    NOT NULL DEFAULT '',
    field            TEXT    NOT NULL DEFAULT '',
    abstract         TEXT    NOT NULL,
    issued_on        TEXT    NOT NULL,
    effective_on     TEXT    NOT NULL DEFAULT '',
    expires_on       TEXT    NOT NULL DEFAULT '',
    replaced_by_id   INTEGER REFERENCES documents (id),
    files            TEXT    NOT NULL DEFAULT '[]',
    status           TEXT    NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
    withdrawn_reason TEXT    NOT NULL DEFAULT '',
    published_at     INTEGER NOT NULL DEFAULT 0,
    created_by       INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX documents_site_issued ON documents (site_id, status, issued_on DESC, id DESC);
CREATE INDEX documents_site_updated ON documents (site_id, updated_at);
CREATE TRIGGER documents_ins AFTER INSERT ON documents BEGIN UPDATE sites SET version = version + 1 WHERE id = NEW.site_id; END;
CREATE TRIGGER documents_upd AFTER UPDATE ON documents BEGIN UPDATE sites SET version = version + 1 WHERE id = NEW.site_id; END;

-- A document's number and symbol, for the search ranking's exact-match
-- bonus (search.Doc.Code); '' for other kinds.
ALTER TABLE search_docs ADD COLUMN code TEXT NOT NULL DEFAULT '';
