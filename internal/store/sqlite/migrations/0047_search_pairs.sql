-- PostgreSQL's 0047 adds a title tsvector and a tsvector of adjacent word
-- pairs to its search_docs, each GIN-indexed, for the candidate queries.
-- FTS5 answers phrases and column filters from its own index: nothing to
-- add here.
SELECT 1;
