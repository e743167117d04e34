-- The same index shape as on SQLite (where 0006's partial index was never
-- chosen by the planner): featured as an equality column.
DROP INDEX articles_featured;
CREATE INDEX articles_featured ON articles (site_id, featured, status, published_at DESC, id DESC);
