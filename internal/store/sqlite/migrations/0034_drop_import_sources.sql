-- The NukeViet importer keeps the old site's identity of a record as the
-- WordPress importer does (issue 12): in the redirect entry of the
-- record's old address, written in the record's transaction (an article
-- also by its source_url, an account by its e-mail, a picture by its
-- path in uploads). The ledger of migration 0029 is no longer read or
-- written. Its rows need no moving: every record it named that has a
-- public address already has its redirect entries (the importer wrote
-- both), and a draft document is found by its number, type, issuer and
-- year, as a killed run's always was.
DROP TABLE import_sources;
