-- The import ledger is no longer used; the PostgreSQL twin of the SQLite
-- migration with the same number (see there).
DROP TABLE import_sources;
