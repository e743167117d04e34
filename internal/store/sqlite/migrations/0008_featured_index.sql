-- 0006's partial index was never chosen: SQLite's planner preferred
-- articles_public and read every article to find three featured ones.
-- With featured as an equality column the index wins on its own.
DROP INDEX articles_featured;
CREATE INDEX articles_featured ON articles (site_id, featured, status, published_at DESC, id DESC);
