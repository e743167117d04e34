-- Migration 0045 is SQLite's: it rebuilt SQLite's search index smaller
-- (packed streams, no original text, the text's streams in search_text).
-- PostgreSQL's search index is unchanged by it; this file keeps the two
-- stores' schema versions equal, as `trangtin copy` requires.
SELECT 1;
